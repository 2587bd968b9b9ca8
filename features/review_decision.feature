Feature: One decision recognises the households of a commune's review
  As the chairman of a commune (or the delegate who signs for them)
  I want to recognise every household the review surveyed with one decision, naming them by code
  So that the commune's lists are recognised together, as the law has it, and each household's
  history cites the decision that recognised it

  The decision of the commune's chairman recognises the poor and near-poor households and those
  that escaped poverty or near-poverty (Decision 24/2021/QĐ-TTg, Art. 4). Each household named is
  recognised from its latest survey awaiting recognition; the status is computed from the
  survey, never typed in. One household that cannot be recognised refuses the whole decision.

  Background:
    Given households of commune 10606 "Xã Nam Sách" recognised on 2025-10-01:
      | code    | status    |
      | NS-0001 | POOR      |
      | NS-0002 | NEAR_POOR |
      | NS-0003 | NON_POOR  |
      | NS-0004 | nothing   |
    And the 2026 review of commune 10606 surveyed on 2026-10-01:
      | code    | finds     |
      | NS-0001 | NON_POOR  |
      | NS-0002 | NEAR_POOR |
      | NS-0003 | POOR      |

  Scenario: The chairman recognises the review's households in one decision
    When the chairman of commune 10606 issues decision "45/QĐ-UBND" on 2026-11-20 for NS-0001, NS-0002, NS-0003
    Then the decision's lists are:
      | list                 | households |
      | poor                 | NS-0003    |
      | near_poor            | NS-0002    |
      | escaped_poverty      | NS-0001    |
      | escaped_near_poverty | nothing    |
      | outside_the_lists    | nothing    |
    And household NS-0001 is NON_POOR from 2026-11-20 by decision "45/QĐ-UBND"
    And household NS-0003 is POOR from 2026-11-20 by decision "45/QĐ-UBND"

  Scenario Outline: A decision that cannot be issued records nothing
    When the chairman of commune 10606 issues decision "<number>" on <day> for <codes>
    Then the request is refused with "<code>" on field "<field>"
    And no household of the review has a new entry

    Examples:
      | number     | day        | codes            | code                         | field         |
      | 45/QĐ-UBND | 2026-11-20 | NS-0001, NS-0009 | household-code-unknown       | households[1] |
      | 45/QĐ-UBND | 2026-11-20 | NS-0002, NS-0002 | household-named-twice        | households[1] |
      | 45/QĐ-UBND | 2026-11-20 | NS-0004          | nothing-to-recognise         | households[0] |
      | 45/QĐ-UBND | 2026-09-20 | NS-0001          | nothing-to-recognise         | households[0] |
      | 45/QĐ-UBND | 2026-11-30 | NS-0001          | future-date                  | effective_date |
      | 45/QĐ-UBND | 2026-11-20 | nothing          | required                     | households    |

  Scenario: A commune numbers each decision once
    Given the chairman of commune 10606 issued decision "45/QĐ-UBND" on 2026-11-20 for NS-0001
    When the chairman of commune 10606 issues decision "45/QĐ-UBND" on 2026-11-25 for NS-0002
    Then the request is refused with "decision-number-taken" on field "decision_ref"
    And household NS-0002 is NEAR_POOR from 2025-10-01 by decision "QĐ/1"

  Scenario: A chairman decides only for their own commune
    When the chairman of commune 10615 issues decision "7/QĐ-UBND" of commune 10606 on 2026-11-20 for NS-0001
    Then the request is refused with "outside-area" on field "commune_code"

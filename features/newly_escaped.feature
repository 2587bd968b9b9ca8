Feature: The newly-escaped window
  As a caseworker arranging credit for households that have just left poverty
  I want the system to know, for 36 months after an escape, that the household is newly escaped
  So that it can still borrow under the NEWLY_ESCAPED programme while it finds its feet

  A household that reaches level 0 (AVERAGE or NON_POOR) from POOR or NEAR_POOR is newly escaped
  for 36 months from the recognition's effective date; a later raise of its level ends that.

  Scenario Outline: Reaching level 0 from poor or near-poor opens a 36-month window
    Given a household registered on 2022-01-10
    And the household was recognised as <from> on 2022-03-10
    When the household is recognised as <to> on 2023-03-10
    Then the household is newly escaped until 2026-03-10

    Examples:
      | from      | to       |
      | POOR      | NON_POOR |
      | POOR      | AVERAGE  |
      | NEAR_POOR | NON_POOR |
      | NEAR_POOR | AVERAGE  |

  Scenario Outline: Leaving poverty without reaching level 0 opens no window
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <earlier>
    When the household is recognised as <latest> on 2025-03-10
    Then the household is not newly escaped
    And on 2025-06-01 the household is not newly escaped

    Examples:
      | earlier  | latest    |
      | POOR     | NEAR_POOR |
      | nothing  | NON_POOR  |
      | AVERAGE  | NON_POOR  |

  Scenario Outline: The window covers 36 months from the day of the escape
    Given a household registered on 2022-01-10
    And the household was recognised as NEAR_POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    Then on <day> the household <is or is not> newly escaped

    Examples:
      | day        | is or is not |
      | 2023-03-09 | is not       |
      | 2023-03-10 | is           |
      | 2025-02-28 | is           |
      | 2026-03-09 | is           |
      | 2026-03-10 | is not       |

  Scenario: A later raise of level ends the window
    Given a household registered on 2022-01-10
    And the household was recognised as NEAR_POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    And the household was recognised as NEAR_POOR on 2024-03-10
    Then on 2024-03-09 the household is newly escaped
    And on 2024-03-10 the household is not newly escaped
    And on 2025-03-10 the household is not newly escaped

  Scenario: Moving within level 0 keeps the window of the escape
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as AVERAGE on 2023-03-10
    And the household was recognised as NON_POOR on 2024-03-10
    Then the household is newly escaped until 2026-03-10

  Scenario: A second escape opens a new window
    Given a household registered on 2022-01-10
    And the household was recognised as NEAR_POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    And the household was recognised as NEAR_POOR on 2024-03-10
    When the household is recognised as NON_POOR on 2025-03-10
    Then the household is newly escaped until 2028-03-10

  Scenario Outline: A NEWLY_ESCAPED loan is granted only inside the window
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    When a NEWLY_ESCAPED loan of 50,000,000 VND over 60 months is disbursed on <day>
    Then the loan is <verdict>

    Examples:
      | day        | verdict               |
      | 2023-03-09 | refused as ineligible |
      | 2023-03-10 | granted               |
      | 2026-03-09 | granted               |
      | 2026-03-10 | refused as ineligible |

  Scenario: A NEWLY_ESCAPED loan is refused once a raise has ended the window
    Given a household registered on 2022-01-10
    And the household was recognised as NEAR_POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    And the household was recognised as NEAR_POOR on 2024-03-10
    When a NEWLY_ESCAPED loan of 50,000,000 VND over 60 months is disbursed on 2024-06-01
    Then the loan is refused as ineligible

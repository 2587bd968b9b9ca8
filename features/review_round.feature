Feature: A commune runs its review round, from the list to the chairman's decision
  As the officer of a commune, and its chairman
  I want each step of the review recorded as the procedure has it, households named by code
  So that the decision recognises exactly the households the village agreed, once the results
  were posted and every complaint re-checked, and nobody has to choose a survey's id

  The periodic review runs from 1 September to 14 December (Decision 24/2021/QĐ-TTg, Art. 3).
  Its list is the commune's poor and near-poor households and those that applied (Mẫu số 01);
  a village meeting agrees each result; the results are posted for 3 working days; complaints are
  re-checked; then the chairman decides. Until 1 July 2025 the district chairman's opinion was
  asked before the decision; since then there are no districts. A regular review is held on an
  application during the year, in the monthly round from the 15th, decided within 15 days.

  Background:
    Given households of commune 10606 recognised on 2024-06-01:
      | code    | status    |
      | NS-0001 | POOR      |
      | NS-0002 | NEAR_POOR |
      | NS-0003 | NON_POOR  |

  Scenario: The periodic round lists the commune's poor and near-poor households
    When the officer of commune 10606 opens the periodic review on 2026-09-03
    Then the round lists NS-0001, NS-0002
    And the round is due on 2026-12-14

  Scenario: A whole round, from the list to the signed decision
    Given the officer of commune 10606 opened the periodic review on 2026-09-03
    And the officer recorded the application of NS-0003 on 2026-09-10
    And the round's households were surveyed on 2026-10-01:
      | code    | finds     |
      | NS-0001 | NON_POOR  |
      | NS-0002 | NEAR_POOR |
      | NS-0003 | POOR      |
    And the meeting of "Thôn Đông" on 2026-10-20 agreed NS-0001, NS-0002 and not NS-0003
    And NS-0003 was surveyed again on 2026-10-23 and found NEAR_POOR
    And the meeting of "Thôn Đông" on 2026-10-27 agreed NS-0003 and not nothing
    And the results were posted on 2026-10-28 at "Trụ sở UBND xã, Nhà văn hóa thôn Đông"
    And a complaint about NS-0002 was received on 2026-10-29
    And the complaint was re-checked and REJECTED on 2026-11-03
    When the chairman of commune 10606 decides "45/QĐ-UBND" on 2026-11-20
    Then the decision's lists are:
      | list                 | households       |
      | poor                 | nothing          |
      | near_poor            | NS-0002, NS-0003 |
      | escaped_poverty      | NS-0001          |
      | escaped_near_poverty | nothing          |
      | outside_the_lists    | nothing          |
    And household NS-0003 is NEAR_POOR from 2026-11-20 by decision "45/QĐ-UBND"
    And the round is ended by decision "45/QĐ-UBND"

  Scenario Outline: A step out of the procedure's order records nothing
    Given the officer of commune 10606 opened the periodic review on 2026-09-03
    And the round's households were surveyed on 2026-10-01:
      | code    | finds     |
      | NS-0001 | POOR      |
      | NS-0002 | NEAR_POOR |
    And the round has come to <stage>
    When <step>
    Then the request is refused with "<code>" on field "<field>"
    And nothing of the round is recorded

    Examples:
      | stage      | step                                                                      | code                       | field          |
      | its list   | the officer posts the results on 2026-10-28                               | round-no-meeting           | effective_date |
      | its list   | the meeting of "Thôn Đông" on 2026-10-20 agrees NS-0003                   | round-household-not-listed | agreed[0]      |
      | its list   | the meeting of "Thôn Đông" on 2026-10-20 agrees nothing                   | meeting-empty              | agreed         |
      | its list   | nobody attends the meeting of "Thôn Đông" on 2026-10-20 that agrees NS-0001 | invalid-value            | attendance     |
      | its list   | the officer of commune 10606 opens the periodic review on 2026-10-05      | round-exists               | effective_date |
      | its list   | the officer records the application of NS-0001 on 2026-09-10              | round-already-lists        | household_code |
      | its list   | a complaint about NS-0001 is received on 2026-10-29                        | round-not-posted           | effective_date |
      | its meeting | the officer posts the results on 2026-10-19                              | round-posted-before-meeting | effective_date |
      | its posting | the chairman of commune 10606 decides "45/QĐ-UBND" on 2026-10-30         | round-posting-open         | effective_date |
      | a complaint | the chairman of commune 10606 decides "45/QĐ-UBND" on 2026-11-20         | round-complaints-open      | effective_date |
      | its posting | the officer asks the district's opinion on 2026-11-02                    | district-step-ended        | effective_date |
      | its posting | the chairman of commune 10615 decides "45/QĐ-UBND" on 2026-11-20         | round-not-found            | round_id       |

  Scenario: A periodic review opens only between 1 September and 14 December
    When the officer of commune 10606 opens the periodic review on 2026-08-20
    Then the request is refused with "periodic-review-window" on field "effective_date"

  Scenario: Before 1 July 2025 the district's opinion came before the decision
    Given the officer of commune 10606 opened the periodic review on 2024-09-05
    And the round's households were surveyed on 2024-10-01:
      | code    | finds     |
      | NS-0001 | POOR      |
    And the meeting of "Thôn Đông" on 2024-10-20 agreed NS-0001 and not nothing
    And the results were posted on 2024-10-28 at "Trụ sở UBND xã"
    When the chairman of commune 10606 decides "45/QĐ-UBND" on 2024-11-20
    Then the request is refused with "round-district-opinion-missing" on field "effective_date"
    When the officer asks the district's opinion on 2024-11-15
    And the chairman of commune 10606 decides "45/QĐ-UBND" on 2024-11-20
    Then the round is ended by decision "45/QĐ-UBND"

  Scenario: An application during the year opens a regular review, due in its monthly round
    When the officer of commune 10606 records the application of NS-0003 on 2026-10-05 for a regular review
    Then a regular review of NS-0003 is open, due on 2026-10-30
    And on 2026-11-28 the commune's overdue reviews are of NS-0003

  Scenario: A regular review needs no village meeting
    Given the officer of commune 10606 recorded the application of NS-0003 on 2026-10-05 for a regular review
    And the round's households were surveyed on 2026-10-16:
      | code    | finds     |
      | NS-0003 | POOR      |
    And the results were posted on 2026-10-19 at "Trụ sở UBND xã"
    When the chairman of commune 10606 decides "52/QĐ-UBND" on 2026-10-23
    Then household NS-0003 is POOR from 2026-10-23 by decision "52/QĐ-UBND"
    And the round is ended by decision "52/QĐ-UBND"
    And on 2026-11-28 the commune has no overdue review

  Scenario Outline: A regular review is due 15 days after the monthly round that takes it up
    When the officer of commune 10606 records the application of NS-0003 on <received> for a regular review
    Then a regular review of NS-0003 is open, due on <due>

    Examples:
      | received   | due        |
      | 2026-10-05 | 2026-10-30 |
      | 2026-10-15 | 2026-10-30 |
      | 2026-10-16 | 2026-11-30 |
      | 2026-11-27 | 2026-12-30 |

  Scenario Outline: The results stay posted for 3 working days after the day they go up
    Given the officer of commune 10606 opened the periodic review on <opened>
    And the meeting of "Thôn Đông" on <opened> agreed NS-0001 and not nothing
    When the officer posts the results on <posted>
    Then the results stay posted until <until>

    Examples:
      | opened     | posted     | until      | why                                      |
      | 2026-09-03 | 2026-10-28 | 2026-11-02 | a weekend inside                         |
      | 2026-09-03 | 2026-11-20 | 2026-11-26 | Vietnam Culture Day, 24 November 2026     |
      | 2025-09-02 | 2025-09-02 | 2025-09-05 | National Day, 1-2 September 2025          |

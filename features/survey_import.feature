Feature: A commune imports its review's surveys from a file
  As the officer of a commune
  I want to import the survey forms a village's collectors filled in a spreadsheet
  So that hundreds of households are surveyed in one step, and a bad file records nothing

  The file is laid out like the survey form: one row a household, found by its code in the
  commune, with the survey's date, the review's kind, the income and each indicator of the
  standard (x for a deprivation). Every row is checked before anything is recorded.

  Background:
    Given households NS-0001, NS-0002, NS-0003, NS-0004 registered in commune 10606 on 2025-08-01

  Scenario: Each row of the file records the household's survey
    When the officer of commune 10606 imports "surveys-nam-sach-2026.csv"
    Then 3 surveys are recorded
    And the surveys awaiting recognition lead to:
      | household | status    |
      | NS-0001   | NON_POOR  |
      | NS-0002   | NEAR_POOR |
      | NS-0003   | POOR      |

  Scenario: A file imported twice records nothing the second time
    Given the officer of commune 10606 imported "surveys-nam-sach-2026.csv"
    When the officer of commune 10606 imports "surveys-nam-sach-2026.csv"
    Then 0 surveys are recorded
    And 3 surveys are found already recorded
    And no household of the commune has a new entry

  Scenario: A dry run checks every row and records nothing
    When the officer of commune 10606 checks "surveys-nam-sach-2026.csv" without recording
    Then 3 surveys would be recorded
    And no household of the commune has a new entry

  Scenario: A file with broken rows records nothing and names each problem by row and column
    When the officer of commune 10606 imports "surveys-broken.csv"
    Then no household of the commune has a new entry
    And the problems are:
      | row | column                             | code                   |
      | 2   | Thu nhập bình quân đầu người/tháng | not-a-whole-number     |
      | 3   | Mã hộ                              | household-code-unknown |
      | 4   | Ngày khảo sát                      | invalid-date           |
      | 5   | Loại rà soát                       | invalid-value          |
      | 6   | Việc làm                           | invalid-value          |

  Scenario: A city's file names each row's commune
    Given households HA-0001 registered in commune 11602 on 2025-08-01
    When the city's officer imports "surveys-city-2026.csv"
    Then 2 surveys are recorded

  Scenario: A commune's officer imports only their own commune's rows
    Given households HA-0001 registered in commune 11602 on 2025-08-01
    When the officer of commune 10606 imports "surveys-city-2026.csv"
    Then no household of the commune has a new entry
    And the problems are:
      | row | column | code         |
      | 3   | Mã xã  | outside-area |

Feature: Social policy loans
  As a caseworker arranging loans from the Bank for Social Policies
  I want each loan checked against its programme's rules on the disbursement date
  So that only eligible households borrow, within the ceiling and the term, and no more is
  repaid than is owed

  The POOR programme needs a POOR household, NEAR_POOR a NEAR_POOR one, NEWLY_ESCAPED one inside
  its newly-escaped window, STUDENT a poor, near-poor or average-living one (its latest
  recognition found its income inside the average band); WATER_SANITATION a household of a rural commune (Decision
  10/2024/QĐ-TTg); the other programmes are open to all. A ceiling is what a household may owe,
  all its loans of the programmes under it together, and a term is the programme's own
  (docs/spec/loans.md). A loan is entrusted to one of the four organisations the bank works
  through, and the borrower belongs to a savings and loan group run under it. A refused loan
  leaves nothing in the household's history.

  Scenario Outline: Who may borrow under which programme
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <statuses>
    When a <programme> loan of 30,000,000 VND over 60 months is disbursed on 2025-06-01
    Then the loan is <verdict>

    Examples: the programmes for the poor, the near-poor and the newly escaped
      | statuses              | programme     | verdict               |
      | POOR                  | POOR          | granted               |
      | POOR, NEAR_POOR, POOR | POOR          | granted               |
      | NEAR_POOR             | POOR          | refused as ineligible |
      | AVERAGE               | POOR          | refused as ineligible |
      | POOR, NON_POOR        | POOR          | refused as ineligible |
      | nothing               | POOR          | refused as ineligible |
      | NEAR_POOR             | NEAR_POOR     | granted               |
      | POOR, NEAR_POOR       | NEAR_POOR     | granted               |
      | POOR                  | NEAR_POOR     | refused as ineligible |
      | NON_POOR              | NEAR_POOR     | refused as ineligible |
      | nothing               | NEAR_POOR     | refused as ineligible |
      | POOR, NON_POOR        | NEWLY_ESCAPED | granted               |
      | NEAR_POOR, AVERAGE    | NEWLY_ESCAPED | granted               |
      | NON_POOR              | NEWLY_ESCAPED | refused as ineligible |
      | POOR                  | NEWLY_ESCAPED | refused as ineligible |
      | POOR, NEAR_POOR       | NEWLY_ESCAPED | refused as ineligible |
      | nothing               | NEWLY_ESCAPED | refused as ineligible |

    Examples: students of poor, near-poor and average-living households (Decision 05/2022/QĐ-TTg)
      | statuses              | programme     | verdict               |
      | POOR                  | STUDENT       | granted               |
      | NEAR_POOR             | STUDENT       | granted               |
      | AVERAGE               | STUDENT       | granted               |
      | POOR, AVERAGE         | STUDENT       | granted               |
      | NON_POOR              | STUDENT       | refused as ineligible |
      | POOR, NON_POOR        | STUDENT       | refused as ineligible |
      | nothing               | STUDENT       | refused as ineligible |

    Examples: the programmes open to all
      | statuses              | programme        | verdict |
      | nothing               | JOB_CREATION     | granted |
      | NON_POOR              | JOB_CREATION     | granted |
      | POOR                  | WATER_SANITATION | granted |
      | AVERAGE               | HOUSING          | granted |
      | nothing               | OVERSEAS_WORK    | granted |

  Scenario Outline: A loan carries the programme's reference rate
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <statuses>
    When a <programme> loan of 30,000,000 VND over 60 months is disbursed on 2025-06-01
    Then the loan is granted at <rate> % a year

    Examples:
      | statuses       | programme        | rate |
      | POOR           | POOR             | 6.6  |
      | NEAR_POOR      | NEAR_POOR        | 7.92 |
      | POOR, NON_POOR | NEWLY_ESCAPED    | 8.25 |
      | NON_POOR       | JOB_CREATION     | 7.92 |
      | NON_POOR       | WATER_SANITATION | 9    |
      | NON_POOR       | HOUSING          | 3    |
      | NEAR_POOR      | STUDENT          | 6.6  |
      | NON_POOR       | OVERSEAS_WORK    | 6.6  |

  Scenario Outline: What a household may owe for the poor, near-poor and newly escaped, all its loans together
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <statuses>
    And a <earlier> loan of <owed> VND over 60 months was disbursed on 2022-06-01
    When a <programme> loan of <amount> VND over 60 months is disbursed on 2025-06-01
    Then the loan is <verdict>

    Examples: 100,000,000 VND a household (the bank's board, 2019)
      | statuses       | earlier      | owed       | programme     | amount      | verdict                  |
      | POOR           | POOR         | 60,000,000 | POOR          | 40,000,000  | granted                  |
      | POOR           | POOR         | 60,000,000 | POOR          | 40,000,001  | refused over the ceiling |
      | NEAR_POOR      | NEAR_POOR    | 60,000,000 | NEAR_POOR     | 40,000,000  | granted                  |
      | NEAR_POOR      | NEAR_POOR    | 60,000,000 | NEAR_POOR     | 40,000,001  | refused over the ceiling |
      | POOR, NON_POOR | POOR         | 60,000,000 | NEWLY_ESCAPED | 40,000,000  | granted                  |
      | POOR, NON_POOR | POOR         | 60,000,000 | NEWLY_ESCAPED | 40,000,001  | refused over the ceiling |
      | POOR           | JOB_CREATION | 60,000,000 | POOR          | 100,000,000 | granted                  |
      | POOR           | JOB_CREATION | 60,000,000 | POOR          | 100,000,001 | refused over the ceiling |

    Examples: 50,000,000 VND a household for water and sanitation works (25,000,000 a kind of works, Decision 10/2024/QĐ-TTg)
      | statuses | earlier          | owed       | programme        | amount     | verdict                  |
      | NON_POOR | WATER_SANITATION | 30,000,000 | WATER_SANITATION | 20,000,000 | granted                  |
      | NON_POOR | WATER_SANITATION | 30,000,000 | WATER_SANITATION | 20,000,001 | refused over the ceiling |
      | POOR     | POOR             | 90,000,000 | WATER_SANITATION | 50,000,000 | granted                  |

  Scenario: What was repaid no longer counts against the ceiling
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And a POOR loan of 80,000,000 VND over 60 months was disbursed on 2022-06-01
    And 50,000,000 VND of it was repaid on 2023-06-01
    When a POOR loan of 70,000,000 VND over 60 months is disbursed on 2024-06-01
    Then the loan is granted

  Scenario: A loan dated before another still counts what the household owes from the later one's date
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And a POOR loan of 60,000,000 VND over 60 months was disbursed on 2024-06-01
    When a POOR loan of 50,000,000 VND over 60 months is disbursed on 2023-06-01
    Then the loan is refused over the ceiling

  Scenario Outline: Each programme's longest term
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <statuses>
    When a <programme> loan of 30,000,000 VND over <term> months is disbursed on 2025-06-01
    Then the loan is <verdict>

    Examples:
      | statuses       | programme        | term | verdict               |
      | POOR           | POOR             | 120  | granted               |
      | POOR           | POOR             | 121  | refused over the term |
      | NEAR_POOR      | NEAR_POOR        | 120  | granted               |
      | NEAR_POOR      | NEAR_POOR        | 121  | refused over the term |
      | POOR, NON_POOR | NEWLY_ESCAPED    | 60   | granted               |
      | POOR, NON_POOR | NEWLY_ESCAPED    | 61   | refused over the term |
      | NON_POOR       | WATER_SANITATION | 60   | granted               |
      | NON_POOR       | WATER_SANITATION | 61   | refused over the term |
      | POOR           | HOUSING          | 180  | granted               |
      | POOR           | HOUSING          | 181  | refused over the term |
      | NON_POOR       | JOB_CREATION     | 120  | granted               |
      | NON_POOR       | JOB_CREATION     | 121  | refused over the term |

  Scenario Outline: Water and sanitation loans for households of rural communes only
    Given a household registered on 2022-01-10 in commune <code> "<name>"
    When a WATER_SANITATION loan of 20,000,000 VND over 60 months is disbursed on 2025-06-01
    Then the loan is <verdict>

    Examples:
      | code  | name               | verdict                         |
      | 11701 | Xã Hữu Bằng        | granted                         |
      | 11296 | Phường Quán Toan   | refused outside rural communes  |
      | 11680 | Thị trấn Núi Đối   | refused outside rural communes  |

  Scenario Outline: A student loan asks for an income inside the average band, farming or not
    Given a household registered on 2022-01-10 in commune 11485 "Xã Liên Khê"
    When a REGULAR review on 2022-03-01 finds an income of <income> VND and 0 deprivations
    And the household is recognised on 2022-03-10
    And a STUDENT loan of 30,000,000 VND over 60 months is disbursed on 2025-06-01
    Then the loan is <verdict>

    Examples:
      | income    | verdict               |
      | 2,000,000 | granted               |
      | 2,250,000 | granted               |
      | 2,250,001 | refused as ineligible |

  Scenario Outline: A loan is entrusted to one of four organisations, through the borrower's group
    Given a household registered on 2022-01-10
    When a JOB_CREATION loan of 20,000,000 VND over 36 months is disbursed on 2025-06-01 through "<organisation>" and the group "<group>"
    Then the household's loan is entrusted to "<organisation>" and the group "<group>"

    Examples:
      | organisation         | group                                  |
      | FARMERS_UNION        | Tổ TK&VV Hội Nông dân thôn Đông 1      |
      | WOMENS_UNION         | Tổ TK&VV Hội Phụ nữ thôn Đông 2        |
      | VETERANS_ASSOCIATION | Tổ TK&VV Hội Cựu chiến binh thôn Tây   |
      | YOUTH_UNION          | Tổ TK&VV Đoàn Thanh niên thôn Nam      |

  Scenario Outline: The group is not an organisation, nor is "an entrusting organisation"
    Given a household registered on 2022-01-10
    When a JOB_CREATION loan of 20,000,000 VND over 36 months is disbursed on 2025-06-01 through "<organisation>" and the group "Tổ TK&VV thôn Đông 1"
    Then the request is refused with "invalid-value" on field "organisation"
    And nothing is recorded

    Examples:
      | organisation            |
      | SAVINGS_GROUP           |
      | ENTRUSTING_ORGANISATION |

  Scenario: Eligibility is judged on the disbursement date
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NEAR_POOR on 2023-03-10
    When a POOR loan of 30,000,000 VND over 60 months is disbursed on 2023-03-09
    Then the loan is granted

  Scenario Outline: Repayments up to the outstanding balance
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And a POOR loan of 50,000,000 VND over 60 months was disbursed on 2022-06-01
    And 20,000,000 VND of it was repaid on 2023-06-01
    When <amount> VND of it is repaid on 2024-06-01
    Then the repayment is <verdict>
    And the loan's outstanding balance is <balance> VND

    Examples:
      | amount     | verdict  | balance    |
      | 10,000,000 | recorded | 20,000,000 |
      | 30,000,000 | recorded | 0          |
      | 30,000,001 | refused  | 30,000,000 |

Feature: The new Hai Phong after the reorganisation of 1 July 2025
  As a commune officer, a supervisor and an auditor of today's Hai Phong
  I want households, figures and plans to follow the units through the reorganisation
  So that a household is counted where it is, on either side of the date

  On 1 July 2025 Hải Dương (30) merged into Hai Phong (31), every district ended and 114 new
  communes took their predecessors' places, directly under the city. Phường Quán Toan (11296)
  of quận Hồng Bàng (303) went wholly into Phường Hồng An (11602). Xã Liên Xuân (11485) of
  huyện Thủy Nguyên was split between Phường Lưu Kiếm (11488) and Xã Việt Khê (11503). Phường
  Bình Hàn (10510) of Thành phố Hải Dương (288) went wholly into Phường Thành Đông, which keeps
  the code 10507 of Phường Cẩm Thượng. ^31 is old Hai Phong's territory, on which plan
  55/KH-UBND is measured. Every scenario runs on SQLite and on PostgreSQL.

  Six months earlier, on 1 January 2025, Resolution 1232/NQ-UBTVQH15 had merged 50 of the city's
  communes into others: Phường Tràng Minh (11452) of quận Kiến An (307) into Phường Bắc Hà
  (11449), which went wholly into Phường Phù Liễn (11446) on 1 July; Phường Cát Dài (11368) into
  Phường An Biên (11371), which was split between Phường Lê Chân (11383) and Phường An Biên
  (11407) on 1 July; Xã Vĩnh Long (11845) into Xã Vĩnh Hoà (11848); Phường Quán Trữ (11428)
  into Phường Đồng Hoà (11431). No source found names the commune Phường Hạ Lý (11308) of quận
  Hồng Bàng (303) joined. Hải Dương's mergers of the day (Resolution 1250/NQ-UBTVQH15) took
  Xã Tân Tiến (11032) of huyện Gia Lộc (297) into Xã Gia Tiến (11038), which went wholly into
  Xã Gia Lộc (10999) on 1 July.

  Background:
    Given today is 2026-11-28 on each database

  Scenario Outline: A household of a whole unit is in its successor from the date, with nothing recorded
    Given household "A" was registered in commune 11296 on 2022-02-01
    And household "A" was recognised as NEAR_POOR on 2022-03-01
    Then near_poor in <area> as of <date> is <count>
    And household "A" has no entry of the reorganisation

    Examples:
      | area  | date       | count |
      | 11296 | 2025-06-30 | 1     |
      | 303   | 2025-06-30 | 1     |
      | 31    | 2025-06-30 | 1     |
      | 11296 | 2025-07-01 | 0     |
      | 303   | 2025-07-01 | 0     |
      | 11602 | 2025-07-01 | 1     |
      | 31    | 2025-07-01 | 1     |

  Scenario Outline: A household of a commune merged on 1 January 2025 counts in the commune it joined, with nothing recorded
    Given household "D" was registered in commune <old> on 2022-02-01
    And household "D" was recognised as NEAR_POOR on 2022-03-01
    Then near_poor in <area> as of <date> is <count>
    And household "D" has no entry of the reorganisation

    Examples:
      | old   | area  | date       | count |
      | 11452 | 11452 | 2024-12-31 | 1     |
      | 11452 | 11449 | 2024-12-31 | 0     |
      | 11452 | 11449 | 2025-01-01 | 1     |
      | 11452 | 307   | 2025-03-31 | 1     |
      | 11452 | 11446 | 2025-07-01 | 1     |
      | 11368 | 11371 | 2025-03-31 | 1     |
      | 11845 | 11848 | 2025-03-31 | 1     |
      | 11428 | 11431 | 2025-03-31 | 1     |
      | 11032 | 11038 | 2024-12-31 | 0     |
      | 11032 | 11038 | 2025-01-01 | 1     |
      | 11032 | 297   | 2025-03-31 | 1     |
      | 11032 | 10999 | 2025-07-01 | 1     |

  Scenario Outline: A household of a commune merged on 1 January 2025 into a unit split on 1 July is assigned by its new commune
    Given household "F" was registered in commune 11368 on 2022-02-01
    And household "F" was recognised as POOR on 2022-03-01
    When household "F" is assigned to commune 11383
    Then poor in <area> as of 2025-07-01 is <count>

    Examples:
      | area  | count |
      | 11383 | 1     |
      | 11407 | 0     |
      | 31    | 1     |

  Scenario Outline: A household of a merged commune whose successor no source names counts in the city only
    Given household "E" was registered in commune 11308 on 2022-02-01
    And household "E" was recognised as NEAR_POOR on 2022-03-01
    Then near_poor in <area> as of <date> is <count>

    Examples:
      | area | date       | count |
      | 303  | 2024-12-31 | 1     |
      | 303  | 2025-03-31 | 0     |
      | 31   | 2025-03-31 | 1     |

  Scenario: A command naming a merged commune after 1 January 2025 is refused, naming the commune it joined
    When a household is registered in commune 11452 on 2025-03-10
    Then the request is refused with "commune-ended" on field "commune_code"
    And the refusal names "Phường Bắc Hà (11449)"

  Scenario Outline: A household of a split unit counts in the city only until its commune assigns it
    Given household "B" was registered in commune 11485 on 2022-02-01
    And household "B" was recognised as POOR on 2022-03-01
    When household "B" is assigned to commune <assigned>
    Then poor in <area> as of 2025-07-01 is <count>

    Examples:
      | assigned | area  | count |
      | nothing  | 31    | 1     |
      | nothing  | 11488 | 0     |
      | nothing  | 11503 | 0     |
      | 11503    | 31    | 1     |
      | 11503    | 11503 | 1     |
      | 11503    | 11488 | 0     |

  Scenario: A household awaiting assignment cannot be recognised after the date
    Given household "B" was registered in commune 11485 on 2022-02-01
    When household "B" is recognised as POOR on 2025-12-10
    Then the request is refused with "household-awaiting-assignment" on field "commune_code"

  Scenario: A household can be assigned only to a unit that took part of its old one
    Given household "B" was registered in commune 11485 on 2022-02-01
    When household "B" is assigned to commune 11602
    Then the request is refused with "not-a-successor" on field "commune_code"

  Scenario Outline: A household of Hải Dương counts in its province before the date and in the city after it
    Given household "C" was registered in commune 10510 on 2022-02-01
    And household "C" was recognised as NEAR_POOR on 2022-03-01
    Then near_poor in <area> as of <date> is <count>

    Examples:
      | area  | date       | count |
      | 30    | 2025-06-30 | 1     |
      | 288   | 2025-06-30 | 1     |
      | 31    | 2025-06-30 | 0     |
      | 31    | 2025-07-01 | 1     |
      | 10507 | 2025-07-01 | 1     |
      | ^31   | 2025-07-01 | 0     |
      | ^30   | 2025-07-01 | 1     |

  Scenario Outline: A reused code names the old unit before the date and the new one after it
    Then commune 10507 is called "<name>" on <date>

    Examples:
      | date       | name              |
      | 2025-06-30 | Phường Cẩm Thượng |
      | 2025-07-01 | Phường Thành Đông |

  Scenario: A command naming an old unit after the date is refused, naming the unit that replaced it
    When a household is registered in commune 11296 on 2026-01-10
    Then the request is refused with "commune-ended" on field "commune_code"
    And the refusal names "Phường Hồng An (11602)"

  Scenario: A caseworker of a new unit registers and reviews a household in it
    When a household is registered in commune 11602 on 2026-01-10
    Then the request is accepted
    When the household is recognised as NEAR_POOR on 2026-11-20
    Then near_poor in 11602 as of 2026-11-20 is 1

  Scenario Outline: Plan 55/KH-UBND is measured on old Hai Phong's territory, also after the date
    Given household "A" was registered in commune 11296 on 2022-02-01
    And household "A" was recognised as NEAR_POOR on 2022-03-01
    And household "C" was registered in commune 10510 on 2022-02-01
    And household "C" was recognised as NEAR_POOR on 2022-03-01
    Then near_poor in <area> as of 2025-10-01 is <count>
    And the target of near_poor_reduction in <area> as of 2025-10-01 is <target>

    Examples:
      | area  | count | target |
      | ^31   | 1     | 50     |
      | 31    | 2     | —      |
      | 11602 | 1     | 50     |
      | 10507 | 1     | —      |

  Scenario Outline: A plan's progress is not shown before its baseline
    Given household "A" was registered in commune 11296 on 2021-10-01
    And household "A" was recognised as NEAR_POOR by the periodic review of 2021-10-15 on 2021-12-20
    Then near_poor_reduction in 31 as of <date> is <shown>
    And the target of near_poor_reduction in 31 as of <date> is <target>

    Examples:
      | date       | shown          | target |
      | 2020-01-01 | — (0 of —)     | —      |
      | 2021-12-31 | — (0 of —)     | —      |
      | 2022-01-01 | 0.0 % (0 of 1) | 50     |

  Scenario Outline: Figures counted over a window count from the start of the plan period holding the date
    Given household "A" was registered in commune 11296 on 2022-02-01
    And household "A" was recognised as NEAR_POOR on 2022-03-01
    And household "A" was recognised as NON_POOR on 2025-12-20
    Then escaped in <area> as of <date> is <count>

    Examples:
      | area  | date       | count |
      | 11602 | 2025-12-31 | 1     |
      | ^31   | 2025-12-31 | 1     |
      | 11602 | 2026-01-01 | 0     |
      | 31    | 2026-06-30 | 0     |

  Scenario Outline: Each area reads the plan of its territory in force on the date, or the last that ended there
    Given the city's administrator adopted plan "VD-01/KH-HD" for area 30 for 2022-01-01 to 2025-12-31 with a models target of 150
    And the city's administrator adopted plan "VD-02/KH-UBND" for area 31 for 2026-01-01 to 2030-12-31 with a models target of 120
    Then the figures of <area> as of <date> carry the targets of plan "<plan>"
    And the target of models in <area> as of <date> is <target>

    Examples:
      | area  | date       | plan          | target |
      | 31    | 2024-06-30 | 55/KH-UBND    | 300    |
      | 30    | 2024-06-30 | VD-01/KH-HD   | 150    |
      | 288   | 2024-06-30 | VD-01/KH-HD   | —      |
      | ^30   | 2025-10-01 | VD-01/KH-HD   | 150    |
      | 31    | 2025-10-01 | VD-02/KH-UBND | —      |
      | 31    | 2026-06-30 | VD-02/KH-UBND | 120    |
      | 11602 | 2026-06-30 | VD-02/KH-UBND | —      |
      | ^31   | 2026-06-30 | 55/KH-UBND    | 300    |

  Scenario Outline: A plan covers one whole plan period of a province or the city
    When the city's administrator adopts plan "X/KH-UBND" for area <area> for <start> to <end> with a models target of 10
    Then the request is refused with "<code>" on field "<field>"
    And no plan "X/KH-UBND" is recorded

    Examples:
      | area | start      | end        | code        | field        |
      | 31   | 2026-01-01 | 2027-12-31 | plan-period | period_start |
      | 303  | 2022-01-01 | 2025-12-31 | plan-area   | area_code    |

  Scenario Outline: The figures say how many households of the area still await their new unit
    Given household "B" was registered in commune 11485 on 2022-02-01
    Then the figures of <area> as of <date> leave <count> households unplaced

    Examples:
      | area  | date       | count |
      | 31    | 2025-06-30 | 0     |
      | 31    | 2026-01-01 | 1     |
      | 11488 | 2026-01-01 | 1     |
      | 11602 | 2026-01-01 | 0     |

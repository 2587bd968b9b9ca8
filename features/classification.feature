Feature: Classifying a household by the poverty standard
  As a commune caseworker recording a household's review
  I want the system to work out the household's status from the survey by the standard in force
  So that no status is typed in and every commune applies the same lines

  A household with an income per person at or under the line T is POOR with 3 or more
  deprivations and NEAR_POOR with fewer, and NON_POOR above it. Up to the band's upper bound M,
  where the standard has one, its income is inside the average band: a fact of the survey, not a
  status. Only a household of farming, forestry, fishing or salt-making whose income is inside
  the band is recognised AVERAGE (Decision 24/2021/QĐ-TTg). The line depends on whether the
  commune is urban (phường, thị trấn) or rural (xã) on the survey date.

  Scenario Outline: VN-MDP-2022 in a rural commune: line 1,500,000 VND, average band to 2,250,000
    Given a household registered on 2022-01-10 in commune 11485 "Xã Liên Khê"
    When a REGULAR review on 2022-03-01 finds an income of <income> VND and <deprivations> deprivations
    And the household is recognised on 2022-03-10
    Then the household's status is <status>
    And the survey's income is <band> the average band
    And the classification used VN-MDP-2022 with the RURAL income line of 1,500,000 VND

    Examples:
      | income    | deprivations | status    | band    |
      | 0         | 0            | NEAR_POOR | outside |
      | 1,499,999 | 2            | NEAR_POOR | outside |
      | 1,499,999 | 3            | POOR      | outside |
      | 1,500,000 | 2            | NEAR_POOR | outside |
      | 1,500,000 | 3            | POOR      | outside |
      | 1,500,000 | 12           | POOR      | outside |
      | 1,500,001 | 3            | NON_POOR  | inside  |
      | 1,500,001 | 12           | NON_POOR  | inside  |
      | 2,249,999 | 0            | NON_POOR  | inside  |
      | 2,250,000 | 3            | NON_POOR  | inside  |
      | 2,250,001 | 0            | NON_POOR  | outside |
      | 2,250,001 | 12           | NON_POOR  | outside |

  Scenario Outline: VN-MDP-2022 in an urban ward: line 2,000,000 VND, average band to 3,000,000
    Given a household registered on 2022-01-10 in commune 11296 "Phường Quán Toan"
    When a REGULAR review on 2022-03-01 finds an income of <income> VND and <deprivations> deprivations
    And the household is recognised on 2022-03-10
    Then the household's status is <status>
    And the survey's income is <band> the average band
    And the classification used VN-MDP-2022 with the URBAN income line of 2,000,000 VND

    Examples:
      | income    | deprivations | status    | band    |
      | 1,500,001 | 3            | POOR      | outside |
      | 1,999,999 | 2            | NEAR_POOR | outside |
      | 1,999,999 | 3            | POOR      | outside |
      | 2,000,000 | 2            | NEAR_POOR | outside |
      | 2,000,000 | 3            | POOR      | outside |
      | 2,000,001 | 3            | NON_POOR  | inside  |
      | 2,000,001 | 12           | NON_POOR  | inside  |
      | 2,999,999 | 0            | NON_POOR  | inside  |
      | 3,000,000 | 3            | NON_POOR  | inside  |
      | 3,000,001 | 0            | NON_POOR  | outside |
      | 3,000,001 | 12           | NON_POOR  | outside |

  Scenario Outline: Only a household of farming, forestry, fishing or salt-making is recognised average-living
    Given a <household> registered on 2022-01-10 in commune 11485 "Xã Liên Khê"
    When a REGULAR review on 2022-03-01 finds an income of <income> VND and 0 deprivations
    And the household is recognised on 2022-03-10
    Then the household's status is <status>

    Examples:
      | household         | income    | status    |
      | farming household | 1,500,001 | AVERAGE   |
      | farming household | 2,250,000 | AVERAGE   |
      | household         | 2,250,000 | NON_POOR  |
      | farming household | 2,250,001 | NON_POOR  |
      | farming household | 1,500,000 | NEAR_POOR |

  Scenario Outline: The household's occupation on the survey's date decides
    Given a household registered on 2022-01-10 in commune 11485 "Xã Liên Khê"
    And the household's category agricultural becomes yes on <from>
    When a REGULAR review on 2022-03-01 finds an income of 2,000,000 VND and 0 deprivations
    And the household is recognised on 2022-03-10
    Then the household's status is <status>

    Examples:
      | from       | status   |
      | 2022-02-01 | AVERAGE  |
      | 2022-03-01 | AVERAGE  |
      | 2022-03-02 | NON_POOR |

  Scenario Outline: The city's own standard classifies the same survey a second time, beside the national one
    The plan counts "theo chuẩn nghèo đa chiều của quốc gia": the household's status, which every
    figure reads, is the national one; its status under the city's standard is kept beside it.

    Given the city has its own standard "HP-2022" from 2022-01-01 with the lines 2,000,000 rural and 2,600,000 urban
    And a household registered on 2022-01-10 in commune 11485 "Xã Liên Khê"
    When a REGULAR review on 2022-03-01 finds an income of <income> VND and <deprivations> deprivations
    And the household is recognised on 2022-03-10
    Then the household's status is <national>
    And under "HP-2022" the household is <own>
    And the classification used VN-MDP-2022 with the RURAL income line of 1,500,000 VND

    Examples:
      | income    | deprivations | national  | own       |
      | 1,800,000 | 3            | NON_POOR  | POOR      |
      | 1,800,000 | 0            | NON_POOR  | NEAR_POOR |
      | 1,400,000 | 3            | POOR      | POOR      |
      | 2,100,000 | 0            | NON_POOR  | NON_POOR  |

  Scenario Outline: A township (thị trấn) counts as urban
    Given a household registered on 2022-01-10 in commune <commune> "<name>"
    When a REGULAR review on <surveyed> finds an income of 1,800,000 VND and 3 deprivations
    And the household is recognised on <surveyed>
    Then the household's status is POOR
    And the classification used VN-MDP-2022 with the URBAN income line of 2,000,000 VND

    Examples:
      | commune | name                | surveyed   |
      | 11629   | Thị trấn An Lão     | 2022-03-01 |
      | 11656   | Thị trấn Trường Sơn | 2024-03-01 |

  Scenario Outline: A township that became part of a special zone (đặc khu) counts as rural from then
    Given a household registered on 2022-01-10 in commune 11914 "Thị trấn Cát Bà"
    When a REGULAR review on <surveyed> finds an income of 1,800,000 VND and 3 deprivations
    And the household is recognised on <surveyed>
    Then the household's status is <status>
    And the classification used VN-MDP-2022 with the <area> income line of <line> VND

    Examples:
      | surveyed   | area  | line      | status   |
      | 2025-06-30 | URBAN | 2,000,000 | POOR     |
      | 2026-03-01 | RURAL | 1,500,000 | NON_POOR |

  Scenario Outline: A commune that became a ward on 2025-01-01 uses the line of its kind on the survey date
    Given a household registered on 2022-01-10 in commune 11488 "Xã Lưu Kiếm"
    When a REGULAR review on <surveyed> finds an income of 1,800,000 VND and 3 deprivations
    And the household is recognised on <recognised>
    Then the household's status is <status>
    And the classification used VN-MDP-2022 with the <area> income line of <line> VND

    Examples:
      | surveyed   | recognised | area  | line      | status   |
      | 2024-12-20 | 2024-12-30 | RURAL | 1,500,000 | NON_POOR |
      | 2024-12-31 | 2025-01-06 | RURAL | 1,500,000 | NON_POOR |
      | 2025-01-01 | 2025-01-06 | URBAN | 2,000,000 | POOR     |

  Scenario Outline: VN-MDP-2027 has higher lines and no average band
    Xã Kiến Thụy (11680) and Phường Hồng An (11602) are units of the city since 2025-07-01.

    Given today is 2027-12-31
    And a household registered on 2026-01-05 in commune <commune> "<name>"
    When a <kind> review on <surveyed> finds an income of <income> VND and <deprivations> deprivations
    And the household is recognised on <recognised>
    Then the household's status is <status>
    And the classification used VN-MDP-2027 with the <area> income line of <line> VND

    Examples: a periodic review held in late 2026 draws up the lists for 2027
      | kind     | surveyed   | recognised | commune | name             | area  | line      | income    | deprivations | status    |
      | PERIODIC | 2026-10-15 | 2026-12-20 | 11680   | Xã Kiến Thụy     | RURAL | 2,200,000 | 2,200,000 | 3            | POOR      |
      | PERIODIC | 2026-10-15 | 2026-12-20 | 11680   | Xã Kiến Thụy     | RURAL | 2,200,000 | 2,000,000 | 0            | NEAR_POOR |
      | PERIODIC | 2026-10-15 | 2026-12-20 | 11680   | Xã Kiến Thụy     | RURAL | 2,200,000 | 2,200,001 | 3            | NON_POOR  |
      | PERIODIC | 2026-12-14 | 2026-12-20 | 11602   | Phường Hồng An   | URBAN | 2,800,000 | 2,800,000 | 2            | NEAR_POOR |
      | PERIODIC | 2026-12-14 | 2026-12-20 | 11602   | Phường Hồng An   | URBAN | 2,800,000 | 2,800,001 | 12           | NON_POOR  |

    Examples: a regular review in 2027
      | kind    | surveyed   | recognised | commune | name             | area  | line      | income    | deprivations | status    |
      | REGULAR | 2027-03-01 | 2027-03-10 | 11680   | Xã Kiến Thụy     | RURAL | 2,200,000 | 2,199,999 | 3            | POOR      |
      | REGULAR | 2027-03-01 | 2027-03-10 | 11680   | Xã Kiến Thụy     | RURAL | 2,200,000 | 2,250,000 | 0            | NON_POOR  |
      | REGULAR | 2027-03-01 | 2027-03-10 | 11602   | Phường Hồng An   | URBAN | 2,800,000 | 2,500,000 | 3            | POOR      |
      | REGULAR | 2027-03-01 | 2027-03-10 | 11602   | Phường Hồng An   | URBAN | 2,800,000 | 2,900,000 | 0            | NON_POOR  |

  Scenario: VN-MDP-2027 asks about its own twelve indicators
    Given today is 2027-12-31
    And a household registered on 2026-01-05
    When a REGULAR review on 2027-03-01 finds these deprivations, with an income of 2,000,000 VND:
      | employment       |
      | dependents       |
      | nutrition        |
      | health_insurance |
      | adult_education  |
      | child_schooling  |
      | housing_quality  |
      | housing_area     |
      | domestic_water   |
      | latrine          |
      | digital_services |
      | waste_treatment  |
    And the household is recognised on 2027-03-10
    Then the survey is recorded under VN-MDP-2027
    And the household's status is POOR
    And the recognition counts 12 deprivations

  Scenario Outline: A survey answers exactly the indicators of the standard its review uses
    Given today is 2027-12-31
    And a household registered on 2021-09-01
    When a <kind> review on <surveyed> answers the indicators of <answered>
    Then the request is refused with "deprivation-keys" on field "deprivations"
    And nothing is recorded

    Examples:
      | kind     | surveyed   | answered    |
      | REGULAR  | 2027-03-01 | VN-MDP-2022 |
      | PERIODIC | 2026-10-15 | VN-MDP-2022 |
      | PERIODIC | 2025-10-15 | VN-MDP-2027 |
      | REGULAR  | 2026-11-20 | VN-MDP-2027 |

  Scenario Outline: A periodic review uses the standard in force on 1 January of the next year
    Given a household registered on 2021-09-01
    When a <kind> review on <surveyed> finds an income of 1,000,000 VND and 0 deprivations
    Then the survey is recorded under <standard>

    Examples:
      | kind     | surveyed   | standard    |
      | PERIODIC | 2021-10-15 | VN-MDP-2022 |
      | PERIODIC | 2025-09-01 | VN-MDP-2022 |
      | PERIODIC | 2025-12-14 | VN-MDP-2022 |
      | PERIODIC | 2026-09-01 | VN-MDP-2027 |
      | REGULAR  | 2022-01-01 | VN-MDP-2022 |
      | REGULAR  | 2026-11-20 | VN-MDP-2022 |

  Scenario: A regular review before VN-MDP-2022 came into force has no standard
    Given a household registered on 2021-09-01
    When a REGULAR review on 2021-10-15 finds an income of 1,000,000 VND and 0 deprivations
    Then the request is refused with "standard-not-found" on field "effective_date"
    And nothing is recorded

  Scenario Outline: A periodic review is held from 1 September to 14 December
    Given a household registered on 2021-09-01
    When a PERIODIC review on <surveyed> finds an income of 1,000,000 VND and 0 deprivations
    Then the request is refused with "periodic-review-window" on field "effective_date"
    And nothing is recorded

    Examples:
      | surveyed   |
      | 2022-08-31 |
      | 2022-12-15 |
      | 2023-01-02 |
      | 2025-06-30 |

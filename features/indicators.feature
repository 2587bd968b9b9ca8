Feature: The plan's figures
  As a supervisor following plan 55/KH-UBND
  I want every figure of the plan for an area as of a date, as known at an instant
  So that I can report progress against the targets and explain each number by its events

  A figure is asked for an area (commune, district or the city), a date D ("as of") and
  optionally an instant K ("as known at"). A household counts where it lives on D, in the
  districts as they stood on D. The plan's period starts on 2022-01-01, also its baseline date.
  From 2025-07-01 the city (31) includes Hải Dương and has no districts; the plan is measured on
  old Hai Phong's territory (^31), so most examples read the figures before that date.
  A percentage is shown with its parts, "value (numerator of denominator)"; "—" means no value:
  the denominator is zero or unknown.

  Background:
    Given today is 2025-12-31

  Scenario Outline: Poor and near-poor households are counted by their status on the date
    Given household "A" was registered in commune 11485 on 2021-10-01
    And household "A" was recognised as POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "A" was recognised as NEAR_POOR on 2023-03-10
    And household "B" was registered in commune 11488 on 2022-05-01
    And household "B" was recognised as NEAR_POOR on 2022-06-01
    Then poor in <area> as of <date> is <poor>
    And near_poor in <area> as of <date> is <near poor>

    Examples:
      | area  | date       | poor | near poor |
      | 11485 | 2021-12-19 | 0    | 0         |
      | 11485 | 2021-12-20 | 1    | 0         |
      | 11485 | 2023-03-10 | 0    | 1         |
      | 11488 | 2022-05-31 | 0    | 0         |
      | 11488 | 2022-06-01 | 0    | 1         |
      | 311   | 2022-06-30 | 1    | 1         |
      | 311   | 2023-06-30 | 0    | 2         |
      | 31    | 2023-06-30 | 0    | 2         |
      | 303   | 2023-06-30 | 0    | 0         |

  Scenario Outline: Poor and near-poor households are counted by category on the date
    A household holds none, one or several categories; each is a fact with a date.

    Given household "A" was registered in commune 11485 on 2021-10-01
    And household "A" became ethnic_minority on 2021-10-01
    And household "A" was recognised as POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "A" became social_protection on 2022-05-01
    And household "A" was recognised as NEAR_POOR on 2023-03-10
    And household "A" was no longer social_protection from 2024-01-01
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And household "B" became revolutionary_merit on 2022-04-01
    Then the poor breakdown in 11485 as of <date> is ethnic_minority: <poor minority>, revolutionary_merit: 0, no_labour_capacity: 0, social_protection: <poor protected>, agricultural: 0
    And the near_poor breakdown in 11485 as of <date> is ethnic_minority: <near minority>, revolutionary_merit: <near merit>, no_labour_capacity: 0, social_protection: <near protected>, agricultural: 0

    Examples:
      | date       | poor minority | poor protected | near minority | near merit | near protected |
      | 2022-03-31 | 1             | 0              | 0             | 0          | 0              |
      | 2022-04-01 | 1             | 0              | 0             | 1          | 0              |
      | 2022-05-01 | 1             | 1              | 0             | 1          | 0              |
      | 2023-03-10 | 0             | 0              | 1             | 1          | 1              |
      | 2024-01-01 | 0             | 0              | 1             | 1          | 0              |

  Scenario Outline: A household no member of which can work is without labour capacity, recorded or not
    The head reaches the retirement age on 2022-11-01, his wife on 2023-05-01; their son, who
    cannot work, never counts as a worker.

    Given household "A" was registered in commune 11485 on 2022-01-10 with the members
      | full name     | sex | born       | relationship | able to work |
      | Đỗ Văn Hải    | M   | 1962-05-01 | HEAD         | yes          |
      | Vũ Thị Hằng   | F   | 1967-05-01 | SPOUSE       | yes          |
      | Đỗ Văn Hưng   | M   | 1990-02-01 | CHILD        | no           |
    And household "A" was recognised as POOR on 2022-03-10
    Then the poor breakdown in 11485 as of <date> is ethnic_minority: 0, revolutionary_merit: 0, no_labour_capacity: <none can work>, social_protection: 0, agricultural: 0

    Examples:
      | date       | none can work |
      | 2022-10-31 | 0             |
      | 2023-04-30 | 0             |
      | 2023-05-01 | 1             |

  Scenario Outline: Poverty rates are taken over the household total recorded for the year
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And area 11485 had 40 households in 2023
    And area 311 had 1,000 households in 2023
    Then poverty_rate in <area> as of <date> is <poverty rate>
    And near_poverty_rate in <area> as of <date> is <near-poverty rate>

    Examples:
      | area  | date       | poverty rate     | near-poverty rate |
      | 11485 | 2023-06-30 | 2.5 % (1 of 40)  | 2.5 % (1 of 40)   |
      | 311   | 2023-06-30 | 0.1 % (1 of 1,000) | 0.1 % (1 of 1,000) |
      | 11485 | 2022-06-30 | — (1 of —)       | — (1 of —)        |
      | 11485 | 2024-06-30 | — (1 of —)       | — (1 of —)        |
      | 31    | 2023-06-30 | — (1 of —)       | — (1 of —)        |

  Scenario Outline: A zero denominator gives no value, never 0 % or 100 %
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as NON_POOR on 2022-03-10
    Then <figure> in 31 as of 2025-06-30 is <shown>

    Examples:
      | figure                 | shown      |
      | near_poor_reduction    | — (0 of 0) |
      | credit_access          | — (0 of 0) |
      | production_support     | — (0 of 0) |
      | sustainable_employment | — (0 of 0) |
      | officials_trained      | — (0 of 0) |
      | deprivation.latrine    | — (0 of 0) |
      | poverty_rate           | — (0 of —) |

  Scenario Outline: The reduction of near-poor households is measured from the baseline
    Given household "A" was registered in commune 11485 on 2021-10-01
    And household "A" was recognised as NEAR_POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "B" was registered in commune 11485 on 2021-10-01
    And household "B" was recognised as NEAR_POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "C" was registered in commune 11485 on 2021-10-01
    And household "C" was recognised as NEAR_POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "D" was registered in commune 11485 on 2022-05-01
    And household "D" was recognised as NEAR_POOR on 2022-06-01
    And household "A" was recognised as NON_POOR on 2023-03-10
    And household "B" was recognised as POOR on 2023-03-10
    And household "C" was recognised as AVERAGE on 2024-03-10
    Then near_poor_reduction in <area> as of <date> is <reduction>
    And the target of near_poor_reduction in <area> as of <date> is 50

    Examples: near-poor households grew before they fell
      | area  | date       | reduction         |
      | 11485 | 2022-01-01 | 0.0 % (0 of 3)    |
      | 11485 | 2022-06-30 | -33.3 % (-1 of 3) |
      | 11485 | 2023-06-30 | 33.3 % (1 of 3)   |
      | 11485 | 2024-06-30 | 66.7 % (2 of 3)   |
      | 311   | 2024-06-30 | 66.7 % (2 of 3)   |
      | 303   | 2024-06-30 | — (0 of 0)        |

  Scenario Outline: Escapes, relapses and new entries are counted in the period, per year
    Given household "A" was registered in commune 11485 on 2021-10-01
    And household "A" was recognised as POOR by the periodic review of 2021-10-15 on 2021-12-20
    And household "A" was recognised yearly from 2023-03-10 as NEAR_POOR, POOR, NON_POOR
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised yearly from 2022-03-10 as NEAR_POOR, NON_POOR
    Then <figure> in 11485 as of <date> is <count>
    And the <figure> breakdown in 11485 as of <date> is <per year>

    Examples:
      | figure     | date       | count | per year                            |
      | newly_poor | 2025-06-30 | 1     | 2022: 1, 2023: 0, 2024: 0, 2025: 0 |
      | escaped    | 2025-06-30 | 3     | 2022: 0, 2023: 2, 2024: 0, 2025: 1 |
      | escaped    | 2023-12-31 | 2     | 2022: 0, 2023: 2                   |
      | relapsed   | 2025-06-30 | 1     | 2022: 0, 2023: 0, 2024: 1, 2025: 0 |
      | relapsed   | 2024-03-09 | 0     | 2022: 0, 2023: 0, 2024: 0          |

  Scenario: A retracted classification no longer counts, except as it was known before
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And household "A" was recognised as NON_POOR on 2023-03-10
    And the instant is noted as "before the retraction"
    When the caseworker retracts household "A"'s latest HouseholdClassified entry
    Then escaped in 11485 as of 2025-06-30 is 0
    And poor in 11485 as of 2025-06-30 is 1
    And escaped in 11485 as of 2025-06-30 as known at "before the retraction" is 1
    And poor in 11485 as of 2025-06-30 as known at "before the retraction" is 0

  Scenario: A voided registration counts in no figure on any date, except as it was known before
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised yearly from 2022-03-10 as POOR, NEAR_POOR
    And the instant is noted as "before the voiding"
    When the caseworker voids household "B"'s registration
    Then poor in 11485 as of 2022-06-30 is 1
    And poor in 31 as of 2022-06-30 is 1
    And escaped in 11485 as of 2023-06-30 is 0
    And poor in 11485 as of 2022-06-30 as known at "before the voiding" is 2
    And escaped in 11485 as of 2023-06-30 as known at "before the voiding" is 1
    When the caseworker retracts household "B"'s latest RegistrationVoided entry
    Then poor in 11485 as of 2022-06-30 is 2
    And escaped in 11485 as of 2023-06-30 is 1

  Scenario: A back-dated entry counts only as known from when it was recorded
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And the instant is noted as "before the late entry"
    When household "A" is recognised as NEAR_POOR on 2023-03-10
    Then poor in 11485 as of 2023-06-30 as known at "before the late entry" is 1
    And near_poor in 11485 as of 2023-06-30 as known at "before the late entry" is 0
    And escaped in 11485 as of 2023-06-30 as known at "before the late entry" is 0
    And poor in 11485 as of 2023-06-30 is 0
    And near_poor in 11485 as of 2023-06-30 is 1
    And escaped in 11485 as of 2023-06-30 is 1

  Scenario Outline: A household that moves counts in its new commune from the move date
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And household "A" moved to commune 11296 on 2023-05-01
    Then poor in <area> as of <date> is <poor>
    And newly_poor in <area> as of <date> is <new>

    Examples:
      | area  | date       | poor | new |
      | 11485 | 2023-04-30 | 1    | 1   |
      | 11296 | 2023-04-30 | 0    | 0   |
      | 311   | 2023-04-30 | 1    | 1   |
      | 303   | 2023-04-30 | 0    | 0   |
      | 11485 | 2023-05-01 | 0    | 0   |
      | 11296 | 2023-05-01 | 1    | 1   |
      | 311   | 2023-05-01 | 0    | 0   |
      | 303   | 2023-05-01 | 1    | 1   |
      | 31    | 2023-05-01 | 1    | 1   |

  Scenario Outline: A commune that changed district on 2025-01-01 counts in the old one before
    Given household "A" was registered in commune 11587 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    Then the commune 11587 lies in district <district> on <date>
    And poor in <area> as of <date> is <poor>

    Examples: Xã Đại Bản, of Huyện An Dương (312) until 2024, then of Quận Hồng Bàng (303)
      | area  | date       | district | poor |
      | 312   | 2024-12-31 | 312      | 1    |
      | 303   | 2024-12-31 | 312      | 0    |
      | 312   | 2025-01-01 | 303      | 0    |
      | 303   | 2025-01-01 | 303      | 1    |
      | 11587 | 2025-01-01 | 303      | 1    |
      | 31    | 2024-12-31 | 312      | 1    |
      | 31    | 2025-01-01 | 303      | 1    |

  Scenario Outline: Eligible households that needed credit and got a loan after saying so
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10 after a survey recording the needs CREDIT
    And a POOR loan of 30,000,000 VND was disbursed to household "A" on 2022-06-01
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10 after a survey recording the needs CREDIT
    And household "C" was registered in commune 11485 on 2022-01-10
    And household "C" was recognised as POOR on 2022-03-10
    And a POOR loan of 30,000,000 VND was disbursed to household "C" on 2022-06-01
    And household "D" was registered in commune 11485 on 2022-01-10
    And household "D" was recognised as NON_POOR on 2022-03-10 after a survey recording the needs CREDIT
    And household "E" was registered in commune 11485 on 2022-01-10
    And household "E" was recognised as NEAR_POOR on 2022-03-10
    And a NEAR_POOR loan of 20,000,000 VND was disbursed to household "E" on 2022-04-01
    And household "E" was surveyed on 2022-10-01 recording the needs CREDIT
    And household "F" was registered in commune 11485 on 2022-01-10
    And household "F" was recognised as POOR on 2022-03-10
    And household "F" was recognised as NON_POOR on 2023-03-10 after a survey recording the needs CREDIT
    And a NEWLY_ESCAPED loan of 40,000,000 VND was disbursed to household "F" on 2023-06-01
    Then credit_access in 11485 as of <date> is <credit access>
    And the target of credit_access in 11485 as of <date> is 100

    Examples:
      | date       | credit access   |
      | 2022-03-09 | — (0 of 0)      |
      | 2022-05-31 | 0.0 % (0 of 2)  |
      | 2022-12-31 | 33.3 % (1 of 3) |
      | 2023-04-30 | 25.0 % (1 of 4) |
      | 2025-06-30 | 50.0 % (2 of 4) |

  Scenario Outline: Poverty-reduction models built and replicated in the period
    Given a livelihood model "MH-00" was established in commune 11485 on 2021-11-01
    And a livelihood model "MH-01" was established in commune 11485 on 2022-05-01
    And a livelihood model "MH-02" replicating "MH-01" was established in commune 11488 on 2023-05-01
    And a livelihood model "MH-03" was established in commune 11296 on 2023-06-01
    Then models in <area> as of <date> is <models>
    And the models breakdown in <area> as of <date> is <split>
    And the target of models in <area> as of <date> is <target>

    Examples: the target of 300 models is the whole city's
      | area  | date       | models | split                  | target |
      | 31    | 2025-06-30 | 3      | new: 2, replicated: 1  | 300    |
      | ^31   | 2025-12-31 | 3      | new: 2, replicated: 1  | 300    |
      | 31    | 2025-12-31 | 3      | new: 2, replicated: 1  | —      |
      | 31    | 2023-05-31 | 2      | new: 1, replicated: 1  | 300    |
      | 311   | 2025-06-30 | 2      | new: 1, replicated: 1  | —      |
      | 11485 | 2025-06-30 | 1      | new: 1, replicated: 0  | —      |
      | 303   | 2023-05-31 | 0      | new: 0, replicated: 0  | —      |

  Scenario Outline: Working members of poor households needing production support who got it
    Given household "A" was registered in commune 11485 on 2022-01-10 with the members
      | full name       | sex | born       | relationship | able to work |
      | Nguyễn Văn An   | M   | 1975-04-02 | HEAD         | yes          |
      | Trần Thị Bình   | F   | 1978-09-12 | SPOUSE       | yes          |
      | Nguyễn Thị Cúc  | F   | 2008-06-01 | CHILD        | yes          |
      | Nguyễn Văn Bảy  | M   | 1950-02-01 | PARENT       | yes          |
      | Nguyễn Văn Dũng | M   | 1995-05-05 | SIBLING      | no           |
    And household "A" was recognised as POOR on 2022-03-10 after a survey recording the needs PRODUCTION_SUPPORT
    And production support was given to "Nguyễn Văn An" of household "A" on 2022-09-01
    And production support was given to "Nguyễn Thị Cúc" of household "A" on 2024-01-05
    And household "A" was recognised as NEAR_POOR on 2024-03-10
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10 after a survey recording the needs PRODUCTION_SUPPORT
    Then production_support in 11485 as of <date> is <production support>
    And the target of production_support in 11485 as of <date> is 100

    Examples: the child turns 15 on 2023-06-01, while the household is still poor
      | date       | production support |
      | 2022-03-09 | — (0 of 0)         |
      | 2022-12-31 | 50.0 % (1 of 2)    |
      | 2023-12-31 | 33.3 % (1 of 3)    |
      | 2025-06-30 | 66.7 % (2 of 3)    |

  Scenario Outline: Poor and near-poor households with a member in sustainable work
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And "Nguyễn Văn An" of household "A" started a job on 2023-03-08
    And the job of "Nguyễn Văn An" of household "A" ended on 2024-06-01
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And household "C" was registered in commune 11485 on 2022-01-10 with the members
      | full name     | sex | born       | relationship | able to work |
      | Lê Văn Cường  | M   | 1950-02-01 | HEAD         | yes          |
    And household "C" was recognised as POOR on 2022-03-10
    And household "D" was registered in commune 11485 on 2022-01-10
    And household "D" was recognised as NON_POOR on 2022-03-10
    And "Nguyễn Văn An" of household "D" started a job on 2023-03-08
    Then sustainable_employment in 11485 as of <date> is <employment>
    And the target of sustainable_employment in 11485 as of <date> is 100

    Examples: a man born in 1950 is past working age
      | date       | employment      |
      | 2022-12-31 | 0.0 % (0 of 2)  |
      | 2023-06-30 | 50.0 % (1 of 2) |
      | 2024-12-31 | 0.0 % (0 of 2)  |

  Scenario Outline: Active officials of the area trained in the period
    Given an official "O1" of area 11485 was registered on 2022-02-01
    And official "O1" completed a training on 2023-04-01
    And an official "O2" of area 311 was registered on 2022-02-01
    And an official "O3" of area 11485 was registered on 2022-02-01
    And official "O3" completed a training on 2022-05-01
    And official "O3" left on 2024-01-01
    And an official "O4" of area 11296 was registered on 2022-02-01
    And official "O4" completed a training on 2022-06-01
    And an official "O5" of area 11485 was registered on 2021-06-01
    And official "O5" completed a training on 2021-09-01
    Then officials_trained in <area> as of <date> is <trained>

    Examples: a training before the period does not count
      | area  | date       | trained         |
      | 31    | 2023-12-31 | 60.0 % (3 of 5) |
      | 31    | 2024-06-30 | 50.0 % (2 of 4) |
      | 311   | 2024-06-30 | 33.3 % (1 of 3) |
      | 11485 | 2022-12-31 | 33.3 % (1 of 3) |
      | 303   | 2024-06-30 | 100.0 % (1 of 1) |
      | 31    | 2021-12-31 | 0.0 % (0 of 1)  |

  Scenario Outline: The poor and near-poor households deprived on each indicator
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And household "C" was registered in commune 11485 on 2022-01-10
    And household "C" was reviewed on 2022-03-10 with an income of 2,500,000 VND and 4 deprivations
    Then the status of household "C" is NON_POOR
    And <figure> in 11485 as of 2023-06-30 is <share>

    Examples: the first indicators of VN-MDP-2022 are the deprived ones here
      | figure                       | share            |
      | deprivation.employment       | 100.0 % (2 of 2) |
      | deprivation.dependents       | 100.0 % (2 of 2) |
      | deprivation.nutrition        | 50.0 % (1 of 2)  |
      | deprivation.health_insurance | 0.0 % (0 of 2)   |
      | deprivation.latrine          | 0.0 % (0 of 2)   |

    Examples: an indicator of VN-MDP-2027 only was asked of nobody recognised under VN-MDP-2022
      | figure                       | share            |
      | deprivation.waste_treatment  | — (0 of 0)       |
      | deprivation.digital_services | — (0 of 0)       |

  Scenario Outline: The members of poor and near-poor households are counted while they live there
    The review forms give persons ("nhân khẩu") beside households.

    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And "Trần Thị Bình" of household "A" moved out on 2023-05-01
    And household "B" was registered in commune 11485 on 2022-01-10 with the members
      | full name     | sex | born       | relationship | able to work |
      | Lê Văn Cường  | M   | 1970-02-01 | HEAD         | yes          |
      | Lê Thị Dung   | F   | 1972-03-01 | SPOUSE       | yes          |
      | Lê Văn Em     | M   | 2010-05-01 | CHILD        | no           |
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And household "B" was recognised as NON_POOR on 2024-03-10
    Then poor_persons in <area> as of <date> is <poor>
    And near_poor_persons in <area> as of <date> is <near poor>

    Examples:
      | area  | date       | poor | near poor |
      | 11485 | 2022-03-09 | 0    | 0         |
      | 11485 | 2022-03-10 | 2    | 3         |
      | 311   | 2023-05-01 | 1    | 3         |
      | 11485 | 2024-03-10 | 1    | 0         |
      | 303   | 2023-06-30 | 0    | 0         |

  Scenario Outline: The causes and needs counted are those of the survey behind the status
    A household counts under every cause and need its recognised survey named, as poor or
    near-poor; a later survey not yet recognised changes nothing.

    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10 after a survey recording the needs CREDIT, HOUSING
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10 after a survey recording the needs CREDIT
    And household "C" was registered in commune 11485 on 2022-01-10
    And household "C" was recognised as NON_POOR on 2022-03-10 after a survey recording the needs CREDIT
    And household "D" was registered in commune 11485 on 2022-01-10
    And household "D" was recognised as POOR on 2022-03-10 after a survey recording the causes LAND, ILLNESS_ACCIDENT
    And household "A" was surveyed on 2023-04-10 recording the needs EMPLOYMENT
    Then <figure> in 11485 as of 2023-12-31 is <households>
    And the <figure> breakdown in 11485 as of 2023-12-31 is <parts>

    Examples:
      | figure                 | households | parts                 |
      | need.CREDIT            | 2          | POOR: 1, NEAR_POOR: 1 |
      | need.HOUSING           | 1          | POOR: 1, NEAR_POOR: 0 |
      | need.EMPLOYMENT        | 0          | POOR: 0, NEAR_POOR: 0 |
      | cause.LAND             | 1          | POOR: 1, NEAR_POOR: 0 |
      | cause.ILLNESS_ACCIDENT | 1          | POOR: 1, NEAR_POOR: 0 |
      | cause.CAPITAL          | 0          | POOR: 0, NEAR_POOR: 0 |

  Scenario Outline: Loans outstanding by programme: grants less repayments, standing only
    Given household "A" was registered in commune 11485 on 2022-01-10
    And household "A" was recognised as POOR on 2022-03-10
    And a POOR loan of 50,000,000 VND was disbursed to household "A" on 2022-06-01
    And 20,000,000 VND of household "A"'s loan was repaid on 2023-06-01
    And household "B" was registered in commune 11485 on 2022-01-10
    And household "B" was recognised as NEAR_POOR on 2022-03-10
    And a NEAR_POOR loan of 30,000,000 VND was disbursed to household "B" on 2022-07-01
    And a HOUSING loan of 10,000,000 VND was disbursed to household "B" on 2023-01-01
    And the caseworker retracted household "B"'s latest LoanGranted entry
    Then loans_outstanding.<programme> in <area> as of <date> is <outstanding>

    Examples:
      | programme     | area  | date       | outstanding |
      | POOR          | 11485 | 2022-05-31 | 0           |
      | POOR          | 11485 | 2022-12-31 | 50,000,000  |
      | POOR          | 11485 | 2023-12-31 | 30,000,000  |
      | POOR          | 303   | 2023-12-31 | 0           |
      | NEAR_POOR     | 31    | 2023-12-31 | 30,000,000  |
      | HOUSING       | 11485 | 2023-12-31 | 0           |
      | NEWLY_ESCAPED | 11485 | 2023-12-31 | 0           |

  Scenario Outline: A plan that names the city's own standard counts the households by it
    The figures count by the national standard, as plan 55 names it, unless the plan that speaks
    for the area names one of its province's own: then by that standard from the plan's baseline
    to its end, the standard being in force all that while. The household's status stays the
    national one; a household that standard did not judge (recognised before it was in force) is
    on none of the plan's lists.

    Given today is 2027-12-31
    And the city has its own standard "HP-2027" from 2027-01-01 with the lines 2,600,000 rural and 3,200,000 urban
    And the city's administrator adopted plan "VD-02/KH-UBND" for area 31 for 2026-01-01 to 2030-12-31 from the baseline 2027-01-01 counting by <standard>
    And household "A" was registered in commune 11503 on 2026-01-10
    And household "A" was reviewed on <reviewed> with an income of <income> VND and <deprived> deprivations
    Then poor in 31 as of <as of> is <poor>
    And near_poor in 31 as of <as of> is <near poor>
    And poor in 11503 as of <as of> is <poor>
    And the status of household "A" is <national>

    Examples:
      | standard              | reviewed   | income    | deprived | as of      | poor | near poor | national |
      | "HP-2027"             | 2027-03-01 | 2,400,000 | 3        | 2027-06-30 | 1    | 0         | NON_POOR |
      | "HP-2027"             | 2027-03-01 | 2,400,000 | 0        | 2027-06-30 | 0    | 1         | NON_POOR |
      | "HP-2027"             | 2027-03-01 | 2,700,000 | 3        | 2027-06-30 | 0    | 0         | NON_POOR |
      | "HP-2027"             | 2026-03-01 | 1,400,000 | 3        | 2027-06-30 | 0    | 0         | POOR     |
      | "HP-2027"             | 2026-03-01 | 1,400,000 | 3        | 2026-06-30 | 1    | 0         | POOR     |
      | the national standard | 2027-03-01 | 2,400,000 | 3        | 2027-06-30 | 0    | 0         | NON_POOR |
      | the national standard | 2027-03-01 | 2,000,000 | 3        | 2027-06-30 | 1    | 0         | POOR     |

  Scenario Outline: Under a plan that names the city's own standard, escapes and new entries are that standard's
    Given today is 2027-12-31
    And the city has its own standard "HP-2027" from 2027-01-01 with the lines 2,600,000 rural and 3,200,000 urban
    And the city's administrator adopted plan "VD-02/KH-UBND" for area 31 for 2026-01-01 to 2030-12-31 from the baseline 2027-01-01 counting by <standard>
    And household "A" was registered in commune 11503 on 2026-01-10
    And household "A" was reviewed on 2027-03-01 with an income of 2,400,000 VND and 3 deprivations
    And household "A" was reviewed on 2027-09-01 with an income of 2,400,000 VND and 0 deprivations
    Then newly_poor in 31 as of 2027-12-31 is <new>
    And escaped in 31 as of 2027-12-31 is <escaped>
    And near_poor in 31 as of 2027-12-31 is <near poor>
    And deprivation.employment in 31 as of 2027-06-30 is <deprived>

    Examples:
      | standard              | new | escaped | near poor | deprived      |
      | "HP-2027"             | 1   | 1       | 1         | 100.0 % (1 of 1) |
      | the national standard | 0   | 0       | 0         | — (0 of 0)       |


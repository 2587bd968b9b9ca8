Feature: Transitions between statuses
  As a commune caseworker recognising the results of a review
  I want each recognition to say how the household moved: new, escaped, relapsed or unchanged
  So that the district counts the households that left poverty and those that fell back

  Levels: POOR is 2, NEAR_POOR 1, AVERAGE and NON_POOR 0; a first recognition starts from 0.
  A lower level is an escape; a higher one is a relapse when the household has held that level
  before, and new otherwise.

  Scenario Outline: The transition follows the level before, the level after and the levels held before
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as <held before>
    And the household was recognised as <before> on 2024-03-10
    When the household is recognised as <after> on 2025-03-10
    Then the transition is <transition>
    And the previous status was <before>
    And the recognition comes with <companion>

    Examples: escapes
      | held before | before    | after     | transition | companion                          |
      | nothing     | POOR      | NEAR_POOR | ESCAPED    | EscapedPoverty from POOR           |
      | nothing     | NEAR_POOR | NON_POOR  | ESCAPED    | EscapedPoverty from NEAR_POOR      |
      | nothing     | NEAR_POOR | AVERAGE   | ESCAPED    | EscapedPoverty from NEAR_POOR      |
      | nothing     | POOR      | AVERAGE   | ESCAPED    | EscapedPoverty from POOR           |
      | nothing     | POOR      | NON_POOR  | ESCAPED    | EscapedPoverty from POOR           |

    Examples: relapses to a level held before
      | held before | before    | after     | transition | companion                          |
      | POOR        | NEAR_POOR | POOR      | RELAPSED   | Relapsed from NEAR_POOR            |
      | NEAR_POOR   | NON_POOR  | NEAR_POOR | RELAPSED   | Relapsed from NON_POOR             |
      | POOR        | AVERAGE   | NEAR_POOR | RELAPSED   | Relapsed from AVERAGE              |
      | POOR        | NON_POOR  | POOR      | RELAPSED   | Relapsed from NON_POOR             |

    Examples: new poverty at a level never held
      | held before | before    | after     | transition | companion                          |
      | nothing     | NEAR_POOR | POOR      | NEW        | nothing else                       |
      | nothing     | NON_POOR  | NEAR_POOR | NEW        | nothing else                       |
      | NEAR_POOR   | AVERAGE   | POOR      | NEW        | nothing else                       |

    Examples: the same level
      | held before | before    | after     | transition | companion                          |
      | nothing     | POOR      | POOR      | UNCHANGED  | nothing else                       |
      | nothing     | NEAR_POOR | NEAR_POOR | UNCHANGED  | nothing else                       |
      | POOR        | AVERAGE   | NON_POOR  | UNCHANGED  | nothing else                       |
      | nothing     | NON_POOR  | AVERAGE   | UNCHANGED  | nothing else                       |

  Scenario Outline: A first recognition starts from level 0
    Given a household registered on 2022-01-10
    When the household is recognised as <status> on 2022-03-10
    Then the transition is <transition>
    And the previous status was nothing
    And the recognition comes with nothing else

    Examples:
      | status    | transition |
      | POOR      | NEW        |
      | NEAR_POOR | NEW        |
      | AVERAGE   | UNCHANGED  |
      | NON_POOR  | UNCHANGED  |

  Scenario Outline: Recognitions are never dated before the latest one
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2023-03-10
    When a REGULAR review on <surveyed> finds an income of 2,500,000 VND and 0 deprivations
    And the household is recognised on <recognised>
    Then the request is refused with "<code>" on field "effective_date"
    And nothing is recorded
    And the household's status is POOR

    Examples:
      | surveyed   | recognised | code                         |
      | 2023-02-01 | 2023-03-09 | classification-backwards     |
      | 2022-12-01 | 2022-12-31 | classification-backwards     |
      | 2023-04-01 | 2023-03-31 | classification-before-survey |

  Scenario: A recognition may share its date with the latest one
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2023-03-10
    When a REGULAR review on 2023-03-10 finds an income of 2,500,000 VND and 0 deprivations
    And the household is recognised on 2023-03-10
    Then the transition is ESCAPED
    And the household's status is NON_POOR

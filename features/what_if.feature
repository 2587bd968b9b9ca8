Feature: What a standard not yet adopted would make of the surveys already recorded
  As a supervisor preparing the city's own standard for 2027-2030
  I want to enter a draft standard as data and see what it makes of each survey we hold
  So that I know which households would change status before anything is adopted

  A draft names a poverty line for rural and for urban communes, how many deprivations make a
  household poor, and its indicators, each answered by an indicator a survey asked. Judging a
  survey records nothing. A survey that was not asked some of the draft's indicators is judged
  only where their answers could not change the result; otherwise it is "not judged".

  Background:
    Given a draft standard "Hải Phòng 2027-2030" with lines of 2,500,000 VND rural and 3,000,000 VND urban, poor from 3 deprivations, and the indicators of VN-MDP-2027

  Scenario Outline: A survey is judged by the draft's line and the deprivations it answered
    When a survey of VN-MDP-2022 in a <kind> commune with an income of <income> VND and <deprived> deprivations is judged
    Then it would be <status>

    Examples: the line is the draft's, not the survey's standard's
      | kind  | income    | deprived | status    |
      | RURAL | 2,500,000 | 3        | POOR      |
      | RURAL | 2,500,001 | 12       | NON_POOR  |
      | URBAN | 3,000,000 | 4        | POOR      |
      | URBAN | 2,800,000 | 0        | NEAR_POOR |

    Examples: the two indicators a 2022 survey was not asked tip it only near the threshold
      | kind  | income    | deprived | status     |
      | RURAL | 2,000,000 | 1        | not judged |
      | RURAL | 2,000,000 | 2        | not judged |
      | RURAL | 1,000,000 | 0        | NEAR_POOR  |

  Scenario: A draft's indicator may be answered by another surveyed indicator
    A 2022 survey asked about telecommunication services; a draft may let that answer stand for
    the digital services the 2027 standard asks about.

    Given the draft's indicator "digital_services" reads the surveyed indicator "telecom"
    When a survey of VN-MDP-2022 in a RURAL commune with an income of 2,000,000 VND and the deprivations employment, telecom is judged
    Then it would be not judged
    And its deprivations under the draft are employment, digital_services
    And the draft's indicators it was not asked are waste_treatment

  Scenario: The national 2027 standard run as a draft gives what its recognition gives
    Given a draft that is VN-MDP-2027 itself
    When a survey of VN-MDP-2027 in a URBAN commune with an income of 2,800,000 VND and 3 deprivations is judged
    Then it would be POOR
    And recognising the same survey under VN-MDP-2027 gives the same status and deprivations

Feature: Household members and their jobs
  As a caseworker keeping a household's members up to date
  I want the head kept until another member is named head, and jobs recorded only for members
  of working age
  So that every household always has a head and the employment target counts working people

  Working age runs from 15 years old up to the statutory retirement age of Decree 135/2020:
  for men 60 years 3 months in 2021, 3 months more each year until 62; for women 55 years
  4 months in 2021, 4 months more each year until 60. The age of a year applies to those who
  reach it in that year, so one who reached 60 (a man) or 55 (a woman) in 2020 does not come
  back to working age in 2021. Someone born on 29 February turns a year older on 28 February
  when the year has no 29 February.

  Scenario: The head cannot be removed while still head
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    When "Nguyễn Văn An" leaves the household on 2024-05-01 as DECEASED
    Then the request is refused with "head-cannot-be-removed" on field "member_id"
    And nothing is recorded
    And the household's head is "Nguyễn Văn An"

  Scenario: Once another member is named head, the former head can leave
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And "Trần Thị Bình" was named head on 2024-05-01
    When "Nguyễn Văn An" leaves the household on 2024-05-02 as DECEASED
    Then the request is accepted
    And the household's head is "Trần Thị Bình"
    And the household's members are "Trần Thị Bình"
    And on 2024-05-01 the household's members are "Nguyễn Văn An", "Trần Thị Bình"

  Scenario: A change of head dated later does not let the head leave earlier
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And "Trần Thị Bình" was named head on 2024-05-10
    When "Nguyễn Văn An" leaves the household on 2024-05-01 as MOVED_OUT
    Then the request is refused with "head-cannot-be-removed" on field "member_id"
    And nothing is recorded

  Scenario: A member who heads the household for a time cannot be recorded as leaving before it
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And "Trần Thị Bình" was named head on 2024-05-01
    And "Nguyễn Văn An" was named head on 2025-03-01
    When "Trần Thị Bình" leaves the household on 2024-01-15 as MOVED_OUT
    Then the request is refused with "head-cannot-be-removed" on field "member_id"
    And nothing is recorded

  Scenario: A backdated change of head cannot name a member who has left since
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And "Trần Thị Bình" left the household on 2024-05-01 as MOVED_OUT
    When "Trần Thị Bình" is named head from 2024-03-01
    Then the request is refused with "member-not-found" on field "member_id"
    And nothing is recorded
    And the household's head is "Nguyễn Văn An"

  Scenario: A member who is not head can leave at any time
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    When "Trần Thị Bình" leaves the household on 2024-05-01 as MOVED_OUT
    Then the request is accepted
    And the household's members are "Nguyễn Văn An"

  Scenario Outline: A job is recorded only for a member of working age
    Given today is 2036-12-31
    And a household registered on 2020-01-01 whose head is a <sex> born on <born>
    When a job for the head starting on <started> is recorded
    Then the job is <verdict>

    Examples: men, 60 years 3 months in 2021, 3 months more each year until 62
      | sex | born       | started    | verdict                          |
      | man | 1961-01-15 | 2021-04-14 | recorded                         |
      | man | 1961-01-15 | 2021-04-15 | refused as not of working age    |
      | man | 1963-10-20 | 2024-10-19 | recorded                         |
      | man | 1963-10-20 | 2024-10-20 | refused as not of working age    |
      | man | 1964-12-01 | 2026-05-31 | recorded                         |
      | man | 1964-12-01 | 2026-06-01 | refused as not of working age    |
      | man | 1966-06-01 | 2028-05-31 | recorded                         |
      | man | 1966-06-01 | 2028-06-01 | refused as not of working age    |
      | man | 1970-05-20 | 2032-05-19 | recorded                         |
      | man | 1970-05-20 | 2032-05-20 | refused as not of working age    |
      | man | 1960-12-10 | 2021-01-10 | refused as not of working age    |

    Examples: women, 55 years 4 months in 2021, 4 months more each year until 60
      | sex   | born       | started    | verdict                       |
      | woman | 1966-01-10 | 2021-05-09 | recorded                      |
      | woman | 1966-01-10 | 2021-05-10 | refused as not of working age |
      | woman | 1972-01-05 | 2030-05-04 | recorded                      |
      | woman | 1972-01-05 | 2030-05-05 | refused as not of working age |
      | woman | 1976-07-01 | 2036-06-30 | recorded                      |
      | woman | 1976-07-01 | 2036-07-01 | refused as not of working age |
      | woman | 1965-10-20 | 2021-02-19 | refused as not of working age |

    Examples: from 15 years old
      | sex   | born       | started    | verdict                       |
      | woman | 2011-06-15 | 2026-06-14 | refused as not of working age |
      | woman | 2011-06-15 | 2026-06-15 | recorded                      |
      | man   | 2008-02-29 | 2023-02-27 | refused as not of working age |
      | man   | 2008-02-29 | 2023-02-28 | recorded                      |

  Scenario: A member whose job is recorded needs it ended before another is recorded
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And a job for "Trần Thị Bình" starting on 2023-01-02 was recorded
    When a job for "Trần Thị Bình" starting on 2024-01-02 is recorded
    Then the request is refused with "already-employed" on field "member_id"
    And nothing is recorded

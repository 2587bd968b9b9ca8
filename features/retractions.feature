Feature: Correcting the record by retraction
  As a caseworker who recorded something wrong
  I want to retract the entry, which stays in the history marked with who retracted it and why
  So that nothing is ever erased and the household's status and figures ignore the mistake

  Scenario: Retracting the latest recognition recomputes the status
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NEAR_POOR on 2023-03-10
    When the caseworker retracts the latest HouseholdClassified entry because "wrong income entered"
    Then the request is accepted
    And the household's status is POOR
    And the latest EscapedPoverty entry is marked retracted because "wrong income entered"

  Scenario: After a retraction the next recognition moves from the status that remains
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NEAR_POOR on 2023-03-10
    And the caseworker retracted the latest HouseholdClassified entry because "wrong income entered"
    When the household is recognised as NON_POOR on 2023-04-01
    Then the transition is ESCAPED
    And the previous status was POOR

  Scenario: Retracting the escape closes the newly-escaped window
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    When the caseworker retracts the latest HouseholdClassified entry because "survey of another household"
    Then the household's status is POOR
    And on 2024-01-01 the household is not newly escaped
    When a NEWLY_ESCAPED loan of 10,000,000 VND over 60 months is disbursed on 2024-01-01
    Then the loan is refused as ineligible

  Scenario: Retracting the raise that ended the window reopens it
    Given a household registered on 2022-01-10
    And the household was recognised as NEAR_POOR on 2022-03-10
    And the household was recognised as NON_POOR on 2023-03-10
    And the household was recognised as NEAR_POOR on 2024-03-10
    When the caseworker retracts the latest HouseholdClassified entry because "income under-reported"
    Then the household's status is NON_POOR
    And on 2024-06-01 the household is newly escaped

  Scenario: Only the latest recognition can be retracted
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the household was recognised as NEAR_POOR on 2023-03-10
    When the caseworker retracts the first HouseholdClassified entry because "wrong decision"
    Then the request is refused with "classification-not-latest" on field "target_version"
    And nothing is recorded
    And the household's status is NEAR_POOR

  Scenario: A survey is retracted only after the recognition that uses it
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    When the caseworker retracts the latest HouseholdSurveyed entry because "wrong household"
    Then the request is refused with "survey-in-use" on field "target_version"
    And nothing is recorded
    When the caseworker retracts the latest HouseholdClassified entry because "wrong household"
    And the caseworker retracts the latest HouseholdSurveyed entry because "wrong household"
    Then the request is accepted
    And the household's status is nothing

  Scenario Outline: Some entries cannot be retracted
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as POOR, NEAR_POOR, POOR
    And a JOB_CREATION loan of 20,000,000 VND over 36 months was disbursed on 2025-06-01
    And the caseworker retracted the latest LoanGranted entry because "duplicate"
    When the caseworker retracts the latest <entry> entry because "trying"
    Then the request is refused with "<code>" on field "target_version"
    And nothing is recorded

    Examples:
      | entry               | code                    |
      | HouseholdRegistered | entry-not-retractable   |
      | EscapedPoverty      | entry-not-retractable   |
      | Relapsed            | entry-not-retractable   |
      | EntryRetracted      | entry-not-retractable   |
      | LoanGranted         | entry-already-retracted |

  Scenario: Retracted entries stay in the history, marked
    Given a household registered on 2022-01-10
    And a JOB_CREATION loan of 20,000,000 VND over 36 months was disbursed on 2022-06-01
    When the caseworker retracts the latest LoanGranted entry because "recorded for the wrong household"
    Then the latest LoanGranted entry is marked retracted because "recorded for the wrong household"
    And the history lists HouseholdRegistered, LoanGranted, EntryRetracted oldest first
    And the household has no loans

  Scenario: A change of head is retracted only after the former head's departure
    Given a household registered on 2022-01-10
    And "Trần Thị Bình" was named head on 2024-05-01
    And "Nguyễn Văn An" left the household on 2024-05-02 as DECEASED
    When the caseworker retracts the latest HeadChanged entry because "wrong member named"
    Then the request is refused with "member-in-use" on field "target_version"
    And nothing is recorded
    When the caseworker retracts the latest MemberRemoved entry because "still alive"
    And the caseworker retracts the latest HeadChanged entry because "wrong member named"
    Then the request is accepted
    And the household's head is "Nguyễn Văn An"

  Scenario: A registration made by mistake is voided, and nothing more is recorded for it
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    When the caseworker voids the registration because "registered twice, see HP-0001"
    Then the request is accepted
    And the household is marked voided because "registered twice, see HP-0001"
    And the history lists HouseholdRegistered, HouseholdSurveyed, HouseholdClassified, RegistrationVoided oldest first
    When a POOR loan of 10,000,000 VND over 60 months is disbursed on 2024-01-01
    Then the request is refused with "household-voided"
    And nothing is recorded

  Scenario: A voiding needs its reason
    Given a household registered on 2022-01-10
    When the caseworker voids the registration because " "
    Then the request is refused with "required" on field "reason"
    And nothing is recorded

  Scenario: Retracting the voiding restores the household as it was
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the caseworker voided the registration because "wrong commune"
    When the caseworker retracts the latest RegistrationVoided entry because "it was the right commune"
    Then the request is accepted
    And the household is not voided
    And the household's status is POOR
    When a POOR loan of 10,000,000 VND over 60 months is disbursed on 2024-01-01
    Then the request is accepted

  Scenario: While voided, no other entry can be retracted
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the caseworker voided the registration because "registered twice"
    When the caseworker retracts the latest HouseholdClassified entry because "trying"
    Then the request is refused with "household-voided"
    And nothing is recorded

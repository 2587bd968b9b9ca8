Feature: Erasing a household's personal data at the request of the people concerned
  Under Law 91/2025/QH15 on personal data protection a household may ask for its personal data
  to be erased. The caseworker records the request; the household's names, citizen ids and
  addresses are destroyed in every entry of its history, while its facts stay and every figure
  stays what it was. The erasure is final: nothing more is recorded for the household.

  Scenario: An erasure takes the names and keeps the facts
    Given a household registered on 2022-01-10 with head "Nguyễn Văn An" and spouse "Trần Thị Bình"
    And the household was recognised as POOR on 2022-03-10
    When the caseworker erases the household's personal data because "Đơn yêu cầu ngày 01/12/2026"
    Then the request is accepted
    And the household's members are "—", "—"
    And the household's status is POOR
    And the history lists HouseholdRegistered, HouseholdSurveyed, HouseholdClassified, PersonalDataErased oldest first

  Scenario: Nothing more is recorded for an erased household
    Given a household registered on 2022-01-10
    And the household was recognised as POOR on 2022-03-10
    And the caseworker erased the household's personal data because "Đơn yêu cầu ngày 01/12/2026"
    When a POOR loan of 10,000,000 VND over 60 months is disbursed on 2024-01-01
    Then the request is refused with "household-erased"
    And nothing is recorded

  Scenario: An erasure cannot be taken back
    Given a household registered on 2022-01-10
    And the caseworker erased the household's personal data because "Đơn yêu cầu ngày 01/12/2026"
    When the caseworker retracts the latest PersonalDataErased entry because "nhầm hộ"
    Then the request is refused with "entry-not-retractable" on field "target_version"
    And nothing is recorded

  Scenario: An erasure needs the request it answers
    Given a household registered on 2022-01-10
    When the caseworker erases the household's personal data because " "
    Then the request is refused with "required" on field "reason"
    And nothing is recorded

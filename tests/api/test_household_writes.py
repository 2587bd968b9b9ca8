"""Every household event of docs/spec/households.md can be recorded through the API, answering
201."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import SPOUSE, Api, Household, registration, survey

LOAN = {
    "loan_id": "L-1",
    "programme": "POOR",
    "amount_vnd": 50_000_000,
    "term_months": 60,
    "purpose": "Chăn nuôi lợn",
    "organisation": "VETERANS_ASSOCIATION",
    "savings_group": "Tổ TK&VV Hội Cựu chiến binh thôn 3",
    "effective_date": "2023-01-10",
}
JOB = {
    "kind": "WAGE_CONTRACT",
    "employer": "Công ty May Hải Phòng",
    "effective_date": "2023-02-01",
}


def reclassify(api: Api, household: Household, year: int, **survey_fields: Any) -> dict[str, Any]:
    """The periodic review of `year` and its recognition on 20 December."""
    survey_id = f"S-{year}"
    body = survey(survey_id=survey_id, effective_date=f"{year}-10-01", **survey_fields)
    api.created(household.path("/surveys"), body)
    decision = {
        "survey_id": survey_id,
        "decision_ref": f"{year}/QĐ-UBND",
        "effective_date": f"{year}-12-20",
    }
    return api.created(household.path("/classifications"), decision)


def test_registering_a_household_answers_its_id_version_and_members_ids_in_order(
    api: Api,
) -> None:
    response = api.post("/api/households", registration())

    assert response.status_code == 201
    answer = response.json()
    assert answer["version"] == 1
    assert response.headers["ETag"] == '"1"'
    assert [m["relationship_to_head"] for m in answer["members"]] == ["HEAD", "SPOUSE", "CHILD"]
    members = api.get(f"/api/households/{answer['id']}").json()["members"]
    assert [m["member_id"] for m in answer["members"]] == [m["member_id"] for m in members]
    assert api.event_types(answer["id"]) == ["HouseholdRegistered"]


def test_a_registrations_answer_names_no_one_since_its_receipt_is_kept(api: Api) -> None:
    answer = api.post("/api/households", registration()).json()

    assert [sorted(m) for m in answer["members"]] == [["member_id", "relationship_to_head"]] * 3


def test_a_write_the_views_have_not_seen_in_time_says_so(
    api: Api, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The projection worker is behind: the survey is recorded, and the answer does not
    claim that the lists and figures already show it."""
    monkeypatch.setattr(api.system.reads, "wait_for", lambda position, timeout=5.0: False)

    response = api.post(household.path("/surveys"), survey())

    assert response.status_code == 201
    assert response.json()["views_behind"] is True
    assert api.event_types(household.id)[-1] == "HouseholdSurveyed"


def test_a_write_the_views_have_seen_says_nothing_of_them(api: Api, household: Household) -> None:
    response = api.post(household.path("/surveys"), survey())

    assert "views_behind" not in response.json()


def test_recording_a_survey_answers_the_classification_it_leads_to(
    api: Api, household: Household
) -> None:
    response = api.post(household.path("/surveys"), survey(survey_id="S-2022"))

    assert response.status_code == 201
    answer = response.json()
    assert answer["survey_id"] == "S-2022"
    assert answer["version"] == 2
    assert answer["preview"]["status"] == "POOR"
    assert answer["preview"]["deprivation_count"] == 4
    assert answer["preview"]["threshold"] == 2_000_000
    assert api.event_types(household.id)[-1] == "HouseholdSurveyed"


def test_recognising_a_status_computes_it_from_the_survey(api: Api, household: Household) -> None:
    api.created(household.path("/surveys"), survey(survey_id="S-2022", income=1_900_000))

    response = api.post(
        household.path("/classifications"),
        {"survey_id": "S-2022", "decision_ref": "15/QĐ-UBND", "effective_date": "2022-12-20"},
    )

    assert response.status_code == 201
    assert response.json()["status"] == "POOR"
    assert response.json()["transition"] == "NEW"
    assert response.json()["previous_status"] is None
    assert api.household(household.id)["status"] == "POOR"


def test_a_recognition_that_lowers_the_level_records_an_escape(
    api: Api, poor_household: Household
) -> None:
    answer = reclassify(api, poor_household, 2023, income=2_500_000, deprived=0)

    assert answer["status"] == "NON_POOR"
    assert answer["classification"]["average_band"] is True
    assert answer["transition"] == "ESCAPED"
    assert answer["newly_escaped_until"] == "2026-12-20"
    assert api.event_types(poor_household.id)[-2:] == ["HouseholdClassified", "EscapedPoverty"]


def test_a_recognition_back_to_a_level_held_before_records_a_relapse(
    api: Api, poor_household: Household
) -> None:
    reclassify(api, poor_household, 2023, income=2_500_000, deprived=0)

    answer = reclassify(api, poor_household, 2024)

    assert answer["transition"] == "RELAPSED"
    assert api.event_types(poor_household.id)[-2:] == ["HouseholdClassified", "Relapsed"]


def test_granting_a_loan_to_a_poor_household(api: Api, poor_household: Household) -> None:
    response = api.post(poor_household.path("/loans"), LOAN)

    assert response.status_code == 201
    assert response.json()["loan_id"] == "L-1"
    [loan] = api.household(poor_household.id)["loans"]
    assert loan["outstanding_vnd"] == 50_000_000
    assert loan["annual_rate_pct"] == "6.6"


def test_repaying_part_of_a_loan_lowers_its_balance(api: Api, poor_household: Household) -> None:
    api.created(poor_household.path("/loans"), LOAN)

    response = api.post(
        poor_household.path("/loans/L-1/repayments"),
        {"amount_vnd": 5_000_000, "effective_date": "2023-07-10"},
    )

    assert response.status_code == 201
    [loan] = api.household(poor_household.id)["loans"]
    assert loan["outstanding_vnd"] == 45_000_000


def test_enrolling_in_a_model(api: Api, household: Household, model_id: str) -> None:
    body = {
        "model_id": model_id,
        "member_ids": [household.head],
        "support_amount_vnd": 10_000_000,
        "effective_date": "2023-03-01",
    }

    response = api.post(household.path("/model-enrolments"), body)

    assert response.status_code == 201
    assert response.json()["model_id"] == model_id
    assert api.event_types(household.id)[-1] == "EnrolledInModel"


def test_recording_vocational_training_for_a_member(api: Api, household: Household) -> None:
    body = {
        "kind": "VOCATIONAL_TRAINING",
        "project": 4,
        "member_id": household.spouse,
        "amount_vnd": 3_000_000,
        "provider": "Trường Trung cấp nghề Hải Phòng",
        "effective_date": "2023-04-01",
    }

    response = api.post(household.path("/supports"), body)

    assert response.status_code == 201
    assert api.event_types(household.id)[-1] == "SupportProvided"


def test_recording_a_job_secured_by_a_member_of_working_age(api: Api, household: Household) -> None:
    response = api.post(household.path("/employment"), {**JOB, "member_id": household.spouse})

    assert response.status_code == 201
    assert api.event_types(household.id)[-1] == "EmploymentSecured"


def test_recording_the_end_of_a_job(api: Api, household: Household) -> None:
    api.created(household.path("/employment"), {**JOB, "member_id": household.spouse})

    response = api.post(
        household.path(f"/employment/{household.spouse}/end"), {"effective_date": "2024-01-31"}
    )

    assert response.status_code == 201
    assert api.event_types(household.id)[-1] == "EmploymentEnded"


def test_recording_a_move_within_the_commune(api: Api, household: Household) -> None:
    body = {
        "commune_code": "11296",
        "village": "Tổ dân phố 5",
        "address": "3 Ngõ 40 Quán Toan",
        "effective_date": "2024-02-01",
    }

    response = api.post(household.path("/moves"), body)

    assert response.status_code == 201
    assert api.household(household.id)["village"] == "Tổ dân phố 5"


def test_adding_a_member_answers_the_new_member_id(api: Api, household: Household) -> None:
    body = {
        "full_name": "Nguyễn Văn Dũng",
        "sex": "M",
        "birth_date": "2024-08-20",
        "relationship_to_head": "CHILD",
        "effective_date": "2024-09-01",
    }

    response = api.post(household.path("/members"), body)

    assert response.status_code == 201
    member_ids = [m["member_id"] for m in api.household(household.id)["members"]]
    assert response.json()["member_id"] in member_ids


def test_removing_a_member(api: Api, household: Household) -> None:
    response = api.post(
        household.path(f"/members/{household.child}/removal"),
        {"reason": "MOVED_OUT", "effective_date": "2024-09-01"},
    )

    assert response.status_code == 201
    member_ids = [m["member_id"] for m in api.household(household.id)["members"]]
    assert household.child not in member_ids


def test_changing_the_head(api: Api, household: Household) -> None:
    response = api.post(
        household.path("/head"), {"member_id": household.spouse, "effective_date": "2024-09-01"}
    )

    assert response.status_code == 201
    [head] = [m for m in api.household(household.id)["members"] if m["is_head"]]
    assert head["full_name"] == SPOUSE["full_name"]


def test_retracting_an_entry_keeps_it_in_the_history_marked(api: Api, household: Household) -> None:
    api.created(household.path("/surveys"), survey())

    response = api.post(
        household.path("/retractions"),
        {"target_version": 2, "reason": "Nhập nhầm thu nhập", "effective_date": "2022-10-02"},
    )

    assert response.status_code == 201
    entries = api.get(household.path("/history")).json()["entries"]
    assert entries[1]["retracted_by"]["reason"] == "Nhập nhầm thu nhập"
    assert entries[2]["type"] == "EntryRetracted"


def test_every_household_event_of_the_domain_can_be_recorded_through_the_api(
    api: Api, poor_household: Household, model_id: str
) -> None:
    h = poor_household
    api.created(h.path("/loans"), LOAN)
    api.created(h.path("/loans/L-1/repayments"), {"amount_vnd": 1, "effective_date": "2023-02-01"})
    api.created(
        h.path("/model-enrolments"),
        {"model_id": model_id, "member_ids": [h.head], "effective_date": "2023-03-01"},
    )
    api.created(h.path("/supports"), {"kind": "HEALTH_INSURANCE", "effective_date": "2023-01-05"})
    api.created(h.path("/employment"), {**JOB, "member_id": h.spouse})
    api.created(h.path(f"/employment/{h.spouse}/end"), {"effective_date": "2023-09-01"})
    reclassify(api, h, 2023, income=2_500_000, deprived=0)
    reclassify(api, h, 2024)
    api.created(
        h.path("/moves"),
        {"commune_code": "11296", "village": "Tổ 9", "effective_date": "2025-01-02"},
    )
    api.created(h.path("/head"), {"member_id": h.spouse, "effective_date": "2025-02-01"})
    api.created(
        h.path(f"/members/{h.head}/removal"), {"reason": "DECEASED", "effective_date": "2025-03-01"}
    )
    api.created(
        h.path("/members"),
        {
            **SPOUSE,
            "full_name": "Trần Văn Em",
            "sex": "M",
            "relationship_to_head": "SIBLING",
            "effective_date": "2025-04-01",
        },
    )
    support_version = api.event_types(h.id).index("SupportProvided") + 1
    api.created(h.path("/retractions"), {"target_version": support_version, "reason": "Ghi trùng"})

    assert set(api.event_types(h.id)) == {
        "HouseholdRegistered", "MemberAdded", "MemberRemoved", "HeadChanged", "HouseholdMoved",
        "HouseholdSurveyed", "HouseholdClassified", "EscapedPoverty", "Relapsed", "LoanGranted",
        "LoanRepaid", "EnrolledInModel", "SupportProvided", "EmploymentSecured",
        "EmploymentEnded", "EntryRetracted",
    }  # fmt: skip

"""The review's decision through the API: the commune's chairman names the households by code,
and one call recognises them all; nobody else may issue it."""

from __future__ import annotations

from domain.standards import catalogue
from tests.api.client import Api, Household

# Phường Quán Toan (11296) went wholly into Phường Hồng An (11602) on 2025-07-01.
COMMUNE = "11602"
REVIEW_2026 = {"kind": "PERIODIC", "effective_date": "2026-10-01", "survey_id": "S-2026"}
DECISION = {
    "decision_ref": "45/QĐ-UBND",
    "signer": "Nguyễn Văn Bình, Chủ tịch UBND phường",
    "effective_date": "2026-11-20",
    "households": ["QT-0001"],
}


def surveyed_in_2026(api: Api, household: Household, income: int) -> None:
    keys = catalogue().get("VN-MDP-2027").keys
    body = {
        **REVIEW_2026,
        "income_per_capita_vnd": income,
        "deprivations": dict.fromkeys(keys, False),
    }
    api.created(f"/api/households/{household.id}/surveys", body)


def test_the_chairman_issues_the_decision_that_recognises_the_households_it_names(
    api: Api, poor_household: Household
) -> None:
    surveyed_in_2026(api, poor_household, 20_000_000)

    answer = api.created(f"/api/communes/{COMMUNE}/decisions", DECISION, who="chairman")

    assert answer["lists"]["escaped_poverty"] == [poor_household.id]
    assert answer["households"][0]["status"] == "NON_POOR"
    recognised = api.household(poor_household.id)["status_decision"]
    assert recognised["decision_ref"] == "45/QĐ-UBND"


def test_a_caseworker_may_not_issue_a_decision(api: Api, poor_household: Household) -> None:
    surveyed_in_2026(api, poor_household, 20_000_000)
    before = api.household(poor_household.id)["version"]

    response = api.post(f"/api/communes/{COMMUNE}/decisions", DECISION, who="caseworker")

    assert response.status_code == 403
    assert api.household(poor_household.id)["version"] == before


def test_a_decision_naming_an_unknown_code_is_refused_naming_the_household(
    api: Api, poor_household: Household
) -> None:
    surveyed_in_2026(api, poor_household, 20_000_000)
    body = {**DECISION, "households": ["QT-0001", "QT-9999"]}

    response = api.post(f"/api/communes/{COMMUNE}/decisions", body, who="chairman")

    assert response.status_code == 422
    assert response.json()["field"] == "households[1]"
    assert api.household(poor_household.id)["status_decision"]["decision_ref"] != "45/QĐ-UBND"


def test_a_chairman_may_not_decide_for_another_commune(api: Api, poor_household: Household) -> None:
    surveyed_in_2026(api, poor_household, 20_000_000)

    response = api.post("/api/communes/11383/decisions", DECISION, who="chairman")

    assert response.status_code == 403
    assert (response.json()["code"], response.json()["field"]) == ("outside-area", "commune_code")

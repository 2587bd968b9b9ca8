"""The review round through the API: the commune's caseworker opens the periodic round and
records its steps, the chairman decides it; each role only its own part, each commune only its
own rounds; a step sent on an old version of the round loses the race."""

from __future__ import annotations

from typing import Any

from domain.standards import catalogue
from tests.api.client import Api, Household

COMMUNE = "11602"  # Phường Hồng An, where Phường Quán Toan's (11296) households count since 2025


def opened(api: Api) -> dict[str, Any]:
    return api.created(f"/api/communes/{COMMUNE}/rounds", {"effective_date": "2026-09-03"})


def surveyed(api: Api, household: Household) -> None:
    keys = catalogue().get("VN-MDP-2027").keys
    body = {
        "kind": "PERIODIC", "effective_date": "2026-10-01", "income_per_capita_vnd": 20_000_000,
        "deprivations": dict.fromkeys(keys, False),
    }  # fmt: skip
    api.created(f"/api/households/{household.id}/surveys", body)


def agreed_and_posted(api: Api, round_id: str) -> dict[str, Any]:
    meeting = {
        "village": "Tổ dân phố 3", "attendance": 40, "minutes_ref": "BB-01",
        "agreed": ["QT-0001"], "effective_date": "2026-10-20",
    }  # fmt: skip
    api.created(f"/api/rounds/{round_id}/meetings", meeting)
    posting = {"places": ["Trụ sở UBND phường"], "effective_date": "2026-10-28"}
    return api.created(f"/api/rounds/{round_id}/posting", posting)


DECISION = {
    "decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình, Chủ tịch UBND phường",
    "effective_date": "2026-11-20",
}  # fmt: skip


def test_the_caseworker_runs_the_round_and_the_chairman_decides_it(
    api: Api, poor_household: Household
) -> None:
    round_id = opened(api)["id"]
    surveyed(api, poor_household)
    posted = agreed_and_posted(api, round_id)

    decided = api.created(f"/api/rounds/{round_id}/decision", DECISION, who="chairman")

    assert posted["posting"]["until"] == "2026-11-02"
    assert decided["lists"]["escaped_poverty"] == [poor_household.id]
    assert decided["round"]["decision"]["number"] == "45/QĐ-UBND"
    assert api.household(poor_household.id)["status_decision"]["decision_ref"] == "45/QĐ-UBND"
    listed = api.get(f"/api/communes/{COMMUNE}/rounds", who="supervisor").json()["items"]
    assert [(r["id"], r["overdue"]) for r in listed] == [(round_id, False)]


def test_a_caseworker_may_not_decide_and_a_chairman_may_not_open(
    api: Api, poor_household: Household
) -> None:
    refused_opening = api.post(
        f"/api/communes/{COMMUNE}/rounds", {"effective_date": "2026-09-03"}, who="chairman"
    )
    round_id = opened(api)["id"]
    surveyed(api, poor_household)
    agreed_and_posted(api, round_id)

    refused_decision = api.post(f"/api/rounds/{round_id}/decision", DECISION, who="caseworker")

    assert (refused_opening.status_code, refused_decision.status_code) == (403, 403)
    assert api.get(f"/api/rounds/{round_id}").json()["decision"] is None


def test_a_round_of_another_commune_does_not_exist_for_the_caller(
    api: Api, poor_household: Household
) -> None:
    round_id = opened(api)["id"]

    read = api.get(f"/api/rounds/{round_id}", who="stranger")
    step = api.post(
        f"/api/rounds/{round_id}/posting",
        {"places": ["Trụ sở"], "effective_date": "2026-10-28"},
        who="stranger",
    )
    listed = api.get(f"/api/communes/{COMMUNE}/rounds", who="stranger")

    assert (read.status_code, step.status_code, listed.status_code) == (404, 404, 404)
    assert read.json()["code"] == "round-not-found"


def test_a_step_sent_on_an_old_version_of_the_round_loses_the_race(
    api: Api, poor_household: Household
) -> None:
    first = opened(api)
    round_id = first["id"]
    posting = {"places": ["Trụ sở"], "effective_date": "2026-10-28"}
    meeting = {
        "village": "Tổ dân phố 3", "attendance": 40, "minutes_ref": "BB-01",
        "agreed": ["QT-0001"], "effective_date": "2026-10-20",
    }  # fmt: skip
    api.created(f"/api/rounds/{round_id}/meetings", meeting)

    lost = api.post(
        f"/api/rounds/{round_id}/posting",
        posting,
        headers={"If-Match": f'"{first["version"]}"'},
    )

    assert lost.status_code == 409
    assert lost.json()["current"]["meetings"][0]["minutes_ref"] == "BB-01"
    assert api.get(f"/api/rounds/{round_id}").json()["posting"] is None

"""A household's members may have everything held about them (Law 91/2025/QH15, Art. 4): the
export gives the household, every entry of its history and the register of why the system
processes their data, and is written in the personal-data read log like every showing."""

from __future__ import annotations

from uuid import UUID

from application.readlog import ReadQuery
from domain.values import ERASED
from tests.api.client import Api, Household
from tests.api.test_rounds import COMMUNE, agreed_and_posted, opened


def test_the_export_holds_the_members_data_and_every_entry_of_the_history(
    api: Api, household: Household
) -> None:
    response = api.get(household.path("/export"))
    exported = response.json()

    shown = api.get(household.path()).json()
    history = api.get(household.path("/history")).json()
    assert exported["household"]["members"] == shown["members"]
    assert exported["history"]["entries"] == history["entries"]
    assert "attachment" in response.headers["content-disposition"]


def test_the_export_says_why_the_data_is_processed_and_how_long_it_is_kept(
    api: Api, household: Household
) -> None:
    register = api.get(household.path("/export")).json()["processing"]

    purposes = {p["id"]: p for p in register["purposes"]}
    assert {"review", "credit", "support", "figures", "audit"} <= set(purposes)
    assert all(p["basis"] and p["retention"] and p["data"] for p in purposes.values())
    assert "91/2025/QH15" in register["law"]


def test_an_export_is_written_in_the_read_log(api: Api, household: Household) -> None:
    api.get(household.path("/export"), who="auditor")

    entries = api.system.readlog.entries(ReadQuery(household_id=UUID(household.id)))["items"]
    assert [(e["username"], e["what"]) for e in entries] == [("auditor", "api:export")]


def test_after_an_erasure_the_export_holds_no_name_and_says_why(
    api: Api, household: Household
) -> None:
    names = {m["full_name"] for m in api.get(household.path()).json()["members"]}
    reason = "Đơn yêu cầu xóa của chủ hộ ngày 01/12/2026"

    api.created(household.path("/erasure"), {"reason": reason})

    exported = api.get(household.path("/export")).json()
    assert {m["full_name"] for m in exported["household"]["members"]} == {ERASED}
    assert exported["household"]["erased"]["reason"] == reason
    assert not [name for name in names if name in str(exported)]


COMPLAINT = {
    "household_code": "QT-0001", "complainant": "Phạm Thị Tố",
    "grounds": "Hộ có xưởng mộc cho thuê", "effective_date": "2026-10-29",
}  # fmt: skip


def complained_about(api: Api) -> str:
    """The household's 2026 round, up to a neighbour's complaint about it, rejected on re-check:
    the round's id."""
    round_id = str(opened(api)["id"])
    agreed_and_posted(api, round_id)
    received = api.created(f"/api/rounds/{round_id}/complaints", COMPLAINT)
    settlement = {"outcome": "REJECTED", "finding": "Xưởng đã bán", "effective_date": "2026-11-02"}
    path = f"/api/rounds/{round_id}/complaints/{received['complaints'][0]['id']}/settlement"
    api.created(path, settlement)
    return round_id


def test_the_export_holds_every_complaint_about_the_household_with_its_words(
    api: Api, poor_household: Household
) -> None:
    round_id = complained_about(api)

    (complaint,) = api.get(poor_household.path("/export")).json()["complaints"]

    assert (complaint["round_id"], complaint["commune_code"]) == (round_id, COMMUNE)
    assert (complaint["complainant"], complaint["grounds"]) == ("Phạm Thị Tố", COMPLAINT["grounds"])
    assert (complaint["outcome"], complaint["finding"]) == ("REJECTED", "Xưởng đã bán")


def test_after_an_erasure_the_exported_complaint_keeps_its_outcome_and_not_its_words(
    api: Api, poor_household: Household
) -> None:
    complained_about(api)

    api.created(poor_household.path("/erasure"), {"reason": "Đơn yêu cầu xóa ngày 01/12/2026"})

    (complaint,) = api.get(poor_household.path("/export")).json()["complaints"]
    words = (complaint["complainant"], complaint["grounds"], complaint["finding"])
    assert (words, complaint["outcome"]) == ((ERASED, ERASED, ERASED), "REJECTED")


def test_reading_a_round_writes_a_line_for_each_household_complained_about(
    api: Api, poor_household: Household
) -> None:
    round_id = complained_about(api)

    api.get(f"/api/rounds/{round_id}", who="supervisor")

    query = ReadQuery(household_id=UUID(poor_household.id))
    entries = api.system.readlog.entries(query)["items"]
    assert [(e["username"], e["what"]) for e in entries] == [("supervisor", "api:round")]


def test_a_complaint_about_an_erased_household_is_refused_and_records_nothing(
    api: Api, poor_household: Household
) -> None:
    round_id = str(opened(api)["id"])
    agreed_and_posted(api, round_id)
    api.created(poor_household.path("/erasure"), {"reason": "Đơn yêu cầu xóa ngày 01/12/2026"})
    version = api.get(f"/api/rounds/{round_id}").json()["version"]

    refused = api.post(f"/api/rounds/{round_id}/complaints", COMPLAINT)

    assert refused.status_code == 422
    assert refused.json()["code"] == "household-key-erased"
    after = api.get(f"/api/rounds/{round_id}").json()
    assert (after["version"], after["complaints"]) == (version, [])

"""The personal-data read log: each read leaves who, when and which household; an auditor of a
district sees only the reads of households in it. On every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from application.commands import Actor
from application.readlog import ReadLog, ReadQuery
from application.system import System

READER = Actor(username="lan", role="caseworker", area_code="11296")
OTHER = Actor(username="minh", role="supervisor", area_code="31")


def test_a_read_is_kept_with_who_when_and_which_household(any_backend: System) -> None:
    log = ReadLog(any_backend.engine)
    household = uuid4()
    before = datetime.now(UTC)

    log.record(READER, household, "11296", "household-page")

    [entry] = log.entries(ReadQuery(household_id=household))["items"]
    assert (entry["username"], entry["role"], entry["what"]) == (
        "lan",
        "caseworker",
        "household-page",
    )
    assert (
        before - timedelta(seconds=5)
        <= datetime.fromisoformat(entry["read_at"])
        <= datetime.now(UTC)
    )


def test_reads_are_listed_newest_first_and_filtered_by_reader(any_backend: System) -> None:
    log = ReadLog(any_backend.engine)
    household = uuid4()
    log.record(READER, household, "11296", "household-page")
    log.record(OTHER, household, "11296", "drill-down")
    log.record(READER, household, "11296", "history")

    everyone = [e["what"] for e in log.entries(ReadQuery(household_id=household))["items"]]
    lan = [e["what"] for e in log.entries(ReadQuery(username="lan"))["items"]]

    assert everyone == ["history", "drill-down", "household-page"]
    assert lan == ["history", "household-page"]


def test_an_area_sees_only_the_reads_of_its_communes(any_backend: System) -> None:
    log = ReadLog(any_backend.engine)
    log.record(READER, uuid4(), "11296", "household-page")
    log.record(READER, uuid4(), "11383", "household-page")

    seen = log.entries(ReadQuery(), communes={"11296", "11299"})["items"]

    assert [e["commune_code"] for e in seen] == ["11296"]

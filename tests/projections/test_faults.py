"""One event the projections cannot apply never stops the read side: it is recorded as a fault
(which event, which projection, why), passed over, and reported by verify; the rest of the log
goes on. The poison events are written around the validation, straight into the store, as a
bug or a hand-edited database would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import ConnectionUnavailableError, StoredEvent
from sqlalchemy.exc import OperationalError

from application.commands import context
from application.readmodels import DirectoryQuery
from application.system import System
from domain.household import Household
from domain.values import Member
from tests.stores.helpers import CASEWORKER, register


def write_around_validation(system: System, topic: str | None = None, **tampered: Any) -> int:
    """A household registration stored as it is, fields tampered after the domain's checks;
    returns its position in the log."""
    head = Member.parse(
        {
            "member_id": "m1",
            "full_name": "Trần Văn Độc",
            "sex": "M",
            "birth_date": "1970-01-01",
            "relationship_to_head": "HEAD",
        }
    )
    household = Household.register(
        household_code="DOC-1",
        commune_code="11296",
        village="Tổ 1",
        address="",
        members=[head],
        flags={},
        by=context(CASEWORKER).recorded(date(2021, 9, 20)),
    )
    (event,) = household.collect_events()
    for name, value in tampered.items():
        object.__setattr__(event, name, value)
    stored = system.store.mapper.to_stored_event(event)
    if topic is not None:
        stored = StoredEvent(stored.originator_id, stored.originator_version, topic, stored.state)
    (position,) = system.store.recorder.insert_events([stored]) or [0]
    return int(position)


def projected_codes(system: System) -> list[str]:
    system.reads.catch_up()
    return [row["household_code"] for row in system.reads.search(DirectoryQuery("31"))["items"]]


def faulted(system: System) -> dict[str, int]:
    return {fault.name: fault.position for fault in system.reads.engine.faults()}


@pytest.mark.slow
def test_an_event_no_projection_can_apply_is_passed_over_and_the_next_household_is_projected(
    any_backend: System,
) -> None:
    poison = write_around_validation(any_backend, members=[{"full_name": "no id"}])
    register(any_backend, "QT-002")
    assert projected_codes(any_backend) == ["QT-002"]
    every = ("directory", "history", "indicators", "surveys")
    assert faulted(any_backend) == dict.fromkeys(every, poison)
    assert any_backend.reads.engine.lowest_position() == any_backend.reads.engine.log.head()


def test_a_fault_names_the_event_its_household_and_the_error(any_backend: System) -> None:
    poison = write_around_validation(any_backend, members=[{"full_name": "no id"}])
    any_backend.reads.catch_up()
    fault = next(f for f in any_backend.reads.engine.faults() if f.name == "directory")
    assert (fault.position, fault.originator_version, fault.topic) == (
        poison,
        1,
        "giamngheo:HouseholdRegistered",
    )
    assert "KeyError" in fault.error


def test_an_event_that_cannot_be_decoded_is_passed_over_by_every_projection(
    any_backend: System,
) -> None:
    register(any_backend, "QT-001")
    poison = write_around_validation(any_backend, topic="giamngheo:NoSuchEvent")
    register(any_backend, "QT-003")
    assert projected_codes(any_backend) == ["QT-001", "QT-003"]
    every = ("directory", "history", "indicators", "places", "surveys")
    assert faulted(any_backend) == dict.fromkeys(every, poison)


def test_a_village_the_database_refuses_does_not_stop_the_worker(any_backend: System) -> None:
    """PostgreSQL refuses a NUL in text and a village longer than its column; SQLite keeps
    both. Either way the households recorded after it are projected."""
    nul = write_around_validation(any_backend, village="v\x00v")
    register(any_backend, "QT-002")
    codes = projected_codes(any_backend)
    assert "QT-002" in codes
    if any_backend.backend.kind == "postgres":
        assert faulted(any_backend)["directory"] == nul
        assert "DOC-1" not in codes


def test_a_lost_connection_stops_the_batch_and_records_no_fault(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(any_backend, "QT-001")
    engine = any_backend.reads.engine

    def lost(*_: Any) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(any_backend.reads.directory, "apply", lost)
    with pytest.raises(OperationalError):
        engine.catch_up()
    assert engine.faults() == []
    assert engine.lowest_position() == 0


def test_an_exhausted_pool_of_the_event_store_stops_the_batch_and_records_no_fault(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache folds a household from the store through the library's own pool; when that
    pool is busy the event is not to blame."""
    register(any_backend, "QT-001")
    engine = any_backend.reads.engine

    def busy(*_: Any) -> None:
        raise ConnectionUnavailableError("Timed out waiting for connection pool semaphore")

    monkeypatch.setattr(any_backend.reads.directory, "apply", busy)
    with pytest.raises(ConnectionUnavailableError):
        engine.catch_up()
    assert engine.faults() == []
    assert engine.lowest_position() == 0


def test_verify_reports_the_events_the_projections_passed_over(any_backend: System) -> None:
    poison = write_around_validation(any_backend, members=[{"full_name": "no id"}])
    report = any_backend.audit.verify(dates=[date(2025, 12, 31)], areas=["31"])
    assert report["projections_ok"] is False
    assert {(f["projection"], f["position"]) for f in report["projection_faults"]} == {
        ("directory", poison),
        ("history", poison),
        ("indicators", poison),
        ("surveys", poison),
    }


def test_a_rebuild_passes_over_the_same_event_and_reports_it_once(any_backend: System) -> None:
    poison = write_around_validation(any_backend, members=[{"full_name": "no id"}])
    register(any_backend, "QT-002")
    any_backend.reads.catch_up()
    any_backend.reads.engine.rebuild("directory")
    assert projected_codes(any_backend) == ["QT-002"]
    directory_faults = [f for f in any_backend.reads.engine.faults() if f.name == "directory"]
    assert [f.position for f in directory_faults] == [poison]

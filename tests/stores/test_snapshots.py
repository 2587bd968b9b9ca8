"""The area registry and the plans are read from their latest snapshot and the events after
it, on SQLite and on PostgreSQL: the same registry as the fold of every event, at any version;
and a snapshot changed behind the system's back is found by verify, which folds again."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from application.infrastructure.store import cursor
from application.system import System
from domain.area_registry import AreaRegistry
from tests.conftest import TODAY


def folded(system: System, aggregate_id: Any, version: int | None = None) -> Any:
    aggregate: Any = None
    for event in system.store.events.get(aggregate_id, lte=version):
        aggregate = event.mutate(aggregate)
    return aggregate


def seen(aggregate: Any) -> tuple[Any, ...]:
    return aggregate.version, aggregate.modified_on, aggregate.snapshot_state()


def test_the_registry_read_from_its_snapshots_is_the_fold_of_its_events(
    any_backend: System,
) -> None:
    registry_id = any_backend.areas.registry_id
    taken = [s.originator_version for s in any_backend.store.snapshots.get(registry_id)]
    read = any_backend.store.repository.get(registry_id)
    assert taken
    assert max(taken) < read.version  # read from a snapshot and the events after it
    assert seen(read) == seen(folded(any_backend, registry_id))


def test_a_new_process_reads_the_registry_from_its_snapshot(any_backend: System) -> None:
    """The snapshot's topic is known to a process that has written nothing (a server's
    second worker, the CLI) as well as to the one that took it."""
    url = any_backend.settings.database_url
    read = (
        "from application.infrastructure.store import Backend, CaseStore\n"
        "from domain.area_registry import AreaRegistry\n"
        f"store = CaseStore(env=dict(Backend.from_url({url!r}).env))\n"
        "print(store.repository.get(AreaRegistry.id_for('31')).version)"
    )
    done = subprocess.run(
        [sys.executable, "-c", read], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.stderr == ""
    assert (
        int(done.stdout) == any_backend.store.repository.get(any_backend.areas.registry_id).version
    )


def test_an_earlier_version_of_the_registry_is_read_from_the_snapshots_before_it(
    any_backend: System,
) -> None:
    registry_id = any_backend.areas.registry_id
    version = 150
    read = any_backend.store.repository.get(registry_id, version=version)
    assert isinstance(read, AreaRegistry)
    assert seen(read) == seen(folded(any_backend, registry_id, version))


def test_verify_finds_the_snapshots_as_the_events_made_them(any_backend: System) -> None:
    report = any_backend.audit.verify(dates=[TODAY])
    assert report["snapshots_ok"] is True
    assert report["snapshot_differences"] == []


def test_a_snapshot_changed_behind_the_systems_back_is_found_by_verify(
    any_backend: System,
) -> None:
    registry_id = any_backend.areas.registry_id
    recorder: Any = any_backend.store.snapshots.recorder
    table = recorder.events_table_name
    if any_backend.backend.kind == "postgres":
        table = f'"{any_backend.backend.schema}"."{table}"'
    mark = "%s" if any_backend.backend.kind == "postgres" else "?"
    earlier = recorder.select_events(registry_id, lte=100)[-1]
    with cursor(any_backend.store, commit=True) as curs:  # an older state put in a later row
        curs.execute(
            f"UPDATE {table} SET state = {mark} WHERE originator_version = {mark}",
            (earlier.state, 200),
        )

    report = any_backend.audit.verify(dates=[TODAY])

    assert report["snapshots_ok"] is False
    assert report["snapshot_differences"] == [
        {
            "aggregate_id": str(registry_id),
            "version": 200,
            "problem": "state differs from the events",
        }
    ]

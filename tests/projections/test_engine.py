"""The projection engine applies each event once, even across failures and rebuilds."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import Connection, func, inspect, select, text
from sqlalchemy.exc import OperationalError

from application.readmodels import DirectoryQuery
from application.system import System
from projections.engine import ProjectionRaceError
from projections.log import Positioned
from tests.stores.helpers import register


def directory_count(system: System) -> int:
    table = system.reads.directory.table(system.reads.generation("directory"))
    with system.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_batch_that_fails_leaves_the_position_and_the_rows_as_they_were(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(any_backend, "QT-001")
    engine = any_backend.reads.engine
    original = any_backend.reads.directory.apply

    def crash(conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        original(conn, generation, events)
        raise OperationalError("INSERT", {}, ConnectionError("connection lost mid-batch"))

    monkeypatch.setattr(any_backend.reads.directory, "apply", crash)
    with pytest.raises(OperationalError):
        engine.catch_up()
    assert directory_count(any_backend) == 0
    assert engine.lowest_position() == 0
    monkeypatch.setattr(any_backend.reads.directory, "apply", original)
    engine.catch_up()
    assert directory_count(any_backend) == 1
    assert engine.lowest_position() == engine.log.head()


def test_a_second_instance_that_moves_a_position_first_stops_the_other(
    any_backend: System,
) -> None:
    register(any_backend, "QT-001")
    engine = any_backend.reads.engine
    generation = any_backend.reads.generation("directory")
    with any_backend.engine.begin() as conn:
        engine.move(conn, "directory", generation, 0, 1)
    with pytest.raises(ProjectionRaceError), any_backend.engine.begin() as conn:
        engine.move(conn, "directory", generation, 0, engine.log.head())


def test_a_rebuild_gives_the_same_rows_under_a_new_generation(any_backend: System) -> None:
    for code in ("QT-001", "QT-002", "QT-003"):
        register(any_backend, code)
    any_backend.reads.catch_up()
    before = any_backend.reads.search(DirectoryQuery("31"))
    old = any_backend.reads.generation("directory")
    new = any_backend.reads.engine.rebuild("directory")
    assert new == old + 1
    assert any_backend.reads.generation("directory") == new
    after = any_backend.reads.search(DirectoryQuery("31"))
    assert after == before


def test_opening_a_view_made_before_an_index_existed_adds_the_index(any_backend: System) -> None:
    engine = any_backend.reads.engine
    name = f"ix_indicator_rows_g{any_backend.reads.generation('indicators')}_owner_open"
    with any_backend.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX {name}"))
    assert name not in indexes_of_rows(any_backend)

    engine.setup()

    assert name in indexes_of_rows(any_backend)


def indexes_of_rows(system: System) -> set[str]:
    rows, _ = system.reads.indicators.tables(system.reads.generation("indicators"))
    with system.engine.connect() as conn:
        found = inspect(conn).get_indexes(rows.name, schema=rows.schema)
    return {str(index["name"]) for index in found}


def test_a_view_written_in_an_earlier_shape_is_rebuilt_at_start(any_backend: System) -> None:
    for code in ("QT-001", "QT-002"):
        register(any_backend, code)
    any_backend.reads.catch_up()
    table = any_backend.reads.directory.table(any_backend.reads.generation("directory"))
    with any_backend.engine.begin() as conn:  # the directory before it kept where households are
        for index in ("place", "place_voided"):
            conn.execute(text(f"DROP INDEX ix_{table.name}_{index}"))
        conn.execute(text(f"ALTER TABLE {table.name} DROP COLUMN place"))

    any_backend.reads.engine.setup()
    any_backend.reads.catch_up()

    assert directory_count(any_backend) == 2
    assert any_backend.reads.search(DirectoryQuery("31"))["total"] == 2


def test_a_view_derived_by_an_earlier_revision_of_its_rules_is_rebuilt_at_start(
    any_backend: System,
) -> None:
    for code in ("QT-001", "QT-002"):
        register(any_backend, code)
    any_backend.reads.catch_up()
    table = any_backend.reads.directory.table(any_backend.reads.generation("directory"))
    with any_backend.engine.begin() as conn:  # a row the earlier rules derived, these do not
        conn.execute(table.delete().where(table.c.household_code == "QT-002"))
    engine = any_backend.reads.engine
    engine.record_revision("directory", any_backend.reads.generation("directory"), 0)

    engine.setup()
    any_backend.reads.catch_up()

    assert directory_count(any_backend) == 2
    generation = any_backend.reads.generation("directory")
    assert engine.revision("directory", generation) == any_backend.reads.directory.revision


def test_a_view_of_the_present_revision_is_kept_at_start(any_backend: System) -> None:
    register(any_backend, "QT-001")
    any_backend.reads.catch_up()
    table = any_backend.reads.directory.table(any_backend.reads.generation("directory"))
    with any_backend.engine.begin() as conn:
        conn.execute(table.delete())

    any_backend.reads.engine.setup()
    any_backend.reads.catch_up()

    assert directory_count(any_backend) == 0

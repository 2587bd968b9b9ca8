"""Events are append-only in the database itself: the store's own connection cannot update,
delete or (on PostgreSQL) truncate the event table."""

from __future__ import annotations

import pytest

from application.infrastructure.store import PG_EVENTS_TABLE, SQLITE_EVENTS_TABLE, cursor
from application.system import System
from tests.stores.helpers import register


def table(system: System) -> str:
    if system.backend.kind == "postgres":
        return f'"{system.backend.schema}"."{PG_EVENTS_TABLE}"'
    return SQLITE_EVENTS_TABLE


STATEMENTS = {
    "update": "UPDATE {table} SET topic = 'tampered'",
    "delete": "DELETE FROM {table}",
}


def count(system: System) -> int:
    with cursor(system.store) as curs:
        curs.execute(f"SELECT COUNT(*) AS n FROM {table(system)}")
        row = curs.fetchone()
        return int(row["n"] if isinstance(row, dict) else row[0])


@pytest.mark.parametrize("statement", sorted(STATEMENTS))
def test_changing_stored_events_is_refused(any_backend: System, statement: str) -> None:
    register(any_backend)
    before = count(any_backend)
    with (
        pytest.raises(Exception, match="append-only"),
        cursor(any_backend.store, commit=True) as curs,
    ):
        curs.execute(STATEMENTS[statement].format(table=table(any_backend)))
    assert count(any_backend) == before


@pytest.mark.postgres
@pytest.mark.parametrize("any_backend", ["postgres"], indirect=True)
def test_truncating_the_event_table_is_refused_on_postgres(any_backend: System) -> None:
    register(any_backend)
    with (
        pytest.raises(Exception, match="append-only"),
        cursor(any_backend.store, commit=True) as curs,
    ):
        curs.execute(f"TRUNCATE {table(any_backend)}")
    assert count(any_backend) > 0

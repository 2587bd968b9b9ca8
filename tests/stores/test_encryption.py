"""Events are encrypted at rest when GIAMNGHEO_CIPHER_KEY is set, and readable by the application
with the key; the names and citizen ids inside them are sealed under the household's own key
with or without it (docs/spec/personal-data.md)."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.infrastructure.settings import Settings
from application.infrastructure.store import cursor
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import HEAD_ID, HEAD_NAME, register
from tests.stores.test_append_only import table

VILLAGE = "Thôn Đông Sơn"


def raw_states(system: System) -> bytes:
    """The stored events' states, in the log's order."""
    position = "notification_id" if system.backend.kind == "postgres" else "rowid"
    with cursor(system.store) as curs:
        curs.execute(f"SELECT state FROM {table(system)} ORDER BY {position}")
        rows = curs.fetchall()
    return b"".join(bytes(r["state"] if isinstance(r, dict) else r[0]) for r in rows)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as opened:
        yield opened


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_an_events_facts_are_readable_in_the_table_only_without_a_key(
    url: str, encrypted: bool
) -> None:
    key = base64.b64encode(os.urandom(32)).decode() if encrypted else None
    system = System.open(Settings(database_url=url, cipher_key=key), today=lambda: TODAY)
    try:
        household_id = register(system, village=VILLAGE)
        assert system.households.get(household_id)["village"] == VILLAGE
        assert (VILLAGE.encode() in raw_states(system)) is not encrypted
    finally:
        system.close()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_names_and_citizen_ids_are_never_readable_in_the_table(url: str, encrypted: bool) -> None:
    key = base64.b64encode(os.urandom(32)).decode() if encrypted else None
    system = System.open(Settings(database_url=url, cipher_key=key), today=lambda: TODAY)
    try:
        household_id = register(system)
        [head, _] = system.households.get(household_id)["members"]
        assert (head["full_name"], head["national_id"]) == (HEAD_NAME, HEAD_ID)
        stored = raw_states(system)
        assert HEAD_NAME.encode() not in stored
        assert HEAD_ID.encode() not in stored
    finally:
        system.close()

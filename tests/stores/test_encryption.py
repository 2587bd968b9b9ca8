"""Personal data is encrypted at rest when GIAMNGHEO_CIPHER_KEY is set, and readable by the
application with the key."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.settings import Settings
from application.store import cursor
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import HEAD_NAME, register
from tests.stores.test_append_only import table


def raw_states(system: System) -> bytes:
    with cursor(system.store) as curs:
        curs.execute(f"SELECT state FROM {table(system)}")
        rows = curs.fetchall()
    return b"".join(bytes(r["state"] if isinstance(r, dict) else r[0]) for r in rows)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as opened:
        yield opened


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_names_are_readable_in_the_table_only_without_a_key(url: str, encrypted: bool) -> None:
    key = base64.b64encode(os.urandom(32)).decode() if encrypted else None
    system = System.open(Settings(database_url=url, cipher_key=key), today=lambda: TODAY)
    try:
        household_id = register(system)
        assert system.households.get(household_id)["members"][0]["full_name"] == HEAD_NAME
        assert (HEAD_NAME.encode() in raw_states(system)) is not encrypted
    finally:
        system.close()

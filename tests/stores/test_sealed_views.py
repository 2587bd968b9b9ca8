"""With GIAMNGHEO_CIPHER_KEY set, the personal text the views copy from the events (names,
village, address, history lines) is sealed too: no table of the database holds it in plain
text, while search by name or village and every list still work for the user — on SQLite and
PostgreSQL alike (issue 13's probe found it in plain text beside encrypted events)."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from application import inputs
from application.commands import context
from application.infrastructure.keys import KeyRow
from application.infrastructure.settings import Settings
from application.readmodels import DirectoryQuery
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import CASEWORKER, HEAD_NAME, register
from tests.stores.test_append_only import table

KEY = base64.b64encode(os.urandom(32)).decode()
SPOUSE = "Phạm Thị Lan"
VILLAGE = "Tổ dân phố 3"
ADDRESS = "12 Đường Quán Toan"
REASON = "Nhập nhầm địa chỉ nhà bà Lan"


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as opened:
        yield opened


def opened(url: str, key: str | None) -> System:
    return System.open(Settings(database_url=url, cipher_key=key), today=lambda: TODAY)


@pytest.fixture
def sealed(url: str) -> Iterator[tuple[System, str]]:
    """A household registered and moved, the move retracted, with the key set; its id."""
    system = opened(url, KEY)
    household_id = register(system, address=ADDRESS)
    moved = system.households.move(
        context(CASEWORKER),
        household_id,
        inputs.MoveHousehold.parse(
            {"commune_code": "11296", "village": "Tổ dân phố 4", "effective_date": "2022-03-01"}
        ),
    )
    system.households.retract(
        context(CASEWORKER),
        household_id,
        inputs.Retract.parse(
            {
                "target_version": moved.answer["version"],
                "reason": REASON,
                "effective_date": "2022-03-02",
            }
        ),
    )
    system.reads.engine.catch_up()  # on PostgreSQL too: no worker runs in a test
    yield system, household_id
    system.close()


def every_stored_text(system: System) -> str:
    """Every value of every table but the (encrypted) event table, as text."""
    schema = system.backend.schema if system.backend.kind == "postgres" else None
    events = table(system).split(".")[-1].strip('"')
    found: list[str] = []
    with system.engine.connect() as conn:
        for name in inspect(conn).get_table_names(schema=schema):
            if name == events:
                continue
            stored = Table(name, MetaData(), autoload_with=conn, schema=schema)
            for row in conn.execute(select(stored)):
                found.extend(
                    bytes(v).decode(errors="ignore")
                    if isinstance(v, bytes | memoryview)
                    else str(v)
                    for v in row
                )
    return "\n".join(found)


@pytest.mark.parametrize("plain", [HEAD_NAME, SPOUSE, VILLAGE, ADDRESS, REASON])
def test_no_table_holds_a_households_personal_text_in_plain(
    sealed: tuple[System, str], plain: str
) -> None:
    system, _ = sealed
    assert plain not in every_stored_text(system)


@pytest.mark.parametrize("typed", ["nguyen van duc", "Đức", "phạm th", "to dan pho", "QT-0"])
def test_search_finds_the_household_by_the_beginnings_of_its_words(
    sealed: tuple[System, str], typed: str
) -> None:
    system, household_id = sealed
    found = system.reads.search(DirectoryQuery(area="11296", q=typed))["items"]
    assert [item["id"] for item in found] == [household_id]


@pytest.mark.parametrize("typed", ["guyen", "van dux", "Tuấn"])
def test_search_under_the_key_matches_no_middle_of_a_word_and_no_other_word(
    sealed: tuple[System, str], typed: str
) -> None:
    system, _ = sealed
    assert system.reads.search(DirectoryQuery(area="11296", q=typed))["total"] == 0


def test_the_list_shows_the_heads_name_and_the_village_in_plain(
    sealed: tuple[System, str],
) -> None:
    system, _ = sealed
    [item] = system.reads.search(DirectoryQuery(area="11296"))["items"]
    assert (item["head_name"], item["village"]) == (HEAD_NAME, VILLAGE)


def test_catching_up_opens_the_keys_of_a_page_of_households_in_one_read(url: str) -> None:
    writer = opened(url, None)
    for number in range(1, 6):
        register(writer, code=f"QT-00{number}")
    writer.close()
    system = opened(url, None)  # a new process: no household's key held yet
    reads: list[list[str]] = []
    table = system.store.keys.table
    read = table.read

    def counted(names: Iterable[str]) -> dict[str, KeyRow]:
        reads.append(list(names))
        return read(reads[-1])

    table.read = counted  # type: ignore[method-assign]
    system.reads.engine.catch_up()
    system.close()
    assert [len(names) for names in reads] == [5]

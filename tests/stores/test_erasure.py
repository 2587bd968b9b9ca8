"""Erasure at the data subject's request (Law 91/2025/QH15; docs/spec/personal-data.md): the
household's key is destroyed, so its names, citizen ids and addresses are gone from every table
of the store, the events' included, while every event stays as it was written and every figure
stays what it was — on SQLite and PostgreSQL, with or without the master key."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from application import inputs
from application.commands import CommandContext, context
from application.demo import load_demo
from application.infrastructure.settings import Settings
from application.system import System
from domain.errors import RuleViolationError
from domain.review_round import ReviewRound
from domain.values import ERASED
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import CASEWORKER, survey_body
from tests.stores.test_backup_restore import every_figure
from tests.stores.test_encryption import raw_states

HEAD = "Lưu Thị Hoà Bình"
CHILD = "Lưu Minh Khôi"
CITIZEN_ID = "031199007777"
ADDRESSES = ("Số 77 ngõ Trại Cau", "Số 9 đường Lạch Tray")
# A neighbour's complaint about the household's result, and the commune's re-check of it.
COMPLAINT = ("Trịnh Văn Khiếu", "Hộ bà Bình mới mua xe tải", "Xe tải của con rể bà Bình")
PERSONAL = (HEAD, CHILD, CITIZEN_ID, *ADDRESSES, *COMPLAINT)
REASON = "Đơn yêu cầu xóa của bà Bình ngày 01/12/2026"


@dataclass
class Erased:
    system: System
    household_id: str
    figures: dict[Any, Any]
    entries: list[dict[str, Any]]
    states: bytes  # the stored events as they were before the erasure


def opened(url: str, key: str | None) -> System:
    return System.open(Settings(database_url=url, cipher_key=key), today=lambda: TODAY)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=["plain", "master key"])
def key(request: pytest.FixtureRequest) -> str | None:
    return base64.b64encode(os.urandom(32)).decode() if request.param == "master key" else None


def keyed() -> CommandContext:
    """A command as the web sends it, with an idempotency key (its answer is kept)."""
    return context(CASEWORKER, idempotency_key=str(uuid4()))


def recorded(system: System) -> str:
    """A poor household among a small demo city: registered, moved, a child added, and a
    neighbour's complaint about it in the 2026 review, re-checked; each command as the web
    sends it."""
    household_id = poor_household(system)
    round_id, complaint = complaint_open(system)
    system.rounds.settle_complaint(keyed(), round_id, complaint, inputs.SettleComplaint.parse(
        {"outcome": "REJECTED", "finding": COMPLAINT[2], "effective_date": "2026-10-28"}
    ))  # fmt: skip
    return household_id


def poor_household(system: System) -> str:
    """The household, registered, moved, a child added, surveyed and recognised poor."""
    load_demo(system, 10, seed=5)
    member = {"sex": "F", "birth_date": "1980-03-08", "relationship_to_head": "HEAD"}
    body = {
        "household_code": "QT-077", "commune_code": "11296", "village": "Tổ dân phố 5",
        "address": ADDRESSES[0], "effective_date": "2021-09-20",
        "members": [{**member, "full_name": HEAD, "national_id": CITIZEN_ID}],
    }  # fmt: skip
    household_id = str(
        system.households.register(keyed(), inputs.RegisterHousehold.parse(body)).answer["id"]
    )
    households = system.households
    households.move(
        keyed(),
        household_id,
        inputs.MoveHousehold.parse({"commune_code": "11296", "village": "Tổ dân phố 5",
                                    "address": ADDRESSES[1], "effective_date": "2022-03-01"}),
    )  # fmt: skip
    households.add_member(
        keyed(),
        household_id,
        inputs.AddMember.parse({"full_name": CHILD, "sex": "M", "birth_date": "2023-02-01",
         "relationship_to_head": "CHILD", "effective_date": "2023-02-10"}),
    )  # fmt: skip
    survey = households.record_survey(
        keyed(), household_id, inputs.RecordSurvey.parse(survey_body(900_000, 4, "2023-10-15"))
    )
    households.classify(
        keyed(),
        household_id,
        inputs.Classify.parse({"survey_id": survey.answer["survey_id"], "decision_ref": "9/QĐ-UBND",
         "effective_date": "2023-12-20"}),
    )  # fmt: skip
    return household_id


def complaint_open(system: System) -> tuple[str, str]:
    """The 2026 round of the household's commune, up to a complaint about it received: the
    round's id and the complaint's."""
    system.reads.catch_up()  # the round lists the commune's households from the views
    rounds = system.rounds
    opened = rounds.open_periodic(
        keyed(), "11602", inputs.OpenRound.parse({"effective_date": "2026-09-03"})
    )
    round_id = str(opened.answer["id"])
    rounds.hold_meeting(keyed(), round_id, inputs.HoldMeeting.parse({
        "village": "Tổ dân phố 5", "attendance": 31, "minutes_ref": "BB-05/2026",
        "agreed": ["QT-077"], "effective_date": "2026-10-20",
    }))  # fmt: skip
    rounds.post_list(keyed(), round_id, inputs.PostList.parse(
        {"places": ["Nhà văn hóa tổ dân phố 5"], "effective_date": "2026-10-22"}
    ))  # fmt: skip
    complainant, grounds, _finding = COMPLAINT
    complaint = rounds.receive_complaint(keyed(), round_id, inputs.ReceiveComplaint.parse({
        "household_code": "QT-077", "complainant": complainant, "grounds": grounds,
        "effective_date": "2026-10-23",
    })).answer["complaints"][0]["id"]  # fmt: skip
    return round_id, str(complaint)


@pytest.fixture
def erased(url: str, key: str | None) -> Iterator[Erased]:
    system = opened(url, key)
    household_id = recorded(system)
    system.reads.catch_up()
    before = Erased(
        system,
        household_id,
        every_figure(system),
        system.households.history(household_id)["entries"],
        raw_states(system),
    )
    system.households.erase_personal_data(
        context(CASEWORKER), household_id, inputs.ErasePersonalData.parse({"reason": REASON})
    )
    system.reads.catch_up()
    yield before
    system.close()


def every_stored_byte(system: System) -> bytes:
    """Every value of every table of the store's database, the events' included."""
    schema = system.backend.schema if system.backend.kind == "postgres" else None
    found: list[bytes] = []
    with system.engine.connect() as conn:
        for name in inspect(conn).get_table_names(schema=schema):
            stored = Table(name, MetaData(), autoload_with=conn, schema=schema)
            for row in conn.execute(select(stored)):
                found.extend(
                    bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row
                )
    return b"\n".join(found)


def complaint_of(system: System) -> dict[str, Any]:
    """The complaint as the round's page reads it."""
    round_id = str(ReviewRound.periodic_id("11602", 2026))
    (complaint,) = system.rounds.get(round_id, CASEWORKER.area_code)["complaints"]
    return complaint


def test_before_the_erasure_the_household_reads_with_its_names(url: str) -> None:
    system = opened(url, None)
    try:
        household_id = recorded(system)
        names = {m["full_name"] for m in system.households.get(household_id)["members"]}
        assert names == {HEAD, CHILD}
        complaint = complaint_of(system)
        assert (complaint["complainant"], complaint["grounds"], complaint["finding"]) == COMPLAINT
    finally:
        system.close()


@pytest.mark.parametrize("plain", PERSONAL)
def test_no_table_holds_an_erased_name_citizen_id_or_address(erased: Erased, plain: str) -> None:
    assert plain.encode() not in every_stored_byte(erased.system)


def test_the_sqlite_file_holds_none_of_them_once_closed(tmp_path: Path, key: str | None) -> None:
    path = tmp_path / "erased.db"
    system = opened(f"sqlite:///{path}", key)
    household_id = recorded(system)
    system.reads.catch_up()
    system.households.erase_personal_data(
        context(CASEWORKER), household_id, inputs.ErasePersonalData.parse({"reason": REASON})
    )
    system.reads.catch_up()
    system.close()

    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("erased"))
    assert [p for p in PERSONAL if p.encode() in written] == []


def test_the_household_reads_its_facts_with_the_names_erased(erased: Erased) -> None:
    household = erased.system.households.get(erased.household_id)
    assert {m["full_name"] for m in household["members"]} == {ERASED}
    assert (household["address"], household["village"]) == (ERASED, "Tổ dân phố 5")
    assert household["status"] == "POOR"
    assert household["erased"]["reason"] == REASON


def test_the_round_reads_the_complaint_about_it_as_settled_with_its_words_erased(
    erased: Erased,
) -> None:
    complaint = complaint_of(erased.system)
    assert (complaint["complainant"], complaint["grounds"], complaint["finding"]) == (ERASED,) * 3
    assert (complaint["household_code"], complaint["outcome"]) == ("QT-077", "REJECTED")


def test_every_figure_is_what_it_was_and_equals_a_replay(erased: Erased) -> None:
    system = erased.system
    assert every_figure(system) == erased.figures
    assert system.audit.verify(dates=[date(2023, 12, 31), TODAY])["differences"] == []


def test_the_history_keeps_every_entry_and_ends_with_the_erasure(erased: Erased) -> None:
    entries = erased.system.households.history(erased.household_id)["entries"]
    assert [e["version"] for e in entries[:-1]] == [e["version"] for e in erased.entries]
    assert entries[-1]["type"] == "PersonalDataErased"
    assert not [e for e in entries if any(p in e["summary"] for p in PERSONAL)]


def test_no_stored_event_was_altered_and_the_chain_holds(erased: Erased) -> None:
    assert raw_states(erased.system).startswith(erased.states)
    assert erased.system.integrity.status()["integrity_ok"] is True


def test_a_process_that_held_the_key_reads_the_erasure_once_it_follows_the_log(
    url: str, key: str | None
) -> None:
    writer = opened(url, key)
    household_id = recorded(writer)
    reader = opened(url, key)
    try:
        assert reader.households.get(household_id)["members"][0]["full_name"] == HEAD
        writer.households.erase_personal_data(
            context(CASEWORKER), household_id, inputs.ErasePersonalData.parse({"reason": REASON})
        )
        reader.reads.catch_up()
        assert reader.households.get(household_id)["members"][0]["full_name"] == ERASED
    finally:
        reader.close()
        writer.close()


def test_nothing_more_is_recorded_for_an_erased_household(erased: Erased) -> None:
    with pytest.raises(RuleViolationError) as refused:
        erased.system.households.add_member(
            context(CASEWORKER),
            erased.household_id,
            inputs.AddMember.parse({"full_name": "Lưu Văn Mới", "sex": "M",
                                    "birth_date": "2026-11-01", "relationship_to_head": "CHILD",
                                    "effective_date": "2026-11-20"}),
        )  # fmt: skip
    assert refused.value.code == "household-erased"

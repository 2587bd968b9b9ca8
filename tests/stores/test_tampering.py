"""R5: tampering with the stored events, as a table. Each kind of change is made behind the
system's back (the append-only guards switched off, as a database superuser could) at 20
positions spread over a log covered by two signed checkpoints, on SQLite and on PostgreSQL.
Every change must be detected and located (to its row, or to the signed block of chain values
it lies in when those were rewritten with it); the next checkpoint must refuse to sign over it;
and once the change is undone the chain must be clean again (no false alarm). The table is
printed for docs/reliability.md; each run is one backend's row per kind."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, insert, select, update

from application import inputs
from application.commands import context
from application.infrastructure.store import cursor
from application.integrity import (
    GENESIS,
    ChainBrokenError,
    IntegrityService,
    integrity_checkpoints,
    integrity_links,
    link,
    message,
    pack,
    read_kept,
    unpack,
)
from application.system import System
from tests.stores.helpers import CASEWORKER, register, survey_body
from tests.stores.test_append_only import table

POSITIONS = 20
KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
ATTACKER = Ed25519PrivateKey.generate()
OFFSET = 10**9

Undo = Callable[[], None]


def integrity(system: System) -> IntegrityService:
    return IntegrityService(system.store, system.backend, system.engine, KEY)


class Superuser:
    """Raw statements on the event table with its append-only guards off."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.postgres = system.backend.kind == "postgres"
        self.position = "notification_id" if self.postgres else "rowid"
        self.table = table(system)
        if self.postgres:
            self.run(f"ALTER TABLE {self.table} DISABLE TRIGGER ALL")
        else:
            self.run("DROP TRIGGER IF EXISTS giamngheo_no_update")
            self.run("DROP TRIGGER IF EXISTS giamngheo_no_delete")

    def run(self, sql: str, *params: Any) -> None:
        with cursor(self.system.store, commit=True) as curs:
            curs.execute(sql.replace("?", "%s") if self.postgres else sql, params)

    def query(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        with cursor(self.system.store) as curs:
            curs.execute(sql.replace("?", "%s") if self.postgres else sql, params)
            return [dict(row) for row in curs.fetchall()]

    def rows(self, first: int, last: int = OFFSET) -> list[dict[str, Any]]:
        return self.query(
            f"SELECT {self.position} AS position, originator_id, originator_version, topic, "
            f"state FROM {self.table} WHERE {self.position} BETWEEN ? AND ? "
            f"ORDER BY {self.position}",
            first,
            last,
        )

    def last(self) -> int:
        return int(self.query(f"SELECT MAX({self.position}) AS n FROM {self.table}")[0]["n"])

    def put(self, row: dict[str, Any]) -> None:
        self.run(
            f"INSERT INTO {self.table} ({self.position}, originator_id, originator_version, "
            "topic, state) VALUES (?, ?, ?, ?, ?)",
            row["position"],
            row["originator_id"],
            row["originator_version"],
            row["topic"],
            row["state"],
        )

    def set(self, position: int, column: str, value: object) -> None:
        self.run(f"UPDATE {self.table} SET {column} = ? WHERE {self.position} = ?", value, position)

    def move(self, source: int, target: int) -> None:
        self.set(source, self.position, target)

    def delete_from(self, first: int, last: int) -> None:
        self.run(f"DELETE FROM {self.table} WHERE {self.position} BETWEEN ? AND ?", first, last)

    def shift(self, first: int, by: int) -> None:
        """Renumber every row from a position on, in two steps so no two rows meet."""
        at = self.position
        self.run(f"UPDATE {self.table} SET {at} = {at} + ? WHERE {at} >= ?", OFFSET, first)
        self.run(f"UPDATE {self.table} SET {at} = {at} - ? WHERE {at} >= ?", OFFSET - by, OFFSET)


def flipped(state: object) -> bytes:
    data = bytes(state)  # type: ignore[call-overload]
    return data[:-1] + bytes([data[-1] ^ 1])


# ---- the kinds of tampering: each makes its change and answers how to undo it ----------------


def altered(column: str) -> Callable[[Superuser, System, int], Undo]:
    def tamper(db: Superuser, system: System, position: int) -> Undo:
        [row] = db.rows(position, position)
        value = {
            "state": flipped(row["state"]),
            "topic": "giamngheo:HouseholdVoided",
            "originator_version": row["originator_version"] + 10**6,
        }[column]
        db.set(position, column, value)
        return lambda: db.set(position, column, row[column])

    return tamper


def swapped(db: Superuser, system: System, position: int) -> Undo:
    other = position + 1 if position < db.last() else position - 1

    def swap() -> None:
        db.move(position, OFFSET)
        db.move(other, position)
        db.move(OFFSET, other)

    swap()
    return swap


def deleted(db: Superuser, system: System, position: int) -> Undo:
    [row] = db.rows(position, position)
    db.delete_from(position, position)
    return lambda: db.put(row)


def inserted(db: Superuser, system: System, position: int) -> Undo:
    """A made-up event slipped in before the row at the position, the rest renumbered."""
    [row] = db.rows(position, position)
    db.shift(position, 1)
    db.put({**row, "position": position, "originator_id": uuid4().hex, "originator_version": 1})

    def undo() -> None:
        db.delete_from(position, position)
        db.shift(position + 1, -1)

    return undo


def truncated(db: Superuser, system: System, position: int) -> Undo:
    tail = db.rows(position)
    db.delete_from(position, OFFSET)

    def undo() -> None:
        for row in tail:
            db.put(row)

    return undo


def renumbered(db: Superuser, system: System, position: int) -> Undo:
    """The row moved past the end of the log."""
    end = db.last() + 1
    db.move(position, end)
    return lambda: db.move(end, position)


def rehashed(keep_block_signatures: bool) -> Callable[[Superuser, System, int], Undo]:
    """A state altered, then every chain value and checkpoint hash recomputed to cover it (the
    signatures cannot be made again without the key; left as they were, or removed)."""

    def tamper(db: Superuser, system: System, position: int) -> Undo:
        undo_state = altered("state")(db, system, position)
        links, checkpoints = snapshot(system)
        chain: dict[int, bytes] = {}
        head = GENESIS
        for row in integrity(system).rows():
            head = link(head, row)
            chain[row.position] = head
        with system.engine.begin() as conn:
            for block in links:
                entries = [(p, chain[p]) for p, _ in unpack(block["links"])]
                values: dict[str, Any] = {"links": pack(entries)}
                if not keep_block_signatures:
                    values["signature"] = None
                conn.execute(
                    update(integrity_links)
                    .where(integrity_links.c.first_position == block["first_position"])
                    .values(**values)
                )
            for checkpoint in checkpoints:
                conn.execute(
                    update(integrity_checkpoints)
                    .where(integrity_checkpoints.c.id == checkpoint["id"])
                    .values(head=chain[checkpoint["position"]].hex())
                )

        def undo() -> None:
            undo_state()
            restore(system, links, checkpoints)

        return undo

    return tamper


def snapshot(system: System) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The chain values and checkpoints as stored, to put back after a change."""
    with system.engine.connect() as conn:
        return (
            [dict(r._mapping) for r in conn.execute(select(integrity_links)).all()],
            [dict(r._mapping) for r in conn.execute(select(integrity_checkpoints)).all()],
        )


def restore(system: System, links: list[dict[str, Any]], checkpoints: list[dict[str, Any]]) -> None:
    with system.engine.begin() as conn:
        conn.execute(delete(integrity_links))
        conn.execute(delete(integrity_checkpoints))
        conn.execute(insert(integrity_links), links)
        conn.execute(insert(integrity_checkpoints), checkpoints)


@dataclass(frozen=True)
class Kind:
    tamper: Callable[[Superuser, System, int], Undo]
    located: str  # "row": the first bad position is the one changed; "span": between signatures
    blocked: str  # what the append-only triggers do about it for the application's role


KINDS = {
    "altered state": Kind(altered("state"), "row", "UPDATE refused"),
    "altered topic": Kind(altered("topic"), "row", "UPDATE refused"),
    "altered version": Kind(altered("originator_version"), "row", "UPDATE refused"),
    "swapped rows": Kind(swapped, "row", "UPDATE refused"),
    "deleted row": Kind(deleted, "row", "DELETE refused"),
    "inserted row": Kind(inserted, "row", "renumbering: UPDATE refused"),
    "truncated tail": Kind(truncated, "row", "DELETE (and TRUNCATE) refused"),
    "renumbered row": Kind(renumbered, "row", "UPDATE refused"),
    "re-hashed chain": Kind(rehashed(True), "span", "UPDATE refused"),
    "re-hashed chain, block signatures removed": Kind(rehashed(False), "span", "UPDATE refused"),
}


@dataclass
class Log:
    """A history of a few households with two checkpoints: one half-way, one at the end."""

    system: System
    db: Superuser
    checkpoints: list[int] = field(default_factory=list)

    def positions(self) -> list[int]:
        last = self.checkpoints[-1]
        return sorted({1 + (last - 1) * i // (POSITIONS - 1) for i in range(POSITIONS)})


@pytest.fixture
def log(any_backend: System) -> Log:
    system = any_backend
    for code in ("QT-001", "QT-002"):
        household = register(system, code)
        system.households.record_survey(
            context(CASEWORKER), household, inputs.RecordSurvey.parse(survey_body(900_000, 2))
        )
    history = Log(system, Superuser(system))
    history.checkpoints.append(integrity(system).checkpoint()["position"])
    for code in ("QT-003", "QT-004"):
        register(system, code)
    history.checkpoints.append(integrity(system).checkpoint()["position"])
    return history


RESULTS: list[str] = []


@pytest.mark.parametrize("name", list(KINDS))
def test_a_change_inside_a_signed_checkpoint_is_detected_located_and_never_signed_over(
    log: Log, name: str
) -> None:
    kind = KINDS[name]
    system, db = log.system, log.db
    detected = exact = refused = clean = 0
    widest = 0
    positions = log.positions()
    for position in positions:
        undo = kind.tamper(db, system, position)
        status = integrity(system).status()
        low, high = status["bad_span"] or (0, 0)
        assert status["integrity_ok"] is False, (name, position)
        detected += 1
        assert low <= position <= high or (name == "swapped rows" and low == position - 1)
        if kind.located == "row":
            assert (low, high) == (min(position, swapped_with(db, position, name)),) * 2
        else:  # the chain values were rewritten with the change: it lies between signatures
            assert status["rewritten_from"] <= position
        exact += status["located"]
        widest = max(widest, high - low + 1)
        with pytest.raises(ChainBrokenError):
            integrity(system).checkpoint()
        refused += len(integrity(system).checkpoints()) == len(log.checkpoints)
        undo()
        clean += integrity(system).status()["integrity_ok"]
    assert (detected, refused, clean) == (len(positions),) * 3
    line = (
        f"R5 {system.backend.kind}: {name}: {len(positions)} positions, detected "
        f"{detected}, located to the row {exact}, widest span {widest} rows, next checkpoint "
        f"refused {refused}, clean after undoing {clean}; triggers: {kind.blocked}"
    )
    print(f"\n{line}")


def swapped_with(db: Superuser, position: int, name: str) -> int:
    """Where a swap's change shows first: the row itself, or the one before the last."""
    if name == "swapped rows" and position == db.last():
        return position - 1
    return position


def test_forged_and_replayed_checkpoints_are_refused(log: Log) -> None:
    """A checkpoint written straight into the table at each position, with the right hash:
    signed with another key (forged), or carrying a genuine signature made for another
    position (replayed)."""
    system = log.system
    genuine = integrity(system).checkpoints()[0]
    refused = 0
    positions = log.positions()
    for position in positions:
        head = chain_head(system, position)
        signed_at = "2026-12-01T00:00:00Z"
        for signature, public_key in (
            (ATTACKER.sign(message(position, head, signed_at)), ATTACKER.public_key()),
            (base64.b64decode(genuine["signature"]), None),
        ):
            with system.engine.begin() as conn:
                conn.execute(
                    insert(integrity_checkpoints).values(
                        position=position,
                        head=head,
                        events=0,
                        signed_at=signed_at,
                        signature=base64.b64encode(signature).decode(),
                        public_key=(
                            base64.b64encode(public_key.public_bytes_raw()).decode()
                            if public_key
                            else genuine["public_key"]
                        ),
                    )
                )
            status = integrity(system).status()
            planted = [c for c in status["checkpoints"] if c["signed_at"] == signed_at]
            assert status["integrity_ok"] is False
            assert [c["signature_ok"] for c in planted] == [False]
            refused += 1
            with system.engine.begin() as conn:
                conn.execute(
                    delete(integrity_checkpoints).where(
                        integrity_checkpoints.c.signed_at == signed_at
                    )
                )
    assert integrity(system).status()["integrity_ok"] is True
    assert refused == 2 * len(positions)
    print(f"\nR5 {system.backend.kind}: forged and replayed checkpoints: {refused} refused")


def chain_head(system: System, position: int) -> str:
    head = GENESIS
    for row in integrity(system).rows():
        if row.position > position:
            break
        head = link(head, row)
    return head.hex()


def test_a_store_rolled_back_behind_a_checkpoint_the_auditor_kept_is_caught(log: Log) -> None:
    """The tail cut from a position with the checkpoints and chain values after it, so the
    store looks whole as it was: only the checkpoint the auditor kept outside shows it, and
    names the first row missing (the rows before it are verified only as far as signed chain
    values survive)."""
    system, db = log.system, log.db
    kept = read_kept(json_of(integrity(system).checkpoints()[-1]))
    caught = 0
    positions = [p for p in log.positions() if p > 1]
    for position in positions:
        links, checkpoints = snapshot(system)
        undo_tail = truncated(db, system, position)
        with system.engine.begin() as conn:
            conn.execute(
                delete(integrity_checkpoints).where(integrity_checkpoints.c.position >= position)
            )
            conn.execute(delete(integrity_links).where(integrity_links.c.last_position >= position))
        assert integrity(system).status()["integrity_ok"] is True  # without the kept copy
        status = integrity(system).status([kept])
        assert status["integrity_ok"] is False
        assert status["bad_span"][1] == position  # the first row missing
        assert [c["lost"] for c in status["checkpoints"] if c["kept"]] == [True]
        caught += 1
        undo_tail()
        restore(system, links, checkpoints)
        assert integrity(system).status([kept])["integrity_ok"] is True
    assert caught == len(positions)
    print(f"\nR5 {system.backend.kind}: rolled back behind a kept checkpoint: {caught} caught")


def json_of(checkpoint: dict[str, Any]) -> str:
    return json.dumps({name: checkpoint[name] for name in checkpoint if name != "id"})

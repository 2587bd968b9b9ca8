"""The integrity chain over the stored events, on SQLite and on PostgreSQL: signed checkpoints
verify on clean data; a row altered, moved or deleted behind the system's back (its append-only
guards switched off, as a superuser could) is named by its position; a forged signature fails;
without a key no checkpoint is made."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, insert

from application.infrastructure.store import cursor, positions
from application.integrity import (
    CheckpointKeyError,
    IntegrityService,
    integrity_checkpoints,
    integrity_links,
    message,
)
from application.system import System
from cli.main import main
from tests.conftest import open_system
from tests.stores.helpers import register
from tests.stores.test_append_only import count, table


def new_key() -> str:
    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()


KEY = new_key()


def public_of(key: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(key))
    return base64.b64encode(private.public_key().public_bytes_raw()).decode()


def integrity(system: System, key: str | None = KEY, public: str | None = None) -> IntegrityService:
    return IntegrityService(system.store, system.backend, system.engine, key, public)


def registration_position(system: System, household_id: str) -> int:
    return positions(system.store, system.backend, UUID(household_id))[1]


def behind_the_back(system: System, statement: str, *params: Any) -> None:
    """A statement on the event table with the append-only guards off."""
    postgres = system.backend.kind == "postgres"
    position = "notification_id" if postgres else "rowid"
    sql = statement.format(table=table(system), position=position)
    with cursor(system.store, commit=True) as curs:
        if postgres:
            curs.execute(f"ALTER TABLE {table(system)} DISABLE TRIGGER ALL")
        else:
            curs.execute("DROP TRIGGER IF EXISTS giamngheo_no_update")
            curs.execute("DROP TRIGGER IF EXISTS giamngheo_no_delete")
        curs.execute(sql.replace("?", "%s") if postgres else sql, params)


def stored_state(system: System, position: int) -> bytes:
    column = "notification_id" if system.backend.kind == "postgres" else "rowid"
    mark = "%s" if system.backend.kind == "postgres" else "?"
    with cursor(system.store) as curs:
        curs.execute(f"SELECT state FROM {table(system)} WHERE {column} = {mark}", (position,))
        return bytes(curs.fetchone()["state"])


def forge_checkpoint(system: System, key: str) -> None:
    """A checkpoint of the rows as they now are, signed with a forger's key and written
    straight into the table (the service itself refuses to sign over a broken chain)."""
    head = integrity(system, key=None).status()["head"]
    signed_at = "2026-12-01T00:00:00Z"
    signature = Ed25519PrivateKey.from_private_bytes(base64.b64decode(key)).sign(
        message(head["position"], head["hash"], signed_at)
    )
    with system.engine.begin() as conn:
        conn.execute(
            insert(integrity_checkpoints).values(
                position=head["position"],
                head=head["hash"],
                events=0,
                signed_at=signed_at,
                signature=base64.b64encode(signature).decode(),
                public_key=public_of(key),
            )
        )


@pytest.fixture
def checkpointed(any_backend: System) -> tuple[System, int]:
    """Two households, then a checkpoint; the position of the first one's registration."""
    first = register(any_backend, "QT-001")
    register(any_backend, "QT-002")
    integrity(any_backend).checkpoint()
    return any_backend, registration_position(any_backend, first)


def test_a_chain_with_a_signed_checkpoint_verifies(checkpointed: tuple[System, int]) -> None:
    system, _ = checkpointed
    status = integrity(system).status()
    assert status["integrity_ok"] is True
    assert status["first_bad_position"] is None
    [checkpoint] = status["checkpoints"]
    assert (checkpoint["hash_ok"], checkpoint["signature_ok"]) == (True, True)
    assert checkpoint["position"] == status["head"]["position"]
    assert status["events_checked"] == count(system)


def test_the_checkpoint_covers_the_whole_log_at_its_position(any_backend: System) -> None:
    register(any_backend)
    made = integrity(any_backend).checkpoint()
    assert made["position"] == any_backend.store.recorder.max_notification_id()
    assert made["head"] == integrity(any_backend).status()["head"]["hash"]


def test_events_recorded_after_the_last_checkpoint_raise_no_alarm(
    checkpointed: tuple[System, int],
) -> None:
    system, _ = checkpointed
    register(system, "QT-003")
    status = integrity(system).status()
    assert status["integrity_ok"] is True
    assert status["head"]["position"] > status["signed_through"]


def test_a_second_checkpoint_extends_the_chain_and_both_verify(
    checkpointed: tuple[System, int],
) -> None:
    system, _ = checkpointed
    register(system, "QT-003")
    integrity(system).checkpoint()
    status = integrity(system).status()
    assert [c["hash_ok"] and c["signature_ok"] for c in status["checkpoints"]] == [True, True]


CHANGES = {
    "state": "UPDATE {table} SET state = ? WHERE {position} = ?",
    "topic": "UPDATE {table} SET topic = 'giamngheo:LoanGranted' WHERE {position} = ?",
    "version": "UPDATE {table} SET originator_version = 99 WHERE {position} = ?",
}


@pytest.mark.parametrize("column", sorted(CHANGES))
def test_a_row_altered_behind_the_systems_back_is_named_by_its_position(
    checkpointed: tuple[System, int], column: str
) -> None:
    system, position = checkpointed
    params: tuple[Any, ...] = (position,)
    if column == "state":
        state = stored_state(system, position)
        params = (state[:-1] + bytes([state[-1] ^ 1]), position)
    behind_the_back(system, CHANGES[column], *params)
    status = integrity(system).status()
    assert status["integrity_ok"] is False
    assert status["first_bad_position"] == position
    assert status["checkpoints"][0]["hash_ok"] is False


def test_a_deleted_row_is_named_by_its_position(checkpointed: tuple[System, int]) -> None:
    system, position = checkpointed
    behind_the_back(system, "DELETE FROM {table} WHERE {position} = ?", position)
    status = integrity(system).status()
    assert status["integrity_ok"] is False
    assert status["first_bad_position"] == position


def test_a_checkpoint_signed_with_another_key_fails_for_the_holder_of_the_public_key(
    checkpointed: tuple[System, int],
) -> None:
    """The forger re-signs the tampered log with a key of their own; the auditor holds only
    the real public key."""
    system, position = checkpointed
    behind_the_back(system, "DELETE FROM {table} WHERE {position} = ?", position)
    forge_checkpoint(system, new_key())
    status = integrity(system, key=None, public=public_of(KEY)).status()
    original, forged = status["checkpoints"]
    assert (original["hash_ok"], original["signature_ok"]) == (False, True)
    assert (forged["hash_ok"], forged["signature_ok"]) == (True, False)
    assert status["integrity_ok"] is False


def test_without_a_key_a_checkpoint_is_refused_with_a_clear_error(any_backend: System) -> None:
    register(any_backend)
    service = integrity(any_backend, key=None)
    assert service.can_sign is False
    with pytest.raises(CheckpointKeyError, match="GIAMNGHEO_CHECKPOINT_KEY"):
        service.checkpoint()
    assert service.checkpoints() == []


def test_a_key_that_is_not_32_bytes_of_base64_is_refused(any_backend: System) -> None:
    with pytest.raises(CheckpointKeyError, match="base64 of 32 bytes"):
        integrity(any_backend, key="c2hvcnQ=").checkpoint()


# ---- the command line ---------------------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[System]:
    """A SQLite database named by the environment, holding one household; the system on it."""
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)
    system = open_system(url)
    register(system)
    yield system
    system.close()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.usefixtures("database")
def test_giamngheo_checkpoint_without_a_key_exits_1_naming_the_setting() -> None:
    result = run("checkpoint")
    assert result.exit_code == 1
    assert "GIAMNGHEO_CHECKPOINT_KEY" in result.output


def test_giamngheo_checkpoint_prints_the_position_and_the_hash(
    database: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAMNGHEO_CHECKPOINT_KEY", KEY)
    result = run("checkpoint")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines())
    status = integrity(database).status()
    assert int(lines["position"]) == status["head"]["position"]
    assert lines["hash"] == status["head"]["hash"]


def test_giamngheo_verify_exits_1_naming_the_first_bad_position(
    database: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAMNGHEO_CHECKPOINT_KEY", KEY)
    assert run("checkpoint").exit_code == 0
    assert run("verify", "--as-of", "2025-12-31").exit_code == 0
    [household] = database.households.list_registered()
    position = registration_position(database, str(household))
    behind_the_back(database, "DELETE FROM {table} WHERE {position} = ?", position)
    result = run("verify", "--as-of", "2025-12-31")
    assert result.exit_code == 1
    assert f"first bad position {position}" in result.output


def test_checkpoints_without_a_trusted_key_leave_the_chain_unverified_never_ok(
    checkpointed: tuple[System, int],
) -> None:
    """A forger rewrites a row and re-signs the chain with a key of their own; a verifier
    holding neither key must not call that ok."""
    system, position = checkpointed
    behind_the_back(system, "DELETE FROM {table} WHERE {position} = ?", position)
    with system.engine.begin() as conn:
        conn.execute(delete(integrity_checkpoints))
    forge_checkpoint(system, new_key())

    status = integrity(system, key=None, public=None).status()

    assert [(c["hash_ok"], c["signature_ok"]) for c in status["checkpoints"]] == [(True, True)]
    assert status["integrity_ok"] is False
    assert status["unverified"] is True


def test_giamngheo_verify_records_nothing_in_the_store_it_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On an emptied store it once re-created the area registry and the plans before
    checking them."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)

    result = run("verify", "--as-of", "2025-12-31")

    assert result.exit_code == 1
    assert "nothing to verify" in result.output.lower()
    system = open_system(url, bootstrap=False)
    try:
        assert system.store.recorder.max_notification_id() in (0, None)
    finally:
        system.close()


def test_giamngheo_checkpoint_refuses_to_sign_over_a_changed_row(
    database: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAMNGHEO_CHECKPOINT_KEY", KEY)
    assert run("checkpoint").exit_code == 0
    [household] = database.households.list_registered()
    position = registration_position(database, str(household))
    behind_the_back(database, "DELETE FROM {table} WHERE {position} = ?", position)

    result = run("checkpoint")

    assert result.exit_code == 1
    assert f"first difference at position {position}" in result.output
    assert len(integrity(database).checkpoints()) == 1


def test_giamngheo_verify_with_a_kept_checkpoint_catches_a_store_rolled_back_behind_it(
    database: System, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The newest row cut off with the checkpoint and chain values that covered it: the store
    alone looks whole, the copy the auditor kept does not."""
    monkeypatch.setenv("GIAMNGHEO_CHECKPOINT_KEY", KEY)
    kept = tmp_path / "checkpoint.json"
    register(database, "QT-002")
    assert run("checkpoint", "--out", str(kept)).exit_code == 0
    last = integrity(database).status()["head"]["position"]
    behind_the_back(database, "DELETE FROM {table} WHERE {position} = ?", last)
    with database.engine.begin() as conn:
        conn.execute(delete(integrity_checkpoints))
        conn.execute(delete(integrity_links))

    alone = run("verify", "--as-of", "2025-12-31")
    with_copy = run("verify", "--as-of", "2025-12-31", "--checkpoint", str(kept))

    assert "Integrity: ok." in alone.output
    assert with_copy.exit_code == 1
    assert "the store NO LONGER HOLDS IT" in with_copy.output
    assert f"and {last}." in with_copy.output


def test_giamngheo_verify_names_a_kept_checkpoint_file_that_is_not_one(
    database: System, tmp_path: Path
) -> None:
    kept = tmp_path / "checkpoint.json"
    kept.write_text('{"position": 12}', encoding="utf-8")
    result = run("verify", "--checkpoint", str(kept))
    assert result.exit_code == 2
    assert "head, signed_at, signature, public_key missing" in result.output


@pytest.mark.parametrize("change", ["broken JSON", "renumbered"])
def test_giamngheo_verify_names_the_first_bad_position_of_a_row_it_cannot_read_or_place(
    database: System, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Once it crashed on these instead of answering."""
    monkeypatch.setenv("GIAMNGHEO_CHECKPOINT_KEY", KEY)
    assert run("checkpoint").exit_code == 0
    [household] = database.households.list_registered()
    position = registration_position(database, str(household))
    if change == "broken JSON":
        state = stored_state(database, position)
        broken = state.replace(b"{", b"[", 1)
        behind_the_back(
            database, "UPDATE {table} SET state = ? WHERE {position} = ?", broken, position
        )
    else:
        behind_the_back(
            database, "UPDATE {table} SET {position} = 999999 WHERE {position} = ?", position
        )

    result = run("verify", "--as-of", "2025-12-31")

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"first bad position {position}" in result.output

"""The integrity of the stored events: a SHA-256 hash chain over the event table's rows as they
are in the database, in log order, and checkpoints of its head signed with an Ed25519 key that
lives in the environment, never in the database. Whoever keeps a checkpoint (or only the public
key) can later tell whether any row at or before it was edited, re-encrypted, moved, inserted
or deleted; the chain values kept beside each checkpoint name the first position that differs.

A link is SHA-256(previous link ‖ the row), the row being its position, originator id,
originator version, topic and stored state bytes, each length-prefixed; the first link's
previous one is 32 zero bytes. A checkpoint signs `giamngheo-checkpoint/1`, the position, the
head's hex and the signing time (ISO 8601 UTC), one per line."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    insert,
    select,
    text,
)

from application.database import metadata
from application.store import PG_EVENTS_TABLE, SQLITE_EVENTS_TABLE, Backend, CaseStore, cursor

GENESIS = bytes(32)
PAGE = 2000
# Chain values are kept in blocks of this many rows: (position, link) packed as 8 + 32 bytes.
BLOCK = 1000
_ENTRY = 40
MESSAGE_PREFIX = b"giamngheo-checkpoint/1\n"

integrity_checkpoints = Table(
    "integrity_checkpoints",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("position", BigInteger, nullable=False, index=True),
    Column("head", String(64), nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("signature", String(100), nullable=False),
    Column("public_key", String(60), nullable=False),
)

integrity_links = Table(
    "integrity_links",
    metadata,
    Column("first_position", BigInteger, primary_key=True),
    Column("last_position", BigInteger, nullable=False),
    Column("links", LargeBinary, nullable=False),
)


class CheckpointKeyError(Exception):
    """No usable signing key: GIAMNGHEO_CHECKPOINT_KEY is unset or not base64 of 32 bytes."""


@dataclass(frozen=True)
class Row:
    """An event row as stored: nothing decoded, nothing decrypted."""

    position: int
    originator_id: object
    originator_version: object
    topic: object
    state: object


def _field(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


def _id_bytes(value: object) -> bytes:
    """A UUID as its 16 bytes whatever the backend's spelling (uuid, hex text); anything else
    as its text, so a mangled id still hashes (differently)."""
    try:
        return value.bytes if isinstance(value, UUID) else UUID(str(value)).bytes
    except ValueError:
        return str(value).encode()


def _bytes(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode()


def row_bytes(row: Row) -> bytes:
    return b"".join(
        _field(part)
        for part in (
            str(row.position).encode(),
            _id_bytes(row.originator_id),
            str(row.originator_version).encode(),
            _bytes(row.topic),
            _bytes(row.state),
        )
    )


def link(previous: bytes, row: Row) -> bytes:
    return hashlib.sha256(previous + row_bytes(row)).digest()


def message(position: int, head: str, signed_at: str) -> bytes:
    return MESSAGE_PREFIX + f"{position}\n{head}\n{signed_at}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(encoded: str, size: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size:
        raise CheckpointKeyError(f"{what} must be base64 of {size} bytes")
    return raw


def private_key(encoded: str | None) -> Ed25519PrivateKey:
    if not encoded:
        raise CheckpointKeyError(
            "no checkpoint key: set GIAMNGHEO_CHECKPOINT_KEY (base64 of a 32-byte Ed25519 "
            "private key) in the environment"
        )
    raw = _unb64(encoded, 32, "GIAMNGHEO_CHECKPOINT_KEY")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_text(key: Ed25519PrivateKey) -> str:
    return _b64(key.public_key().public_bytes_raw())


def signature_holds(public_key: str, signature: str, signed: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(_unb64(public_key, 32, "public key"))
        key.verify(_unb64(signature, 64, "signature"), signed)
    except (CheckpointKeyError, InvalidSignature):
        return False
    return True


def pack(entries: Sequence[tuple[int, bytes]]) -> bytes:
    return b"".join(position.to_bytes(8, "big") + value for position, value in entries)


def unpack(blob: bytes) -> Iterator[tuple[int, bytes]]:
    for start in range(0, len(blob) - _ENTRY + 1, _ENTRY):
        yield int.from_bytes(blob[start : start + 8], "big"), blob[start + 8 : start + _ENTRY]


class IntegrityService:
    def __init__(
        self,
        store: CaseStore,
        backend: Backend,
        engine: Engine,
        signing_key: str | None = None,
        public_key: str | None = None,
    ) -> None:
        self.store = store
        self.backend = backend
        self.engine = engine
        self.signing_key = signing_key
        self.public_key = public_key
        metadata.create_all(engine, tables=[integrity_checkpoints, integrity_links])

    # ---- reading the stored rows ------------------------------------------------------------

    def rows(self, after: int = 0) -> Iterator[Row]:
        """Every stored row after a position, in log order, read a page at a time."""
        while page := self.page(after):
            yield from page
            after = page[-1].position

    def page(self, after: int) -> list[Row]:
        if self.backend.kind == "memory":
            found = self.store.recorder.select_notifications(
                after + 1, PAGE, inclusive_of_start=True
            )
            return [
                Row(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in found
            ]
        if self.backend.kind == "postgres":
            statement = (
                "SELECT notification_id AS position, originator_id, originator_version, topic, "
                f'state FROM "{self.backend.schema}"."{PG_EVENTS_TABLE}" '
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
            )
        else:
            statement = (
                "SELECT rowid AS position, originator_id, originator_version, topic, state "
                f"FROM {SQLITE_EVENTS_TABLE} WHERE rowid > ? ORDER BY rowid LIMIT ?"
            )
        with cursor(self.store) as curs:
            curs.execute(statement, (after, PAGE))
            return [
                Row(
                    int(r["position"]),
                    r["originator_id"],
                    r["originator_version"],
                    r["topic"],
                    r["state"],
                )
                for r in curs.fetchall()
            ]

    # ---- signing ----------------------------------------------------------------------------

    @property
    def can_sign(self) -> bool:
        return self.own_public_key() is not None

    def own_public_key(self) -> str | None:
        try:
            return public_key_text(private_key(self.signing_key))
        except CheckpointKeyError:
            return None

    def trusted_key(self) -> str | None:
        """The public key checkpoints are checked with: the configured one, else the signing
        key's own. None: only each checkpoint's stored key, which proves nothing by itself."""
        return self.public_key.strip() if self.public_key else self.own_public_key()

    def checkpoint(self) -> dict[str, Any]:
        """Sign the chain's head at the current end of the log. The chain is extended from the
        latest checkpoint this key signed (so a new checkpoint never vouches for rows changed
        since), or computed from the first row."""
        key = private_key(self.signing_key)
        own = public_key_text(key)
        with self.engine.begin() as conn:
            if self.backend.kind == "postgres":  # one checkpoint at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('giamngheo.checkpoint'))"))
            position, head, events = self.latest_signed_by(conn, own)
            trim_links(conn, position)
            entries: list[tuple[int, bytes]] = []
            for row in self.rows(position):
                head = link(head, row)
                entries.append((row.position, head))
                position = row.position
                events += 1
            for start in range(0, len(entries), BLOCK):
                block = entries[start : start + BLOCK]
                conn.execute(
                    insert(integrity_links).values(
                        first_position=block[0][0], last_position=block[-1][0], links=pack(block)
                    )
                )
            signed_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            signature = _b64(key.sign(message(position, head.hex(), signed_at)))
            made = {
                "position": position,
                "head": head.hex(),
                "events": events,
                "signed_at": signed_at,
                "signature": signature,
                "public_key": own,
            }
            conn.execute(insert(integrity_checkpoints).values(**made))
        return made

    def latest_signed_by(self, conn: Connection, public_key: str) -> tuple[int, bytes, int]:
        """Where to extend the chain from: (position, head, events) of the latest checkpoint
        whose signature holds under this key, or the start of the log."""
        table = integrity_checkpoints
        query = select(table).where(table.c.public_key == public_key)
        for row in conn.execute(query.order_by(table.c.position.desc(), table.c.id.desc())):
            signed = message(row.position, row.head, row.signed_at)
            if signature_holds(public_key, row.signature, signed):
                return int(row.position), bytes.fromhex(row.head), int(row.events)
        return 0, GENESIS, 0

    # ---- checking ---------------------------------------------------------------------------

    def checkpoints(self) -> list[dict[str, Any]]:
        table = integrity_checkpoints
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.position, table.c.id)).all()
        return [dict(row._mapping) for row in rows]

    def recorded_links(self) -> Iterator[tuple[int, bytes]]:
        table = integrity_links
        after = -1
        while True:
            with self.engine.connect() as conn:
                blocks = conn.execute(
                    select(table.c.first_position, table.c.links)
                    .where(table.c.first_position > after)
                    .order_by(table.c.first_position)
                    .limit(50)
                ).all()
            if not blocks:
                return
            for block in blocks:
                yield from unpack(bytes(block.links))
            after = blocks[-1].first_position

    def status(self) -> dict[str, Any]:
        """Recompute the chain from the first row; for each checkpoint, whether the head at
        its position equals the signed one and whether the signature holds; where the
        recomputed chain first parts from the one recorded at checkpoint time."""
        trusted = self.trusted_key()
        pending = self.checkpoints()
        results: list[dict[str, Any]] = []
        recorded = Links(self.recorded_links())
        head, count, last = GENESIS, 0, 0

        def settle(before: int | None) -> None:
            """Judge the checkpoints at positions the chain has passed."""
            while pending and (before is None or pending[0]["position"] < before):
                results.append(judge(pending.pop(0), head, trusted))

        for row in self.rows():
            settle(row.position)
            head = link(head, row)
            count += 1
            last = row.position
            recorded.compare(row.position, head)
        settle(None)
        recorded.compare_rest()
        broken = [c for c in results if not (c["hash_ok"] and c["signature_ok"])]
        first_bad = None
        if broken:
            candidates = [broken[0]["position"]]
            if recorded.first_difference is not None:
                candidates.append(recorded.first_difference)
            first_bad = min(candidates)
        # A signature checked only with the key stored beside it proves nothing: whoever
        # rewrote the rows could have re-signed them. Checkpoints without a trusted key leave
        # the chain unverified, never "ok".
        unverified = bool(results) and trusted is None
        return {
            "integrity_ok": not broken and not unverified,
            "unverified": unverified,
            "events_checked": count,
            "head": {"position": last, "hash": head.hex()},
            "first_bad_position": first_bad,
            "checkpoints": results,
            "signed_through": max((c["position"] for c in results), default=0),
            "trusted_key": trusted,
        }


def trim_links(conn: Connection, position: int) -> None:
    """Drop the chain values recorded beyond the position the chain is extended from (left
    by a checkpoint of another key), keeping those up to it."""
    table = integrity_links
    beyond = conn.execute(select(table).where(table.c.last_position > position)).all()
    if not beyond:
        return
    conn.execute(delete(table).where(table.c.last_position > position))
    for block in beyond:
        kept = [entry for entry in unpack(bytes(block.links)) if entry[0] <= position]
        if kept:
            conn.execute(
                insert(table).values(
                    first_position=kept[0][0], last_position=kept[-1][0], links=pack(kept)
                )
            )


def judge(checkpoint: dict[str, Any], head: bytes, trusted: str | None) -> dict[str, Any]:
    signed = message(checkpoint["position"], checkpoint["head"], checkpoint["signed_at"])
    return {
        "position": checkpoint["position"],
        "hash": checkpoint["head"],
        "recomputed": head.hex(),
        "signed_at": checkpoint["signed_at"],
        "signature": checkpoint["signature"],
        "public_key": checkpoint["public_key"],
        "hash_ok": head.hex() == checkpoint["head"],
        "signature_ok": signature_holds(
            trusted or checkpoint["public_key"], checkpoint["signature"], signed
        ),
    }


class Links:
    """The chain values recorded at checkpoint time, walked beside the recomputed chain: the
    first position where they differ, a recorded row that is gone or a row that was not there."""

    def __init__(self, recorded: Iterator[tuple[int, bytes]]) -> None:
        self.recorded = recorded
        self.current = next(recorded, None)
        self.first_difference: int | None = None

    def compare(self, position: int, value: bytes) -> None:
        if self.first_difference is not None or self.current is None:
            return
        recorded_position, recorded_value = self.current
        if (recorded_position, recorded_value) == (position, value):
            self.current = next(self.recorded, None)
        else:  # changed here, or a recorded row gone (earlier), or a row not recorded (later)
            self.first_difference = min(recorded_position, position)

    def compare_rest(self) -> None:
        """Recorded rows beyond the last one still stored were deleted."""
        if self.first_difference is None and self.current is not None:
            self.first_difference = self.current[0]

"""The integrity of the stored events: a SHA-256 hash chain over the event table's rows as they
are in the database, in log order, and checkpoints of its head signed with an Ed25519 key that
lives in the environment, never in the database. Whoever keeps a checkpoint (or only the public
key) can later tell whether any row at or before it was edited, re-encrypted, moved, inserted
or deleted; the chain values kept beside each checkpoint name the first position that differs.

A link is SHA-256(previous link ‖ the row), the row being its position, originator id,
originator version, topic and stored state bytes, each length-prefixed; the first link's
previous one is 32 zero bytes. A checkpoint signs `giamngheo-checkpoint/1`, the position, the
head's hex and the signing time (ISO 8601 UTC), one per line. The chain values kept beside it
are stored in blocks, each signed too (`giamngheo-links/1`, its first and last position and the
SHA-256 of its values), so a chain rewritten to cover a change still names the block it lies in.
The rules: docs/spec/figures.md ("The integrity chain")."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
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

from application.infrastructure.database import add_missing_columns, metadata
from application.infrastructure.store import (
    PG_EVENTS_TABLE,
    SQLITE_EVENTS_TABLE,
    Backend,
    CaseStore,
    cursor,
)

GENESIS = bytes(32)
PAGE = 2000
# Chain values are kept in blocks of this many rows: (position, link) packed as 8 + 32 bytes.
BLOCK = 1000
_ENTRY = 40
MESSAGE_PREFIX = b"giamngheo-checkpoint/1\n"
BLOCK_PREFIX = b"giamngheo-links/1\n"

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
    Column("signature", String(100)),
    Column("public_key", String(60)),
)


class CheckpointKeyError(Exception):
    """No usable signing key: GIAMNGHEO_CHECKPOINT_KEY is unset or not base64 of 32 bytes."""


class ChainBrokenError(Exception):
    """A checkpoint is refused: the stored events no longer extend the chain signed before."""

    def __init__(self, status: dict[str, Any]) -> None:
        low, high = status["bad_span"]
        where = f"position {low}" if low == high else f"positions {low} to {high}"
        super().__init__(
            f"the stored events no longer match the signed chain (first difference at {where}); "
            "no checkpoint signed"
        )
        self.status = status


class CheckpointFileError(Exception):
    """A kept checkpoint that cannot be read: not JSON, or a field missing."""


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


def block_message(first: int, last: int, links: bytes) -> bytes:
    return BLOCK_PREFIX + f"{first}\n{last}\n{hashlib.sha256(links).hexdigest()}".encode()


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


CHECKPOINT_FIELDS = ("position", "head", "signed_at", "signature", "public_key")


def read_kept(text: str) -> dict[str, Any]:
    """A checkpoint an auditor kept outside the system, as `giamngheo checkpoint --out` wrote
    it (JSON); what it lacks is named."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CheckpointFileError(f"not a checkpoint (JSON): {error}") from None
    if not isinstance(data, dict):
        raise CheckpointFileError("not a checkpoint: a JSON object is expected")
    missing = [name for name in CHECKPOINT_FIELDS if not data.get(name)]
    if missing:
        raise CheckpointFileError(f"not a checkpoint: {', '.join(missing)} missing")
    if isinstance(data["position"], bool) or not isinstance(data["position"], int):
        raise CheckpointFileError("not a checkpoint: position must be a whole number")
    return {
        name: data[name] if name == "position" else str(data[name]) for name in CHECKPOINT_FIELDS
    }


def key_list(text: str | None) -> tuple[str, ...]:
    """Public keys written one after the other, separated by commas or spaces."""
    return tuple(key for key in re.split(r"[\s,]+", text or "") if key)


def holds_under(keys: Sequence[str], signature: str, signed: bytes) -> bool:
    return any(signature_holds(key, signature, signed) for key in keys)


@dataclass(frozen=True)
class Block:
    """Chain values recorded at a checkpoint, and whether their signature holds under a
    trusted key (a block without one counts as rewritten)."""

    first: int
    last: int
    entries: list[tuple[int, bytes]]
    signed: bool


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
        # A database made before blocks were signed gains their columns. Its old blocks
        # stay unsigned and count as rewritten (docs/decisions.md, signed blocks).
        add_missing_columns(engine, integrity_links)

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

    def trusted_keys(self) -> tuple[str, ...]:
        """The public keys signatures are checked with: the configured ones (several while a
        key is being replaced), else the signing key's own. None: only each checkpoint's
        stored key, which proves nothing by itself."""
        own = self.own_public_key()
        return key_list(self.public_key) or ((own,) if own else ())

    def checkpoint(self) -> dict[str, Any]:
        """Sign the chain's head at the current end of the log, after checking that the
        stored events still extend every checkpoint signed before (refused otherwise: a new
        signature never vouches for rows changed under an old one). The chain values are
        recorded from the latest checkpoint on, in signed blocks."""
        key = private_key(self.signing_key)
        own = public_key_text(key)
        with self.engine.begin() as conn:
            if self.backend.kind == "postgres":  # one checkpoint at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('giamngheo.checkpoint'))"))
            status = self.status(trusted=tuple(dict.fromkeys((*key_list(self.public_key), own))))
            if not status["integrity_ok"]:
                raise ChainBrokenError(status)
            position, head, events = latest_checkpoint(conn)
            trim_links(conn, position, key)
            entries: list[tuple[int, bytes]] = []
            for row in self.rows(position):
                head = link(head, row)
                entries.append((row.position, head))
                position = row.position
                events += 1
            for start in range(0, len(entries), BLOCK):
                insert_block(conn, entries[start : start + BLOCK], key)
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

    # ---- checking ---------------------------------------------------------------------------

    def checkpoints(self) -> list[dict[str, Any]]:
        table = integrity_checkpoints
        with self.engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.position, table.c.id)).all()
        return [dict(row._mapping) for row in rows]

    def recorded_blocks(self, trusted: Sequence[str]) -> Iterator[Block]:
        table = integrity_links
        after = -1
        while True:
            with self.engine.connect() as conn:
                blocks = conn.execute(
                    select(table)
                    .where(table.c.first_position > after)
                    .order_by(table.c.first_position)
                    .limit(50)
                ).all()
            if not blocks:
                return
            for block in blocks:
                links = bytes(block.links)
                keys = trusted or (block.public_key or "",)
                signed_bytes = block_message(block.first_position, block.last_position, links)
                signed = block.signature is not None and holds_under(
                    keys, block.signature, signed_bytes
                )
                yield Block(block.first_position, block.last_position, list(unpack(links)), signed)
            after = blocks[-1].first_position

    def status(
        self, kept: Sequence[dict[str, Any]] = (), trusted: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        """Recompute the chain from the first row; for each checkpoint (those stored, and
        those an auditor kept: a kept one the store no longer holds is "lost"), whether the
        head at its position equals the signed one and whether the signature holds under a
        trusted key; where the stored events first part from what was signed, to the row when
        a signed block of chain values says so, else to the span between two checkpoints."""
        trusted = self.trusted_keys() if trusted is None else trusted
        pending = with_kept(self.checkpoints(), kept)
        results: list[dict[str, Any]] = []
        walk = Walk(self.recorded_blocks(trusted))
        head, count, last = GENESIS, 0, 0

        def settle(before: int | None) -> None:
            """Judge the checkpoints at positions the chain has passed."""
            while pending and (before is None or pending[0]["position"] < before):
                judged = judge(pending.pop(0), head, trusted)
                results.append(judged)
                walk.checkpoint(judged, last)

        for row in self.rows():
            settle(row.position)
            head = link(head, row)
            count += 1
            last = row.position
            walk.row(row.position, head)
        settle(None)
        walk.rest()
        span = walk.span(results)
        # A signature checked only with the key stored beside it proves nothing: whoever
        # rewrote the rows could have re-signed them. Checkpoints without a trusted key leave
        # the chain unverified, never "ok".
        unverified = bool(results) and not trusted
        return {
            "integrity_ok": span is None and not unverified,
            "unverified": unverified,
            "events_checked": count,
            "head": {"position": last, "hash": head.hex()},
            "first_bad_position": span[0] if span else None,
            "bad_span": list(span) if span else None,
            "located": span is not None and span[0] == span[1],
            "rewritten_from": walk.rewritten.first if walk.rewritten else None,
            "checkpoints": results,
            "signed_through": max((c["position"] for c in results if not c["lost"]), default=0),
            "trusted_keys": list(trusted),
        }


def with_kept(stored: list[dict[str, Any]], kept: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored checkpoints, each marked if an auditor kept it, and the kept ones the store
    no longer holds, in log order."""
    same = ("position", "head", "signed_at", "signature")
    found = [{**c, "kept": False, "lost": False} for c in stored]
    for copy in kept:
        match = [c for c in found if all(c[name] == copy[name] for name in same)]
        for checkpoint in match:
            checkpoint["kept"] = True
        if not match:
            found.append({**copy, "id": None, "kept": True, "lost": True})
    return sorted(found, key=lambda c: (c["position"], c["id"] is None, c["id"] or 0))


def judge(checkpoint: dict[str, Any], head: bytes, trusted: Sequence[str]) -> dict[str, Any]:
    """A checkpoint against the recomputed head at its position. Its signature must hold
    under a trusted key; a kept copy's own key is trusted too (the auditor vouches for it)."""
    signed = message(checkpoint["position"], checkpoint["head"], checkpoint["signed_at"])
    keys = [*trusted] or [checkpoint["public_key"]]
    if checkpoint["kept"]:
        keys.append(checkpoint["public_key"])
    return {
        "position": checkpoint["position"],
        "hash": checkpoint["head"],
        "recomputed": head.hex(),
        "signed_at": checkpoint["signed_at"],
        "signature": checkpoint["signature"],
        "public_key": checkpoint["public_key"],
        "hash_ok": head.hex() == checkpoint["head"],
        "signature_ok": holds_under(keys, checkpoint["signature"], signed),
        "kept": checkpoint["kept"],
        "lost": checkpoint["lost"],
    }


def latest_checkpoint(conn: Connection) -> tuple[int, bytes, int]:
    """Where to extend the chain from: (position, head, events) of the latest checkpoint,
    or the start of the log."""
    table = integrity_checkpoints
    query = select(table).order_by(table.c.position.desc(), table.c.id.desc()).limit(1)
    row = conn.execute(query).first()
    return (int(row.position), bytes.fromhex(row.head), int(row.events)) if row else (0, GENESIS, 0)


def insert_block(
    conn: Connection, entries: Sequence[tuple[int, bytes]], key: Ed25519PrivateKey
) -> None:
    first, last, links = entries[0][0], entries[-1][0], pack(entries)
    conn.execute(
        insert(integrity_links).values(
            first_position=first,
            last_position=last,
            links=links,
            signature=_b64(key.sign(block_message(first, last, links))),
            public_key=public_key_text(key),
        )
    )


def trim_links(conn: Connection, position: int, key: Ed25519PrivateKey) -> None:
    """Drop the chain values recorded beyond the position the chain is extended from (left
    by a checkpoint since lost), keeping and re-signing those up to it."""
    table = integrity_links
    beyond = conn.execute(select(table).where(table.c.last_position > position)).all()
    if not beyond:
        return
    conn.execute(delete(table).where(table.c.last_position > position))
    for block in beyond:
        kept = [entry for entry in unpack(bytes(block.links)) if entry[0] <= position]
        if kept:
            insert_block(conn, kept, key)


class Walk:
    """The recomputed chain held against what was signed: the chain values of each block
    whose signature holds, and each checkpoint whose signature holds. A chain value commits to
    every row before it, so the first change lies after the last signed value that matches and
    at or before the first that does not. A block or checkpoint whose signature fails or is
    gone is skipped: it was rewritten, and says nothing about the rows."""

    def __init__(self, blocks: Iterator[Block]) -> None:
        self.entries = ((p, v, block) for block in blocks for p, v in block.entries)
        self.current = next(self.entries, None)
        self.good = 0
        self.bad: int | None = None
        self.rewritten: Block | None = None

    def matched(self, position: int) -> None:
        if self.bad is None:
            self.good = max(self.good, position)

    def differs(self, position: int) -> None:
        if self.bad is None or position < self.bad:
            self.bad = position

    def skip(self, block: Block) -> None:
        self.rewritten = self.rewritten or block
        self.current = next(self.entries, None)

    def row(self, position: int, value: bytes) -> None:
        recorded = False
        while self.current is not None and self.current[0] <= position:
            recorded_position, recorded_value, block = self.current
            if not block.signed:
                self.skip(block)
                continue
            if recorded_position < position:  # recorded then, gone now
                self.differs(recorded_position)
            elif recorded_value == value:
                self.matched(position)
            else:
                self.differs(position)
            recorded = recorded or recorded_position == position
            self.current = next(self.entries, None)
        if not recorded and self.current is not None:
            _, _, block = self.current
            if block.signed and block.first <= position:  # not there when the block was signed
                self.differs(position)

    def checkpoint(self, judged: dict[str, Any], last: int) -> None:
        if not judged["signature_ok"]:
            return
        if judged["position"] > last:  # the log ends before a signed position
            self.differs(last + 1)
        elif judged["hash_ok"]:
            self.matched(judged["position"])
        else:
            self.differs(judged["position"])

    def rest(self) -> None:
        """Signed values recorded beyond the last row still stored: those rows were deleted."""
        while self.current is not None:
            recorded_position, _, block = self.current
            if not block.signed:
                self.skip(block)
                continue
            self.differs(recorded_position)
            return

    def span(self, results: list[dict[str, Any]]) -> tuple[int, int] | None:
        """The first change: after the last signed value that matches, at or before the first
        that does not. When no signed value differs but a signature fails, the change lies
        between the last match and that checkpoint (a checkpoint failing within rows already
        verified is itself the forgery); a rewritten block alone is a change of its own."""
        if self.bad is not None:
            return min(self.good + 1, self.bad), self.bad
        failing = [c for c in results if not c["signature_ok"] or c["lost"]]
        if failing:
            first = failing[0]["position"]
            return (self.good + 1, first) if first > self.good else (first, first)
        if self.rewritten is not None:
            return self.rewritten.first, self.rewritten.last
        return None

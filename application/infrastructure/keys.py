"""The store's keys, kept in the database beside the events and wrapped by the master key
(`GIAMNGHEO_CIPHER_KEY`): a key per household, which seals its personal fields inside every
event, so that destroying it erases them without altering the append-only log; and the data
key the whole events are encrypted with. Since no event is encrypted under the master key
itself, replacing it re-wraps these keys and touches no event (`giamngheo keys rotate`).
docs/spec/personal-data.md, "Erasure" and "Keys"."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.errors import DomainError

STORE_KEY = "store"  # the row of the data key the whole events are encrypted with
UNWRAPPED = "none"  # a key kept as it is: no master key was set when it was made
NONCE = 12
# Household keys held in memory; beyond this many the cache starts again (a rebuild reads the
# whole city once, a request a household or a few).
CACHE_MAX = 50_000
# The store's transaction, committed or not, as a cursor.
Transaction = Callable[[bool], AbstractContextManager[Any]]


class StoreKeyError(DomainError):
    """A key the store needs and cannot have."""


class KeyUnavailableError(StoreKeyError):
    """A key wrapped by a master key that is not configured."""

    def __init__(self, kek: str) -> None:
        super().__init__("key-unavailable", kek=kek)


class HouseholdErasedError(StoreKeyError):
    """Personal data to seal for a household whose key was destroyed."""

    def __init__(self, household_id: str) -> None:
        super().__init__("household-key-erased", household_id=household_id)


def decode_key(text: str) -> bytes:
    key = base64.b64decode(text)
    if len(key) not in (16, 24, 32):
        raise ValueError("a cipher key is base64 of 16, 24 or 32 bytes")
    return key


@dataclass(frozen=True)
class MasterKeys:
    """The master key keys are wrapped under, and the earlier ones still accepted when
    unwrapping (until `rotate` has re-wrapped everything under the current one)."""

    current: bytes | None
    previous: tuple[bytes, ...] = ()

    @classmethod
    def of(cls, current: str | None, previous: Iterable[str] = ()) -> MasterKeys:
        return cls(
            decode_key(current) if current else None,
            tuple(decode_key(p) for p in previous if p.strip()),
        )

    @staticmethod
    def id_of(key: bytes) -> str:
        """A master key's name in the table: a fingerprint, which tells nothing of the key."""
        return hashlib.sha256(b"giamngheo master key " + key).hexdigest()[:16]

    def wrap(self, material: bytes, name: str) -> tuple[bytes, str]:
        if self.current is None:
            return material, UNWRAPPED
        nonce = os.urandom(NONCE)
        sealed = AESGCM(self.current).encrypt(nonce, material, name.encode())
        return nonce + sealed, self.id_of(self.current)

    def unwrap(self, stored: bytes, kek: str, name: str) -> bytes:
        if kek == UNWRAPPED:
            return stored
        for key in filter(None, (self.current, *self.previous)):
            if self.id_of(key) == kek:
                try:
                    return AESGCM(key).decrypt(stored[:NONCE], stored[NONCE:], name.encode())
                except InvalidTag as error:
                    raise KeyUnavailableError(kek) from error
        raise KeyUnavailableError(kek)


@dataclass(frozen=True)
class KeyRow:
    name: str
    material: bytes | None  # None once destroyed
    kek: str


class KeyTable(Protocol):
    def read(self, names: Iterable[str]) -> dict[str, KeyRow]: ...
    def add(self, rows: Iterable[KeyRow]) -> None: ...
    def destroy(self, name: str, by: str) -> None: ...
    def every(self) -> list[KeyRow]: ...
    def replace(self, rows: Iterable[KeyRow]) -> None: ...


class MemoryKeyTable:
    """The in-memory store's keys (tests)."""

    def __init__(self) -> None:
        self.rows: dict[str, KeyRow] = {}

    def read(self, names: Iterable[str]) -> dict[str, KeyRow]:
        return {name: self.rows[name] for name in names if name in self.rows}

    def add(self, rows: Iterable[KeyRow]) -> None:
        for row in rows:
            self.rows.setdefault(row.name, row)

    def destroy(self, name: str, by: str) -> None:
        self.rows[name] = KeyRow(name, None, UNWRAPPED)

    def every(self) -> list[KeyRow]:
        return list(self.rows.values())

    def replace(self, rows: Iterable[KeyRow]) -> None:
        self.rows.update({row.name: row for row in rows})


class SqlKeyTable:
    """The keys in a table of the store's own database, through the store's connections. A
    destroyed key's row stays, without its material, so the key is never made again; SQLite
    overwrites what it frees (`secure_delete`) and PostgreSQL's table is vacuumed after."""

    def __init__(
        self,
        transaction: Transaction,
        table: str,
        postgres: bool,
        vacuum: Callable[[str], None] | None = None,
    ) -> None:
        self.transaction, self.table, self.postgres, self.vacuum = (
            transaction, table, postgres, vacuum,
        )  # fmt: skip
        self.mark = "%s" if postgres else "?"
        blob = "bytea" if postgres else "BLOB"
        with transaction(True) as curs:
            curs.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (name TEXT PRIMARY KEY, "
                f"material {blob}, kek TEXT NOT NULL, created_at TEXT NOT NULL, "
                "erased_at TEXT, erased_by TEXT)"
            )

    def sql(self, statement: str) -> str:
        return statement.replace("%s", self.mark).replace("{table}", self.table)

    @staticmethod
    def row(found: Any) -> KeyRow:
        values = list(found.values()) if isinstance(found, dict) else list(found)
        material = values[1]
        return KeyRow(str(values[0]), None if material is None else bytes(material), values[2])

    def read(self, names: Iterable[str]) -> dict[str, KeyRow]:
        wanted = sorted(set(names))
        found: dict[str, KeyRow] = {}
        with self.transaction(False) as curs:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join([self.mark] * len(chunk))
                curs.execute(
                    self.sql(f"SELECT name, material, kek FROM {{table}} WHERE name IN ({marks})"),
                    chunk,
                )
                found.update((row.name, row) for row in map(self.row, curs.fetchall()))
        return found

    def add(self, rows: Iterable[KeyRow]) -> None:
        now = datetime.now(UTC).isoformat()
        values = [(row.name, row.material, row.kek, now) for row in rows]
        if not values:
            return
        with self.transaction(True) as curs:
            curs.executemany(
                self.sql(
                    "INSERT INTO {table} (name, material, kek, created_at) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO NOTHING"
                ),
                values,
            )

    def destroy(self, name: str, by: str) -> None:
        now = datetime.now(UTC).isoformat()
        with self.transaction(True) as curs:
            if not self.postgres:
                curs.execute("PRAGMA secure_delete = ON")
            curs.execute(
                self.sql(
                    "INSERT INTO {table} (name, material, kek, created_at, erased_at, erased_by) "
                    "VALUES (%s, NULL, %s, %s, %s, %s) ON CONFLICT (name) DO UPDATE "
                    "SET material = NULL, kek = excluded.kek, erased_at = excluded.erased_at, "
                    "erased_by = excluded.erased_by"
                ),
                (name, UNWRAPPED, now, now, by),
            )
        if self.vacuum is not None:
            self.vacuum(self.table)

    def every(self) -> list[KeyRow]:
        with self.transaction(False) as curs:
            curs.execute(self.sql("SELECT name, material, kek FROM {table} ORDER BY name"))
            return [self.row(found) for found in curs.fetchall()]

    def replace(self, rows: Iterable[KeyRow]) -> None:
        values = [(row.material, row.kek, row.name) for row in rows]
        with self.transaction(True) as curs:
            curs.executemany(
                self.sql("UPDATE {table} SET material = %s, kek = %s WHERE name = %s"), values
            )


class Keys:
    """The household keys and the store's data key, unwrapped on demand and held in memory."""

    def __init__(self, table: KeyTable | None = None, master: MasterKeys | None = None) -> None:
        self.table: KeyTable = table or MemoryKeyTable()
        self.master = master or MasterKeys(None)
        self.cache: dict[str, AESGCM | None] = {}

    def store_key(self, has_events: bool) -> bytes | None:
        """The data key the whole events are encrypted with, under a master key only. A store
        whose events were encrypted before the key was kept here was encrypted under the master
        key itself: that becomes its data key, so those events stay readable."""
        if self.master.current is None:
            return None
        row = self.table.read([STORE_KEY]).get(STORE_KEY)
        if row is None:
            material = self.master.current if has_events else AESGCM.generate_key(256)
            self.table.add([KeyRow(STORE_KEY, *self.master.wrap(material, STORE_KEY))])
            row = self.table.read([STORE_KEY])[STORE_KEY]
        assert row.material is not None
        return self.master.unwrap(row.material, row.kek, STORE_KEY)

    def household(self, household_id: str) -> AESGCM | None:
        """The household's key; None when it has none (yet, or any more)."""
        if household_id not in self.cache:
            self.load([household_id])
        return self.cache.get(household_id)

    def ensure(self, household_ids: Iterable[str]) -> None:
        """Make the keys these households lack, in one write; the stored key wins a race. A
        household whose key was destroyed gets no new one."""
        wanted = [h for h in dict.fromkeys(household_ids) if self.cache.get(h) is None]
        if not wanted:
            return
        stored = self.table.read(wanted)
        self.table.add(
            KeyRow(h, *self.master.wrap(AESGCM.generate_key(256), h))
            for h in wanted
            if h not in stored
        )
        self.load(wanted)
        for household_id in wanted:
            if self.cache.get(household_id) is None:
                raise HouseholdErasedError(household_id)

    def load(self, household_ids: list[str]) -> None:
        if len(self.cache) + len(household_ids) > CACHE_MAX:
            self.cache.clear()
        found = self.table.read(household_ids)
        for household_id in household_ids:
            row = found.get(household_id)
            key = None
            if row is not None and row.material is not None:
                key = AESGCM(self.master.unwrap(row.material, row.kek, household_id))
            self.cache[household_id] = key

    def destroy(self, household_id: str, by: str) -> None:
        self.table.destroy(household_id, by)
        self.forget(household_id)

    def forget(self, household_id: str) -> None:
        self.cache.pop(household_id, None)

    def rotate(self) -> dict[str, int]:
        """Every key wrapped again under the current master key: how many were re-wrapped,
        and how many were already under it or destroyed."""
        target = (
            UNWRAPPED if self.master.current is None else self.master.id_of(self.master.current)
        )
        moved, kept = [], 0
        for row in self.table.every():
            if row.material is None or row.kek == target:
                kept += 1
                continue
            material = self.master.unwrap(row.material, row.kek, row.name)
            moved.append(KeyRow(row.name, *self.master.wrap(material, row.name)))
        self.table.replace(moved)
        return {"rewrapped": len(moved), "unchanged": kept}

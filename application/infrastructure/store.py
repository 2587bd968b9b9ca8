"""The event store: the library's application object configured from one database URL, with
the event table made append-only in the database itself and personal data encrypted at rest."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoding
from eventsourcing.utils import Environment, get_topic, register_topic

from application.infrastructure.keys import Keys, MasterKeys, SqlKeyTable
from application.infrastructure.personal_fields import PersonalFieldsMapper
from application.infrastructure.settings import Settings, ensure_parent
from domain.area_registry import AreaRegistry
from domain.base import Snapshotted
from domain.household import PERSONAL_FIELDS, Household
from domain.plan import Plan
from projections.log import notifications

APP_NAME = "Giamngheo"
PG_EVENTS_TABLE = "giamngheo_events"
SQLITE_EVENTS_TABLE = "stored_events"
# PostgreSQL's recorder: the library's, writing a chunk as typed arrays (pgrecorder.py).
RECORDER_TOPIC = "application.infrastructure.pgrecorder:ArrayInsertRecorder"


# Snapshots are stored under the topic the domain names them by, which survives a renamed
# module; the library registers the aggregates' and events' topics, not this one.
register_topic(Snapshotted.Snapshot.TOPIC, Snapshotted.Snapshot)


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Backend:
    """Where the events live, parsed from GIAMNGHEO_DATABASE_URL."""

    kind: str  # "sqlite", "postgres" or "memory"
    env: dict[str, str]
    sqlalchemy_url: str
    schema: str | None = None

    @classmethod
    def from_url(cls, url: str) -> Backend:
        parts = urlsplit(url)
        scheme = parts.scheme.split("+")[0]
        if scheme == "memory":
            return cls("memory", {"PERSISTENCE_MODULE": "eventsourcing.popo"}, "sqlite://")
        if scheme == "sqlite":
            path = unquote(url.split("sqlite:///", 1)[1]) if "sqlite:///" in url else ":memory:"
            ensure_parent(path)
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": path,
                "SQLITE_LOCK_TIMEOUT": "10",
            }
            return cls("sqlite", env, f"sqlite:///{path}")
        if scheme in ("postgresql", "postgres"):
            schema = parse_qs(parts.query).get("schema", ["public"])[0]
            env = {
                "PERSISTENCE_MODULE": "eventsourcing.postgres",
                "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
                "POSTGRES_HOST": parts.hostname or "127.0.0.1",
                "POSTGRES_PORT": str(parts.port or 5432),
                "POSTGRES_USER": unquote(parts.username or "postgres"),
                "POSTGRES_PASSWORD": unquote(parts.password or ""),
                "POSTGRES_SCHEMA": schema,
                "POSTGRES_LOCK_TIMEOUT": "5",
                # The library ends a session idle inside a transaction after 5 s by default. Our
                # transactions run no work of their own between statements, but on a loaded
                # two-core machine a live one paused that long and was killed (a CI run of
                # 2026-12-06): the guard is for a client that died mid-transaction, and a
                # minute still ends that.
                "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "60",
                "POSTGRES_POOL_SIZE": "5",
                "POSTGRES_MAX_OVERFLOW": "10",
                "APPLICATION_RECORDER_TOPIC": RECORDER_TOPIC,
            }
            auth = parts.netloc
            return cls("postgres", env, f"postgresql+psycopg://{auth}{parts.path}", schema=schema)
        raise ValueError(f"GIAMNGHEO_DATABASE_URL: unsupported scheme {parts.scheme!r}")


class CaseStore(Application[UUID]):
    """One store for every aggregate, so the whole history has a single order (its
    notification log), which projections, replay and the integrity chain all follow."""

    name = APP_NAME
    # Long histories read from a snapshot and the events after it (the library's snapshots,
    # in a table of their own beside the events, which stay the only record): the registry has
    # over a thousand events, each plan's closings carry every figure they published.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {AreaRegistry: 100, Plan: 5}
    keys: Keys
    # The key the whole events are encrypted with (None: not encrypted); the views' sealing
    # keys are derived from it too.
    data_key: bytes | None = None

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def construct_env(self, name: str, env: Any = None) -> Environment:
        """The library reads its settings from the process environment too, where
        GIAMNGHEO_CIPHER_KEY is the *master* key: the events' cipher is the store's own choice
        (its data key, `open_store`), so the library's cipher settings are left out."""
        environment = super().construct_env(name, env)
        for key in ("CIPHER_KEY", "CIPHER_TOPIC"):
            for variant in environment.create_keys(key):
                environment.pop(variant, None)
        return environment

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = self.factory.mapper(self.construct_transcoder(), PersonalFieldsMapper)
        assert isinstance(mapper, PersonalFieldsMapper)
        self.keys = mapper.keys
        return mapper

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """The keys of the households whose new events hold personal fields, made in one
        write before the events are (a bulk load's thousand households, one statement)."""
        self.keys.ensure(
            str(o.id)
            for o in objs
            if isinstance(o, Household)
            and any(get_topic(type(e)) in PERSONAL_FIELDS for e in o.pending_events)
        )
        return super().save(*objs, **kwargs)

    def encrypt(self, data_key: bytes) -> None:
        """Encrypt the whole events under the store's data key (`Keys.store_key`)."""
        self.data_key = data_key
        self.mapper.cipher = AESCipher(Environment(env={"CIPHER_KEY": as_text(data_key)}))

    def sealing_key(self) -> str | None:
        """The data key as the views' sealer takes it."""
        return None if self.data_key is None else as_text(self.data_key)


def as_text(key: bytes) -> str:
    """A key as the library's cipher and the views' sealer take it: base64."""
    return base64.b64encode(key).decode()


def exists(store: CaseStore, aggregate_id: UUID) -> bool:
    """Has an aggregate with this id recorded anything? (Ids derived from business keys make
    this the check for a code, a receipt or a registry already taken.)"""
    return bool(store.recorder.select_events(aggregate_id, limit=1))


def open_store(settings: Settings) -> tuple[CaseStore, Backend]:
    backend = Backend.from_url(settings.database_url)
    if backend.kind == "postgres":
        ensure_schema(backend)
    store = CaseStore(env=dict(backend.env))
    install_append_only_guards(store, backend)
    if backend.kind != "memory":  # the in-memory store keeps its keys in memory
        store.keys.table = key_table(store, backend)
    store.keys.master = MasterKeys.of(settings.cipher_key, settings.cipher_previous_keys)
    data_key = store.keys.store_key(has_events=bool(store.recorder.max_notification_id()))
    if data_key is not None:
        store.encrypt(data_key)
    return store, backend


def key_table(store: CaseStore, backend: Backend) -> SqlKeyTable:
    """The keys' table in the store's database."""

    @contextmanager
    def transaction(commit: bool) -> Iterator[Any]:
        with cursor(store, commit=commit) as curs:
            yield curs

    if backend.kind == "postgres":

        def vacuum(table: str) -> None:
            with pg_connect(backend) as conn:  # VACUUM runs outside a transaction
                conn.execute(f"VACUUM {table}")

        table = f'"{backend.schema}"."giamngheo_keys"'
        return SqlKeyTable(transaction, table, postgres=True, vacuum=vacuum)
    return SqlKeyTable(transaction, "giamngheo_keys", postgres=False)


@contextmanager
def cursor(store: CaseStore, *, commit: bool = False) -> Iterator[Any]:
    datastore: Any = getattr(store.recorder, "datastore", None)
    with datastore.transaction(commit=commit) as curs:
        yield curs


def pg_connect(backend: Backend) -> Any:
    """A connection of its own (autocommit) to the store's PostgreSQL database."""
    import psycopg

    env = backend.env
    return psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        autocommit=True,
    )


def ensure_schema(backend: Backend) -> None:
    from psycopg import sql

    with pg_connect(backend) as conn:
        schema = sql.Identifier(backend.env["POSTGRES_SCHEMA"])
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema))


_PG_GUARDS = """
CREATE OR REPLACE FUNCTION {schema}.giamngheo_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS giamngheo_no_update_delete ON {table};
CREATE TRIGGER giamngheo_no_update_delete BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {schema}.giamngheo_refuse_change();
DROP TRIGGER IF EXISTS giamngheo_no_truncate ON {table};
CREATE TRIGGER giamngheo_no_truncate BEFORE TRUNCATE ON {table}
  FOR EACH STATEMENT EXECUTE FUNCTION {schema}.giamngheo_refuse_change();
ALTER TABLE {table} ENABLE ALWAYS TRIGGER giamngheo_no_update_delete;
ALTER TABLE {table} ENABLE ALWAYS TRIGGER giamngheo_no_truncate;
"""

# Readers ask the log for one topic at a time (the models, the officials, the area registry):
# an index keeps that proportional to the events of the topic, not to the whole log.
_PG_TOPIC_INDEX = (
    "CREATE INDEX IF NOT EXISTS giamngheo_events_topic ON {table} (topic, notification_id);"
)
_SQLITE_TOPIC_INDEX = (
    f"CREATE INDEX IF NOT EXISTS giamngheo_events_topic ON {SQLITE_EVENTS_TABLE} (topic)"
)

_SQLITE_GUARDS = [
    f"CREATE TRIGGER IF NOT EXISTS giamngheo_no_update BEFORE UPDATE ON {SQLITE_EVENTS_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END",
    f"CREATE TRIGGER IF NOT EXISTS giamngheo_no_delete BEFORE DELETE ON {SQLITE_EVENTS_TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END",
]


def install_append_only_guards(store: CaseStore, backend: Backend) -> None:
    """Triggers refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) on the event table for every
    role; the library itself only ever inserts. Beside them, the index by topic."""
    if backend.kind == "postgres":
        schema = f'"{backend.schema}"'
        table = f'{schema}."{PG_EVENTS_TABLE}"'
        with cursor(store, commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(75532)")
            curs.execute(_PG_GUARDS.format(schema=schema, table=table))
            curs.execute(_PG_TOPIC_INDEX.format(table=table))
    elif backend.kind == "sqlite":
        with cursor(store, commit=True) as curs:
            for statement in [*_SQLITE_GUARDS, _SQLITE_TOPIC_INDEX]:
                curs.execute(statement)


def positions(store: CaseStore, backend: Backend, originator_id: UUID) -> dict[int, int]:
    """The global position (notification id) of each of an aggregate's events."""
    if backend.kind == "postgres":
        statement = (
            f'SELECT notification_id, originator_version FROM "{backend.schema}".'
            f'"{PG_EVENTS_TABLE}" WHERE originator_id = %s'
        )
        with cursor(store) as curs:
            curs.execute(statement, (originator_id,))
            return {row["originator_version"]: row["notification_id"] for row in curs.fetchall()}
    if backend.kind == "sqlite":
        statement = (
            f"SELECT rowid, originator_version FROM {SQLITE_EVENTS_TABLE} WHERE originator_id = ?"
        )
        with cursor(store) as curs:
            curs.execute(statement, (originator_id.hex,))
            return {row[1]: row[0] for row in curs.fetchall()}
    # The in-memory store (tests) has no index to ask: scan its log.
    found: dict[int, int] = {}
    for page in notifications(store.recorder, page=1000):
        found.update({n.originator_version: n.id for n in page if n.originator_id == originator_id})
    return found


def notification_waiter(store: CaseStore, backend: Backend) -> Callable[[float], None] | None:
    """How a follower waits for new events: on PostgreSQL, LISTEN for the store's NOTIFY with a
    bounded wait (a lost connection is reopened). Elsewhere None: the engine's own wait, which
    a writer in the same process can cut short."""
    if backend.kind != "postgres":
        return None
    import psycopg

    channel = getattr(store.recorder, "channel_name", PG_EVENTS_TABLE)
    state: dict[str, Any] = {}

    def wait(timeout: float) -> None:
        try:
            conn = state.get("conn")
            if conn is None or conn.closed:
                conn = pg_connect(backend)
                conn.execute(f'LISTEN "{channel}"')
                state["conn"] = conn
            for _ in conn.notifies(timeout=timeout, stop_after=1):
                break
        except psycopg.OperationalError:
            state.pop("conn", None)
            time.sleep(timeout)

    return wait


@contextmanager
def worker_lock(backend: Backend) -> Iterator[None]:
    """One projection worker per database: a second one waits until the first stops (a
    PostgreSQL advisory lock; on SQLite, a lock on a file beside the database)."""
    if backend.kind == "postgres":
        with pg_connect(backend) as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"{backend.schema}.workers",))
            yield
        return
    if backend.kind == "sqlite":
        import fcntl

        path = backend.env["SQLITE_DBNAME"] + ".worker.lock"
        with open(path, "w", encoding="ascii") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        return
    yield

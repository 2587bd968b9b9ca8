"""The SQLAlchemy engine for read models and accounts, in the same database as the events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, Table, create_engine, event, inspect, text
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateColumn

from application.infrastructure.store import Backend

metadata = MetaData()
# PostgreSQL's advice for storage whose random reads cost about as much as sequential ones.
RANDOM_PAGE_COST = 1.1


def engine_for(backend: Backend) -> Engine:
    if backend.kind == "postgres":
        # The views are read by key, from pages the server keeps in memory: at PostgreSQL's
        # default cost of a random read (4, a spinning disk's) the planner scans the whole
        # count table for a table of 114 communes (36 ms) instead of seeking its keys (7 ms).
        options = f"-csearch_path={backend.schema} -crandom_page_cost={RANDOM_PAGE_COST}"
        return create_engine(
            backend.sqlalchemy_url, connect_args={"options": options}, pool_pre_ping=True
        )
    if backend.kind == "memory":
        return create_engine(
            "sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    engine = create_engine(
        backend.sqlalchemy_url, connect_args={"timeout": 10, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=10000")
        # A row rewritten after an erasure leaves no copy of the names in the file's free space.
        dbapi_connection.execute("PRAGMA secure_delete=ON")

    return engine


def add_missing_columns(engine: Engine, table: Table) -> None:
    """Columns added to a table since a database was made, with their defaults: a database
    made by an earlier version opens without a migration tool (the tables are few and only
    ever gain columns)."""
    present = {column["name"] for column in inspect(engine).get_columns(table.name)}
    with engine.begin() as conn:
        for column in table.columns:
            if column.name not in present:
                definition = CreateColumn(column).compile(dialect=engine.dialect)
                conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {definition}"))

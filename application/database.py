"""The SQLAlchemy engine for read models and accounts, in the same database as the events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.pool import StaticPool

from application.store import Backend

metadata = MetaData()


def engine_for(backend: Backend) -> Engine:
    if backend.kind == "postgres":
        return create_engine(
            backend.sqlalchemy_url,
            connect_args={"options": f"-csearch_path={backend.schema}"},
            pool_pre_ping=True,
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

    return engine

"""Who read which household's personal data, and when (docs/spec/access.md, Decree 356/2025): every
page or API answer that shows names, citizen ids or incomes leaves a line here, for auditors.
A table beside the events, not events: reading changes nothing about the household."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, insert, select

from application.commands import Actor
from application.infrastructure.database import metadata
from projections.bitemporal import utc

personal_data_reads = Table(
    "personal_data_reads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("read_at", DateTime(timezone=True), nullable=False, index=True),
    Column("username", String(80), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("household_id", String(36), nullable=False, index=True),
    Column("commune_code", String(10), nullable=False),
    Column("what", String(40), nullable=False),
)

PAGE_SIZE = 100


@dataclass(frozen=True)
class ReadQuery:
    household_id: UUID | None = None
    username: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1


class ReadLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine, tables=[personal_data_reads])

    def record(self, actor: Actor, household_id: UUID | str, commune_code: str, what: str) -> None:
        self.record_many(actor, [(household_id, commune_code)], what)

    def record_many(
        self, actor: Actor, households: Iterable[tuple[UUID | str, str]], what: str
    ) -> None:
        """One line per household (a downloaded list shows each of them)."""
        now = datetime.now(UTC)
        rows = [
            {
                "read_at": now,
                "username": actor.username,
                "role": actor.role,
                "household_id": str(household_id),
                "commune_code": commune_code,
                "what": what,
            }
            for household_id, commune_code in households
        ]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(personal_data_reads), rows)

    def entries(self, query: ReadQuery, communes: Iterable[str] | None = None) -> dict[str, Any]:
        """Newest first; `communes` limits them to households read while in the reader's area
        (None: all)."""
        table = personal_data_reads
        statement = select(table).order_by(table.c.id.desc())
        if query.household_id is not None:
            statement = statement.where(table.c.household_id == str(query.household_id))
        if query.username:
            statement = statement.where(table.c.username == query.username)
        if query.since is not None:
            statement = statement.where(table.c.read_at >= query.since)
        if query.until is not None:
            statement = statement.where(table.c.read_at < query.until)
        if communes is not None:
            statement = statement.where(table.c.commune_code.in_(sorted(communes)))
        page = max(1, query.page)
        statement = statement.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
        with self.engine.connect() as conn:
            rows = conn.execute(statement).all()
        items = [
            {
                "read_at": utc(row.read_at).isoformat(),
                "username": row.username,
                "role": row.role,
                "household_id": row.household_id,
                "commune_code": row.commune_code,
                "what": row.what,
            }
            for row in rows[:PAGE_SIZE]
        ]
        return {"items": items, "page": page, "more": len(rows) > PAGE_SIZE}

"""The two time axes of the indicator view's tables as SQL conditions: a row holds on an
effective day D when eff_from ≤ D < eff_to, and was known at instant K when rec_from ≤ K <
rec_to (K None: known now, the row not superseded). The recorded times are UTC; SQLite gives
them back without their zone (`utc`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, or_


def known(table: Any, known_at: datetime | None) -> Any:
    if known_at is None:
        return table.c.rec_to.is_(None)
    return and_(
        table.c.rec_from <= known_at, or_(table.c.rec_to.is_(None), table.c.rec_to > known_at)
    )


def on(table: Any, day: date) -> Any:
    return and_(table.c.eff_from <= day, or_(table.c.eff_to.is_(None), table.c.eff_to > day))


def utc(instant: datetime) -> datetime:
    """A recorded time with its zone: one given back without it (SQLite) was written in UTC."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)

"""Rows placed before the registry knew where a unit went. A view places a household by the
registry as it stood at the household's event; a successor named later (an older database
gaining the mergers of 1 January 2025) leaves its rows in the ended unit past its last day,
where a replay with the registry as known now no longer counts it. At the end of each run of
the registry's events a view looks for such rows, and derives their owners again as they stood
then (docs/spec/reorganisation.md, "Successors named later"). The look is a query on the view
itself, not a memory of the run, so a batch cut inside a run or a restarted worker misses
nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Column, ColumnElement, Connection, Table, or_, select

from domain.area_registry import AreaRegistry
from projections.counts import chunks


def owners_past_their_end(
    conn: Connection,
    table: Table,
    place: Column[str],
    registry: AreaRegistry,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[str]:
    """The owners of standing rows that count in a unit on a day after it ended into named
    successors (each a `Succession` of the registry). A unit that went, wholly or in part, into
    a new one under its own code (10507, Phường Cẩm Thượng, then Phường Thành Đông) is not looked
    at: its rows past that day are the new unit's, and would be found again on every run."""
    by_day: dict[date, list[str]] = {}
    for code, succession in registry.successions.items():
        if code not in succession.codes:
            by_day.setdefault(succession.day, []).append(code)
    found: set[str] = set()
    for day, codes in sorted(by_day.items()):
        for chunk in chunks(sorted(codes)):
            query = (
                select(table.c.owner)
                .distinct()
                .where(
                    place.in_(chunk),
                    table.c.rec_to.is_(None),
                    or_(table.c.eff_to.is_(None), table.c.eff_to > day),
                    *where,
                )
            )
            found.update(conn.execute(query).scalars())
    return sorted(found)

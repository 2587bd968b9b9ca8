"""Reading figures from the indicator view: the sums of a figure's parts for areas on a day, as
known at an instant — from the running totals by stretch of recorded time plus the rows of the
stretch the instant falls in, a bounded number of index seeks whatever the size of the history
(docs/scaling.md, "Flat reads")."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    and_,
    case,
    exists,
    func,
    or_,
    select,
)

from projections.bitemporal import known, on, utc
from projections.counts import (
    Cells,
    hour_of,
    hour_start,
    merged,
    sums_of_trees,
)

# ---- reading figures -------------------------------------------------------------------------

Sums = dict[tuple[str, str, str], int]
Window = tuple[datetime, datetime]  # a stretch of recorded time, both ends included
BEFORE_ANY = datetime(1900, 1, 1, tzinfo=UTC)


def counted(rows: Table, known_at: datetime | None, window: Window | None) -> tuple[Any, Any]:
    """The rows to sum and the weight each adds: those known at the instant, or, over a
    window of recorded time, those recorded in it (+weight) and those closed in it (-weight)."""
    if window is None:
        return known(rows, known_at), rows.c.weight
    start, end = window
    began = rows.c.rec_from.between(start, end)
    ended = rows.c.rec_to.between(start, end)
    weight = case((began, rows.c.weight), else_=0) - case((ended, rows.c.weight), else_=0)
    return or_(began, ended), weight


def sums_by_area(
    conn: Connection,
    tables: tuple[Table, Table],
    areas: Sequence[str],
    day: date,
    known_at: datetime | None,
    figures: Sequence[str] | None = None,
    window: Window | None = None,
) -> dict[str, Sums]:
    """The sums of several areas of which none holds another, in one query grouped by area:
    each area's own rows (its household total, its officials), and all but the household
    totals of the places it holds that day. A place has one holder per area it lies in, so
    joining the holders among the areas asked for finds each row once."""
    rows, holders = tables
    condition, weight = counted(rows, known_at, window)
    wanted = list(areas)
    inside = holders.alias("inside")
    source = rows.outerjoin(
        inside,
        and_(
            inside.c.code == rows.c.area,
            inside.c.holder.in_(wanted),
            on(inside, day),
            known(inside, known_at),
        ),
    )
    own = rows.c.area.in_(wanted)
    key: Any = case((own, rows.c.area), else_=inside.c.holder)
    held = and_(rows.c.figure != "household_total", inside.c.holder.is_not(None))
    query = (
        select(key, rows.c.figure, rows.c.part, rows.c.tag, func.sum(weight))
        .select_from(source)
        .where(on(rows, day), condition, or_(own, held))
        .group_by(key, rows.c.figure, rows.c.part, rows.c.tag)
    )
    if figures is not None:
        query = query.where(rows.c.figure.in_(list(figures)))
    found: dict[str, Sums] = {area: {} for area in wanted}
    for row in conn.execute(query):
        found[str(row[0])][(str(row[1]), str(row[2]), str(row[3]))] = int(row[4])
    return found


@dataclass(frozen=True)
class Recent:
    """The stretch of recorded time an instant falls in, from its start to the instant, and
    what was recorded in it: whether a commune changed district, whether a membership row was
    recorded or closed. Worked out once for all the sums read as known at that instant."""

    stretch: int
    window: Window
    moved: bool
    changed: bool


def recent_at(
    conn: Connection, cells: Cells, tables: tuple[Table, Table], known_at: datetime
) -> Recent:
    """Two queries: the stretch the instant falls in, and four index probes of what it
    recorded up to the instant."""
    stretches = cells.stretches
    found = conn.execute(
        select(stretches.c.id, stretches.c.starts_at)
        .where(stretches.c.starts_at <= known_at)
        .order_by(stretches.c.starts_at.desc())
        .limit(1)
    ).first()
    if found is None:  # nothing was recorded before the instant
        stretch, start = 0, BEFORE_ANY
    elif hour_of(utc(found.starts_at)) == hour_of(known_at):
        stretch, start = int(found.id), found.starts_at
    else:  # a stretch ends with its hour: the instant is after it, none began since
        stretch, start = int(found.id) + 1, hour_start(hour_of(known_at))
    rows, communes = tables

    def probe(table: Table, column: str) -> Any:
        return exists().where(table.c[column].between(start, known_at))

    probed = conn.execute(
        select(
            or_(probe(communes, "rec_from"), probe(communes, "rec_to")),
            or_(probe(rows, "rec_from"), probe(rows, "rec_to")),
        )
    ).one()
    return Recent(stretch, (start, known_at), bool(probed[0]), bool(probed[1]))


def sums_known_at(
    conn: Connection,
    cells: Cells,
    tables: tuple[Table, Table],
    areas: Sequence[str],
    day: date,
    recent: Recent,
    figures: Sequence[str] | None = None,
    holding: Collection[str] | None = None,
) -> dict[str, Sums]:
    """The sums as known at an instant: the counts' running totals at the end of the stretches
    before its own, and what the rows recorded or closed since its stretch began changed —
    unless a commune changed district within that stretch, when the rows are summed whole
    (rare: the registry changes a few times a year)."""
    known_at = recent.window[1]
    if recent.moved:
        whole = sums_by_area(conn, tables, areas, day, known_at, figures)
        return {area: merged([whole[area]]) for area in areas}
    base = sums_of_trees(conn, cells, areas, day, figures, recent.stretch, holding)
    if not recent.changed:
        return base
    latest = sums_by_area(conn, tables, areas, day, known_at, figures, recent.window)
    return {area: merged([base[area], latest.get(area, {})]) for area in areas}

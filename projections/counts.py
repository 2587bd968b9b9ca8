"""The indicator view's counts, kept as the memberships change, so that a figure for an area on
a day as known now costs the same at ten thousand households as at a million.

A membership of weight w counting on the effective days [start, end) is +w on `start` and -w on
`end`: the figure on day D is the sum of the changes dated on or before D. Those changes are
kept per area and per (figure, part, tag) in a Fenwick tree over the days (a binary indexed
tree): a change updates at most DEPTH cells, and the sum up to a day reads at most DEPTH cells,
whatever the number of households. Each change is kept under the membership's own area (a
commune, or the district or city of an official or a household total); under ALL, the city,
for every figure but the areas' household totals; and, for a commune's membership, under the
tree of the district the commune belonged to on those days (WITHIN + district code), split at
the days it changed district. A district is then its own tree and its WITHIN tree: two areas,
however many communes it had. When a commune changes district, its standing memberships are
moved from the old districts' trees to the new ones (`Changes.regroup`).

Only what is known now is counted here; a figure as known at an earlier instant is summed from
the membership rows (`projections.indicators.sums`), whose recorded times say what was known."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Column, Connection, Integer, MetaData, String, Table, select
from sqlalchemy import func as sql
from sqlalchemy.dialects import postgresql, sqlite

from projections.bitemporal import known
from projections.intervals import OPEN

if TYPE_CHECKING:
    from projections.indicators import Row, Sums

EPOCH = date(1900, 1, 1)
DEPTH = 17  # 2**17 days: from 1900 to 2258
SIZE = 1 << DEPTH
ALL = "*"
WITHIN = ">"  # WITHIN + a district's code: the memberships of the communes inside it
HOUSEHOLD_TOTAL = "household_total"

Key = tuple[str, int, str, str, str]  # area, cell, figure, part, tag
Period = tuple[str, date, date]
# A commune's districts over time, as known now: (district, first day, end day).
Periods = dict[str, list[Period]]


def counts_table(metadata: MetaData, generation: int) -> Table:
    """Named anew when what the cells hold changes (the districts' trees were added), so a view
    written before is filled again from its rows."""
    return Table(
        f"indicator_cells_g{generation}",
        metadata,
        Column("area", String(10), primary_key=True),
        Column("cell", Integer, primary_key=True),
        Column("figure", String(48), primary_key=True),
        Column("part", String(3), primary_key=True),
        Column("tag", String(20), primary_key=True),
        Column("total", BigInteger, nullable=False),
    )


def position(day: date) -> int:
    """The tree's index of a day (1-based); a change dated before the epoch counts from its
    first day, and a day before the epoch reads nothing."""
    return max(1, (day - EPOCH).days + 1)


def cells_updated(index: int) -> list[int]:
    cells = []
    while index <= SIZE:
        cells.append(index)
        index += index & -index
    return cells


def cells_read(index: int) -> list[int]:
    cells = []
    index = min(index, SIZE)
    while index > 0:
        cells.append(index)
        index -= index & -index
    return cells


class Changes:
    """The cells a batch of membership changes moves, summed before they are written."""

    def __init__(self, periods: Periods) -> None:
        self.periods = periods
        self.totals: defaultdict[Key, int] = defaultdict(int)

    def count(self, rows: Iterable[Row], sign: int) -> None:
        """`sign` +1 for memberships that begin to be known, -1 for those superseded."""
        for row in rows:
            amount = sign * row.weight
            self.span(row.area, row, row.start, row.end, amount)
            if row.figure != HOUSEHOLD_TOTAL:
                self.span(ALL, row, row.start, row.end, amount)
                self.within(row, self.periods.get(row.area, ()), amount)

    def regroup(
        self, rows: Iterable[Row], before: Sequence[Period], after: Sequence[Period]
    ) -> None:
        """A commune's standing memberships, moved from its districts of `before` to those of
        `after`."""
        for row in rows:
            if row.figure != HOUSEHOLD_TOTAL:
                self.within(row, before, -row.weight)
                self.within(row, after, row.weight)

    def within(self, row: Row, periods: Iterable[Period], amount: int) -> None:
        for district, start, end in periods:
            first, last = max(row.start, start), min(row.end, end)
            if first < last:
                self.span(WITHIN + district, row, first, last, amount)

    def span(self, area: str, row: Row, start: date, end: date, amount: int) -> None:
        self.at(area, row, start, amount)
        if end != OPEN and position(end) <= SIZE:
            self.at(area, row, end, -amount)

    def at(self, area: str, row: Row, day: date, amount: int) -> None:
        for cell in cells_updated(position(day)):
            self.totals[(area, cell, row.figure, row.part, row.tag)] += amount

    def write(self, conn: Connection, table: Table) -> None:
        values = [
            {"area": a, "cell": c, "figure": f, "part": p, "tag": t, "total": n}
            for (a, c, f, p, t), n in self.totals.items()
            if n
        ]
        self.totals.clear()
        if not values:
            return
        dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table)
        upsert = statement.on_conflict_do_update(
            index_elements=["area", "cell", "figure", "part", "tag"],
            set_={"total": table.c.total + statement.excluded.total},
        )
        conn.execute(upsert, values)


def read(
    conn: Connection,
    table: Table,
    areas: Sequence[str],
    day: date,
    figures: Sequence[str] | None = None,
) -> dict[str, Sums]:
    """The sums on `day` of each area's own tree, by (figure, part, tag); zero sums left out
    (no membership counts there that day)."""
    query = (
        select(table.c.area, table.c.figure, table.c.part, table.c.tag, sql.sum(table.c.total))
        .where(table.c.area.in_(list(areas)), table.c.cell.in_(cells_read((day - EPOCH).days + 1)))
        .group_by(table.c.area, table.c.figure, table.c.part, table.c.tag)
    )
    if figures is not None:
        query = query.where(table.c.figure.in_(list(figures)))
    found: dict[str, Sums] = {area: {} for area in areas}
    result: Any = conn.execute(query)
    for area, figure, part, tag, total in result:
        if total:
            found[str(area)][(str(figure), str(part), str(tag))] = int(total)
    return found


def merged(parts: Iterable[Sums]) -> Sums:
    """Several areas' sums as one."""
    sums: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    for part in parts:
        for key, value in part.items():
            sums[key] += value
    return {key: value for key, value in sums.items() if value}


def periods_now(conn: Connection, communes: Table) -> Periods:
    """Every commune's districts over time, as known now."""
    found: Periods = {}
    query = select(
        communes.c.commune_code, communes.c.district_code, communes.c.eff_from, communes.c.eff_to
    ).where(known(communes, None))
    for row in conn.execute(query):
        span = (str(row.district_code), row.eff_from, row.eff_to or OPEN)
        found.setdefault(str(row.commune_code), []).append(span)
    return found


def sums_now(
    conn: Connection,
    counts: Table,
    areas: Sequence[str],
    city: str,
    day: date,
    figures: Sequence[str] | None = None,
) -> dict[str, Sums]:
    """What `indicators.sums` gives for each area as known now, from the counts: the city is
    ALL with its own household total; any other area is its own tree and its WITHIN tree (the
    communes inside it that day, without their household totals)."""
    wanted = {*areas, *(WITHIN + a for a in areas if a != city)}
    if city in areas:
        wanted.add(ALL)
    own = read(conn, counts, sorted(wanted), day, figures)
    found: dict[str, Sums] = {}
    for area in areas:
        if area == city:
            total = {k: v for k, v in own[city].items() if k[0] == HOUSEHOLD_TOTAL}
            found[area] = merged([own[ALL], total])
        else:
            found[area] = merged([own[area], own[WITHIN + area]])
    return found

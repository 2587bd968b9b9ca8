"""The indicator view's counts, kept as the memberships change, so that a figure for an area on
a day — as known now or as known at any earlier instant — costs the same at ten thousand
households as at a million.

A membership of weight w counting on the effective days [start, end) is +w on `start` and -w on
`end`: the figure on day D is the sum of the changes dated on or before D. Those changes are
kept per area and per (figure, part, tag) in a Fenwick tree over the days (a binary indexed
tree): a change updates at most DEPTH cells, and the sum up to a day reads at most DEPTH cells,
whatever the number of households. Each change is kept under the membership's own area (a
commune, a household awaiting assignment, or the district or province of an official or a
household total); and, for every figure but the areas' household totals, under the tree of
each area holding that area on those days (WITHIN + the holder's code: its district, its
province, its province's territory before 2025 — `AreaRegistry.holders`), split at the days
those changed. Any area, the city included, is then its own tree and its WITHIN tree: two
areas, however many communes it had. When what holds a code changes, its standing memberships
are moved from the old holders' trees to the new ones (`Changes.regroup`).

The recorded time is the second axis. It is cut into stretches (`Stretches`): a new one
begins with the first change of a new hour, or after STRETCH_CHANGES membership changes. Each
cell also keeps its running total as known at the end of every stretch in which it changed
(`Cells.known`): a figure as known at an instant K reads each cell's latest total of a stretch
before K's, and adds the membership rows recorded or closed in K's own stretch up to K
(`projections.sums.sums_known_at`) — a bounded number of index seeks, and at most one
stretch's changes, however fast the history was written. docs/scaling.md, "Flat reads"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    insert,
    select,
    update,
)
from sqlalchemy import func as sql

from projections.bitemporal import known, utc
from projections.intervals import OPEN

if TYPE_CHECKING:
    from projections.memberships import Row
    from projections.sums import Sums

EPOCH = date(1900, 1, 1)
DEPTH = 17  # 2**17 days: from 1900 to 2258
SIZE = 1 << DEPTH
WITHIN = ">"  # WITHIN + an area's code: the memberships of the places inside it
HOUSEHOLD_TOTAL = "household_total"
# The recorded axis's grain: a stretch never spans two of these (counted from RECORDED_EPOCH),
# nor holds more than STRETCH_CHANGES membership changes (a bulk load's hour is cut short).
RESOLUTION = timedelta(hours=1)
RECORDED_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
STRETCH_CHANGES = 20_000
# A stretch's number: its hour times SEQUENCE, plus its place in the hour (the first at
# FIRST, leaving room before it for a late event's stretch): numbers follow the starts.
SEQUENCE = 1 << 20
FIRST = 1 << 19
# Ids or keys in one IN (...), and rows in one statement: well under either backend's limits.
CHUNK = 500

Key = tuple[str, int, str, str, str]  # area, cell, figure, part, tag
KEY = ("area", "cell", "figure", "part", "tag")
Period = tuple[str, date, date]
# A commune's districts over time, as known now: (district, first day, end day).
Periods = dict[str, list[Period]]


class Cells(NamedTuple):
    """A generation's count tables: each cell's total as known now, its running totals by
    stretch of recorded time, and the stretches."""

    now: Table
    known: Table
    stretches: Table


def counts_table(metadata: MetaData, generation: int) -> Cells:
    """Named anew when what the cells hold changes (the districts' trees were added), so a view
    written before is filled again from its rows."""
    now = Table(
        f"indicator_cells_g{generation}",
        metadata,
        *key_columns(),
        Column("total", BigInteger, nullable=False),
    )
    known_table = Table(
        f"indicator_totals_g{generation}",
        metadata,
        *key_columns(),
        Column("stretch", BigInteger, primary_key=True),
        Column("total", BigInteger, nullable=False),
        Index(f"ix_indicator_totals_g{generation}_stretch", "stretch"),
    )
    stretches = Table(
        f"indicator_stretches_g{generation}",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("starts_at", DateTime(timezone=True), nullable=False, index=True),
        # The latest recorded time counted in it: a new stretch never begins before it.
        Column("latest", DateTime(timezone=True), nullable=False),
        Column("changes", BigInteger, nullable=False),
    )
    return Cells(now, known_table, stretches)


def key_columns() -> list[Column[Any]]:
    return [
        Column("area", String(10), primary_key=True),
        Column("cell", Integer, primary_key=True),
        Column("figure", String(48), primary_key=True),
        Column("part", String(3), primary_key=True),
        Column("tag", String(20), primary_key=True),
    ]


def hour_of(when: datetime) -> int:
    """The recorded hour an instant falls in (an instant without a zone is UTC, as the stores
    keep it)."""
    return (utc(when) - RECORDED_EPOCH) // RESOLUTION


def hour_start(hour: int) -> datetime:
    return RECORDED_EPOCH + hour * RESOLUTION


def first_of(hour: int) -> int:
    """The number of an hour's first stretch."""
    return hour * SEQUENCE + FIRST


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


class Stretches:
    """The stretches of recorded time the running totals are kept for, numbered in the order of
    their starts: the projection asks for the stretch of each event in log order, which opens a
    new one at a new hour, or when the current one holds STRETCH_CHANGES changes and the event
    is later than any counted in it (a stretch must hold every change recorded between
    its start and the next one's). Kept in the projection's transaction, so a batch that fails
    leaves them as they were."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        last = conn.execute(select(table).order_by(table.c.id.desc()).limit(1)).first()
        self.current = None
        if last is not None:
            self.current = Stretch(last.id, utc(last.starts_at), utc(last.latest), last.changes)

    def of(self, when: datetime, changes: int) -> int:
        """The stretch of a change recorded at `when` moving `changes` memberships."""
        when = utc(when)
        current = self.current
        if current is not None and when < current.starts_at:
            return self.earlier(when)
        number = None
        if current is None or hour_of(when) != hour_of(current.starts_at):
            number = first_of(hour_of(when))
        elif current.changes >= STRETCH_CHANGES and when > current.latest:
            number = current.id + 1
        if number is not None:
            self.save()
            self.insert(number, when)
            current = Stretch(number, when, when, 0)
        assert current is not None
        self.current = current._replace(
            latest=max(current.latest, when), changes=current.changes + changes
        )
        return current.id

    def insert(self, number: int, when: datetime) -> None:
        self.conn.execute(
            insert(self.table).values(id=number, starts_at=when, latest=when, changes=0)
        )

    def earlier(self, when: datetime) -> int:
        """An event recorded before the current stretch began (two writers' clocks): the
        stretch of its hour it falls in, or a new one before the hour's first."""
        table, hour = self.table, hour_of(when)
        found = self.conn.execute(
            select(table.c.id, table.c.starts_at)
            .where(table.c.starts_at <= when)
            .order_by(table.c.starts_at.desc())
            .limit(1)
        ).first()
        if found is not None and hour_of(utc(found.starts_at)) == hour:
            return int(found.id)
        in_hour = table.c.id.between(hour * SEQUENCE, (hour + 1) * SEQUENCE - 1)
        lowest = self.conn.execute(select(sql.min(table.c.id)).where(in_hour)).scalar()
        number = first_of(hour) if lowest is None else int(lowest) - 1
        self.insert(number, when)
        return number

    def save(self) -> None:
        current = self.current
        if current is not None:
            self.conn.execute(
                update(self.table)
                .where(self.table.c.id == current.id)
                .values(latest=current.latest, changes=current.changes)
            )


class Stretch(NamedTuple):
    id: int
    starts_at: datetime
    latest: datetime
    changes: int


class Changes:
    """The cells a batch of membership changes moves, by stretch of recorded time, summed
    before they are written."""

    def __init__(self, periods: Periods) -> None:
        self.periods = periods
        self.totals: defaultdict[tuple[str, int, str, str, str, int], int] = defaultdict(int)

    def count(self, rows: Iterable[Row], sign: int, stretch: int) -> None:
        """`sign` +1 for memberships that begin to be known in the stretch, -1 for those
        superseded in it."""
        for row in rows:
            amount = sign * row.weight
            self.own(row, amount, stretch)
            if row.figure != HOUSEHOLD_TOTAL:
                self.within(row, self.periods.get(row.area, ()), amount, stretch)

    def own(self, row: Row, amount: int, stretch: int) -> None:
        """The change under the membership's own area."""
        self.span(row.area, row, row.start, row.end, amount, stretch)

    def regroup(
        self, rows: Iterable[Row], before: Sequence[Period], after: Sequence[Period], stretch: int
    ) -> None:
        """A commune's standing memberships, moved from its districts of `before` to those of
        `after` in the stretch."""
        for row in rows:
            if row.figure != HOUSEHOLD_TOTAL:
                self.within(row, before, -row.weight, stretch)
                self.within(row, after, row.weight, stretch)

    def within(self, row: Row, periods: Iterable[Period], amount: int, stretch: int) -> None:
        for district, start, end in periods:
            first, last = max(row.start, start), min(row.end, end)
            if first < last:
                self.span(WITHIN + district, row, first, last, amount, stretch)

    def span(self, area: str, row: Row, start: date, end: date, amount: int, stretch: int) -> None:
        self.at(area, row, start, amount, stretch)
        if end != OPEN and position(end) <= SIZE:
            self.at(area, row, end, -amount, stretch)

    def at(self, area: str, row: Row, day: date, amount: int, stretch: int) -> None:
        for cell in cells_updated(position(day)):
            self.totals[(area, cell, row.figure, row.part, row.tag, stretch)] += amount

    def by_cell(self) -> dict[Key, dict[int, int]]:
        """The batch's changes of each cell by stretch, the zero ones left out."""
        found: dict[Key, dict[int, int]] = {}
        for (area, cell, figure, part, tag, stretch), amount in self.totals.items():
            if amount:
                found.setdefault((area, cell, figure, part, tag), {})[stretch] = amount
        self.totals.clear()
        return found

    def write(self, conn: Connection, cells: Cells) -> None:
        """Each moved cell's total now, and its running totals of the stretches it moved in.
        The log is read in recorded order, so a batch's stretches are usually the latest: the
        totals now give them. An event recorded in a stretch before one already written (two
        writers' clocks) has its change carried into the later stretches' totals."""
        changes = self.by_cell()
        if not changes:
            return
        now = upsert(conn, cells.now, [key_values(k, sum(c.values())) for k, c in changes.items()])
        latest = conn.execute(select(sql.max(cells.known.c.stretch))).scalar()
        earliest = min(min(c) for c in changes.values())
        if latest is None or earliest >= latest:
            rows = [
                key_values(key, total) | {"stretch": stretch}
                for key, by_stretch in changes.items()
                for stretch, total in running_back(now[key], by_stretch)
            ]
        else:
            rows = [
                key_values(key, total) | {"stretch": stretch}
                for key, by_stretch in changes.items()
                for stretch, total in carried(conn, cells.known, key, by_stretch)
            ]
        upsert(conn, cells.known, rows, replace=True)


Stored = tuple["Row", datetime, datetime | None]  # a membership and its recorded span


def filled(stored: Iterable[Stored], communes: Sequence[Any]) -> Changes:
    """The changes the projection made, worked out again from every membership row and the
    communes' districts as each was known: a row counts from the instant it was recorded until
    the one it was superseded at, in the districts its commune had in between (split where
    those changed). Its stretches are the recorded hours (`hourly`). Held in memory until
    written: a view with years of recorded hours is rebuilt instead."""
    moves = district_history(communes)
    changes = Changes({})
    for row, start, end in stored:
        changes.own(row, row.weight, first_of(hour_of(start)))
        if end is not None:
            changes.own(row, -row.weight, first_of(hour_of(end)))
        if row.figure == HOUSEHOLD_TOTAL:
            continue
        for first, last, periods in segments(moves.get(row.area, []), start, end):
            changes.within(row, periods, row.weight, first_of(hour_of(first)))
            if last is not None:
                changes.within(row, periods, -row.weight, first_of(hour_of(last)))
    return changes


def hourly(changes: Changes) -> list[dict[str, Any]]:
    """The stretches of a filled view: one for each recorded hour its changes fall in."""
    numbers = sorted({key[-1] for key in changes.totals})
    return [
        {
            "id": number,
            "starts_at": hour_start(number // SEQUENCE),
            "latest": hour_start(number // SEQUENCE + 1) - timedelta(microseconds=1),
            "changes": 0,
        }
        for number in numbers
    ]


History = list[tuple[datetime, list[Period]]]


def district_history(communes: Sequence[Any]) -> dict[str, History]:
    """Each commune's districts as known from each instant they changed at."""
    by_commune: dict[str, list[Any]] = {}
    for row in communes:
        by_commune.setdefault(str(row.code), []).append(row)
    found: dict[str, History] = {}
    for code, rows in by_commune.items():
        instants = sorted(
            {utc(r.rec_from) for r in rows} | {utc(r.rec_to) for r in rows if r.rec_to}
        )
        found[code] = [
            (
                instant,
                sorted(
                    (str(r.holder), r.eff_from, r.eff_to or OPEN)
                    for r in rows
                    if utc(r.rec_from) <= instant and (r.rec_to is None or utc(r.rec_to) > instant)
                ),
            )
            for instant in instants
        ]
    return found


def segments(
    history: History, start: datetime, end: datetime | None
) -> Iterator[tuple[datetime, datetime | None, list[Period]]]:
    """The stretches of [start, end) over which a commune's districts stayed as known."""
    start, end = utc(start), None if end is None else utc(end)
    current: list[Period] = []
    for instant, periods in history:
        if instant <= start:
            current = periods
    first = start
    for instant, periods in history:
        if first < instant and (end is None or instant < end):
            yield first, instant, current
            first, current = instant, periods
    yield first, end, current


def key_values(key: Key, total: int) -> dict[str, Any]:
    return dict(zip(KEY, key, strict=True)) | {"total": total}


def running_back(total: int, by_stretch: dict[int, int]) -> Iterator[tuple[int, int]]:
    """A cell's running totals at the end of each stretch it moved in, from its total after
    the last of them."""
    for stretch in sorted(by_stretch, reverse=True):
        yield stretch, total
        total -= by_stretch[stretch]


def carried(
    conn: Connection, table: Table, key: Key, by_stretch: dict[int, int]
) -> Iterator[tuple[int, int]]:
    """A cell's running totals from the earliest of the batch's stretches on, its stored
    totals of the later stretches included, with the batch's changes added where they fall."""
    first = min(by_stretch)
    same = and_(*(table.c[name] == value for name, value in zip(KEY, key, strict=True)))
    before = conn.execute(
        select(table.c.total).where(same, table.c.stretch < first).order_by(table.c.stretch.desc())
    ).first()
    running = 0 if before is None else int(before.total)
    stored = conn.execute(
        select(table.c.stretch, table.c.total).where(same, table.c.stretch >= first)
    ).all()
    deltas = dict(by_stretch)
    previous = running
    for stretch, total in sorted((int(r.stretch), int(r.total)) for r in stored):
        deltas[stretch] = deltas.get(stretch, 0) + total - previous
        previous = total
    for stretch in sorted(deltas):
        running += deltas[stretch]
        yield stretch, running


def upsert(
    conn: Connection, table: Table, values: list[dict[str, Any]], replace: bool = False
) -> dict[Key, int]:
    """Insert or update the cells (adding to the stored totals, or replacing them); their
    totals as written, by key. Statements of many rows, their parameters handed to the driver
    as they are (SQLAlchemy's handling of each row's parameters was a third of a rebuild); on
    PostgreSQL one column an array, so that the statement's text is short and the same each
    time (psycopg parses a long text again at every call: 60 % of a catch-up at 1,400,000
    households, docs/benchmarks.md)."""
    if not values:
        return {}
    columns = [*KEY, *(name for name in values[0] if name not in KEY)]
    added = "excluded.total" if replace else f"{table.name}.total + excluded.total"
    conflict = (
        f"ON CONFLICT ({', '.join(c.name for c in table.primary_key)}) "
        f"DO UPDATE SET total = {added} RETURNING {', '.join(KEY)}, total"
    )
    found: dict[Key, int] = {}
    write = writer(conn, table, columns)
    for chunk in chunks(values):
        statement, parameters = write(chunk)
        for r in conn.exec_driver_sql(f"{statement} {conflict}", parameters):
            found[(r[0], r[1], r[2], r[3], r[4])] = int(r[5])
    return found


def writer(
    conn: Connection, table: Table, columns: list[str]
) -> Callable[[Sequence[dict[str, Any]]], tuple[str, tuple[Any, ...]]]:
    """The INSERT of a chunk of rows and its parameters: on PostgreSQL each column one typed
    array (`unnest`, one text for every chunk), elsewhere a row of placeholders for each row."""
    into = f"INSERT INTO {table.name} ({', '.join(columns)})"
    if conn.dialect.name == "postgresql":
        types = [table.c[name].type.compile(dialect=conn.dialect) for name in columns]
        arrays = f"{into} SELECT * FROM unnest({', '.join(f'%s::{kind}[]' for kind in types)})"
        return lambda chunk: (arrays, tuple([item[name] for item in chunk] for name in columns))
    row = f"({', '.join(['?'] * len(columns))})"
    return lambda chunk: (
        f"{into} VALUES {', '.join([row] * len(chunk))}",
        tuple(item[name] for item in chunk for name in columns),
    )


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read(
    conn: Connection,
    cells: Cells,
    areas: Sequence[str],
    day: date,
    figures: Sequence[str] | None = None,
    before: int | None = None,
) -> dict[str, Sums]:
    """The sums on `day` of each area's own tree, by (figure, part, tag), as known now — or,
    with `before`, as known at the end of the stretches before that one; zero sums left out
    (no membership counts there that day)."""
    now = cells.now
    total: Any = now.c.total
    if before is not None:
        then = cells.known
        total = (
            select(then.c.total)
            .where(*(then.c[name] == now.c[name] for name in KEY), then.c.stretch < before)
            .order_by(then.c.stretch.desc())
            .limit(1)
            .scalar_subquery()
        )
    selected = select(now.c.area, now.c.figure, now.c.part, now.c.tag, total.label("total")).where(
        now.c.area.in_(list(areas)), now.c.cell.in_(cells_read((day - EPOCH).days + 1))
    )
    if figures is not None:
        selected = selected.where(now.c.figure.in_(list(figures)))
    inner = selected.subquery()
    query = select(
        inner.c.area, inner.c.figure, inner.c.part, inner.c.tag, sql.sum(inner.c.total)
    ).group_by(inner.c.area, inner.c.figure, inner.c.part, inner.c.tag)
    found: dict[str, Sums] = {area: {} for area in areas}
    result: Any = conn.execute(query)
    for area, figure, part, tag, summed in result:
        if summed:
            found[str(area)][(str(figure), str(part), str(tag))] = int(summed)
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
    return periods_known(conn, communes, None)


def periods_known(conn: Connection, communes: Table, known_at: datetime | None) -> Periods:
    """Every commune's districts over time, as known at an instant (None: now)."""
    found: Periods = {}
    query = select(
        communes.c.code, communes.c.holder, communes.c.eff_from, communes.c.eff_to
    ).where(known(communes, known_at))
    for row in conn.execute(query):
        span = (str(row.holder), row.eff_from, row.eff_to or OPEN)
        found.setdefault(str(row.code), []).append(span)
    for spans in found.values():
        spans.sort()
    return found


def sums_of_trees(
    conn: Connection,
    cells: Cells,
    areas: Sequence[str],
    day: date,
    figures: Sequence[str] | None = None,
    before: int | None = None,
    holding: Collection[str] | None = None,
) -> dict[str, Sums]:
    """What `indicators.sums` gives for each area, from the counts (as known now, or at the
    end of the stretches before `before`): its own tree and its WITHIN tree (the places inside
    it that day, without their household totals). `holding`: the areas that can have places
    inside them (`AreaRegistry.holds_places`; default all), so a table of communes reads no
    empty trees."""
    inside = [WITHIN + a for a in (areas if holding is None else holding)]
    own = read(conn, cells, sorted({*areas, *inside}), day, figures, before)
    return {area: merged([own[area], own.get(WITHIN + area, {})]) for area in areas}

"""The indicator view: for every household, model, official and area, the days on which it
counts in each figure's numerator or denominator, and where — rows of effective-time intervals,
each also stamped with the recorded time from which it was known and, once superseded, until
which. A figure for area A as of D known at K is then one indexed aggregate query, whatever the
size of the history; nothing is recomputed from events at read time.

The intervals are derived here from each aggregate's timeline (docs/spec/figures.md); the replay
(`projections/replay.py`) evaluates the same definitions at a single date instead, and
`verify` compares the two."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
    update,
)

from domain.area_registry import AreaRegistry
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from projections.aggregates import REGISTRY_TOPICS, AggregateCache, RegistryLog
from projections.counts import (
    CHUNK,
    Cells,
    Changes,
    Periods,
    Stretches,
    chunks,
    counts_table,
    filled,
    hourly,
    periods_now,
)
from projections.followed import owners_past_their_end
from projections.intervals import OPEN
from projections.log import Positioned, recorded_together
from projections.memberships import (
    UNPLACED,
    Row,
    changes_memberships,
    holder_periods,
    household_rows,
    model_rows,
    official_rows,
    registry_rows,
)


def membership_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        f"indicator_rows_g{generation}",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("owner", String(36), nullable=False),
        Column("figure", String(48), nullable=False),
        Column("part", String(3), nullable=False),
        Column("subject", String(80), nullable=False),
        Column("area", String(10), nullable=False),
        Column("eff_from", Date, nullable=False),
        Column("eff_to", Date),
        Column("weight", BigInteger, nullable=False),
        Column("tag", String(20), nullable=False),
        # Both recorded ends indexed: a figure as known at an instant reads the rows recorded
        # or closed in that instant's hour.
        Column("rec_from", DateTime(timezone=True), nullable=False, index=True),
        Column("rec_to", DateTime(timezone=True), index=True),
        Column("version", Integer, nullable=False),
        # An owner's standing rows, read for every event: one index holds both conditions, so
        # no planner combines the owner's few rows with the million standing ones.
        Index(f"ix_indicator_rows_g{generation}_owner_open", "owner", "rec_to"),
    )


def holders_table(metadata: MetaData, generation: int) -> Table:
    """The areas holding each code over time (`AreaRegistry.holder_periods`: a place's
    district, province and territory), each row as known from the registry change that made it
    until the one that superseded it."""
    return Table(
        f"indicator_holders_g{generation}",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("code", String(11), nullable=False, index=True),
        Column("holder", String(11), nullable=False),
        Column("eff_from", Date, nullable=False),
        Column("eff_to", Date),
        Column("rec_from", DateTime(timezone=True), nullable=False),
        Column("rec_to", DateTime(timezone=True)),
    )


# ---- the projection ------------------------------------------------------------------------

# One event's memberships: owner, rows, recorded time, version.
Derivation = tuple[str, set[Row], datetime, int]
# Each owner's standing rows, each with the ids of its stored copies (or the values of a copy
# about to be inserted).
Standing = dict[str, dict[Row, list[Any]]]


class IndicatorProjection:
    name = "indicators"
    # 2: window figures count within each plan period (issue 9), not from one start.
    # 3: the deprivations' denominator is tagged with the standard that assessed it (issue 15).
    # 4: the poor and near-poor are counted by category as well (issue 15).
    # 5: members, causes and needs of the poor and near-poor (issue 16).
    # 6: the status figures again under the id of each provincial standard that judged the
    #    household, for a plan that names it (issue 15).
    revision = 6

    def __init__(self, cache: AggregateCache, registries: RegistryLog) -> None:
        self.cache = cache
        self.registries = registries
        self.periods: tuple[tuple[Any, ...], Periods] | None = None

    def periods_now(self, conn: Connection, communes: Table) -> Periods:
        """The communes' districts as known now (`counts.periods_now`), read again only when
        the table has changed — a new row or a closed one — since the last batch read it: a
        worker following the writes of a few households at a time read the whole table for
        each batch. A copy, so that a batch rolled back leaves the one kept as it was."""
        mark = conn.execute(select(func.max(communes.c.id), func.count(communes.c.rec_to))).one()
        key = (communes.name, *mark)
        if self.periods is None or self.periods[0] != key:
            self.periods = (key, periods_now(conn, communes))
        return dict(self.periods[1])

    def define(self, generation: int) -> MetaData:
        metadata = MetaData()
        membership_table(metadata, generation)
        holders_table(metadata, generation)
        counts_table(metadata, generation)
        return metadata

    @staticmethod
    @lru_cache(maxsize=8)
    def tables(generation: int) -> tuple[Table, Table]:
        metadata = MetaData()
        return membership_table(metadata, generation), holders_table(metadata, generation)

    @staticmethod
    @lru_cache(maxsize=8)
    def counts(generation: int) -> Cells:
        return counts_table(MetaData(), generation)

    def fill_counts(self, conn: Connection, generation: int) -> bool:
        """Counts for a view written before they took their present form (once, when its
        recorded totals are empty and its rows are not), dropping those of the earlier form;
        the caller holds the projection's tracking row, so two processes starting together
        fill them once."""
        rows, communes = self.tables(generation)
        cells = self.counts(generation)
        for earlier in ("counts", "communes"):  # tables of the view's earlier shapes
            Table(f"indicator_{earlier}_g{generation}", MetaData()).drop(conn, checkfirst=True)
        if conn.execute(select(cells.known.c.area).limit(1)).first() is not None:
            return False
        if conn.execute(select(rows.c.id).limit(1)).first() is None:
            return False
        conn.execute(cells.now.delete())
        conn.execute(cells.stretches.delete())
        every = select(rows).execution_options(yield_per=CHUNK)
        history = conn.execute(select(communes)).all()
        stored = ((stored_row(r), r.rec_from, r.rec_to) for r in conn.execute(every))
        changes = filled(stored, history)
        conn.execute(insert(cells.stretches), hourly(changes))
        changes.write(conn, cells)
        return True

    def derive(self, aggregate: Any, registry: AreaRegistry | None) -> set[Row] | None:
        if isinstance(aggregate, Household):
            return household_rows(aggregate, registry)
        if isinstance(aggregate, LivelihoodModel):
            return model_rows(aggregate)
        if isinstance(aggregate, Official):
            return official_rows(aggregate)
        if isinstance(aggregate, AreaRegistry):
            return registry_rows(aggregate)
        return None

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        """Each event's memberships, stamped with its recorded time; the rows an event no
        longer derives are closed at that time. The batch's standing rows are read in one
        query, its new rows written in one INSERT (a row superseded within the batch is written
        already closed) and the rows it closes updated by id, one statement per recorded
        time — the same rows, with the same (rec_from, rec_to), as one event at a time. A
        household is placed by the registry as it stood at the household's event. A change of
        the registry splits the batch: what was derived before counts under the holders known
        before, and is moved with the rest of the rows when the registry's run of events ends
        (`refresh_holders`) — at the first other event of the log, in this batch or the next,
        or at the head of the log: never within a run, so the view is the same however the
        log is cut into batches. A refresh that finds the holders as they are writes
        nothing."""
        if not events:
            return
        periods = self.periods_now(conn, self.tables(generation)[1])
        stretches = Stretches(conn, self.counts(generation).stretches)
        self.registries.begin(events[0].position)
        derivations: list[Derivation] = []
        known: Standing = {}
        changed = None if events[0].topic in REGISTRY_TOPICS else self.registries.run_ended()
        pending = False
        for item, following in zip(events, [*events[1:], None], strict=True):
            when: datetime = item.event.timestamp
            if self.registries.observe(item):
                self.write(conn, generation, derivations, periods, stretches, known)
                derivations = []
                changed = self.registries.run_ended()
            elif changed is not None:
                at = item.position
                self.registry_changed(conn, generation, changed, at, periods, stretches, known)
                changed = None
            aggregate = self.cache.apply(item.event)
            pending = pending or changes_memberships(item.event)
            if not pending or (following and recorded_together(item.event, following.event)):
                continue
            pending = False
            derived = self.derive(aggregate, self.registries.registry)
            if derived is not None:
                derivations.append((str(aggregate.id), derived, when, aggregate.version))
        self.write(conn, generation, derivations, periods, stretches, known)
        if changed is not None and self.registries.at_head(events[-1].position):
            after = events[-1].position + 1
            self.registry_changed(conn, generation, changed, after, periods, stretches, known)
        stretches.save()

    def registry_changed(
        self,
        conn: Connection,
        generation: int,
        changed: tuple[AreaRegistry, datetime],
        before: int,
        periods: Periods,
        stretches: Stretches,
        known: Standing,
    ) -> None:
        """After a run of the registry's events (`changed`: the registry after it, and its
        last instant; the first other event at `before`): the holders of every code, and the
        households placed in a unit past its end derived again (`followed.py`), as they stood
        before that event."""
        registry, when = changed
        self.refresh_holders(conn, generation, registry, when, periods, stretches)
        rows_table, _ = self.tables(generation)
        owners = owners_past_their_end(
            conn, rows_table, rows_table.c.area, registry, [rows_table.c.figure.not_in(UNPLACED)]
        )
        derivations: list[Derivation] = []
        for owner in owners:
            aggregate = self.cache.before(UUID(owner), before)
            derived = None if aggregate is None else self.derive(aggregate, registry)
            if derived is not None:
                derivations.append((owner, derived, when, aggregate.version))
        self.write(conn, generation, derivations, periods, stretches, known)

    def write(
        self,
        conn: Connection,
        generation: int,
        derivations: list[Derivation],
        periods: Periods,
        stretches: Stretches,
        known: Standing,
    ) -> None:
        """`known`: the standing rows of owners read by an earlier write of the same batch
        and stored since only by id (a registry's run writes once per event: one read of its
        rows, not one a write)."""
        if not derivations:
            return
        rows_table, _ = self.tables(generation)
        # Each standing row of an owner: the ids of its stored copies, or the values of the
        # copy this write inserts (closed in place when a later event of the write drops it).
        owners = {owner for owner, *_ in derivations}
        known.update(self.standing_rows(conn, rows_table, owners - known.keys()))
        closed: dict[datetime, list[int]] = {}
        added: list[dict[str, Any]] = []
        changes = Changes(periods)
        for owner, derived, when, version in derivations:
            standing = known.setdefault(owner, {})
            gone = [(row, standing.pop(row)) for row in standing.keys() - derived]
            new = sorted(derived - standing.keys())
            moved = len(new) + sum(len(copies) for _, copies in gone)
            if not moved:
                continue
            stretch = stretches.of(when, moved)
            for row, copies in gone:
                changes.count([row] * len(copies), -1, stretch)
                close(copies, when, closed)
            changes.count(new, +1, stretch)
            for row in new:
                values = row_values(owner, row, when, version)
                added.append(values)
                standing[row] = [values]
        store_rows(conn, rows_table, closed, added)
        for owner in {values["owner"] for values in added}:
            del known[owner]  # its new rows have ids only the table knows
        changes.write(conn, self.counts(generation))

    @staticmethod
    def standing_rows(conn: Connection, table: Table, owners: Iterable[str]) -> Standing:
        """The standing rows of each owner (none: an empty map), with the ids of the stored
        copies of each."""
        found: Standing = {owner: {} for owner in owners}
        for chunk in chunks(sorted(owners)):
            result = conn.execute(
                select(table).where(table.c.owner.in_(chunk), table.c.rec_to.is_(None))
            )
            for r in result:
                found.setdefault(r.owner, {}).setdefault(stored_row(r), []).append(r.id)
        return found

    def refresh_holders(
        self,
        conn: Connection,
        generation: int,
        registry: AreaRegistry,
        when: datetime,
        periods: Periods,
        stretches: Stretches,
    ) -> None:
        """The holders of every code after a run of the registry's events; the standing
        memberships of each code whose holders changed move to the trees of its new ones."""
        rows_table, table = self.tables(generation)
        standing: dict[str, dict[tuple[str, str, date, date], int]] = {}
        for r in conn.execute(select(table).where(table.c.rec_to.is_(None))):
            key = (r.code, r.holder, r.eff_from, r.eff_to or OPEN)
            standing.setdefault(r.code, {})[key] = r.id
        wanted = holder_periods(registry)
        moved_codes = []
        for code in sorted(set(standing) | set(wanted)):
            had, found = standing.get(code, {}), wanted.get(code, set())
            gone = [row_id for key, row_id in had.items() if key not in found]
            for chunk in chunks(gone):
                conn.execute(update(table).where(table.c.id.in_(chunk)).values(rec_to=when))
            new = [
                {
                    "code": code, "holder": holder, "eff_from": start,
                    "eff_to": None if end == OPEN else end, "rec_from": when, "rec_to": None,
                }
                for code, holder, start, end in sorted(found - set(had))
            ]  # fmt: skip
            for chunk in chunks(new):
                conn.execute(insert(table), chunk)
            if gone or new:
                moved_codes.append(code)
        for chunk in chunks(moved_codes):
            held = select(rows_table).where(
                rows_table.c.area.in_(chunk), rows_table.c.rec_to.is_(None)
            )
            moved = [stored_row(r) for r in conn.execute(held)]
            changes = Changes(periods)
            by_code: dict[str, list[Row]] = {}
            for row in moved:
                by_code.setdefault(row.area, []).append(row)
            stretch = stretches.of(when, len(moved)) if moved else 0
            for code, rows in by_code.items():
                after = sorted((h, start, end) for _, h, start, end in wanted.get(code, set()))
                changes.regroup(rows, periods.get(code, []), after, stretch)
            changes.write(conn, self.counts(generation))
        for code in moved_codes:
            periods[code] = sorted((h, start, end) for _, h, start, end in wanted.get(code, set()))


def stored_row(record: Any) -> Row:
    """The membership a stored row of the view records."""
    return Row(
        record.figure, record.part, record.subject, record.area, record.eff_from,
        record.eff_to or OPEN, record.weight, record.tag,
    )  # fmt: skip


def close(copies: list[Any], when: datetime, closed: dict[datetime, list[int]]) -> None:
    """Close a row's copies at `when`: a stored copy by its id, one this batch writes in place."""
    for copy in copies:
        if isinstance(copy, int):
            closed.setdefault(when, []).append(copy)
        else:
            copy["rec_to"] = when


def store_rows(
    conn: Connection,
    table: Table,
    closed: dict[datetime, list[int]],
    added: list[dict[str, Any]],
) -> None:
    """Close the stored rows by id, one UPDATE per recorded time, and insert the new ones."""
    for when, ids in closed.items():
        for chunk in chunks(ids):
            conn.execute(update(table).where(table.c.id.in_(chunk)).values(rec_to=when))
    for chunk in chunks(added):
        conn.execute(insert(table), chunk)


def row_values(owner: str, row: Row, when: datetime, version: int) -> dict[str, Any]:
    return {
        "owner": owner,
        "figure": row.figure,
        "part": row.part,
        "subject": row.subject,
        "area": row.area,
        "eff_from": row.start,
        "eff_to": None if row.end == OPEN else row.end,
        "weight": row.weight,
        "tag": row.tag,
        "rec_from": when,
        "rec_to": None,
        "version": version,
    }

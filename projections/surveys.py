"""The survey each household holds, over both time axes: for every stretch of days on which its
latest standing survey, its place, its recognised status and its number of members stay the
same, one row, stamped with the recorded time from which it was known and, once superseded,
until which. A what-if run over a city (docs/spec/what-if.md) reads the rows holding on a date
as known at an instant — one a household — instead of folding every household."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple
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
    select,
)

from domain.area_registry import AreaRegistry
from domain.household import Household
from domain.timeline import ClassificationEntry, SurveyEntry
from projections.aggregates import REGISTRY_TOPICS, AggregateCache, RegistryLog
from projections.counts import chunks
from projections.followed import owners_past_their_end
from projections.indicators import store_rows
from projections.intervals import OPEN
from projections.log import Positioned, recorded_together
from projections.memberships import Facts, changes_memberships, location_spans


class SurveyRow(NamedTuple):
    """A household's survey as it stands on [start, end) in `place`, with what the household is
    on those days: the status recognised (None: none yet) and its members."""

    place: str
    start: date
    end: date
    survey_id: str
    standard_id: str
    income: int
    deprived: str  # the indicators answered "deprived", comma-separated, in the standard's order
    needs: str
    members: int
    status: str | None


def survey_rows(household: Household, registry: AreaRegistry | None) -> set[SurveyRow]:
    """The household's rows: its days cut where any of survey, place, status or members
    changes, each stretch holding a survey kept as one row."""
    facts = Facts.of(household)
    places = location_spans(household, registry)
    if not facts.surveys or not places:
        return set()
    members = [days for _member, days in facts.members.values()]
    cuts = sorted(
        {start for start, _, _ in facts.surveys}
        | {end for _, end, _ in facts.surveys}
        | {day for start, end, _ in places for day in (start, end)}
        | {day for start, end, _ in facts.statuses for day in (start, end)}
        | {day for spans in members for start, end in spans for day in (start, end)}
    )
    pieces: list[tuple[date, date, tuple[Any, ...]]] = []
    for start, end in pairwise(cuts):
        survey = holding(facts.surveys, start)
        place = holding(places, start)
        if survey is None or place is None:
            continue
        status = holding(facts.statuses, start)
        present = sum(1 for spans in members if any(s <= start < e for s, e in spans))
        values = (place, *content(survey), present, status_value(status))
        if pieces and pieces[-1][1] == start and pieces[-1][2] == values:
            pieces[-1] = (pieces[-1][0], end, values)
        else:
            pieces.append((start, end, values))
    return {SurveyRow(values[0], start, end, *values[1:]) for start, end, values in pieces}


def holding(spans: Iterable[tuple[date, date, Any]], day: date) -> Any:
    return next((value for start, end, value in spans if start <= day < end), None)


def content(survey: SurveyEntry) -> tuple[str, str, int, str, str]:
    deprived = ",".join(key for key, value in survey.deprivations.items() if value)
    return (
        survey.survey_id,
        survey.standard_id,
        survey.income_per_capita_vnd,
        deprived,
        ",".join(survey.needs),
    )


def status_value(entry: ClassificationEntry | None) -> str | None:
    return None if entry is None else entry.status.value


def survey_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        f"survey_rows_g{generation}",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("owner", String(36), nullable=False),
        Column("place", String(12), nullable=False),
        Column("eff_from", Date, nullable=False),
        Column("eff_to", Date),
        Column("survey_id", String(64), nullable=False),
        Column("standard_id", String(32), nullable=False),
        Column("income", BigInteger, nullable=False),
        Column("deprived", String(600), nullable=False),
        Column("needs", String(200), nullable=False),
        Column("members", Integer, nullable=False),
        Column("status", String(12)),
        Column("rec_from", DateTime(timezone=True), nullable=False, index=True),
        Column("rec_to", DateTime(timezone=True), index=True),
        Index(f"ix_survey_rows_g{generation}_owner_open", "owner", "rec_to"),
        Index(f"ix_survey_rows_g{generation}_place", "place", "eff_from"),
    )


class SurveyProjection:
    name = "surveys"
    revision = 1

    def __init__(self, cache: AggregateCache, registries: RegistryLog) -> None:
        self.cache = cache
        self.registries = registries

    def define(self, generation: int) -> MetaData:
        metadata = MetaData()
        survey_table(metadata, generation)
        return metadata

    @staticmethod
    @lru_cache(maxsize=8)
    def table(generation: int) -> Table:
        return survey_table(MetaData(), generation)

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        """Each household's rows as its event leaves them, stamped with the event's recorded
        time; the rows it no longer derives are closed at that time. A household is placed by
        the registry as it stood at its event, as in the indicator view."""
        if not events:
            return
        self.registries.begin(events[0].position)
        derived: dict[str, tuple[set[SurveyRow], datetime]] = {}
        changed = None if events[0].topic in REGISTRY_TOPICS else self.registries.run_ended()
        for item, following in zip(events, [*events[1:], None], strict=True):
            if self.registries.observe(item):
                self.write(conn, generation, derived)
                derived = {}
                changed = self.registries.run_ended()
                continue
            if changed is not None:
                self.follow_successions(conn, generation, *changed, item.position)
                changed = None
            aggregate = self.cache.apply(item.event)
            if not isinstance(aggregate, Household) or not changes_memberships(item.event):
                continue
            if following and recorded_together(item.event, following.event):
                continue
            owner = str(aggregate.id)
            if owner in derived:
                self.write(conn, generation, {owner: derived.pop(owner)})
            derived[owner] = (
                survey_rows(aggregate, self.registries.registry),
                item.event.timestamp,
            )
        self.write(conn, generation, derived)
        if changed is not None and self.registries.at_head(events[-1].position):
            self.follow_successions(conn, generation, *changed, events[-1].position + 1)

    def follow_successions(
        self, conn: Connection, generation: int, registry: AreaRegistry, when: datetime, before: int
    ) -> None:
        """After a run of the registry's events, the households placed in a unit past its end
        derived again (`followed.py`), as they stood before the event at `before`."""
        table = self.table(generation)
        derived = {}
        for owner in owners_past_their_end(conn, table, table.c.place, registry):
            aggregate = self.cache.before(UUID(owner), before)
            if aggregate is not None:
                derived[owner] = (survey_rows(aggregate, registry), when)
        self.write(conn, generation, derived)

    def write(
        self, conn: Connection, generation: int, derived: dict[str, tuple[set[SurveyRow], datetime]]
    ) -> None:
        if not derived:
            return
        table = self.table(generation)
        standing: dict[str, dict[SurveyRow, int]] = {owner: {} for owner in derived}
        for chunk in chunks(sorted(derived)):
            query = select(table).where(table.c.owner.in_(chunk), table.c.rec_to.is_(None))
            for r in conn.execute(query):
                standing[r.owner][stored(r)] = r.id
        closed: dict[datetime, list[int]] = {}
        added: list[dict[str, Any]] = []
        for owner, (rows, when) in derived.items():
            had = standing[owner]
            closed.setdefault(when, []).extend(had[row] for row in had.keys() - rows)
            added += [values(owner, row, when) for row in sorted(rows - had.keys())]
        store_rows(conn, table, closed, added)


def stored(record: Any) -> SurveyRow:
    return SurveyRow(
        record.place, record.eff_from, record.eff_to or OPEN, record.survey_id,
        record.standard_id, record.income, record.deprived, record.needs, record.members,
        record.status,
    )  # fmt: skip


def values(owner: str, row: SurveyRow, when: datetime) -> dict[str, Any]:
    return {
        "owner": owner,
        "place": row.place,
        "eff_from": row.start,
        "eff_to": None if row.end == OPEN else row.end,
        "survey_id": row.survey_id,
        "standard_id": row.standard_id,
        "income": row.income,
        "deprived": row.deprived,
        "needs": row.needs,
        "members": row.members,
        "status": row.status,
        "rec_from": when,
        "rec_to": None,
    }

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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

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
    and_,
    case,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from domain.area_registry import AreaRegistry
from domain.dates import add_months, retirement_date
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.programme import PlanPeriod, programme_rules
from domain.timeline import (
    ClassificationEntry,
    EmploymentEndEntry,
    EmploymentEntry,
    LoanEntry,
    LocationEntry,
    RemovalEntry,
    RepaymentEntry,
    SupportEntry,
    SurveyEntry,
)
from domain.values import Member, Need, Sex, Status, SupportKind
from projections.aggregates import REGISTRY_TOPICS, AggregateCache, RegistryLog
from projections.bitemporal import known, on, utc
from projections.counts import (
    Cells,
    Changes,
    Periods,
    Stretches,
    counts_table,
    filled,
    hour_of,
    hour_start,
    hourly,
    merged,
    periods_now,
    sums_of_trees,
)
from projections.figures import TRANSITION_FIGURES
from projections.intervals import OPEN, Spans, first_day, intersect, normalise, since, steps, union
from projections.log import Positioned

ONE_DAY = timedelta(days=1)
# One denominator serves every deprivation.<key>: the poor and near-poor households.
DEPRIVATION_DENOMINATOR = "deprivation"
P_NP = (Status.POOR, Status.NEAR_POOR)
# Ids or owners in one IN (...), and rows in one INSERT: well under either backend's limits.
CHUNK = 500


class Row(NamedTuple):
    """One membership: `subject` counts with `weight` in (figure, part) on [start, end) in
    `area` (a commune, or for officials any area code). A tuple, not a dataclass: a rebuild
    makes, hashes and compares tens of millions of them."""

    figure: str
    part: str
    subject: str
    area: str
    start: date
    end: date
    weight: int = 1
    tag: str = ""


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


# ---- deriving memberships ------------------------------------------------------------------


def location_spans(
    household: Household, registry: AreaRegistry | None
) -> list[tuple[date, date, str]]:
    """Where the household counts over time: where it was recorded, followed through the
    units that ended (`AreaRegistry.placed`); a voided registration, nowhere."""
    if household.voiding() is not None:
        return []
    locations = household.standing(LocationEntry)
    spans = [
        (start, end, str(commune))
        for start, end, commune in steps([(e.effective_date, e.commune_code) for e in locations])
    ]
    return registry.placed(spans) if registry is not None else spans


def status_spans(household: Household) -> list[tuple[date, date, ClassificationEntry]]:
    return [
        (start, end, entry)
        for start, end, entry in steps([(c.effective_date, c) for c in household.classifications()])
        if isinstance(entry, ClassificationEntry)
    ]


@lru_cache(maxsize=65536)
def working_age_span(sex: Sex, birth_date: date) -> tuple[date, date]:
    """[15th birthday, the day the retirement age is reached) by Decree 135/2020."""
    return add_months(birth_date, 15 * 12), retirement_date(sex, birth_date)


def member_spans(household: Household) -> dict[str, tuple[Member, Spans]]:
    """Each member's days in the household."""
    removals = {r.member_id: r.effective_date for r in household.standing(RemovalEntry)}
    return {
        entry.member.member_id: (
            entry.member,
            normalise([(entry.effective_date, removals.get(entry.member.member_id, OPEN))]),
        )
        for entry in household.members.values()
        if entry.standing
    }


def worker_spans(member: Member, present: Spans) -> Spans:
    if not member.working_capable:
        return []
    return intersect(present, [working_age_span(member.sex, member.birth_date)])


def job_spans(household: Household) -> dict[str, Spans]:
    """Each member's days in work: a job runs until the first end recorded after it."""
    ends: dict[str, list[tuple[int, date]]] = {}
    for e in household.standing(EmploymentEndEntry):
        ends.setdefault(e.member_id, []).append((e.version, e.effective_date))
    for recorded in ends.values():
        recorded.sort()
    spans: dict[str, Spans] = {}
    for job in household.standing(EmploymentEntry):
        later = (day for version, day in ends.get(job.member_id, []) if version > job.version)
        spans.setdefault(job.member_id, []).append((job.effective_date, next(later, OPEN)))
    return {member_id: normalise(days) for member_id, days in spans.items()}


@dataclass(frozen=True)
class Facts:
    """What one derivation reads from a household's timeline, each read once."""

    statuses: list[tuple[date, date, ClassificationEntry]]
    surveys: list[tuple[date, date, SurveyEntry]]
    members: dict[str, tuple[Member, Spans]]

    @classmethod
    def of(cls, household: Household) -> Facts:
        surveys = [
            (start, end, survey)
            for start, end, survey in steps(
                [(s.effective_date, s) for s in household.standing(SurveyEntry)]
            )
            if isinstance(survey, SurveyEntry)
        ]
        return cls(status_spans(household), surveys, member_spans(household))

    def where(self, *wanted: Status) -> Spans:
        return normalise((start, end) for start, end, c in self.statuses if c.status in wanted)

    def needing(self, need: Need) -> list[tuple[date, date, SurveyEntry]]:
        return [(s, e, survey) for s, e, survey in self.surveys if need.value in survey.needs]


def windows() -> tuple[PlanPeriod, ...]:
    """The plan periods: a figure counted over a window counts from the start of the period
    that holds the day, so a row that opens in one period closes at its end."""
    return programme_rules().plan_periods


def in_period(day: date) -> Spans:
    """From `day` to the end of its plan period; nothing outside every period."""
    period = programme_rules().period_on(day)
    return [] if period is None else [(day, period.end + ONE_DAY)]


def household_rows(household: Household, registry: AreaRegistry | None = None) -> set[Row]:
    """Every membership of one household, in the communes it lived in."""
    subject = str(household.id)
    facts = Facts.of(household)
    rows: list[tuple[str, str, str, Spans, int, str]] = []  # figure, part, subject, days, w, tag
    poor = facts.where(Status.POOR)
    rows.append(("poor", "num", subject, poor, 1, ""))
    rows.append(("near_poor", "num", subject, facts.where(Status.NEAR_POOR), 1, ""))
    listed = facts.where(*P_NP)
    for start, end, entry in facts.statuses:
        if entry.status in P_NP:
            for key in entry.deprived:
                rows.append((f"deprivation.{key}", "num", subject, [(start, end)], 1, ""))
    rows.append((DEPRIVATION_DENOMINATOR, "den", subject, listed, 1, ""))
    for entry in household.classifications():
        name = TRANSITION_FIGURES.get(entry.transition)
        if name:
            tag = str(entry.effective_date.year)
            days = in_period(entry.effective_date)
            rows.append((name, "num", f"{subject}@{entry.version}", days, 1, tag))
    rows.extend(credit_rows(household, facts, subject, listed))
    jobs = job_spans(household)
    workers = union(*(worker_spans(m, days) for m, days in facts.members.values()))
    employed = union(
        *(intersect(jobs.get(mid, []), days) for mid, (_, days) in facts.members.items())
    )
    rows.append(("sustainable_employment", "den", subject, intersect(listed, workers), 1, ""))
    rows.append(
        (
            "sustainable_employment",
            "num",
            subject,
            intersect(intersect(listed, workers), employed),
            1,
            "",
        )
    )
    rows.extend(production_rows(household, facts, poor))
    # Each grant and repayment is its own subject: two equal repayments on one day both count.
    loans = household.standing(LoanEntry)
    programmes = {loan.loan_id: loan.programme.value for loan in loans}
    movements = [(e.loan_id, e.version, e.effective_date, e.amount_vnd) for e in loans] + [
        (e.loan_id, e.version, e.effective_date, -e.amount_vnd)
        for e in household.standing(RepaymentEntry)
    ]
    for loan_id, version, day, amount in movements:
        if loan_id in programmes:
            figure = f"loans_outstanding.{programmes[loan_id]}"
            rows.append((figure, "num", f"{subject}@{version}", since(day), amount, ""))
    locations = location_spans(household, registry)
    return {
        Row(figure, part, who, commune, max(start, loc_start), min(end, loc_end), weight, tag)
        for figure, part, who, days, weight, tag in rows
        for loc_start, loc_end, commune in locations
        for start, end in days
        if max(start, loc_start) < min(end, loc_end)
    }


def credit_rows(
    household: Household, facts: Facts, subject: str, listed: Spans
) -> list[tuple[str, str, str, Spans, int, str]]:
    """Eligible (listed or newly escaped) while the latest survey records the CREDIT need: in
    the denominator from the first such day in each plan period; in the numerator once a loan
    is disbursed on or after that survey's date."""
    eligible = union(listed, normalise(household.newly_escaped_windows()))
    needing = facts.needing(Need.CREDIT)
    qualifying = intersect(eligible, normalise((s, e) for s, e, _ in needing))
    rows: list[tuple[str, str, str, Spans, int, str]] = []
    for period in windows():
        first = first_day(qualifying, period.start)
        if first is None or first > period.end:
            continue
        survey = next(sv for s, e, sv in needing if s <= first < e)
        loans = sorted(
            loan.effective_date
            for loan in household.standing(LoanEntry)
            if loan.effective_date >= survey.effective_date
        )
        rows.append(("credit_access", "den", subject, in_period(first), 1, ""))
        if loans and loans[0] <= period.end:
            rows.append(("credit_access", "num", subject, in_period(max(first, loans[0])), 1, ""))
    return rows


def production_rows(
    household: Household, facts: Facts, poor: Spans
) -> list[tuple[str, str, str, Spans, int, str]]:
    """Working members of a poor household whose survey asked for production support; counted
    as helped once they received it within the plan period."""
    asked = intersect(poor, normalise((s, e) for s, e, _ in facts.needing(Need.PRODUCTION_SUPPORT)))
    if not asked:
        return []
    rows: list[tuple[str, str, str, Spans, int, str]] = []
    for member_id, (member, present) in facts.members.items():
        working = intersect(asked, worker_spans(member, present))
        who = f"{household.id}:{member_id}"
        for period in windows():
            first = first_day(working, period.start)
            if first is None or first > period.end:
                continue
            rows.append(("production_support", "den", who, in_period(first), 1, ""))
            helped = sorted(
                s.effective_date
                for s in household.standing(SupportEntry)
                if s.kind is SupportKind.PRODUCTION_CAPACITY
                and s.member_id == member_id
                and period.holds(s.effective_date)
            )
            if helped:
                days = in_period(max(first, helped[0]))
                rows.append(("production_support", "num", who, days, 1, ""))
    return rows


def model_rows(model: LivelihoodModel) -> set[Row]:
    tag = "replicated" if model.replicated_from else "new"
    return {
        Row("models", "num", str(model.id), model.commune_code, start, end, 1, tag)
        for start, end in in_period(model.established_on)
    }


def official_rows(official: Official) -> set[Row]:
    active = (official.registered_on, official.left_on or OPEN)
    if active[0] >= active[1]:
        return set()
    rows = {Row("officials_trained", "den", str(official.id), official.area_code, *active)}
    # Only a training completed within the plan period counts, until the period ends.
    for period in windows():
        trained = min((d for d, _ in official.trainings if period.holds(d)), default=None)
        if trained is None:
            continue
        start, end = max(trained, active[0]), min(active[1], period.end + ONE_DAY)
        if start < end:
            who = str(official.id)
            rows.add(Row("officials_trained", "num", who, official.area_code, start, end))
    return rows


def registry_rows(registry: AreaRegistry) -> set[Row]:
    """Household totals per area and year, as denominators of the poverty rates."""
    return {
        Row("household_total", "den", area, area, date(year, 1, 1), date(year + 1, 1, 1), total)
        for (area, year), total in registry.household_totals.items()
    }


def holder_periods(registry: AreaRegistry) -> dict[str, set[tuple[str, str, date, date]]]:
    """Every code's holders over time (`AreaRegistry.holder_periods`), as rows of the holders
    table."""
    return {
        code: {(code, holder, start, end) for holder, start, end in registry.holder_periods(code)}
        for code in registry.codes()
    }


def changes_memberships(event: Any) -> bool:
    """Whether an event can change what its aggregate derives. A change of head, an enrolment
    in a model and a support other than production capacity are read by no membership of a
    household, so the rows they would derive are those already standing (a retraction of one
    is derived, like every retraction)."""
    if isinstance(event, Household.HeadChanged | Household.EnrolledInModel):
        return False
    if isinstance(event, Household.SupportProvided):
        return SupportKind(event.kind) is SupportKind.PRODUCTION_CAPACITY
    return True


# ---- the projection ------------------------------------------------------------------------

# One event's memberships: owner, rows, recorded time, version.
Derivation = tuple[str, set[Row], datetime, int]


class IndicatorProjection:
    name = "indicators"
    # 2: window figures count within each plan period (issue 9), not from one start.
    revision = 2

    def __init__(self, cache: AggregateCache, registries: RegistryLog) -> None:
        self.cache = cache
        self.registries = registries

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
        periods = periods_now(conn, self.tables(generation)[1])
        stretches = Stretches(conn, self.counts(generation).stretches)
        self.registries.begin(events[0].position)
        derivations: list[Derivation] = []
        changed = None if events[0].topic in REGISTRY_TOPICS else self.registries.run_ended()
        for item in events:
            when: datetime = item.event.timestamp
            if self.registries.observe(item):
                self.write(conn, generation, derivations, periods, stretches)
                derivations = []
                changed = self.registries.run_ended()
            elif changed is not None:
                self.refresh_holders(conn, generation, *changed, periods, stretches)
                changed = None
            aggregate = self.cache.apply(item.event)
            if not changes_memberships(item.event):
                continue
            derived = self.derive(aggregate, self.registries.registry)
            if derived is not None:
                derivations.append((str(aggregate.id), derived, when, aggregate.version))
        self.write(conn, generation, derivations, periods, stretches)
        if changed is not None and self.registries.at_head(events[-1].position):
            self.refresh_holders(conn, generation, *changed, periods, stretches)
        stretches.save()

    def write(
        self,
        conn: Connection,
        generation: int,
        derivations: list[Derivation],
        periods: Periods,
        stretches: Stretches,
    ) -> None:
        if not derivations:
            return
        rows_table, _ = self.tables(generation)
        # Each standing row of an owner: the ids of its stored copies, or the values of the
        # copy this batch writes (closed in place when a later event of the batch drops it).
        current = self.standing_rows(conn, rows_table, {owner for owner, *_ in derivations})
        closed: dict[datetime, list[int]] = {}
        added: list[dict[str, Any]] = []
        changes = Changes(periods)
        for owner, derived, when, version in derivations:
            standing = current.setdefault(owner, {})
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
        changes.write(conn, self.counts(generation))

    @staticmethod
    def standing_rows(
        conn: Connection, table: Table, owners: Iterable[str]
    ) -> dict[str, dict[Row, list[Any]]]:
        """The standing rows of each owner, with the ids of the stored copies of each."""
        found: dict[str, dict[Row, list[Any]]] = {}
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


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def sums_of_rows(
    conn: Connection,
    tables: tuple[Table, Table],
    areas: Sequence[str],
    day: date,
    known_at: datetime | None,
    figures: Sequence[str] | None = None,
    window: Window | None = None,
) -> dict[str, Sums]:
    """The indicator view's sums for each area (of which none holds another) from its
    membership rows."""
    return sums_by_area(conn, tables, areas, day, known_at, figures, window)


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
) -> dict[str, Sums]:
    """The sums as known at an instant: the counts' running totals at the end of the stretches
    before its own, and what the rows recorded or closed since its stretch began changed —
    unless a commune changed district within that stretch, when the rows are summed whole
    (rare: the registry changes a few times a year)."""
    known_at = recent.window[1]
    if recent.moved:
        whole = sums_of_rows(conn, tables, areas, day, known_at, figures)
        return {area: merged([whole[area]]) for area in areas}
    base = sums_of_trees(conn, cells, areas, day, figures, recent.stretch)
    if not recent.changed:
        return base
    latest = sums_of_rows(conn, tables, areas, day, known_at, figures, recent.window)
    return {area: merged([base[area], latest.get(area, {})]) for area in areas}

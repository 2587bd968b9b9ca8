"""The read side: the projection engine over the store's log, and the queries that read its
tables. Readers may wait for a position they wrote (read-your-writes)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, func, or_, select, update

from application.areas import AreaService
from application.infrastructure.positions import PgPositions
from application.infrastructure.store import (
    Backend,
    CaseStore,
    notification_waiter,
    positions,
)
from application.readscope import once
from domain.area_registry import AWAITING
from domain.base import TOPIC_PREFIX
from domain.codes import next_household_code
from domain.plan import Plan
from domain.values import Status
from projections import bitemporal
from projections.aggregates import AggregateCache, RegistryLog, store_events
from projections.bitemporal import utc
from projections.counts import HOUSEHOLD_TOTAL, sums_of_trees
from projections.directory import DirectoryProjection
from projections.engine import ProjectionEngine, tracking
from projections.figures import (
    BY_ID,
    FIGURES,
    JUDGEMENT_FREE,
    Figure,
    FigureDefinition,
    assessing,
    counted_by,
    judged_count,
    plan_for,
    progress_known,
    targets_on,
)
from projections.history import HistoryProjection
from projections.indicators import IndicatorProjection
from projections.log import EventLog
from projections.memberships import DEPRIVATION_DENOMINATOR
from projections.places import PlacesProjection
from projections.replay import KnownLog, known_instant
from projections.sealing import Sealer
from projections.sums import Sums, recent_at, sums_by_area, sums_known_at
from projections.surveys import SurveyProjection

PAGE_SIZE = 50


# Below SQLite's limit on a statement's parameters, with room for the others.
CODES_A_QUERY = 5000


@dataclass(frozen=True)
class DirectoryQuery:
    area: str
    q: str = ""
    status: str | None = None
    newly_escaped: bool | None = None
    need: str | None = None
    voided: bool = False
    page: int = 1


class ReadModels:
    def __init__(
        self,
        store: CaseStore,
        backend: Backend,
        engine: Engine,
        areas: AreaService,
        today: Callable[[], date],
        sealer: Sealer,
    ) -> None:
        # An aggregate the cache has not kept, folded by the library up to the version wanted.
        cache = AggregateCache(
            lambda aggregate_id, version: store.repository.get(aggregate_id, version=version),
            lambda aggregate_id: positions(store, backend, aggregate_id),
        )
        self.store = store
        self.sealer = sealer
        registries = RegistryLog(store.recorder, store.mapper)
        self.directory = DirectoryProjection(cache, registries, sealer)
        self.history = HistoryProjection(
            cache,
            RegistryLog(store.recorder, store.mapper),
            sealer,
            store_events(store.recorder, store.mapper),
        )
        self.indicators = IndicatorProjection(cache, RegistryLog(store.recorder, store.mapper))
        self.places = PlacesProjection(cache)
        self.surveys = SurveyProjection(cache, RegistryLog(store.recorder, store.mapper))
        self.backend = backend
        self.areas = areas
        self.today = today
        self.sql = engine
        self.engine = ProjectionEngine(
            EventLog(store.recorder, store.mapper),
            engine,
            [self.directory, self.history, self.indicators, self.places, self.surveys],
            wait_for_events=notification_waiter(store, backend),
            positions=PgPositions(backend, engine) if backend.kind == "postgres" else None,
        )
        self.engine.setup()
        self.fill_counts()
        self.follower: threading.Thread | None = None

    def fill_counts(self) -> None:
        """A view written before the indicator counts took their present form gets them once,
        holding its tracking row (the worker and a web process may start together)."""
        name = self.indicators.name
        generation = self.generation(name)
        with self.sql.begin() as conn:
            conn.execute(
                update(tracking)
                .where(tracking.c.name == name, tracking.c.generation == generation)
                .values(updated_at=datetime.now(UTC))
            )
            self.indicators.fill_counts(conn, generation)

    # ---- keeping up -------------------------------------------------------------------------

    def catch_up(self) -> None:
        self.engine.catch_up()

    def follow_in_background(self) -> None:
        """The embedded set-up: the web process keeps its projections current itself."""
        if self.follower is None:
            self.engine.stopping.clear()
            self.follower = threading.Thread(
                target=self.engine.follow,
                kwargs={"idle_wait": 0.2},
                daemon=True,
                name="projections",
            )
            self.follower.start()

    def stop(self) -> None:
        self.engine.stop()
        if self.follower is not None:
            self.follower.join(timeout=5)
            self.follower = None

    def catch_up_if_embedded(self) -> None:
        """Without a follower thread (a CLI, a test), bring the views up to date first; on
        PostgreSQL that is the worker process's job."""
        if self.follower is None and self.backend.kind != "postgres":
            self.engine.catch_up()

    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Read-your-writes: wait for the follower or the worker to see `position` (catching
        up here in an embedded set-up without a follower)."""
        if position is None:
            return True
        self.catch_up_if_embedded()
        return self.engine.wait_for(position, timeout)

    def health(self, max_lag: int) -> dict[str, Any]:
        """Is the read side keeping up: how far behind the log it is, and how many events a
        projection had to pass over as faults (each one a figure that may be wrong)."""
        head = self.engine.log.head()
        behind = head - self.engine.lowest_position()
        faults = self.engine.fault_count()
        return {
            "ok": behind <= max_lag and faults == 0,
            "events": head,
            "projections_behind": behind,
            "max_lag": max_lag,
            "projection_faults": faults,
        }

    def faults(self) -> list[dict[str, Any]]:
        """The events the projections passed over, newest first, as auditors see them."""
        return [
            {
                "projection": fault.name,
                "position": fault.position,
                "aggregate_id": fault.originator_id,
                "version": fault.originator_version,
                "event_type": fault.topic.removeprefix(TOPIC_PREFIX),
                "error": fault.error,
                "recorded_at": utc(fault.recorded_at).isoformat(),
            }
            for fault in self.engine.faults()
        ]

    # ---- queries ----------------------------------------------------------------------------

    def places_within(self, kind: str, area: str) -> list[tuple[str, date, dict[str, Any]]]:
        """(place, created on, summary) of the models or officials whose place was ever
        inside the area (the caller keeps those inside on the day it asks about)."""
        self.catch_up_if_embedded()
        table = self.places.table(self.generation(self.places.name))
        query = select(table).where(table.c.kind == kind)
        if area != self.areas.registry().province_code:
            query = query.where(table.c.place.in_(self.areas.ever_within(area)))
        with self.sql.connect() as conn:
            rows = conn.execute(query).all()
        return [(row.place, row.created_on, json.loads(row.summary)) for row in rows]

    def next_household_code(self, commune_code: str) -> str:
        """The code the commune's next household would take in its own pattern: the codes of
        the households it holds (those of the units it took over included)."""
        directory = self.directory.table(self.generation("directory"))
        query = select(directory.c.household_code).where(directory.c.place == commune_code)
        with self.sql.connect() as conn:
            return next_household_code(conn.execute(query).scalars(), commune_code)

    def coded(self, commune_code: str, codes: Sequence[str]) -> dict[str, str]:
        """The ids of the commune's households with these codes (a code is unique within the
        commune where it was given), as the directory has them: a caller that must find a
        household registered a moment ago waits for the log's head first."""
        table = self.directory.table(self.generation(self.directory.name))
        found: dict[str, str] = {}
        with self.sql.connect() as conn:
            for start in range(0, len(codes), CODES_A_QUERY):
                chunk = list(codes[start : start + CODES_A_QUERY])
                query = select(table.c.household_code, table.c.household_id).where(
                    table.c.household_code.in_(chunk), table.c.place == commune_code
                )
                found.update({row.household_code: row.household_id for row in conn.execute(query)})
        return found

    def search(self, query: DirectoryQuery) -> dict[str, Any]:
        """Households of the area matching the query, paged, by code."""
        table = self.directory.table(self.generation(self.directory.name))
        today = self.today()
        conditions: list[ColumnElement[bool]] = self.households_within(
            table, query.area, today, voided=query.voided
        )
        words = self.sealer.query(query.q)
        conditions.extend(table.c.search_text.contains(word, autoescape=True) for word in words)
        if query.status:
            conditions.append(table.c.status == query.status)
        if query.newly_escaped is not None:
            until = table.c.newly_escaped_until
            conditions.append(
                until > today if query.newly_escaped else or_(until.is_(None), until <= today)
            )
        if query.need:
            conditions.append(table.c.needs.contains(f",{query.need},", autoescape=True))
        where = and_(True, *conditions)
        with self.sql.connect() as conn:
            total = conn.execute(select(func.count()).select_from(table).where(where)).scalar_one()
            rows = conn.execute(
                select(table)
                .where(where)
                .order_by(table.c.commune_code, table.c.household_code)
                .limit(PAGE_SIZE)
                .offset((max(query.page, 1) - 1) * PAGE_SIZE)
            ).all()
        return {
            "total": total,
            "page": max(query.page, 1),
            "page_size": PAGE_SIZE,
            "items": [directory_item(row._mapping, today, self.sealer) for row in rows],
        }

    def quiet_since(self, cutoff: date) -> list[str]:
        """The households that may have outlived their retention: off the poor and near-poor
        lists (or voided) and with no change of status since before `cutoff`. The domain judges
        each (`Household.kept_until`); this only spares it the households on the lists."""
        table = self.directory.table(self.generation(self.directory.name))
        off_the_lists = or_(
            table.c.voided.is_(True),
            table.c.status.is_(None),
            table.c.status.not_in([Status.POOR.value, Status.NEAR_POOR.value]),
        )
        since = func.coalesce(table.c.status_since, table.c.registered_on)
        query = select(table.c.household_id).where(off_the_lists, since < cutoff)
        with self.sql.connect() as conn:
            return [str(row[0]) for row in conn.execute(query.order_by(table.c.household_id))]

    def households_within(
        self, table: Table, area: str, today: date, voided: bool | None = False
    ) -> list[Any]:
        """The conditions on the directory for the households of an area today: those placed
        in its communes or awaiting assignment to one of them; for a scope whose unit ended,
        those recorded in its communes on its last day (`AreaService.scope_of`). Of those, the
        standing registrations, the voided ones (`voided=True`) or both (`None`)."""
        found = [] if voided is None else [table.c.voided.is_(voided)]
        inside, at = self.areas.scope_of(area, today)
        if at < today:
            communes = self.areas.communes_within(inside, at) or []
            return [*found, table.c.commune_code.in_(communes), table.c.located_on <= at]
        if inside == self.areas.registry().province_code:
            return found
        return [*found, table.c.place.in_(self.areas.places_within(inside, today))]

    def awaiting_count(self, places: Sequence[str]) -> int:
        """How many households await assignment among the places (as the directory has them
        now)."""
        wanted = [place for place in places if place.startswith(AWAITING)]
        if not wanted:
            return 0
        table = self.directory.table(self.generation(self.directory.name))
        query = (
            select(func.count())
            .select_from(table)
            .where(table.c.place.in_(wanted), table.c.voided.is_(False))
        )
        with self.sql.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def awaiting(self, places: Sequence[str]) -> list[dict[str, Any]]:
        """The households awaiting assignment among the places (AWAITING + an old unit's
        code), by old unit, village and code."""
        table = self.directory.table(self.generation(self.directory.name))
        wanted = [place for place in places if place.startswith(AWAITING)]
        if not wanted:
            return []
        self.catch_up_if_embedded()
        query = (
            select(table)
            .where(table.c.place.in_(wanted), table.c.voided.is_(False))
            .order_by(table.c.commune_code, table.c.village, table.c.household_code)
        )
        today = self.today()
        with self.sql.connect() as conn:
            found = [
                directory_item(row._mapping, today, self.sealer) for row in conn.execute(query)
            ]
        # Sealed villages sort as noise in the database: by old unit, village and code here.
        return sorted(
            found, key=lambda h: (h["awaiting_assignment_from"], h["village"], h["household_code"])
        )

    def plans(self, known_at: datetime | None) -> list[Plan]:
        """Every plan as known at the instant (default: now), by period and reference: the
        places view names them, each is folded from its own few events (once per read scope,
        `application.readscope`)."""
        return list(once(("plans", id(self), known_at), lambda: self.folded_plans(known_at)))

    def folded_plans(self, known_at: datetime | None) -> list[Plan]:
        self.catch_up_if_embedded()
        table = self.places.table(self.generation(self.places.name))
        with self.sql.connect() as conn:
            ids = conn.execute(select(table.c.aggregate_id).where(table.c.kind == "plan")).all()
        log = KnownLog(self.store, known_instant(known_at))
        folded = (log.fold(UUID(str(plan_id))) for (plan_id,) in ids)
        plans = [plan for plan in folded if isinstance(plan, Plan)]
        return sorted(plans, key=lambda plan: (plan.period_start, plan.reference))

    def plan_for(self, area: str, as_of: date, known_at: datetime | None) -> Plan | None:
        """The plan that speaks for the area on the date (`projections.figures.plan_for`)."""
        return plan_for(self.plans(known_at), self.areas.registry(), area, as_of)

    def figures(self, area: str, as_of: date, known_at: datetime | None) -> dict[str, Figure]:
        """Every figure for the area as of the date, as known at the instant (default: now),
        from the indicator view; docs/spec/figures.md."""
        return self.figures_of_areas([area], as_of, known_at)[area]

    def figures_from_rows(self, area: str, as_of: date) -> dict[str, Figure]:
        """`figures` as known now, summed from the membership rows instead of the counts:
        verify holds both equal to a replay."""
        return self.figures_of_areas([area], as_of, None, from_rows=True)[area]

    def figures_of_areas(
        self,
        areas: Sequence[str],
        as_of: date,
        known_at: datetime | None,
        from_rows: bool = False,
        *,
        only: Sequence[str] | None = None,
    ) -> dict[str, dict[str, Figure]]:
        """`figures` of several districts, or several communes (the areas inside one area),
        in two queries instead of two for each; `only` those figures (by id), reading only the
        counts they are made of."""
        if not areas:
            return {}
        definitions = FIGURES if only is None else tuple(BY_ID[figure] for figure in only)
        registry = self.areas.registry()
        plans = self.plans(known_at)
        speaking = {area: plan_for(plans, registry, area, as_of) for area in areas}
        # The counts the figures are made of, as each standard the areas' plans name judged
        # the households; not the other standards' (`judged_count`).
        standards = {counted_by(plan, as_of) for plan in speaking.values()}
        made_of = set().union(*map(reads_of, definitions))
        counts = sorted({judged_count(s, count) for count in made_of for s in standards})
        baselines = {
            (counted_by(plan, as_of), plan.baseline_date)
            for plan in speaking.values()
            if plan is not None and progress_known(plan, as_of)
        }
        generation = self.generation(self.indicators.name)
        with self.sql.connect() as conn:
            read = self.reader(conn, generation, areas, known_at, from_rows)
            now = read(as_of, counts)
            then = {(s, day): read(day, [judged_count(s, "near_poor")]) for s, day in baselines}
        figures = {}
        for area in areas:
            plan = speaking[area]
            standard_id = counted_by(plan, as_of)
            known = progress_known(plan, as_of)
            baseline = None
            if plan and known:
                baseline = judged_sums(then[(standard_id, plan.baseline_date)][area], standard_id)
            targets = targets_on(plan, registry, area, as_of)
            sums = judged_sums(now[area], standard_id)
            figures[area] = assemble(targets, as_of, sums, baseline, definitions)
        return figures

    def reader(
        self,
        conn: Connection,
        generation: int,
        areas: Sequence[str],
        known_at: datetime | None,
        from_rows: bool = False,
    ) -> Callable[[date, Sequence[str] | None], dict[str, Sums]]:
        """Reads the indicator view's sums for each area on a day (of some figures, or all)
        from its counts — a bounded number of cells and index seeks, whatever the households —
        as known now or at an earlier instant; from its membership rows when asked (verify
        holds both equal to a replay)."""
        tables = self.indicators.tables(generation)
        cells = self.indicators.counts(generation)
        if from_rows:
            return lambda day, figures: sums_by_area(conn, tables, areas, day, known_at, figures)
        registry = self.areas.registry()
        holding = [area for area in areas if registry.holds_places(area)]
        if known_at is None:
            return lambda day, figures: sums_of_trees(
                conn, cells, areas, day, figures, holding=holding
            )
        recent = recent_at(conn, cells, tables, known_at)
        return lambda day, figures: sums_known_at(
            conn, cells, tables, areas, day, recent, figures, holding
        )

    def surveys_held(
        self, places: Sequence[str] | None, as_of: date, known_at: datetime | None
    ) -> list[Any]:
        """The survey each household of the places (None: everywhere) holds on the date, as
        known at the instant, with its place, status and members that day: one row a
        household, from the survey view (`projections.surveys`)."""
        table = self.surveys.table(self.generation(self.surveys.name))
        query = select(table).where(bitemporal.on(table, as_of), bitemporal.known(table, known_at))
        if places is not None:
            query = query.where(table.c.place.in_(list(places)))
        with self.sql.connect() as conn:
            return list(conn.execute(query.order_by(table.c.place, table.c.owner)))

    def generation(self, name: str) -> int:
        """The view's active generation (once per read scope, `application.readscope`)."""
        generation = once(
            ("generation", id(self), name), lambda: self.engine.active_generation(name)
        )
        assert generation is not None, f"projection {name} is not set up"
        return generation


def judged_sums(sums: Sums, standard_id: str | None) -> Sums:
    """The sums as the standard a plan names judged the households, under the figures' own
    names (`judged_count`; None: the national standard's, as they are)."""
    if standard_id is None:
        return sums
    prefix = f"{standard_id}:"
    return {
        (name.removeprefix(prefix), part, tag): value
        for (name, part, tag), value in sums.items()
        if name.startswith((prefix, *JUDGEMENT_FREE))
    }


def by_part(sums: Sums) -> Counter[tuple[str, str]]:
    """A view's sums added up by figure and part, whatever their tags."""
    found: Counter[tuple[str, str]] = Counter()
    for (figure, part, _), value in sums.items():
        found[(figure, part)] += value
    return found


DENOMINATOR_COUNTS = {"listed": DEPRIVATION_DENOMINATOR, "households": HOUSEHOLD_TOTAL}


def reads_of(definition: FigureDefinition) -> set[str]:
    """The counts of the indicator view a figure is made of (the baseline's near-poor are
    read apart)."""
    over = definition.id if definition.over == "own" else DENOMINATOR_COUNTS.get(definition.over)
    return {definition.numerator_count, definition.parts_count, *([over] if over else [])}


def assemble(
    targets: dict[str, float],
    as_of: date,
    now: Sums,
    baseline: Sums | None,
    definitions: Sequence[FigureDefinition] = FIGURES,
) -> dict[str, Figure]:
    """The figures of docs/spec/figures.md (or those `definitions`) from the sums of the
    indicator view, each as its definition says (`FigureDefinition.over`, `counts`, `parts`),
    with the targets of the plan for the area (`targets_on`) and its near-poor on the plan's
    baseline (None: no plan's progress is known on the date)."""
    totals = by_part(now)
    by_tag: Counter[tuple[str, str]] = Counter()
    for (name, _, tag), value in now.items():
        by_tag[(name, tag)] += value
    near_poor_then = None if baseline is None else by_part(baseline)[("near_poor", "num")]
    denominators = {
        "households": now.get((HOUSEHOLD_TOTAL, "den", "")),
        "baseline": near_poor_then,
    }

    def figure(definition: FigureDefinition) -> Figure:
        numerator = totals[(definition.numerator_count, "num")]
        if definition.over == "baseline":  # the reduction since the baseline
            numerator = 0 if near_poor_then is None else near_poor_then - numerator
        if definition.over == "own":
            denominator: int | None = totals[(definition.id, "den")]
        elif definition.over == "listed":
            standards = assessing(definition.id)
            denominator = sum(by_tag[(DEPRIVATION_DENOMINATOR, s)] for s in standards)
        else:
            denominator = denominators.get(definition.over)
        keys = definition.parts(as_of)
        breakdown = (
            None if keys is None else {key: by_tag[(definition.parts_count, key)] for key in keys}
        )
        target = None if definition.target is None else targets.get(definition.target)
        return Figure(definition.id, numerator, denominator, target, breakdown)

    return {definition.id: figure(definition) for definition in definitions}


def directory_item(row: Any, today: date, sealer: Sealer) -> dict[str, Any]:
    """A list item; the newly-escaped window only while it is open, as on the household."""
    until = row["newly_escaped_until"]
    awaiting = row["place"].startswith(AWAITING)
    return {
        "id": row["household_id"],
        "household_code": row["household_code"],
        "commune_code": None if awaiting else row["place"],
        "awaiting_assignment_from": row["commune_code"] if awaiting else None,
        "village": sealer.open(row["village"]),
        "head_name": sealer.open(row["head_name"]),
        "status": row["status"],
        "status_since": row["status_since"].isoformat() if row["status_since"] else None,
        "newly_escaped_until": until.isoformat() if until and until > today else None,
        "needs": [n for n in row["needs"].split(",") if n],
        "members": row["members"],
        "voided": row["voided"],
        "version": row["version"],
    }

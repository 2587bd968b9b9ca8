"""What auditors read. Replay equals projection: every figure served from the indicator view is
recomputed from the raw event log and compared, for the city, every district and every commune,
on the dates that matter to the plan (its start and baseline, each year's end, its end, today).
The event feed in log order, and the log browser: household events filtered by household,
type, actor and both dates, within an area."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, exists, select

from application.areas import AreaService
from application.households import plain
from application.infrastructure.store import Backend, CaseStore, positions
from application.readmodels import ReadModels
from application.snapshots import snapshot_differences
from domain.area_registry import TERRITORY
from domain.base import TOPIC_PREFIX
from domain.words import in_language
from projections.bitemporal import utc
from projections.figures import Figure
from projections.replay import replay_dates


@dataclass(frozen=True)
class Difference:
    area: str
    as_of: date
    figure: str
    replay: Figure
    projection: Figure

    def as_data(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "as_of": self.as_of.isoformat(),
            "figure": self.figure,
            "replay": self.replay.as_data(),
            "projection": self.projection.as_data(),
        }


MAX_EVENTS = 1000
LOG_PAGE = 50


@dataclass(frozen=True)
class EventQuery:
    """The log browser's filters. `area` scopes it: events of households living in it now (the
    rule that decides who may open a household). Recorded instants: from inclusive, until
    exclusive."""

    area: str
    household: UUID | None = None
    event_type: str | None = None
    actor: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    recorded_from: datetime | None = None
    recorded_until: datetime | None = None


def event_data(position: int, event: Any) -> dict[str, Any]:
    """An event as an auditor reads it: where it sits in the log, both its times, who, what."""
    data = {k: v for k, v in vars(event).items() if k not in HEADER}
    return {
        "position": position,
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
        "type": str(event.TOPIC).split(":", 1)[1],
        "effective_date": data.pop("effective_date").isoformat(),
        "recorded_at": event.timestamp.isoformat(),
        "actor": data.pop("actor"),
        "data": plain(data),
    }


HEADER = {"originator_id", "originator_version", "timestamp", "originator_topic"}


class AuditService:
    def __init__(
        self,
        store: CaseStore,
        areas: AreaService,
        reads: ReadModels,
        today: Callable[[], date],
        backend: Backend,
    ) -> None:
        self.store = store
        self.backend = backend
        self.areas = areas
        self.reads = reads
        self.today = today

    def checked_dates(self) -> list[date]:
        """Each plan's start, baseline, year ends and end; either side of each change of the
        registry since the first plan began (the reorganisation of 2025); today."""
        plans = self.reads.plans(None)
        days = {self.today()}
        for plan in plans:
            days |= {plan.period_start, plan.baseline_date, plan.period_end}
            days |= {date(y, 12, 31) for y in range(plan.period_start.year, plan.period_end.year)}
        first = min((plan.period_start for plan in plans), default=self.today())
        days |= {
            day + timedelta(days=shift)
            for day in self.areas.registry().boundaries()
            if day >= first
            for shift in (-1, 0)
        }
        return sorted(day for day in days if day <= self.today())

    def checked_areas(self, day: date) -> list[str]:
        """Every area standing on `day`, and the provinces' territories of before 2025."""
        registry = self.areas.registry()
        provinces = [code for code in registry.provinces if registry.province_on(code, day)]
        territories = [TERRITORY + code for code in (registry.province_code, *registry.provinces)]
        units = [*registry.districts_on(day), *registry.communes_on(day)]
        return [registry.province_code, *provinces, *territories, *(u.code for u in units)]

    def verify(
        self,
        dates: Sequence[date] | None = None,
        areas: Sequence[str] | None = None,
        known_at: datetime | None = None,
        progress_dates: Callable[[int], None] | None = None,
        progress_log: Callable[[int], None] | None = None,
        every: bool = False,
    ) -> dict[str, Any]:
        """Compare replay and projection for each (area, date); every difference is listed
        (and with `every`, each figure's two sides in `figures`, as an auditor reads them for
        one area). One pass over the log replays every date (`progress_log` is told the log
        position it has reached); then each date's projected figures are read for all its
        areas at once and compared (`progress_dates` is told of each date done)."""
        self.reads.catch_up()
        days = list(dict.fromkeys(dates or self.checked_dates()))
        wanted = {day: list(dict.fromkeys(areas or self.checked_areas(day))) for day in days}
        replayed = replay_dates(self.store, wanted, known_at, progress_log)
        differences: list[Difference] = []
        compared: list[Difference] = []
        checked = 0
        for day in days:
            views = self.projected(wanted[day], day, known_at)
            for area, figures in replayed[day].items():
                if every:  # each figure once: a view that differs, else the dashboard's
                    compared.extend(
                        Difference(area, day, figure_id, figure, shown)
                        for figure_id, figure in figures.items()
                        for shown in [
                            next(
                                (v[area][figure_id] for v in views if v[area][figure_id] != figure),
                                views[0][area][figure_id],
                            )
                        ]
                    )
                for projected in views:
                    differences.extend(
                        Difference(area, day, figure_id, figure, projected[area][figure_id])
                        for figure_id, figure in figures.items()
                        if projected[area][figure_id] != figure
                    )
                    checked += len(figures)
            if progress_dates:
                progress_dates(1)
        faults = self.reads.faults()
        snapshotted = [self.areas.registry_id, *(plan.id for plan in self.reads.plans(None))]
        altered = snapshot_differences(self.store, snapshotted)
        return {
            "snapshots_ok": not altered,
            "snapshot_differences": altered,
            "projections_match_replay": not differences,
            "figures_checked": checked,
            "differences": [d.as_data() for d in differences],
            "projection_faults": faults,
            "projections_ok": not differences and not faults,
            **({"figures": [c.as_data() for c in compared]} if every else {}),
        }

    def projected(
        self, areas: Sequence[str], day: date, known_at: datetime | None
    ) -> list[dict[str, dict[str, Figure]]]:
        """Every view verify holds to the replay, each area's figures on `day`: the counts
        (as known now), read for every area in one query, and the membership rows they are
        kept from (and, as known at an earlier instant, the rows alone), read one query per
        level, since the rows are summed by city, by district or by commune."""
        registry = self.areas.registry()
        levels: dict[str, list[str]] = {}
        for area in areas:
            levels.setdefault(registry.level_of(area), []).append(area)

        def rows() -> dict[str, dict[str, Figure]]:
            found: dict[str, dict[str, Figure]] = {}
            for chosen in levels.values():
                found.update(self.reads.figures_of_areas(chosen, day, known_at, from_rows=True))
            return found

        if known_at is not None:
            return [rows()]
        return [self.reads.figures_of_areas(areas, day, None), rows()]

    def events(
        self,
        after: int = 0,
        limit: int = 100,
        household: UUID | None = None,
        event_type: str | None = None,
    ) -> dict[str, Any]:
        """The event feed, in log order after a position; one household's events, or one type."""
        limit = max(1, min(limit, MAX_EVENTS))
        topics = [f"{TOPIC_PREFIX}{event_type}"] if event_type else []
        if household is not None:
            where = positions(self.store, self.backend, household)
            found = [
                (where[e.originator_version], e)
                for e in self.store.events.get(household)
                if where.get(e.originator_version, 0) > after
                and (not topics or getattr(e, "TOPIC", None) in topics)
            ][:limit]
        else:
            page = self.store.recorder.select_notifications(
                after + 1, limit, topics=topics, inclusive_of_start=True
            )
            found = [(n.id, self.store.mapper.to_domain_event(n)) for n in page]
        items = [event_data(position, event) for position, event in found]
        return {"after": after, "items": items, "last": items[-1]["position"] if items else after}

    def log(
        self,
        query: EventQuery,
        after: int | None = None,
        before: int | None = None,
        limit: int = LOG_PAGE,
        lang: str = "vi",
    ) -> dict[str, Any]:
        """A page of household events in log order, from the support history view (its actor
        and dates are indexed, its summaries name members): the page after a position, the
        page before one, or the latest page; with whether earlier and later ones exist."""
        self.reads.catch_up_if_embedded()
        history = self.reads.history.table(self.reads.generation("history"))
        directory = self.reads.directory.table(self.reads.generation("directory"))
        where = and_(True, *self.conditions(query, history, directory))
        base = select(history, directory.c.household_code, directory.c.commune_code).join_from(
            history, directory, directory.c.household_id == history.c.household_id
        )
        position = history.c.position
        if after is not None:
            page = base.where(where, position > after).order_by(position)
        else:
            bound = [position < before] if before is not None else []
            page = base.where(where, *bound).order_by(position.desc())
        with self.reads.sql.connect() as conn:
            rows = list(conn.execute(page.limit(limit)).all())
            if after is None:
                rows.reverse()

            def any_where(condition: ColumnElement[bool]) -> bool:
                found: Select[Any] = select(exists(base.where(where, condition)))
                return bool(conn.execute(found).scalar())

            if rows:
                earlier = any_where(position < rows[0].position)
                later = any_where(position > rows[-1].position)
            else:  # past either end: only the other way may hold events
                earlier = after is not None and any_where(position <= after)
                later = before is not None and any_where(position >= before)
        summary = in_language(("summary_vi", "summary_en"), lang)
        items = [
            {
                "position": row.position,
                "household_id": row.household_id,
                "household_code": row.household_code,
                "commune_code": row.commune_code,
                "version": row.version,
                "type": row.type,
                "effective_date": row.effective_date.isoformat(),
                "recorded_at": utc(row.recorded_at).isoformat(),
                "actor": row.actor,
                "summary": self.reads.sealer.open(row._mapping[summary]),
                "retracted": row.retracted_by is not None,
            }
            for row in rows
        ]
        return {"items": items, "earlier": earlier, "later": later}

    def conditions(self, query: EventQuery, history: Any, directory: Any) -> list[Any]:
        found: list[Any] = self.reads.households_within(
            directory, query.area, self.today(), voided=None
        )
        if query.household is not None:
            found.append(history.c.household_id == str(query.household))
        if query.event_type:
            found.append(history.c.type == query.event_type)
        if query.actor:
            found.append(history.c.actor == query.actor)
        if query.effective_from:
            found.append(history.c.effective_date >= query.effective_from)
        if query.effective_to:
            found.append(history.c.effective_date <= query.effective_to)
        if query.recorded_from:
            found.append(history.c.recorded_at >= query.recorded_from.astimezone(UTC))
        if query.recorded_until:
            found.append(history.c.recorded_at < query.recorded_until.astimezone(UTC))
        return found

    def households_coded(self, code: str) -> list[str]:
        """The ids of the households with this code (unique within a commune only)."""
        directory = self.reads.directory.table(self.reads.generation("directory"))
        query = select(directory.c.household_id).where(directory.c.household_code == code)
        with self.reads.sql.connect() as conn:
            return [row.household_id for row in conn.execute(query)]

    def household_codes(self, ids: Sequence[str]) -> dict[str, str]:
        """Household codes by id, for the ids that are households."""
        directory = self.reads.directory.table(self.reads.generation("directory"))
        query = select(directory.c.household_id, directory.c.household_code).where(
            directory.c.household_id.in_(list(ids))
        )
        with self.reads.sql.connect() as conn:
            return {row.household_id: row.household_code for row in conn.execute(query)}

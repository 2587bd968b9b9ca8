"""Replay equals projection: every figure served from the indicator view is recomputed from the
raw event log and compared, for the city, every district and every commune, on the dates that
matter to the plan (its start and baseline, each year's end, its end, today)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.areas import AreaService
from application.households import plain
from application.readmodels import ReadModels
from application.store import Backend, EventStore, positions
from domain.base import TOPIC_PREFIX
from projections.figures import Figure
from projections.replay import replay_areas


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
        store: EventStore,
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
        plan = self.reads.plan_known_at(None)
        year_ends = [
            date(year, 12, 31) for year in range(plan.period_start.year, plan.period_end.year + 1)
        ]
        days = {plan.period_start, plan.baseline_date, *year_ends, plan.period_end, self.today()}
        return sorted(day for day in days if day <= self.today())

    def checked_areas(self, day: date) -> list[str]:
        registry = self.areas.registry()
        units = [*registry.districts_on(day), *registry.communes_on(day)]
        return [registry.province_code, *(u.code for u in units)]

    def verify(
        self,
        dates: Sequence[date] | None = None,
        areas: Sequence[str] | None = None,
        known_at: datetime | None = None,
        progress_dates: Callable[[int], None] | None = None,
    ) -> dict[str, Any]:
        """Compare replay and projection for each (area, date); every difference is listed."""
        self.reads.catch_up()
        differences: list[Difference] = []
        checked = 0
        for day in dates or self.checked_dates():
            chosen = list(areas or self.checked_areas(day))
            for area, replayed in replay_areas(self.store, chosen, day, known_at).items():
                projected = self.reads.figures(area, day, known_at)
                differences.extend(
                    Difference(area, day, figure_id, figure, projected[figure_id])
                    for figure_id, figure in replayed.items()
                    if projected[figure_id] != figure
                )
                checked += len(replayed)
            if progress_dates:
                progress_dates(1)
        return {
            "projections_match_replay": not differences,
            "figures_checked": checked,
            "differences": [d.as_data() for d in differences],
        }

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

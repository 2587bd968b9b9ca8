"""Replay equals projection: every figure served from the indicator view is recomputed from the
raw event log and compared, for the city and each district, on the dates that matter to the
plan (its start and baseline, each year's end, its end, today)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from application.areas import AreaService
from application.readmodels import ReadModels
from application.store import EventStore
from projections.figures import Figure
from projections.replay import replay_figures


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


class AuditService:
    def __init__(
        self,
        store: EventStore,
        areas: AreaService,
        reads: ReadModels,
        today: Callable[[], date],
    ) -> None:
        self.store = store
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
        return [registry.province_code, *(u.code for u in registry.districts_on(day))]

    def verify(
        self,
        dates: Sequence[date] | None = None,
        areas: Sequence[str] | None = None,
        known_at: datetime | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, Any]:
        """Compare replay and projection for each (area, date); every difference is listed."""
        self.reads.catch_up()
        differences: list[Difference] = []
        checked = 0
        for day in dates or self.checked_dates():
            for area in areas or self.checked_areas(day):
                replayed = replay_figures(self.store, area, day, known_at)
                projected = self.reads.figures(area, day, known_at)
                differences.extend(
                    Difference(area, day, figure_id, figure, projected[figure_id])
                    for figure_id, figure in replayed.items()
                    if projected[figure_id] != figure
                )
                checked += len(replayed)
                if progress:
                    progress(1)
        return {
            "projections_match_replay": not differences,
            "figures_checked": checked,
            "differences": [d.as_data() for d in differences],
        }

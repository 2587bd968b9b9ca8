"""The plan's figures for an area as of a date, as known at an instant (docs/spec/figures.md),
from the projections or by a replay of the raw log. The one way every caller reads them — the
pages, the API, the CLI and the replay-equals-projection check — so an instant without its zone
means Vietnam's time for all of them (docs/spec/time.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol

from application.areas import REORGANISED, AreaService
from application.infrastructure.store import CaseStore
from domain.area_registry import AWAITING
from domain.errors import ValidationError
from domain.plan import Plan
from domain.values import AreaKind
from projections.figures import FIGURES, Figure, summed, territory_of
from projections.replay import known_instant, replay_areas

Source = Literal["projection", "replay"]
SOURCES: tuple[Source, ...] = ("projection", "replay")


class FigureReads(Protocol):
    """The read side's figures, served from the indicator projections."""

    def figures_of_areas(
        self,
        areas: Sequence[str],
        as_of: date,
        known_at: datetime | None,
        *,
        only: Sequence[str] | None = None,
    ) -> dict[str, dict[str, Figure]]: ...

    def plans(self, known_at: datetime | None) -> list[Plan]: ...

    def plan_for(self, area: str, as_of: date, known_at: datetime | None) -> Plan | None: ...

    def awaiting_count(self, places: Sequence[str]) -> int: ...


class IndicatorService:
    def __init__(self, store: CaseStore, areas: AreaService, reads: FigureReads) -> None:
        self.store = store
        self.areas = areas
        self.reads = reads

    def figures(
        self, area: str, as_of: date, known_at: datetime | None, source: str = "projection"
    ) -> dict[str, Figure]:
        """Every figure for the area, by id, in FIGURES' order."""
        return self.figures_of_areas([area], as_of, known_at, source)[area]

    def figures_of_areas(
        self,
        areas: Sequence[str],
        as_of: date,
        known_at: datetime | None,
        source: str = "projection",
        only: Sequence[str] | None = None,
    ) -> dict[str, dict[str, Figure]]:
        """`figures` of several areas that do not overlap (the sub-areas of a dashboard) in one
        read of the view: a household counts in one of them, so an area and one inside it in
        the same call would share it wrongly. `only` those figures, by id (the view reads only
        what they are made of)."""
        if source not in SOURCES:
            raise ValidationError("invalid-value", field="source", value=source)
        known_at = known_instant(known_at)
        if source == "replay":
            replayed = replay_areas(self.store, areas, as_of, known_at)
            return {area: {f: every[f] for f in only or every} for area, every in replayed.items()}
        return self.reads.figures_of_areas(areas, as_of, known_at, only=only)

    def by_area_kind(
        self, area: str, as_of: date, known_at: datetime | None, only: Sequence[str]
    ) -> dict[str, dict[str, Figure]]:
        """The area's figures split by the kind of commune its households live in on the date
        ("URBAN", "RURAL", as the income lines are chosen) and, apart, those awaiting their new
        unit ("AWAITING", no kind yet): its places read in one call and summed (`summed`).
        Only the kinds the area has."""
        registry = self.areas.registry()
        places = self.areas.places_within(area, as_of)
        counted = self.figures_of_areas(places, as_of, known_at, only=only)
        groups: dict[str, list[dict[str, Figure]]] = {}
        for place in places:
            awaiting = place.startswith(AWAITING)
            kind = "AWAITING" if awaiting else registry.check_commune(place, as_of).area_kind
            groups.setdefault(kind, []).append(counted[place])
        order = [*AreaKind, "AWAITING"]
        return {kind: summed(groups[kind], only) for kind in order if kind in groups}

    def plans(self, known_at: datetime | None) -> list[Plan]:
        """Every plan adopted, as known at the instant, by period."""
        return self.reads.plans(known_instant(known_at))

    def answer(
        self, area: str, as_of: date, known_at: datetime | None, source: str
    ) -> dict[str, Any]:
        """Every figure of FIGURES, in its order; an unknown area is refused (404). Beside
        them: the plan whose targets they carry (`plan_for`), and how many households of the
        area's split units await their new unit today (`unplaced`: counted in the city's
        figures, in no commune's; none before the reorganisation)."""
        self.areas.registry().level_of(area)
        known_at = known_instant(known_at)
        figures = self.figures(area, as_of, known_at, source)
        return {
            "area": area,
            "as_of": as_of.isoformat(),
            "known_at": known_at.isoformat() if known_at else None,
            "source": source,
            "plan": self.plan_data(area, as_of, known_at),
            "unplaced": self.unplaced(area, as_of),
            "figures": {figure.id: figures[figure.id].as_data() for figure in FIGURES},
        }

    def plan_data(self, area: str, as_of: date, known_at: datetime | None) -> dict[str, Any] | None:
        plan = self.reads.plan_for(area, as_of, known_at)
        if plan is None:
            return None
        return {
            "reference": plan.reference,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "baseline_date": plan.baseline_date.isoformat(),
            "territory": territory_of(plan, self.areas.registry()),
            "standard_id": plan.standard_id,
        }

    def unplaced(self, area: str, as_of: date) -> int:
        if as_of < REORGANISED:
            return 0
        return self.reads.awaiting_count(self.areas.places_within(area, as_of))

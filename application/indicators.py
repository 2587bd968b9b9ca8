"""The plan's figures for an area as of a date, as known at an instant (indicators.md §1-2), from
the projections or by a replay of the raw log; both answer with the same plain data, so the
API, the CLI and the replay-equals-projection check read them alike."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Protocol

from application.areas import AreaService
from application.store import EventStore
from domain.errors import ValidationError
from projections.figures import FIGURES, Figure
from projections.replay import known_instant, replay_figures

Source = Literal["projection", "replay"]
SOURCES: tuple[Source, ...] = ("projection", "replay")


class FigureReads(Protocol):
    """The read side's figures, served from the indicator projections."""

    def figures(self, area: str, as_of: date, known_at: datetime | None) -> dict[str, Figure]: ...


class IndicatorService:
    def __init__(self, store: EventStore, areas: AreaService, reads: FigureReads) -> None:
        self.store = store
        self.areas = areas
        self.reads = reads

    def figures(
        self, area: str, as_of: date, known_at: datetime | None, source: str
    ) -> dict[str, Any]:
        """Every figure of FIGURES, in its order; an unknown area is refused (404)."""
        if source not in SOURCES:
            raise ValidationError("invalid-value", field="source", value=source)
        self.areas.registry().level_of(area)
        known_at = known_instant(known_at)
        if source == "replay":
            figures = replay_figures(self.store, area, as_of, known_at)
        else:
            figures = self.reads.figures(area, as_of, known_at)
        return {
            "area": area,
            "as_of": as_of.isoformat(),
            "known_at": known_at.isoformat() if known_at else None,
            "source": source,
            "figures": {figure.id: figures[figure.id].as_data() for figure in FIGURES},
        }

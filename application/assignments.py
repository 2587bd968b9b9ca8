"""Households of split units after the reorganisation of 1 July 2025 (docs/spec/reorganisation.md):
the list a commune works through, and the assignment of a whole village at once. A household of a
unit that went into several new ones awaits its commune's word on which one it lives in; until then
it counts in the city and in no commune."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from application.areas import AreaService
from application.commands import CommandContext, Written
from application.households import HouseholdService
from application.inputs import AssignVillage
from application.readmodels import ReadModels
from domain.area_registry import AWAITING
from domain.errors import ValidationError


class AssignmentService:
    def __init__(self, areas: AreaService, households: HouseholdService, reads: ReadModels) -> None:
        self.areas, self.households, self.reads = areas, households, reads

    def unit(self, old: str) -> dict[str, Any]:
        """A split unit: its name on its last day, the day it ended and its successors."""
        succession = self.areas.registry().successions[old]
        return {
            "code": old,
            "name": self.areas.name_of(old, succession.day - timedelta(days=1)),
            "ended": succession.day.isoformat(),
            "successors": [
                {"code": code, "name": self.areas.name_of(code, succession.day)}
                for code in succession.codes
            ],
        }

    def awaiting(self, area: str, day: date) -> list[dict[str, Any]]:
        """The split units whose households the area may assign, each with its successors, its
        villages (how many households each still has waiting) and those households."""
        places = [p for p in self.areas.places_within(area, day) if p.startswith(AWAITING)]
        waiting = self.reads.awaiting(places)
        units = []
        for place in places:
            old = place.removeprefix(AWAITING)
            households = [h for h in waiting if h["awaiting_assignment_from"] == old]
            if not households:
                continue
            villages: dict[str, int] = {}
            for household in households:
                villages[household["village"]] = villages.get(household["village"], 0) + 1
            units.append(
                {
                    **self.unit(old),
                    "villages": [{"village": v, "households": n} for v, n in villages.items()],
                    "households": households,
                }
            )
        return units

    def waiting(self, area: str, day: date) -> int:
        """How many households of the area's places await assignment: counted in the city's
        figures, in no commune's."""
        return self.reads.awaiting_count(self.areas.places_within(area, day))

    def assign_village(self, ctx: CommandContext, given: AssignVillage) -> Written:
        """Every household of one village of a split unit that still awaits, placed in one of
        the unit's new units (`HouseholdService.assign_village`)."""
        old, village = given.old_commune_code, given.village
        if old not in self.areas.registry().successions:
            raise ValidationError("invalid-value", field="old_commune_code", value=old)
        ids = [
            household["id"]
            for household in self.reads.awaiting([AWAITING + old])
            if household["village"] == village
        ]
        return self.households.assign_village(ctx, given, ids)

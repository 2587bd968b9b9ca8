"""Poverty-reduction officials, counted by the plan's training target."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, check_not_before
from domain.errors import RuleViolationError


class Official(EventSourced):
    TOPIC = f"{TOPIC_PREFIX}Official"

    class Registered(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}OfficialRegistered"
        name: str
        area_code: str
        position: str

        def apply(self, aggregate: Official) -> None:
            aggregate.name = self.name
            aggregate.area_code = self.area_code
            aggregate.position = self.position
            aggregate.registered_on = self.effective_date

    class Trained(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}OfficialTrained"
        course: str

        def apply(self, aggregate: Official) -> None:
            aggregate.trainings.append((self.effective_date, self.course))

    class Left(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}OfficialLeft"

        def apply(self, aggregate: Official) -> None:
            aggregate.left_on = self.effective_date

    def __init__(self) -> None:
        self.name = ""
        self.area_code = ""
        self.position = ""
        self.registered_on = date.min
        self.left_on: date | None = None
        self.trainings: list[tuple[date, str]] = []

    @classmethod
    def register(
        cls, name: str, area_code: str, position: str, by: Recorded, official_id: UUID | None = None
    ) -> Official:
        return cls._create(
            cls.Registered,
            id=official_id or uuid4(),
            name=name,
            area_code=area_code,
            position=position,
            **by.fields(),
        )

    def check_active_on(self, on: date) -> None:
        if self.left_on is not None and on >= self.left_on:
            raise RuleViolationError("official-left", field="effective_date", date=on.isoformat())
        check_not_before(on, self.registered_on)

    def record_training(self, course: str, by: Recorded) -> None:
        self.check_active_on(by.effective_date)
        self.record(self.Trained, by, course=course)

    def leave(self, by: Recorded) -> None:
        self.check_active_on(by.effective_date)
        self.record(self.Left, by)

    def summary(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "area_code": self.area_code,
            "position": self.position,
            "registered_on": self.registered_on.isoformat(),
            "left_on": self.left_on.isoformat() if self.left_on else None,
            "trainings": [{"completed_on": d.isoformat(), "course": c} for d, c in self.trainings],
            "version": self.version,
        }

"""The base every aggregate shares: events carry the effective date, the actor, the command id
and a note, and have explicit topics that survive renames of Python classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import AggregateEvent, BaseAggregate

from domain.errors import RuleViolationError

TOPIC_PREFIX = "giamngheo:"
NAMESPACE = UUID("6b1e2a36-90e4-4f0b-9d6e-2f0f3c0e8a51")


def deterministic_id(*parts: str) -> UUID:
    """A stable id for things named by their business key (a registry, a code index)."""
    return uuid5(NAMESPACE, "\x1f".join(parts))


@dataclass(frozen=True)
class Recorded:
    """Who records a fact, when it took effect, under which command, with what remark; and
    `at`, the instant it is recorded, when one recording writes several events that no reader
    can see apart (a household's history in a bulk load): they then share it, and the views
    derive the aggregate once for them (None: each event is stamped as it is made)."""

    effective_date: date
    actor: str
    command_id: str
    note: str | None = None
    at: datetime | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "effective_date": self.effective_date,
            "actor": self.actor,
            "command_id": self.command_id,
            "note": self.note,
            "timestamp": self.at,
        }


def check_not_before(day: date, start: date) -> None:
    """Nothing takes effect before the aggregate it happens to was registered."""
    if day < start:
        raise RuleViolationError(
            "date-before-registration",
            field="effective_date",
            date=day.isoformat(),
            registered=start.isoformat(),
        )


class EventSourced(BaseAggregate[UUID]):
    """Base aggregate: no auto-generated events; each subclass declares its events with TOPIC."""

    class Event(AggregateEvent):
        TOPIC: ClassVar[str]
        effective_date: date
        actor: str
        command_id: str
        note: str | None

    def record(self, event_class: type[AggregateEvent], by: Recorded, **fields: Any) -> None:
        self.trigger_event(event_class, **by.fields(), **fields)

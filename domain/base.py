"""The base every aggregate shares: events carry the effective date, the actor, the command id
and a note, and have explicit topics that survive renames of Python classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid5

from eventsourcing.domain import AggregateEvent, BaseAggregate
from eventsourcing.domain import Snapshot as LibrarySnapshot

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


class Snapshotted(EventSourced):
    """An aggregate read from its latest snapshot and the events after it. Its state is
    written out in plain values by the aggregate itself (`snapshot_state`) and read back by it
    (`restore_snapshot_state`), never as its Python attributes, so that what a snapshot holds is a
    stated form. `class_version` names that form: whoever changes it raises the version and
    adds `upcast_vN_vN+1(state)`, the library's rule for snapshots taken by older code."""

    TOPIC: ClassVar[str]
    class_version: ClassVar[int] = 1
    # Each kind by its topic, which a snapshot names it by.
    kinds: ClassVar[dict[str, type[Snapshotted]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Snapshotted.kinds[cls.TOPIC] = cls

    class Snapshot(LibrarySnapshot):
        TOPIC = f"{TOPIC_PREFIX}Snapshot"

        @classmethod
        def take(cls, aggregate: Any) -> Any:
            return cls(
                originator_id=aggregate.id,
                originator_version=aggregate.version,
                timestamp=cls.create_timestamp(),
                topic=type(aggregate).TOPIC,
                state={
                    "class_version": type(aggregate).class_version,
                    "created_on": aggregate.created_on,
                    "modified_on": aggregate.modified_on,
                    **aggregate.snapshot_state(),
                },
            )

        def mutate(self, _: Any) -> Any:
            kind = Snapshotted.kinds[self.topic]
            state = dict(self.state)
            version = state.pop("class_version", 1)
            while version < kind.class_version:
                getattr(kind, f"upcast_v{version}_v{version + 1}")(state)
                version += 1
            aggregate = object.__new__(kind)
            kind.__init__(aggregate)  # the defaults: calling the class would record a creation
            aggregate.__base_init__(
                self.originator_id, self.originator_version, state.pop("created_on")
            )
            aggregate.modified_on = state.pop("modified_on")
            aggregate.restore_snapshot_state(state)
            return aggregate

    def snapshot_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def restore_snapshot_state(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

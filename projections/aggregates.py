"""Aggregates as a projection sees them, event by event: the domain's own state, so every read
model applies the domain's rules (status on a date, the newly-escaped window, working age)
rather than a second copy of them. Recently touched aggregates stay in memory; others are
folded again from their stored events up to the version before the event being applied."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper

from domain.area_registry import AreaRegistry
from projections.log import notifications

Loader = Callable[[UUID, int], Any]
EventsLoader = Callable[[UUID, int], list[Any]]
# The log position of each of an aggregate's events, by version.
VersionPositions = Callable[[UUID], dict[int, int]]


def store_events(recorder: ApplicationRecorder, mapper: Mapper[Any]) -> EventsLoader:
    """An aggregate's events from the store, up to and including `version`, decoded."""

    def events(originator_id: UUID, version: int) -> list[Any]:
        return [
            mapper.to_domain_event(stored)
            for stored in recorder.select_events(originator_id, lte=version)
        ]

    return events


class AggregateCache:
    def __init__(self, loader: Loader, positions: VersionPositions, size: int = 20_000) -> None:
        self.loader = loader
        self.positions = positions
        self.size = size
        self.cached: OrderedDict[UUID, Any] = OrderedDict()

    def before(self, originator_id: UUID, position: int) -> Any:
        """The aggregate as its events before log `position` left it (None without any): what
        a projection at that position knows of it, whatever later events the cache has seen."""
        found = self.positions(originator_id).items()
        version = max((v for v, at in found if at < position), default=0)
        if not version:
            return None
        aggregate = self.cached.get(originator_id)
        if aggregate is not None and aggregate.version == version:
            return aggregate
        return self.loader(originator_id, version)

    def apply(self, event: Any) -> Any:
        """The aggregate after `event`, from the cached state before it when there is one (or
        after it, when another projection of the same batch has applied it already)."""
        originator_id = event.originator_id
        version = event.originator_version
        aggregate = self.cached.pop(originator_id, None)
        if aggregate is not None and aggregate.version == version:
            self.cached[originator_id] = aggregate
            return aggregate
        if aggregate is None or aggregate.version != version - 1:
            aggregate = self.loader(originator_id, version - 1) if version > 1 else None
        aggregate = event.mutate(aggregate)
        self.cached[originator_id] = aggregate
        if len(self.cached) > self.size:
            self.cached.popitem(last=False)
        return aggregate


REGISTRY_TOPICS = sorted(
    topic
    for event in vars(AreaRegistry).values()
    if isinstance(topic := getattr(event, "TOPIC", None), str)
)


class RegistryLog:
    """The area registry as it stood at a log position, for a projection that reads the log in
    order: what it derives at a position is placed by the units known then (a unit recorded
    later moves nothing derived before it). The registry's events are folded as the batches
    bring them (`observe`), so a batch asks the store nothing; only a projection that starts,
    or goes back to an earlier position, reads the registry's events up to it once (`begin`)."""

    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[Any]) -> None:
        self.recorder, self.mapper = recorder, mapper
        self.registry: AreaRegistry | None = None
        self.seen: int | None = None  # the position of the last event observed
        self.last: tuple[int, datetime] | None = None  # the last registry event: position, time
        self.previous_was_registry = False

    def begin(self, first: int) -> None:
        """Before a batch whose first event is at `first`: the registry as it stood before
        it, read from the store unless the batch continues the last one."""
        if self.seen is not None and self.seen < first:
            return
        self.registry, self.last, self.previous_was_registry = None, None, False
        for page in notifications(self.recorder, REGISTRY_TOPICS, stop=first - 1):
            for notification in page:
                event: Any = self.mapper.to_domain_event(notification)
                self.registry = event.mutate(self.registry)
                self.last = (notification.id, event.timestamp)
        if self.last is not None:
            between = self.recorder.select_notifications(self.last[0] + 1, 1, stop=first - 1)
            self.previous_was_registry = not between
        self.seen = first - 1

    def observe(self, item: Any) -> bool:
        """Fold the event if it is the registry's; whether it was."""
        self.seen = item.position
        self.previous_was_registry = item.topic in REGISTRY_TOPICS
        if self.previous_was_registry:
            self.registry = item.event.mutate(self.registry)
            self.last = (item.position, item.event.timestamp)
        return self.previous_was_registry

    def run_ended(self) -> tuple[AreaRegistry, datetime] | None:
        """When the last event observed ended a run of the registry's events: the registry
        after the run, and the run's last instant."""
        if not self.previous_was_registry or self.registry is None or self.last is None:
            return None
        return self.registry, self.last[1]

    def at_head(self, position: int) -> bool:
        """Is `position` the last event of the log (for now)?"""
        return (self.recorder.max_notification_id() or 0) <= position

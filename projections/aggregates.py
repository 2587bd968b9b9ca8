"""Aggregates as a projection sees them, event by event: the domain's own state, so every read
model applies the domain's rules (status on a date, the newly-escaped window, working age)
rather than a second copy of them. Recently touched aggregates stay in memory; others are
folded again from their stored events up to the version before the event being applied."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper

Loader = Callable[[UUID, int], Any]


def store_loader(recorder: ApplicationRecorder, mapper: Mapper[Any]) -> Loader:
    """Fold an aggregate from the event store up to and including `version`."""

    def load(originator_id: UUID, version: int) -> Any:
        aggregate: Any = None
        for stored in recorder.select_events(originator_id, lte=version):
            event: Any = mapper.to_domain_event(stored)
            aggregate = event.mutate(aggregate)
        return aggregate

    return load


class AggregateCache:
    def __init__(self, loader: Loader, size: int = 20_000) -> None:
        self.loader = loader
        self.size = size
        self.cached: OrderedDict[UUID, Any] = OrderedDict()

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

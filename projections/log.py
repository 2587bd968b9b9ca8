"""Reading the event log in position order, in batches, decoding only what a reader wants."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper

# Receipts and unique keys guard writes; no read model counts them.
SKIPPED_TOPICS = frozenset({"giamngheo:CommandAccepted", "giamngheo:UniqueKeyClaimed"})


@dataclass(frozen=True)
class Positioned:
    """A domain event with its global position in the log."""

    position: int
    event: Any

    @property
    def topic(self) -> str:
        return str(self.event.TOPIC)


class EventLog:
    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[Any]) -> None:
        self.recorder = recorder
        self.mapper = mapper

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def read(self, after: int, limit: int) -> tuple[list[Positioned], int]:
        """Up to `limit` notifications after `after`: the events decoded, and the last position
        scanned (skipped topics included, so a reader can move past them)."""
        page = self.recorder.select_notifications(after + 1, limit, inclusive_of_start=True)
        if not page:
            return [], after
        events = [
            Positioned(n.id, self.mapper.to_domain_event(n))
            for n in page
            if n.topic not in SKIPPED_TOPICS
        ]
        return events, page[-1].id

    def stream(self, after: int = 0, batch: int = 1000) -> Iterator[Sequence[Positioned]]:
        """Every batch from `after` to the head as it stands when the stream reaches it."""
        while True:
            events, last = self.read(after, batch)
            if last == after:
                return
            after = last
            yield events

"""Reading the event log in position order, in batches, decoding only what a reader wants."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from eventsourcing.application import LocalNotificationLog
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification, StoredEvent
from eventsourcing.system import NotificationLogReader

# Receipts and unique keys guard writes; no read model counts them.
SKIPPED_TOPICS = frozenset({"giamngheo:CommandAccepted", "giamngheo:UniqueKeyClaimed"})
# Notifications read at a time to finish a batch's last run: a household's history is tens.
RUN_PAGE = 64


def notifications(
    recorder: ApplicationRecorder,
    topics: Sequence[str] = (),
    page: int = 500,
    stop: int | None = None,
) -> Iterator[Sequence[Notification]]:
    """The log from its start (up to `stop`), a page at a time, through the library's reader:
    every scan of the log from the start goes this way."""
    log = LocalNotificationLog(recorder, section_size=page)
    yield from NotificationLogReader(log, section_size=page).select(
        start=1, stop=stop, topics=topics
    )


@dataclass(frozen=True)
class Positioned:
    """A domain event with its global position in the log."""

    position: int
    event: Any

    @property
    def topic(self) -> str:
        return str(self.event.TOPIC)


@dataclass(frozen=True)
class Failure:
    """Which stored event could not be read or applied, and why."""

    position: int
    topic: str
    originator_id: str
    version: int
    cause: str

    @classmethod
    def of(
        cls, position: int, topic: str, originator_id: Any, version: int, error: Exception
    ) -> Failure:
        # A database error's own text, without the statement and its parameters (which would
        # copy names and incomes into the fault).
        cause = getattr(error, "orig", None) or error
        first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        return cls(
            position, topic, str(originator_id), version, f"{type(cause).__name__}: {first_line}"
        )


class UndecodableEventError(Exception):
    """A stored event this code cannot turn back into a domain event (an unknown topic, a
    state that does not fit its class): readers skip it as a fault, never stop on it."""

    def __init__(self, failure: Failure) -> None:
        self.failure = failure
        super().__init__(f"the event at position {failure.position} cannot be decoded")


def recorded_together(event: Any, following: Any) -> bool:
    """Whether two events of the log belong to one run: the same aggregate, recorded at the
    same instant (`domain.base.Recorded.at`), so no reader can tell them apart and a view may
    derive the aggregate once, after the last."""
    return bool(
        following.originator_id == event.originator_id and following.timestamp == event.timestamp
    )


@runtime_checkable
class Preparing(Protocol):
    """A mapper that reads what a page of stored events needs (their keys) at once."""

    def prepare(self, stored_events: Sequence[StoredEvent]) -> None: ...


class EventLog:
    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[Any]) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.prepare = mapper.prepare if isinstance(mapper, Preparing) else None

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def read(
        self, after: int, limit: int, until: int | None = None
    ) -> tuple[list[Positioned], int]:
        """Up to `limit` notifications after `after` (and up to `until`): the events decoded,
        and the last position scanned (skipped topics included, so a reader can move past
        them). The first event that cannot be decoded raises `UndecodableEventError`."""
        page = self.recorder.select_notifications(
            after + 1, limit, stop=until, inclusive_of_start=True
        )
        if not page:
            return [], after
        if self.prepare is not None:
            self.prepare(page)
        events = [self.decode(n) for n in page if n.topic not in SKIPPED_TOPICS]
        if len(page) < limit or not events:
            return events, page[-1].id
        return self.finish_run(events, page[-1].id, until)

    def finish_run(
        self, events: list[Positioned], last: int, until: int | None
    ) -> tuple[list[Positioned], int]:
        """The batch with the rest of its last event's run: the events after it of the same
        aggregate recorded at the same instant (`domain.base.Recorded.at`), so that a view
        derives the run once whatever the batch size (docs/decisions.md, "One instant a
        recording")."""
        tail = events[-1].event
        while True:
            page = self.recorder.select_notifications(
                last + 1, RUN_PAGE, stop=until, inclusive_of_start=True
            )
            for notification in page:
                if notification.originator_id != tail.originator_id:
                    return events, last  # another aggregate's: not decoded here
                try:
                    following = self.decode(notification)
                except UndecodableEventError:
                    return events, last
                if not recorded_together(tail, following.event):
                    return events, last
                events.append(following)
                last = notification.id
            if len(page) < RUN_PAGE:
                return events, last

    def decode(self, notification: Any) -> Positioned:
        try:
            return Positioned(notification.id, self.mapper.to_domain_event(notification))
        except Exception as error:
            raise UndecodableEventError(
                Failure.of(
                    notification.id,
                    notification.topic,
                    notification.originator_id,
                    notification.originator_version,
                    error,
                )
            ) from error

    def stream(self, after: int = 0, batch: int = 1000) -> Iterator[Sequence[Positioned]]:
        """Every batch from `after` to the head as it stands when the stream reaches it."""
        while True:
            events, last = self.read(after, batch)
            if last == after:
                return
            after = last
            yield events

"""The projection engine: catch up in batches, then follow the log; each projection's rows and its
tracking position are written in one transaction, so a crash never applies an event twice or
skips one. A projection is rebuilt beside the live one, under a new generation of tables, and
switched over in one transaction once it has caught up.

One event that a projection cannot apply (a value its tables refuse, a state it cannot decode)
must not stop the read side of the whole city: the batch is retried in halves, and the
event that fails on its own is recorded as a fault and passed over. Errors of the connection or
the schema (a lost server, a lock, a rebuild switching tables) say nothing about the event:
they stop the batch, nothing is committed, and the follower tries again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from eventsourcing import persistence
from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from projections.log import EventLog, Failure, Positioned, UndecodableEventError

logger = logging.getLogger(__name__)

tracking_metadata = MetaData()
tracking = Table(
    "projection_tracking",
    tracking_metadata,
    Column("name", String(60), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("active", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# How each generation's rows were derived: a view derived by an earlier revision of its
# projection's rules is rebuilt at start, as one whose tables lack a column is.
revision_table = Table(
    "projection_revisions",
    tracking_metadata,
    Column("name", String(60), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
)

fault_table = Table(
    "projection_faults",
    tracking_metadata,
    Column("name", String(60), primary_key=True),
    Column("generation", Integer, primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("originator_id", String(36), nullable=False),
    Column("originator_version", Integer, nullable=False),
    Column("topic", String(200), nullable=False),
    Column("error", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


class ReadView(Protocol):
    """A read model: its tables for one generation, and how a batch of events changes them;
    `revision` goes up whenever the rows it derives from the same events change."""

    name: str
    revision: int

    def define(self, generation: int) -> MetaData: ...

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None: ...


class ProjectionRaceError(RuntimeError):
    """Another instance moved this projection's position: this one must stop."""


# Failures that belong to the connection, the schema or another instance, not to the event:
# SQLAlchemy's for the views, the library's for the event store (a busy pool, a lost server).
TRANSIENT = (
    OperationalError,
    InterfaceError,
    ProgrammingError,
    ProjectionRaceError,
    persistence.OperationalError,
    persistence.InterfaceError,
    persistence.ConnectionPoolClosedError,
)
SWITCH_ATTEMPTS = 3


@dataclass
class Progress:
    name: str
    generation: int
    position: int


@dataclass(frozen=True)
class Fault:
    """An event a projection passed over because applying it failed on its own."""

    name: str
    generation: int
    position: int
    originator_id: str
    originator_version: int
    topic: str
    error: str
    recorded_at: datetime


class Positions(Protocol):
    """How processes tell each other the position their projections reached (the worker
    announces, a web process waiting for its own write hears); without it a waiter polls."""

    def announce(self, position: int) -> None: ...

    def listen(self, heard: Callable[[int], None]) -> None: ...

    def close(self) -> None: ...


class ProjectionEngine:
    """Keeps a set of projections up to date with the log."""

    def __init__(
        self,
        log: EventLog,
        engine: Engine,
        projections: Sequence[ReadView],
        batch_size: int = 1000,
        wait_for_events: Callable[[float], None] | None = None,
        batch_growth: int = 8,
        positions: Positions | None = None,
    ) -> None:
        self.log = log
        self.engine = engine
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        # Far behind the head (a rebuild, a first start, a bulk load), batches double after
        # each full one up to `batch_growth` times `batch_size`: a count cell moved by many
        # households of a batch is written once (docs/benchmarks.md, "Batches that grow").
        self.batch_growth = batch_growth
        self.growth = 1  # the factor the next batch reads, doubled after each full batch
        self.poked = threading.Event()
        self.wait_for_events = wait_for_events or self.poked.wait
        self.seen = threading.Condition()
        self.stopping = threading.Event()
        self.positions = positions
        self.starting = threading.Lock()  # hearing starts and stops one at a time
        self.hearing = False
        self.closed = False
        self.known = 0  # the position last found or heard
        self.heard = 0  # how many times one was

    # ---- tracking -------------------------------------------------------------------------

    def setup(self) -> None:
        """Create the tracking table and, for each projection, its active generation."""
        tracking_metadata.create_all(self.engine)
        for name, projection in self.projections.items():
            generation = self.active_generation(name)
            if generation is None:
                generation = 1
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(tracking).values(
                            name=name, generation=1, position=0, active=1, updated_at=_now()
                        )
                    )
            metadata = projection.define(generation)
            stale = self.revision(name, generation) != projection.revision
            if self.position(name, generation) > 0 and (stale or outdated(metadata, self.engine)):
                self.restart(name, generation, metadata)
            create_missing(metadata, self.engine)
            if stale:
                self.record_revision(name, generation, projection.revision)

    def revision(self, name: str, generation: int) -> int:
        """The revision a generation was derived by (1: one written before revisions were
        kept)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                select(revision_table.c.revision).where(
                    revision_table.c.name == name, revision_table.c.generation == generation
                )
            ).scalar_one_or_none()
        return 1 if found is None else int(found)

    def record_revision(self, name: str, generation: int, revision: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                revision_table.delete().where(
                    revision_table.c.name == name, revision_table.c.generation == generation
                )
            )
            conn.execute(
                insert(revision_table).values(name=name, generation=generation, revision=revision)
            )

    def restart(self, name: str, generation: int, metadata: MetaData) -> None:
        """A view written by an earlier version, whose tables lack what this one keeps or whose
        rows it derives otherwise: its tables are made anew and filled from the first event by
        the catch-up."""
        logger.warning("projection %s was written by an earlier version: rebuilding it", name)
        metadata.drop_all(self.engine)
        with self.engine.begin() as conn:
            conn.execute(
                update(tracking)
                .where(tracking.c.name == name, tracking.c.generation == generation)
                .values(position=0, updated_at=_now())
            )
            conn.execute(
                fault_table.delete().where(
                    fault_table.c.name == name, fault_table.c.generation == generation
                )
            )

    def active_generation(self, name: str) -> int | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(tracking.c.generation).where(tracking.c.name == name, tracking.c.active == 1)
            ).first()
        return None if row is None else int(row.generation)

    def progress(self) -> list[Progress]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(tracking).where(tracking.c.active == 1).order_by(tracking.c.name)
            ).all()
        return [Progress(r.name, r.generation, r.position) for r in rows]

    def position(self, name: str, generation: int) -> int:
        with self.engine.connect() as conn:
            value: int = conn.execute(
                select(tracking.c.position).where(
                    tracking.c.name == name, tracking.c.generation == generation
                )
            ).scalar_one()
        return int(value)

    def lowest_position(self) -> int:
        positions = [p.position for p in self.progress() if p.name in self.projections]
        return min(positions, default=0)

    # ---- processing -----------------------------------------------------------------------

    def advance(self, members: Sequence[tuple[str, int]], start: int) -> int:
        """Read one batch after `start` and apply it to each (projection, generation) standing
        at that position, rows and positions in one transaction; returns the events scanned."""
        limit = self.batch_size * self.growth
        try:
            events, last = self.log.read(start, limit)
            undecodable = None
        except UndecodableEventError as error:
            undecodable = error.failure
            events, last = self.log.read(start, limit, until=undecodable.position - 1)
        full = last - start >= limit
        self.growth = min(self.growth * 2, self.batch_growth) if full else 1
        if last > start:
            self.apply_batch(members, events, start, last)
        if undecodable is not None:
            for name, generation in members:
                self.pass_over(name, generation, last, undecodable)
            last = undecodable.position
        return last - start

    def apply_batch(
        self,
        members: Sequence[tuple[str, int]],
        events: Sequence[Positioned],
        start: int,
        last: int,
    ) -> None:
        try:
            with self.engine.begin() as conn:
                for name, generation in members:
                    self.projections[name].apply(conn, generation, events)
                    self.move(conn, name, generation, start, last)
        except TRANSIENT:
            raise
        except Exception:
            logger.warning("a batch after position %s failed; isolating the event to blame", start)
            for name, generation in members:
                self.apply_isolating(name, generation, events, start, last)

    def apply_isolating(
        self, name: str, generation: int, events: Sequence[Positioned], start: int, last: int
    ) -> None:
        """Halves of the batch, each in its own transaction, until the event that fails on its
        own is found: recorded as a fault and passed over, the rest applied."""
        position = start
        pending = [list(events)]
        while pending:
            chunk = pending.pop()
            end = chunk[-1].position
            try:
                with self.engine.begin() as conn:
                    self.projections[name].apply(conn, generation, chunk)
                    self.move(conn, name, generation, position, end)
            except TRANSIENT:
                raise
            except Exception as error:
                if len(chunk) > 1:
                    half = len(chunk) // 2
                    pending += [chunk[half:], chunk[:half]]
                    continue
                event = chunk[0].event
                failure = Failure.of(
                    end, chunk[0].topic, event.originator_id, event.originator_version, error
                )
                self.pass_over(name, generation, position, failure)
            position = end
        if position != last:
            with self.engine.begin() as conn:
                self.move(conn, name, generation, position, last)

    def pass_over(self, name: str, generation: int, start: int, fault: Failure) -> None:
        """Record the fault and move past the event, in one transaction."""
        logger.error("projection %s passes over the event at %s: %s", name, fault.position, fault)
        with self.engine.begin() as conn:
            conn.execute(
                insert(fault_table).values(
                    name=name,
                    generation=generation,
                    position=fault.position,
                    originator_id=fault.originator_id,
                    originator_version=fault.version,
                    topic=fault.topic[:200],
                    error=fault.cause[:4000],
                    recorded_at=_now(),
                )
            )
            self.move(conn, name, generation, start, fault.position)

    def faults(self, limit: int = 100) -> list[Fault]:
        """The faults of the active generations, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fault_table)
                .where(_of_active_generation())
                .order_by(fault_table.c.position.desc(), fault_table.c.name)
                .limit(limit)
            ).all()
        return [Fault(**row._mapping) for row in rows]

    def fault_count(self) -> int:
        with self.engine.connect() as conn:
            count = conn.execute(
                select(func.count()).select_from(fault_table).where(_of_active_generation())
            ).scalar_one()
        return int(count)

    @staticmethod
    def move(conn: Connection, name: str, generation: int, start: int, last: int) -> None:
        moved = conn.execute(
            update(tracking)
            .where(
                tracking.c.name == name,
                tracking.c.generation == generation,
                tracking.c.position == start,
            )
            .values(position=last, updated_at=_now())
        )
        if moved.rowcount != 1:
            raise ProjectionRaceError(f"projection {name} was advanced by another instance")

    def run_once(self) -> int:
        """One batch for every active projection (one read for those at the same position);
        the number of events scanned."""
        groups: dict[int, list[tuple[str, int]]] = {}
        for p in self.progress():
            if p.name in self.projections:
                groups.setdefault(p.position, []).append((p.name, p.generation))
        scanned = sum(self.advance(members, start) for start, members in groups.items())
        if scanned:
            lowest = self.lowest_position()
            self.saw(lowest)
            if self.positions is not None:
                try:
                    self.positions.announce(lowest)
                except Exception:
                    # The batch is committed; a waiter elsewhere finds it by looking instead.
                    logger.exception("announcing position %s failed", lowest)
        return scanned

    def saw(self, position: int) -> None:
        """The projections reached `position`, as found here or heard from another process:
        wake the waiters, who look at the tracking table before they read."""
        with self.seen:
            self.known = position
            self.heard += 1
            self.seen.notify_all()

    def catch_up(self, progress: Callable[[int], None] | None = None) -> None:
        """Until the head; if another instance is already at work, leave it to that one."""
        try:
            while scanned := self.run_once():
                if progress:
                    progress(scanned)
        except ProjectionRaceError:
            logger.info("another instance is catching up")

    def follow(self, idle_wait: float = 1.0) -> None:
        """Catch up, then keep following until `stop()`; waits a bounded time when idle."""
        while not self.stopping.is_set():
            try:
                scanned = self.run_once()
            except Exception:
                # A rebuild switching tables, another instance's batch, a lost connection:
                # nothing was committed; look again after a pause.
                logger.exception("projection batch failed; retrying")
                scanned = 0
            if not scanned:
                self.wait_for_events(idle_wait)
                self.poked.clear()

    def poke(self) -> None:
        """A writer in this process tells the follower there is something new: no poll delay."""
        self.poked.set()

    def stop(self) -> None:
        self.stopping.set()
        self.poked.set()
        with self.starting:
            self.closed = True
            if self.positions is not None and self.hearing:
                self.positions.close()
                self.hearing = False

    def hear(self) -> None:
        """Start hearing other processes' positions, once, when this process first waits (not
        after `stop`: a request finishing after its system closed leaves no listener behind)."""
        if self.positions is None or self.hearing:
            return
        with self.starting:
            if not self.hearing and not self.closed:
                self.positions.listen(self.saw)
                self.hearing = True

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Read-your-writes: wait until every projection has seen `position`, as the tracking
        table says. A follower in this process, or a worker's announcement heard from another,
        wakes the waiter at once to look; an announcement alone is not trusted (a view reset
        by another process, or a worker that does not know a new projection, would claim too
        much). Without announcements the table is looked at after 2 ms, then at doubling
        intervals up to 50 ms; with them, every 50 ms in case one was lost."""
        self.poke()
        self.hear()
        deadline = time.monotonic() + timeout
        pause = 0.05 if self.hearing else 0.002
        if self.hearing:  # the write has just been made: the worker has not seen it yet
            with self.seen:
                self.seen.wait_for(lambda: self.known >= position, min(timeout, pause))
        while self.lowest_position() < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.seen:
                self.seen.wait_for(self.news(self.heard, position), min(remaining, pause))
            pause = min(pause * 2, 0.05)
        return True

    def news(self, heard: int, position: int) -> Callable[[], bool]:
        """Has a position reaching `position` been found or heard since the `heard`th?"""
        return lambda: self.heard != heard and self.known >= position

    # ---- rebuilding -----------------------------------------------------------------------

    def rebuild(self, name: str, progress: Callable[[int], None] | None = None) -> int:
        """Build a new generation from the first event beside the live one, then switch to it
        and drop the old tables; returns the new generation."""
        projection = self.projections[name]
        with self.engine.connect() as conn:
            newest = conn.execute(
                select(tracking.c.generation)
                .where(tracking.c.name == name)
                .order_by(tracking.c.generation.desc())
            ).first()
        generation = 1 if newest is None else int(newest.generation) + 1
        tables = projection.define(generation)
        tables.drop_all(self.engine)
        tables.create_all(self.engine)
        with self.engine.begin() as conn:
            conn.execute(
                insert(tracking).values(
                    name=name, generation=generation, position=0, active=0, updated_at=_now()
                )
            )
        self.record_revision(name, generation, projection.revision)
        for attempt in range(SWITCH_ATTEMPTS):
            while scanned := self.advance([(name, generation)], self.position(name, generation)):
                if progress:
                    progress(scanned)
            try:
                old = self.switch(name, generation)
                break
            except TRANSIENT:
                raise
            except Exception:
                # An event recorded meanwhile failed inside the switch: the next round of
                # `advance` passes over it as a fault, then the switch is tried again.
                if attempt == SWITCH_ATTEMPTS - 1:
                    raise
        if old is not None and int(old.generation) != generation:
            projection.define(int(old.generation)).drop_all(self.engine)
            with self.engine.begin() as conn:
                conn.execute(
                    tracking.delete().where(
                        tracking.c.name == name, tracking.c.generation == int(old.generation)
                    )
                )
                conn.execute(
                    revision_table.delete().where(
                        revision_table.c.name == name,
                        revision_table.c.generation == int(old.generation),
                    )
                )
        return generation

    def switch(self, name: str, generation: int) -> Any:
        """Make `generation` the active one, after the events recorded since the last batch;
        returns the row of the generation it replaces."""
        with self.engine.begin() as conn:
            while self.advance_within(conn, name, generation):
                pass
            old = conn.execute(
                select(tracking.c.generation).where(tracking.c.name == name, tracking.c.active == 1)
            ).first()
            conn.execute(update(tracking).where(tracking.c.name == name).values(active=0))
            conn.execute(
                update(tracking)
                .where(tracking.c.name == name, tracking.c.generation == generation)
                .values(active=1, updated_at=_now())
            )
        return old

    def advance_within(self, conn: Connection, name: str, generation: int) -> int:
        """The last steps of a rebuild, inside the switching transaction, so no event recorded
        meanwhile is missed by the generation that becomes active."""
        start: int = conn.execute(
            select(tracking.c.position).where(
                tracking.c.name == name, tracking.c.generation == generation
            )
        ).scalar_one()
        events, last = self.log.read(int(start), self.batch_size)
        if last == start:
            return 0
        self.projections[name].apply(conn, generation, events)
        self.move(conn, name, generation, start, last)
        return last - start


def outdated(metadata: MetaData, engine: Engine) -> bool:
    """Does a table of the view not exist, or lack a column it has now (a view that only
    gained indexes is not outdated: `create_missing` adds them)?"""
    found = inspect(engine)
    for table in metadata.tables.values():
        if not found.has_table(table.name):
            return True
        columns = {column["name"] for column in found.get_columns(table.name)}
        if not {column.name for column in table.columns} <= columns:
            return True
    return False


def create_missing(metadata: MetaData, engine: Engine) -> None:
    """The tables that do not exist yet, and the indexes a later version added to tables that
    do (`create_all` leaves an existing table as it is)."""
    metadata.create_all(engine)
    with engine.begin() as conn:
        for table in metadata.tables.values():
            for index in table.indexes:
                index.create(conn, checkfirst=True)


def _of_active_generation() -> ColumnElement[bool]:
    active = (
        select(tracking.c.generation)
        .where(tracking.c.active == 1, tracking.c.name == fault_table.c.name)
        .scalar_subquery()
    )
    return fault_table.c.generation == active


def _now() -> datetime:
    return datetime.now(UTC)

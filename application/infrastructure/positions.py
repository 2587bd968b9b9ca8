"""How far the projections have come, told between processes on PostgreSQL. The projection
worker NOTIFYs the position each of its batches reached; a web process waiting to read its own
write hears it at once, instead of polling the tracking table (docs/benchmarks.md, P2). A
notification lost with a connection costs only time: the waiter still looks at the table
now and then."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from sqlalchemy import Engine, text

from application.infrastructure.store import Backend, pg_connect

HEARING_TIMEOUT = 0.1  # how soon a stopped listener notices, and lets its connection go


class PgPositions:
    """One channel a schema: the projections of two schemas of one database never wake each
    other with a position that is not theirs."""

    def __init__(self, backend: Backend, engine: Engine) -> None:
        self.backend = backend
        self.engine = engine
        schema = (backend.schema or "public").encode()
        self.channel = "positions_" + hashlib.sha256(schema).hexdigest()[:32]
        self.stopping = threading.Event()
        self.listener: threading.Thread | None = None

    def announce(self, position: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text("SELECT pg_notify(:channel, :position)"),
                {"channel": self.channel, "position": str(position)},
            )

    def listen(self, heard: Callable[[int], None]) -> None:
        """Hear the announcements in a thread of their own, from the moment this returns."""
        listening = threading.Event()
        self.stopping.clear()
        self.listener = threading.Thread(
            target=self.hear, args=(heard, listening), daemon=True, name="positions"
        )
        self.listener.start()
        listening.wait(timeout=5)

    def hear(self, heard: Callable[[int], None], listening: threading.Event) -> None:
        import psycopg

        while not self.stopping.is_set():
            try:
                with pg_connect(self.backend) as conn:
                    conn.execute(f'LISTEN "{self.channel}"')
                    listening.set()
                    while not self.stopping.is_set():
                        for notice in conn.notifies(timeout=HEARING_TIMEOUT):
                            heard(int(notice.payload))
            except psycopg.OperationalError:
                listening.set()  # the waiter polls meanwhile
                self.stopping.wait(1.0)

    def close(self) -> None:
        self.stopping.set()
        if self.listener is not None:
            self.listener.join(timeout=2 * HEARING_TIMEOUT + 1)
            self.listener = None

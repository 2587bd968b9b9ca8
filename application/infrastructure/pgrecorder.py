"""The PostgreSQL event recorder: the library's, with its batch insert sent as four typed arrays
in one plain transaction instead of an array of composite rows in pipeline mode.

Why: the library builds each row as a composite value that psycopg quotes in Python (about
80 µs a row here), and sends it in pipeline mode, where psycopg 3.3 may stop flushing a large
statement before its end and then wait for an answer the server cannot give (seen with a
chunk of 17,000 events: the server waited in ClientRead, the client in `Pipeline.sync`, for
ten minutes). Arrays of uuid, bigint, text and bytea go in binary, dumped in C, and outside
pipeline mode every byte is flushed before the answer is awaited.

What stays the library's: the stored events come from its mapper; each write takes the same
EXCLUSIVE table lock (commit order equals notification order, docs/spec/quality.md), sends the same
NOTIFY, and returns the notification ids in insertion order, as its own statement does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier


class ArrayInsertRecorder(PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_arrays_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(
            schema=Identifier(datastore.schema),
            table=Identifier(self.events_table_name),
            id_type=Identifier(datastore.originator_id_type),
        )

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        if not stored_events:
            return []
        columns = (
            [event.originator_id for event in stored_events],
            [event.originator_version for event in stored_events],
            [event.topic for event in stored_events],
            [event.state for event in stored_events],
        )
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as curs,
        ):
            self._lock_table(curs)
            self._notify_channel(curs)
            curs.execute(self.insert_arrays_statement, columns)
            return [row["notification_id"] for row in curs.fetchall()]

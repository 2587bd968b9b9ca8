"""P1: rebuild of all projections from the first event, in events/s, beside the raw rate at
which the same process reads the event table and the rate at which it reads and decodes it."""

from __future__ import annotations

import time
from pathlib import Path

from application.infrastructure.store import PG_EVENTS_TABLE, SQLITE_EVENTS_TABLE, cursor
from application.system import System
from bench.backends import histories

PAGE = 1000


def raw_read(system: System) -> tuple[int, float]:
    """Rows of the event table through the plain driver, paged by position."""
    if system.backend.kind == "postgres":
        table = f'"{system.backend.schema}"."{PG_EVENTS_TABLE}"'
        statement = f"SELECT * FROM {table} WHERE notification_id > %s ORDER BY notification_id LIMIT {PAGE}"
    else:
        statement = f"SELECT rowid, * FROM {SQLITE_EVENTS_TABLE} WHERE rowid > ? ORDER BY rowid LIMIT {PAGE}"
    start, count, last = time.perf_counter(), 0, 0
    with cursor(system.store) as curs:
        while True:
            curs.execute(statement, (last,))
            rows = curs.fetchall()
            if not rows:
                break
            count += len(rows)
            row = rows[-1]
            last = row["notification_id"] if isinstance(row, dict) else row[0]
    return count, time.perf_counter() - start


def decoded_read(system: System) -> tuple[int, float]:
    log = system.reads.engine.log
    start, count = time.perf_counter(), 0
    for batch in log.stream(0, PAGE):
        count += len(batch)
    return count, time.perf_counter() - start


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    print("\n## P1 rebuild of all projections")
    print(
        "| backend | households | events | raw read ev/s | read+decode ev/s | rebuild ev/s | rebuild / read+decode |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for backend, size, system in histories(sizes, backends, keep, caught_up=False):
        events, raw_seconds = raw_read(system)
        decoded, decode_seconds = decoded_read(system)
        start = time.perf_counter()
        for name in sorted(system.reads.engine.projections):
            system.reads.engine.rebuild(name)
        rebuild_seconds = time.perf_counter() - start
        raw_rate = events / raw_seconds
        rebuild_rate = events / rebuild_seconds
        print(
            f"| {backend} | {size:,} | {events:,} | {raw_rate:,.0f} | "
            f"{decoded / decode_seconds:,.0f} | {rebuild_rate:,.0f} | "
            f"{rebuild_rate * decode_seconds / decoded:.1%} |",
            flush=True,
        )

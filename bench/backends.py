"""Databases for a benchmark run: a fresh temporary SQLite file or PostgreSQL schema, or a
demo history kept between runs (`--keep DIR`), so that a history of 100,000 households is
loaded and projected once and then measured by every benchmark that reads it."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from application.demo import load_demo
from application.infrastructure.settings import Settings
from application.system import System

PG_URL = os.environ.get("GIAMNGHEO_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
SEED = 7


class Shape:
    """The share of each history's households whose stories the reviews follow (`--listed`;
    `application.demo.CITY_LISTED` is the city's), the rest registered only; and whether the
    city has a standard of its own from 2022 that judges every recognition a second time
    (`--provincial`; no plan names it, so it costs the views their second rows and the pages
    nothing else)."""

    listed = 1.0
    provincial = False


def history_name(size: int) -> str:
    """A kept history's name: its size, seed and, when not every household is listed, the
    share that is (in per mille); `_hp` when the city has a standard of its own."""
    shaped = "" if Shape.listed == 1.0 else f"_listed{round(Shape.listed * 1000)}"
    return f"{size}_seed{SEED}{shaped}{'_hp' if Shape.provincial else ''}"


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def kept_url(kind: str, size: int, keep: Path) -> str:
    """Where a kept history of `size` households lives: a file in `keep`, or a schema named
    after the size; `keep` also holds the marker that says its load finished."""
    if kind == "sqlite":
        return f"sqlite:///{keep}/demo_{history_name(size)}.db"
    return f"{PG_URL}?schema=bench_kept_{history_name(size)}"


@contextmanager
def demo_history(
    kind: str, size: int, keep: Path | None = None, caught_up: bool = True
) -> Iterator[System]:
    """An open system holding a demo history of `size` households, its projections caught up
    unless the caller measures that itself. With `keep`, a history loaded by an earlier run is
    used again (and left for the next)."""
    if keep is None:
        with fresh_database(kind) as url:
            system = System.open(Settings(database_url=url))
            try:
                load_demo(system, size, seed=SEED, listed=Shape.listed)
                if caught_up:
                    system.reads.catch_up()
                    settle(system)
                yield system
            finally:
                system.close()
        return
    keep.mkdir(parents=True, exist_ok=True)
    marker = keep / f"{kind}_{history_name(size)}.loaded"
    url = kept_url(kind, size, keep)
    if not marker.exists():
        _drop_kept(kind, size, keep)
    system = System.open(Settings(database_url=url))
    try:
        if not marker.exists():
            summary = load_demo(system, size, seed=SEED, listed=Shape.listed)
            marker.touch()
            print(
                f"Loaded {kind} {size:,}: {summary.events:,} events in {summary.seconds:,.0f} s "
                f"({summary.households_per_second:,.0f} households/s)",
                flush=True,
            )
        if caught_up:
            started = time.perf_counter()
            system.reads.catch_up()
            print(
                f"Caught up {kind} {size:,} in {time.perf_counter() - started:,.0f} s", flush=True
            )
            settle(system)
        yield system
    finally:
        system.close()


def settle(system: System) -> None:
    """On PostgreSQL, vacuum and analyse the history's tables, as autovacuum does on a server
    in service (docs/deployment.md) and CI's server, which runs without it, does not."""
    if system.backend.kind != "postgres":
        return
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s", (system.backend.schema,)
        ).fetchall()
        for (table,) in tables:
            conn.execute(f'VACUUM (ANALYZE) "{system.backend.schema}"."{table}"')


def histories(
    sizes: list[int], backends: list[str], keep: Path | None, caught_up: bool = True
) -> Iterator[tuple[str, int, System]]:
    """Each backend's history of each size in turn, open while the caller measures it."""
    for backend in backends:
        for size in sizes:
            with demo_history(backend, size, keep, caught_up) as system:
                yield backend, size, system


def _drop_kept(kind: str, size: int, keep: Path) -> None:
    """A load that did not finish is started again from nothing."""
    if kind == "sqlite":
        Path(kept_url(kind, size, keep).removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "bench_kept_{history_name(size)}" CASCADE')

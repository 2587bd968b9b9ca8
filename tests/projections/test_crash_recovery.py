"""R3 (docs/spec/quality.md): the projection worker is killed with SIGKILL at random moments while
it catches up on thousands of events, and restarted each time; afterwards every view equals a
fresh rebuild of itself from the first event (no event applied twice or skipped) and the
figures equal a replay of the raw log."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from application.demo import load_demo
from application.infrastructure.settings import Settings
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY

KILLS = int(os.environ.get("GIAMNGHEO_R3_KILLS", "100"))
HOUSEHOLDS = int(os.environ.get("GIAMNGHEO_R3_HOUSEHOLDS", "300"))
MIN_EVENTS = 5000


@pytest.fixture(params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with a demo history of at least 5,000 events and projections left behind."""
    with database_url(request.param, tmp_path) as url:
        system = System.open(Settings(database_url=url), today=lambda: TODAY)
        try:
            load_demo(system, HOUSEHOLDS, seed=11)
            assert system.reads.engine.log.head() >= MIN_EVENTS
        finally:
            system.close()
        yield url


def worker(url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GIAMNGHEO_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "project", "--batch-size", "25"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def table_rows(system: System, name: str, generation: int) -> list[tuple[Any, ...]]:
    """A view's rows without their surrogate ids, in a stable order; a count's cell that went
    back to zero is no count, and a running total the same as the stretch before it is no change
    (whether either is written depends on where the batches were cut)."""
    tables = system.reads.engine.projections[name].define(generation).sorted_tables
    found: list[tuple[Any, ...]] = []
    for table in tables:
        columns = [c for c in table.columns if c.name != "id"]
        with system.engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(select(*columns).order_by(*columns))]
        if "stretch" in table.c:
            rows = changes_only(rows)
        elif "total" in table.c:
            rows = [r for r in rows if r[-1] != 0]
        found.extend(rows)
    return found


def changes_only(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Running totals (key..., stretch, total), ordered, without those equal to the one before."""
    kept: list[tuple[Any, ...]] = []
    key, before = None, 0
    for row in rows:
        if row[:-2] != key:
            key, before = row[:-2], 0
        if row[-1] != before:
            kept.append(row)
        before = row[-1]
    return kept


@pytest.mark.slow
def test_a_worker_killed_at_random_moments_resumes_without_loss_or_double_count(
    loaded: str,
) -> None:
    chance = random.Random(2026)
    system = System.open(Settings(database_url=loaded), today=lambda: TODAY)
    try:
        head = system.reads.engine.log.head()
        positions = [system.reads.engine.lowest_position()]
        for _ in range(KILLS):
            process = worker(loaded)
            time.sleep(chance.uniform(0.3, 2.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
            positions.append(system.reads.engine.lowest_position())
        assert positions == sorted(positions), "a position went backwards"
        assert positions[-1] > positions[0], "the worker never got to work"
        system.reads.catch_up()
        assert system.reads.engine.lowest_position() == head
        report = system.audit.verify(
            dates=[date(2022, 1, 1), date(2023, 12, 31), date(2025, 12, 31)]
        )
        assert report["differences"] == []
        for name in ("directory", "history", "indicators", "places"):
            live = system.reads.generation(name)
            survived = table_rows(system, name, live)
            fresh = system.reads.engine.rebuild(name)
            assert table_rows(system, name, fresh) == survived, name
    finally:
        system.close()

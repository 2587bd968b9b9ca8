"""One projection worker per database: a second one waits for the first instead of racing it."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.infrastructure.settings import Settings
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.projections.test_crash_recovery import worker
from tests.stores.helpers import register


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as opened:
        System.open(Settings(database_url=opened), today=lambda: TODAY).close()
        yield opened


def caught_up_within(system: System, seconds: float) -> bool:
    head = system.store.recorder.max_notification_id()
    deadline = time.monotonic() + seconds
    while system.reads.engine.lowest_position() < head:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.mark.slow
def test_a_second_worker_waits_for_the_first_and_takes_over_when_it_dies(url: str) -> None:
    system = System.open(Settings(database_url=url), today=lambda: TODAY)
    first = worker(url)
    second = None
    try:
        assert caught_up_within(system, 20)
        first.send_signal(signal.SIGSTOP)  # frozen, still holding the lock
        second = worker(url)
        register(system)
        assert not caught_up_within(system, 4), "the second worker did not wait"
        assert second.poll() is None
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert caught_up_within(system, 20)
    finally:
        system.close()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()

"""On PostgreSQL the projection worker and the web processes are separate processes: the worker
announces the position its batch reached, and a web process waiting to read its own write hears
it instead of polling the tracking table. Each System here stands for one process. (SQLite's
set-up is one process, whose follower wakes its waiters itself: test_follow.py.)"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from application.system import System
from tests.backends import postgres_url
from tests.conftest import open_system
from tests.stores.helpers import register

pytestmark = pytest.mark.postgres


@pytest.fixture
def processes() -> Iterator[Callable[[str], System]]:
    """Systems opened on the schemas asked for by name, two on one name sharing its schema."""
    with ExitStack() as stack:
        urls: dict[str, str] = {}

        def opened(name: str) -> System:
            if name not in urls:
                urls[name] = stack.enter_context(postgres_url())
            system = open_system(urls[name])
            stack.callback(system.close)
            return system

        yield opened


def known_within(system: System, position: int, seconds: float = 10) -> int:
    """The position the process has learnt of without looking at the tracking table itself,
    once it reaches `position` or the time is up."""
    deadline = time.monotonic() + seconds
    while system.reads.engine.known < position and time.monotonic() < deadline:
        time.sleep(0.01)
    return system.reads.engine.known


def test_a_web_process_hears_the_position_the_worker_reached(
    processes: Callable[[str], System],
) -> None:
    worker, web = processes("city"), processes("city")
    web.reads.engine.hear()
    register(worker, "QT-001")
    position = worker.store.recorder.max_notification_id()
    worker.reads.catch_up()
    assert known_within(web, position) >= position


def test_a_waiter_answers_once_the_worker_has_seen_its_write(
    processes: Callable[[str], System],
) -> None:
    worker, web = processes("city"), processes("city")
    register(web, "QT-001")
    position = web.store.recorder.max_notification_id()
    assert not web.reads.wait_for(position, timeout=0.2)
    worker.reads.catch_up()
    assert web.reads.wait_for(position, timeout=10)


def test_a_position_of_another_schema_is_not_heard(processes: Callable[[str], System]) -> None:
    web, neighbour, worker = processes("city"), processes("neighbour"), processes("city")
    web.reads.engine.hear()
    for code in ("LB-001", "LB-002", "LB-003"):
        register(neighbour, code)
    neighbour.reads.catch_up()
    register(worker, "QT-001")
    position = worker.store.recorder.max_notification_id()
    worker.reads.catch_up()
    assert known_within(web, position) == position


def test_closing_a_process_ends_its_hearing_for_good(processes: Callable[[str], System]) -> None:
    web = processes("city")
    web.reads.engine.hear()
    positions = web.reads.engine.positions
    assert positions is not None
    listener = getattr(positions, "listener", None)
    assert listener is not None
    assert listener.is_alive()
    web.reads.stop()
    web.reads.engine.hear()  # a request that finishes after its system closed

    assert not listener.is_alive()
    assert getattr(positions, "listener", None) is None

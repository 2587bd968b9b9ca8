"""A follower keeps the views current as events arrive; a writer that waits for its position
then reads its own write (on PostgreSQL the follower wakes on NOTIFY, on SQLite when poked)."""

from __future__ import annotations

import time

from application.readmodels import DirectoryQuery
from application.system import System
from tests.stores.helpers import register


def test_a_write_is_in_the_directory_once_its_position_has_been_seen(any_backend: System) -> None:
    any_backend.reads.follow_in_background()
    register(any_backend, "QT-001")
    position = any_backend.store.recorder.max_notification_id()
    started = time.monotonic()
    assert any_backend.reads.wait_for(position, timeout=10)
    waited = time.monotonic() - started
    items = any_backend.reads.search(DirectoryQuery("31"))["items"]
    assert [i["household_code"] for i in items] == ["QT-001"]
    assert waited < 5


def test_stopping_the_follower_ends_its_thread(any_backend: System) -> None:
    any_backend.reads.follow_in_background()
    follower = any_backend.reads.follower
    any_backend.reads.stop()
    assert follower is not None
    assert not follower.is_alive()

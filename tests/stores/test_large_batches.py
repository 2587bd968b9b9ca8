"""A bulk load's chunk is one large write: it goes in whole, its events take consecutive places
in the log in the order given, and a clash anywhere in it writes none of it."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError

from application.system import System
from domain.base import Recorded
from domain.receipt import UniqueKey

BY = Recorded(date(2022, 1, 1), "demo.31", "large-batch")
BATCH = 8_000


def claims(count: int) -> list[UniqueKey]:
    return [UniqueKey.claim("batch", str(uuid4()), uuid4(), BY) for _ in range(count)]


def test_a_large_batch_is_written_whole_in_the_order_given(any_backend: System) -> None:
    keys = claims(BATCH)
    recordings = any_backend.store.save(*keys)
    positions = [recording.notification.id for recording in recordings]
    assert positions == sorted(positions)
    page = any_backend.store.recorder.select_notifications(positions[0], BATCH)
    assert [n.originator_id for n in page] == [key.id for key in keys]


def test_a_clash_at_the_end_of_a_large_batch_writes_none_of_it(any_backend: System) -> None:
    any_backend.store.save(UniqueKey.claim("batch", "taken", uuid4(), BY))
    head = any_backend.store.recorder.max_notification_id()
    again = UniqueKey.claim("batch", "taken", uuid4(), BY)
    keys = claims(BATCH - 1)
    with pytest.raises(IntegrityError):
        any_backend.store.save(*keys, again)
    assert any_backend.store.recorder.max_notification_id() == head

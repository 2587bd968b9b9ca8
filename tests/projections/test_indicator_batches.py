"""The indicator view is the same whether its events come one at a time or many to a batch:
rows derived after an event and superseded by a later event of the same batch are still
written, with both recorded times, since an instant between the two sees them; a run of one
aggregate's events recorded at one instant is derived once, after its last, and a batch is
read to the end of its last run. The holders of
each place are worked out once a run of the registry's events ends, whichever batch the run's
end falls in."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from application.demo import load_demo
from application.system import System
from tests.application.desk import Desk


def indicator_rows(system: System) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every membership row and every holder row of the active generation, closed or
    standing, without their ids."""
    rows, holders = system.reads.indicators.tables(system.reads.generation("indicators"))
    with system.engine.connect() as conn:
        found = [tuple(row) for row in conn.execute(select(*(c for c in rows.c if c.name != "id")))]
        held = [
            tuple(row) for row in conn.execute(select(*(c for c in holders.c if c.name != "id")))
        ]
    return sorted(found, key=repr), sorted(held, key=repr)


@pytest.mark.slow
def test_a_rebuild_one_event_at_a_time_writes_the_rows_of_batches(any_backend: System) -> None:
    load_demo(any_backend, 12, seed=3)
    desk = Desk(any_backend)
    household = desk.register(date(2022, 3, 1)).id
    desk.recognise(household, "NEAR_POOR", date(2022, 3, 10)).expect_accepted()
    desk.recognise(household, "POOR", date(2023, 3, 10)).expect_accepted()
    any_backend.reads.catch_up()
    batched = indicator_rows(any_backend)
    closed = [row for row in batched[0] if row[-2] is not None]
    assert closed, "the later recordings supersede rows"

    engine = any_backend.reads.engine
    engine.batch_size, engine.batch_growth = 1, 1
    engine.rebuild("indicators")
    assert indicator_rows(any_backend) == batched


def test_a_households_history_recorded_at_one_instant_leaves_no_row_known_over_no_time(
    any_backend: System,
) -> None:
    load_demo(any_backend, 12, seed=3)
    any_backend.reads.catch_up()
    rows, _ = indicator_rows(any_backend)
    assert rows
    assert not [row for row in rows if row[-2] is not None and row[-2] <= row[-3]]


def test_a_batch_is_read_to_the_end_of_its_last_households_history(any_backend: System) -> None:
    load_demo(any_backend, 3, seed=3)
    log = any_backend.reads.engine.log
    events, last = [], 0
    while not events or events[0].topic != "giamngheo:HouseholdRegistered":
        assert last < log.head()
        events, last = log.read(last, 1)
    registered = events[0].event
    following = any_backend.store.recorder.select_notifications(last + 1, 1)[0]
    assert len(events) > 1
    assert all(e.event.originator_id == registered.originator_id for e in events)
    assert following.originator_id != registered.originator_id

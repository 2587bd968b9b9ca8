"""The indicator view is the same whether its events come one at a time or many to a batch:
rows derived after an event and superseded by a later event of the same batch are still
written, with both recorded times, since an instant between the two sees them. The holders of
each place are worked out once a run of the registry's events ends, whichever batch the run's
end falls in."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from application.demo import load_demo
from application.system import System


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
    any_backend.reads.catch_up()
    batched = indicator_rows(any_backend)
    closed = [row for row in batched[0] if row[-2] is not None]
    assert closed, "the demo history supersedes rows"

    engine = any_backend.reads.engine
    engine.batch_size = 1
    engine.rebuild("indicators")
    assert indicator_rows(any_backend) == batched

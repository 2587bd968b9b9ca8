"""A page's reads see one state of the read side: inside a read scope the registry and the
plans are looked up once; outside one, every call looks again, so a command and the next
request always read the latest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from application.readscope import read_scope
from application.system import System
from tests.domain.builders import by

DAY = date(2024, 6, 1)


@pytest.fixture
def looked_up(system: System) -> Iterator[list[str]]:
    """The looks at an aggregate's latest version the store answers."""
    found: list[str] = []
    recorder = system.store.recorder
    select = recorder.select_events

    def counted(*args: object, **kwargs: object) -> object:
        if kwargs.get("desc"):  # a look at an aggregate's latest version
            found.append(str(args[0] if args else kwargs["originator_id"]))
        return select(*args, **kwargs)  # type: ignore[arg-type]

    recorder.select_events = counted  # type: ignore[method-assign,assignment]
    yield found
    recorder.select_events = select  # type: ignore[method-assign]


def test_inside_a_read_scope_the_registry_is_looked_up_once(
    system: System, looked_up: list[str]
) -> None:
    with read_scope():
        for _ in range(5):
            system.areas.registry()
    assert looked_up == [str(system.areas.registry_id)]


def test_outside_a_read_scope_each_call_sees_the_latest_registry(
    system: System, looked_up: list[str]
) -> None:
    for _ in range(3):
        system.areas.registry()
    assert len(looked_up) == 3


def test_a_registry_changed_after_a_scope_ended_is_seen_by_the_next_one(
    system: System,
) -> None:
    areas = system.areas
    with read_scope():
        before = areas.registry().commune_on("11701", DAY)
    registry = areas.registry()
    registry.rename_commune("11701", "Xã Hữu Bằng mới", by(date(2024, 5, 1)))
    system.store.save(registry)
    with read_scope():
        after = areas.registry().commune_on("11701", DAY)
    assert before is not None
    assert after is not None
    assert (before.name, after.name) == ("Xã Hữu Bằng", "Xã Hữu Bằng mới")

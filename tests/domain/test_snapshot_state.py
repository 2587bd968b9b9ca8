"""A snapshot holds the whole state of the aggregates read from one: an attribute left out of
`snapshot_state` would be lost on every read after the next snapshot."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.area_registry import FULL, AreaRegistry
from domain.base import Recorded, Snapshotted
from domain.plan import Plan
from domain.values import CommuneKind, DistrictKind
from tests.domain.builders import by
from tests.domain.test_plan import TARGETS

# What every aggregate holds for the library, not for itself.
LIBRARY = {"_id", "_version", "_created_on", "_modified_on", "_pending_events"}


def registry() -> AreaRegistry:
    """Every kind of thing a registry holds: a province that joins, units, a succession."""
    start, merger = by(date(2022, 1, 1)), by(date(2025, 7, 1))
    made = AreaRegistry.open("31", "Hải Phòng", Recorded(date(2022, 1, 1), "system", "opened"))
    made.register_province("30", "Tỉnh Hải Dương", start)
    made.register_district("303", "Quận Lê Chân", DistrictKind.QUAN, start)
    made.register_commune("11311", "Phường Dư Hàng", "303", CommuneKind.PHUONG, start)
    made.record_household_total("11311", 2022, 3_100, start)
    made.merge_province("30", "31", merger)
    made.reorganise("11311", [("11320", FULL)], merger)
    return made


def plan() -> Plan:
    made = Plan.adopt(
        "55/KH-UBND", "31", date(2022, 1, 1), date(2025, 12, 31), date(2022, 1, 1), TARGETS,
        by(date(2022, 3, 10)),
    )  # fmt: skip
    made.close_period(date(2022, 12, 31), {"poor": 120}, "ab12", 40, by(date(2023, 1, 5)))
    return made


@pytest.mark.parametrize("make", [registry, plan], ids=["area registry", "plan"])
def test_a_snapshot_states_every_attribute_the_aggregate_holds(make: Any) -> None:
    aggregate: Snapshotted = make()
    assert set(aggregate.snapshot_state()) == {
        name.removeprefix("_") for name in vars(aggregate)
    } - {name.removeprefix("_") for name in LIBRARY}


@pytest.mark.parametrize("make", [registry, plan], ids=["area registry", "plan"])
def test_a_snapshot_read_back_is_the_aggregate_it_was_taken_of(make: Any) -> None:
    aggregate: Snapshotted = make()
    aggregate.collect_events()
    restored = type(aggregate).Snapshot.take(aggregate).mutate(None)
    assert type(restored) is type(aggregate)
    assert (restored.id, restored.version, restored.created_on, restored.modified_on) == (
        aggregate.id, aggregate.version, aggregate.created_on, aggregate.modified_on,
    )  # fmt: skip
    assert restored.snapshot_state() == aggregate.snapshot_state()

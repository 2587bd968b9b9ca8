"""The counts give every figure as known now exactly as the membership rows do — for the city,
each district and each commune, on any day — while reading a bounded number of cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import MetaData, Table, create_engine

from application.demo import load_demo
from application.system import System
from domain.base import Recorded
from projections.counts import (
    DEPTH,
    WITHIN,
    Changes,
    cells_read,
    counts_table,
    position,
    read,
    sums_now,
)
from projections.indicators import Row, sums
from projections.intervals import OPEN

DAYS = [
    date(2021, 6, 30),
    date(2022, 1, 1),
    date(2023, 12, 31),
    date(2025, 6, 30),
    date(2026, 11, 28),
]

spans = st.tuples(
    st.dates(date(1890, 1, 1), date(2100, 1, 1)),
    st.one_of(st.none(), st.integers(1, 5000)),
    st.integers(1, 9),
)


@pytest.fixture
def memory_counts() -> Iterator[tuple[object, Table]]:
    engine = create_engine("sqlite://")
    table = counts_table(MetaData(), 1)
    table.create(engine)
    yield engine, table
    engine.dispose()


@given(memberships=st.lists(spans, max_size=12), day=st.dates(date(1890, 1, 1), date(2100, 1, 1)))
def test_the_count_on_a_day_is_the_weight_of_the_memberships_holding_that_day(
    memberships: list[tuple[date, int | None, int]], day: date
) -> None:
    engine = create_engine("sqlite://")
    table = counts_table(MetaData(), 1)
    table.create(engine)
    rows = [
        Row(
            "poor",
            "num",
            f"h{i}",
            "11296",
            start,
            start + timedelta(days=length) if length else OPEN,
            weight,
        )
        for i, (start, length, weight) in enumerate(memberships)
    ]
    expected = sum(r.weight for r in rows if max(r.start, date(1900, 1, 1)) <= day < r.end)
    with engine.begin() as conn:
        changes = Changes({})
        changes.count(rows, +1)
        changes.write(conn, table)
        found = read(conn, table, ["11296", "*"], day)
    assert found["11296"].get(("poor", "num", ""), 0) == expected
    assert found["*"].get(("poor", "num", ""), 0) == expected


@given(
    start=st.dates(date(2019, 1, 1), date(2027, 1, 1)),
    length=st.one_of(st.none(), st.integers(1, 3000)),
    moved=st.dates(date(2019, 1, 1), date(2027, 1, 1)),
    day=st.dates(date(2018, 1, 1), date(2028, 1, 1)),
)
def test_a_commune_counts_in_the_district_it_belonged_to_on_the_day(
    start: date, length: int | None, moved: date, day: date
) -> None:
    engine = create_engine("sqlite://")
    table = counts_table(MetaData(), 1)
    table.create(engine)
    periods = {"11296": [("301", date(2000, 1, 1), moved), ("302", moved, OPEN)]}
    end = start + timedelta(days=length) if length else OPEN
    row = Row("poor", "num", "h1", "11296", start, end)
    with engine.begin() as conn:
        changes = Changes(periods)
        changes.count([row], +1)
        changes.write(conn, table)
        found = read(conn, table, [WITHIN + "301", WITHIN + "302"], day)
    holds = start <= day < end
    assert found[WITHIN + "301"].get(("poor", "num", ""), 0) == int(holds and day < moved)
    assert found[WITHIN + "302"].get(("poor", "num", ""), 0) == int(holds and day >= moved)


def test_a_superseded_membership_no_longer_counts(memory_counts: tuple[object, Table]) -> None:
    engine, table = memory_counts
    row = Row("near_poor", "num", "h1", "11296", date(2022, 12, 20), OPEN)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        for sign in (+1, -1):
            changes = Changes({})
            changes.count([row], sign)
            changes.write(conn, table)
        assert read(conn, table, ["11296"], date(2024, 1, 1)) == {"11296": {}}


def test_a_day_is_read_from_at_most_depth_cells() -> None:
    assert (
        max(
            len(cells_read(position(date(1900, 1, 1) + timedelta(days=d))))
            for d in range(0, 100_000, 7)
        )
        <= DEPTH
    )


def assert_counts_equal_rows(system: System, counts: Table) -> None:
    reads = system.reads
    rows, communes = reads.indicators.tables(reads.generation("indicators"))
    registry = system.areas.registry()
    city = registry.province_code
    with system.engine.connect() as conn:
        for day in DAYS:
            areas = [
                city,
                *(u.code for u in registry.districts_on(day)),
                *(u.code for u in registry.communes_on(day)),
            ]
            counted = sums_now(conn, counts, areas, city, day)
            for area in areas:
                by_rows = sums(conn, (rows, communes), area, city, day, None)
                assert counted[area] == {k: v for k, v in by_rows.items() if v}, (area, day)


def test_the_counts_kept_by_the_projection_equal_the_rows_for_every_area_and_day(
    any_backend: System,
) -> None:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    counts = any_backend.reads.indicators.counts(any_backend.reads.generation("indicators"))
    assert_counts_equal_rows(any_backend, counts)


def test_counts_filled_from_the_rows_of_an_older_view_equal_them(any_backend: System) -> None:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    indicators = any_backend.reads.indicators
    generation = any_backend.reads.generation("indicators")
    counts = indicators.counts(generation)
    with any_backend.engine.begin() as conn:
        conn.execute(counts.delete())
    any_backend.reads.fill_counts()
    assert_counts_equal_rows(any_backend, counts)
    with any_backend.engine.begin() as conn:
        assert indicators.fill_counts(conn, generation) is False


def test_the_counts_follow_a_commune_moved_to_another_district_after_its_households(
    any_backend: System,
) -> None:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    registry = any_backend.store.repository.get(any_backend.areas.registry_id)
    day = date(2023, 7, 1)
    commune = any_backend.households.current_commune(any_backend.households.list_registered()[0])
    home = registry.commune_on(commune, day).parent_code
    other = next(u.code for u in registry.districts_on(day) if u.code != home)
    registry.move_commune(commune, other, Recorded(day, "admin", "move-1"))
    any_backend.store.save(registry)
    any_backend.reads.catch_up()
    counts = any_backend.reads.indicators.counts(any_backend.reads.generation("indicators"))
    assert_counts_equal_rows(any_backend, counts)
    registry.dissolve_commune(commune, None, Recorded(date(2024, 7, 1), "admin", "dissolve-1"))
    any_backend.store.save(registry)
    any_backend.reads.catch_up()
    assert_counts_equal_rows(any_backend, counts)

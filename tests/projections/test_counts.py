"""The counts give every figure exactly as the membership rows do — for the city, each district
and each commune, on any day, as known now and as known at any instant — while reading a
bounded number of cells."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import product
from random import Random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, delete, select, union

from application.demo import load_demo
from application.system import System
from domain.base import Recorded
from projections import counts
from projections.bitemporal import utc
from projections.counts import (
    DEPTH,
    WITHIN,
    Cells,
    Changes,
    Stretches,
    cells_read,
    counts_table,
    position,
    read,
    sums_of_trees,
)
from projections.intervals import OPEN
from projections.memberships import Row
from projections.sums import recent_at, sums_by_area, sums_known_at

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
def memory_counts() -> Iterator[tuple[object, Cells]]:
    engine, cells = in_memory()
    yield engine, cells
    engine.dispose()  # type: ignore[attr-defined]


def in_memory() -> tuple[object, Cells]:
    engine = create_engine("sqlite://")
    cells = counts_table(MetaData(), 1)
    cells.now.metadata.create_all(engine)
    return engine, cells


def membership(i: int, start: date, length: int | None, weight: int = 1) -> Row:
    end = start + timedelta(days=length) if length else OPEN
    return Row("poor", "num", f"h{i}", "11296", start, end, weight)


@settings(deadline=None)  # each example opens a database; a busy machine is slow
@given(memberships=st.lists(spans, max_size=12), day=st.dates(date(1890, 1, 1), date(2100, 1, 1)))
def test_the_count_on_a_day_is_the_weight_of_the_memberships_holding_that_day(
    memberships: list[tuple[date, int | None, int]], day: date
) -> None:
    engine, cells = in_memory()
    rows = [membership(i, *spec) for i, spec in enumerate(memberships)]
    expected = sum(r.weight for r in rows if max(r.start, date(1900, 1, 1)) <= day < r.end)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        changes = Changes({"11296": [("303", date.min, OPEN)]})  # in its district, always
        changes.count(rows, +1, 1)
        changes.write(conn, cells)
        found = read(conn, cells, ["11296", WITHIN + "303"], day)
    assert found["11296"].get(("poor", "num", ""), 0) == expected
    assert found[WITHIN + "303"].get(("poor", "num", ""), 0) == expected


@settings(deadline=None)  # each example opens a database; a busy machine is slow
@given(
    memberships=st.lists(
        st.tuples(
            spans,
            st.integers(0, 40),
            st.one_of(st.none(), st.integers(0, 40)),
        ),
        max_size=10,
    ),
    order=st.randoms(use_true_random=False),
    day=st.dates(date(2015, 1, 1), date(2035, 1, 1)),
    stretch=st.integers(0, 90),
)
def test_the_count_as_known_at_a_stretch_is_the_weight_of_the_memberships_known_then(
    memberships: list[tuple[tuple[date, int | None, int], int, int | None]],
    order: Random,
    day: date,
    stretch: int,
) -> None:
    """Batches written in any order of their stretches of recorded time (two writers'
    clocks) give the same running totals as in order."""
    engine, cells = in_memory()
    events: list[tuple[int, Row, int]] = []
    for i, (spec, recorded, lasted) in enumerate(memberships):
        row = membership(i, *spec)
        events.append((recorded, row, +1))
        if lasted is not None:
            events.append((recorded + lasted, row, -1))
    order.shuffle(events)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        for start in range(0, len(events), 3):
            changes = Changes({})
            for offset, row, sign in events[start : start + 3]:
                changes.count([row], sign, offset)
            changes.write(conn, cells)
        found = read(conn, cells, ["11296"], day, before=stretch)
    expected = sum(
        row.weight * sign
        for offset, row, sign in events
        if offset < stretch and max(row.start, date(1900, 1, 1)) <= day < row.end
    )
    assert found["11296"].get(("poor", "num", ""), 0) == expected


@settings(deadline=None)  # each example opens a database; a busy machine is slow
@given(
    start=st.dates(date(2019, 1, 1), date(2027, 1, 1)),
    length=st.one_of(st.none(), st.integers(1, 3000)),
    moved=st.dates(date(2019, 1, 1), date(2027, 1, 1)),
    day=st.dates(date(2018, 1, 1), date(2028, 1, 1)),
)
def test_a_commune_counts_in_the_district_it_belonged_to_on_the_day(
    start: date, length: int | None, moved: date, day: date
) -> None:
    engine, cells = in_memory()
    periods = {"11296": [("301", date(2000, 1, 1), moved), ("302", moved, OPEN)]}
    row = membership(1, start, length)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        changes = Changes(periods)
        changes.count([row], +1, 1)
        changes.write(conn, cells)
        found = read(conn, cells, [WITHIN + "301", WITHIN + "302"], day)
    holds = start <= day < row.end
    assert found[WITHIN + "301"].get(("poor", "num", ""), 0) == int(holds and day < moved)
    assert found[WITHIN + "302"].get(("poor", "num", ""), 0) == int(holds and day >= moved)


def test_a_superseded_membership_no_longer_counts(memory_counts: tuple[object, Cells]) -> None:
    engine, cells = memory_counts
    row = Row("near_poor", "num", "h1", "11296", date(2022, 12, 20), OPEN)
    with engine.begin() as conn:  # type: ignore[attr-defined]
        for sign in (+1, -1):
            changes = Changes({})
            changes.count([row], sign, 1)
            changes.write(conn, cells)
        assert read(conn, cells, ["11296"], date(2024, 1, 1)) == {"11296": {}}


def test_a_day_is_read_from_at_most_depth_cells() -> None:
    assert (
        max(
            len(cells_read(position(date(1900, 1, 1) + timedelta(days=d))))
            for d in range(0, 100_000, 7)
        )
        <= DEPTH
    )


def recorded_instants(system: System, sample: int) -> list[datetime]:
    """Instants at which the view changed, each and a microsecond before it, some of them."""
    rows, communes = system.reads.indicators.tables(system.reads.generation("indicators"))
    stamps = union(
        select(rows.c.rec_from.label("at")),
        select(rows.c.rec_to.label("at")).where(rows.c.rec_to.is_not(None)),
        select(communes.c.rec_from.label("at")),
    )
    with system.engine.connect() as conn:
        found = sorted({utc(at) for (at,) in conn.execute(stamps)})
    chosen = Random(5).sample(found, min(sample, len(found)))
    return sorted({*chosen, *(at - timedelta(microseconds=1) for at in chosen)})


def assert_counts_equal_rows(system: System, instants: list[datetime | None]) -> None:
    """For each day and instant, the counts of the city, every district and every commune
    equal the sums of the membership rows."""
    reads = system.reads
    generation = reads.generation("indicators")
    tables = reads.indicators.tables(generation)
    cells = reads.indicators.counts(generation)
    registry = system.areas.registry()
    city = registry.province_code
    with system.engine.connect() as conn:
        for day in DAYS:
            levels = {
                "city": [city],
                "district": [u.code for u in registry.districts_on(day)],
                "commune": [u.code for u in registry.communes_on(day)],
            }
            for known_at, (level, areas) in product(instants, levels.items()):
                if known_at is None:
                    counted = sums_of_trees(conn, cells, areas, day)
                else:
                    recent = recent_at(conn, cells, tables, known_at)
                    counted = sums_known_at(conn, cells, tables, areas, day, recent)
                by_rows = sums_by_area(conn, tables, areas, day, known_at)
                expected = {a: {k: v for k, v in s.items() if v} for a, s in by_rows.items()}
                assert counted == expected, (level, day, known_at)


@pytest.fixture
def short_stretches(monkeypatch: pytest.MonkeyPatch) -> int:
    """Stretches of at most 40 membership changes, and hours of a quarter of a millisecond (the
    stretches of a filled view), so that a history loaded in a moment spans many of them, as a
    city's spans years; the most changes a stretch holds."""
    monkeypatch.setattr(counts, "STRETCH_CHANGES", 40)
    monkeypatch.setattr(counts, "RECORDED_EPOCH", datetime.now(UTC) - timedelta(hours=1))
    monkeypatch.setattr(counts, "RESOLUTION", timedelta(microseconds=250))
    return 40


def test_the_counts_kept_by_the_projection_equal_the_rows_for_every_area_and_day(
    any_backend: System,
) -> None:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    assert_counts_equal_rows(any_backend, [None, *recorded_instants(any_backend, 3)])


def test_the_counts_as_known_at_any_instant_equal_the_rows_across_many_stretches(
    any_backend: System, short_stretches: int
) -> None:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    cells = any_backend.reads.indicators.counts(any_backend.reads.generation("indicators"))
    with any_backend.engine.connect() as conn:
        stretches = conn.execute(select(cells.known.c.stretch).distinct()).all()
    assert len(stretches) > 20
    assert_counts_equal_rows(any_backend, recorded_instants(any_backend, 12))


def test_a_history_written_at_once_is_cut_into_stretches_of_bounded_changes(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However fast a bulk load writes, what a figure as known at an instant inside it sums
    from the rows is one stretch's changes at most (one event may overrun the limit)."""
    monkeypatch.setattr(counts, "STRETCH_CHANGES", 60)
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    cells = any_backend.reads.indicators.counts(any_backend.reads.generation("indicators"))
    stretches = cells.stretches
    with any_backend.engine.connect() as conn:
        held = [n for (n,) in conn.execute(select(stretches.c.changes).order_by(stretches.c.id))]
    assert len(held) > 5
    assert all(n >= 60 for n in held[:-1])
    assert max(held) < 60 + 150


def test_counts_filled_from_the_rows_of_an_older_view_equal_them(
    any_backend: System, short_stretches: int
) -> None:
    load_demo(any_backend, 25, seed=3)
    move_a_commune(any_backend)
    indicators = any_backend.reads.indicators
    generation = any_backend.reads.generation("indicators")
    cells = indicators.counts(generation)
    with any_backend.engine.begin() as conn:
        conn.execute(delete(cells.known))
        conn.execute(delete(cells.now))
    any_backend.reads.fill_counts()
    assert_counts_equal_rows(any_backend, [None, *recorded_instants(any_backend, 10)])
    with any_backend.engine.begin() as conn:
        assert indicators.fill_counts(conn, generation) is False


def move_a_commune(system: System) -> str:
    """A commune of the history moved to another district on 1 July 2023; its code."""
    system.reads.catch_up()
    registry = system.store.repository.get(system.areas.registry_id)
    day = date(2023, 7, 1)
    commune = system.households.current_commune(system.households.list_registered()[0])
    home = registry.commune_on(commune, day).parent_code
    other = next(u.code for u in registry.districts_on(day) if u.code != home)
    registry.move_commune(commune, other, Recorded(day, "admin", "move-1"))
    system.store.save(registry)
    system.reads.catch_up()
    return commune


def test_the_counts_follow_a_commune_moved_to_another_district_after_its_households(
    any_backend: System, short_stretches: int
) -> None:
    load_demo(any_backend, 25, seed=3)
    commune = move_a_commune(any_backend)
    assert_counts_equal_rows(any_backend, [None, *recorded_instants(any_backend, 6)])
    registry = any_backend.store.repository.get(any_backend.areas.registry_id)
    registry.dissolve_commune(commune, None, Recorded(date(2024, 7, 1), "admin", "dissolve-1"))
    any_backend.store.save(registry)
    any_backend.reads.catch_up()
    assert_counts_equal_rows(any_backend, [None, *recorded_instants(any_backend, 6)])


@settings(deadline=None, max_examples=300)  # each example opens a database
@given(events=st.lists(st.tuples(st.integers(0, 240), st.integers(1, 30)), min_size=1, max_size=30))
@example(events=[(10, 30), (40, 25), (35, 1)])  # full, then a change older than the latest
def test_each_change_falls_in_the_stretch_of_its_own_hour_that_began_last_before_it(
    events: list[tuple[int, int]],
) -> None:
    """Whatever order the changes come in (two writers' clocks), a change recorded at T is
    counted in a stretch that began at or before T, in T's hour, with no stretch beginning
    between; numbers follow the starts. Stretches hold at most 50 changes here."""
    engine, cells = in_memory()
    start = datetime(2026, 12, 4, 8, tzinfo=UTC)
    with engine.begin() as conn, pytest.MonkeyPatch.context() as patch:  # type: ignore[attr-defined]
        patch.setattr(counts, "STRETCH_CHANGES", 50)
        stretches = Stretches(conn, cells.stretches)
        given_to = [
            (start + timedelta(minutes=m), stretches.of(start + timedelta(minutes=m), n))
            for m, n in events
        ]
        table = cells.stretches
        starts = {
            int(r.id): utc(r.starts_at) for r in conn.execute(select(table.c.id, table.c.starts_at))
        }
    ordered = sorted(starts)
    assert [starts[n] for n in ordered] == sorted(starts.values())
    for when, number in given_to:
        began = starts[number]
        assert began <= when
        assert counts.hour_of(began) == counts.hour_of(when)
        assert not any(began < other <= when for other in starts.values())

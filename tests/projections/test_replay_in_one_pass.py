"""The replay folds each aggregate once for every date and area asked for, and counts it under
its place on each date: that one pass must give, for every area, exactly the figures the
indicator view serves for it alone — on dates before, during and after the 2025
reorganisation (households moved, communes moved and dissolved), now and as known at an
earlier instant — and the same figures as a pass for each date on its own."""

from __future__ import annotations

from datetime import date

import pytest

from application.demo import load_demo
from application.system import System
from projections.figures import FIGURES
from projections.replay import replay_dates
from tests.projections.instants import halfway

DAYS = [date(2022, 1, 1), date(2023, 12, 31), date(2025, 6, 30), date(2025, 12, 31)]


@pytest.fixture
def demo(any_backend: System) -> System:
    load_demo(any_backend, 40, seed=17)
    any_backend.reads.catch_up()
    return any_backend


def every_area(system: System, day: date) -> list[str]:
    """The city, every district and every commune standing that day, and every commune ever
    known (a dissolved one still counts its own households)."""
    registry = system.areas.registry()
    return list(dict.fromkeys([*system.audit.checked_areas(day), *registry.communes]))


@pytest.mark.slow
def test_one_pass_gives_every_area_the_figures_the_view_serves_for_it_alone(
    demo: System,
) -> None:
    wanted = {day: every_area(demo, day) for day in DAYS}

    replayed = replay_dates(demo.store, wanted, None)

    different = [
        (day, area, figure_id)
        for day, areas in wanted.items()
        for area in areas
        for view in (demo.reads.figures(area, day, None), demo.reads.figures_from_rows(area, day))
        for figure_id, figure in replayed[day][area].items()
        if view[figure_id] != figure
    ]
    assert different == []
    assert any(replayed[DAYS[-1]][area]["near_poor"].numerator for area in wanted[DAYS[-1]][1:])


def test_one_pass_as_known_at_an_earlier_instant_equals_the_view(demo: System) -> None:
    known_at = halfway(demo)
    day = date(2025, 6, 30)
    areas = demo.audit.checked_areas(day)

    replayed = replay_dates(demo.store, {day: areas}, known_at)[day]

    assert replayed != replay_dates(demo.store, {day: areas}, None)[day]
    assert replayed == {area: demo.reads.figures(area, day, known_at) for area in areas}


def test_one_pass_for_several_dates_equals_a_pass_for_each(demo: System) -> None:
    wanted = {day: demo.audit.checked_areas(day) for day in DAYS}
    positions: list[int] = []

    together = replay_dates(demo.store, wanted, None, positions.append)

    assert together == {
        day: replay_dates(demo.store, {day: wanted[day]}, None)[day] for day in DAYS
    }
    assert positions == sorted(positions)
    assert positions[-1] <= (demo.store.recorder.max_notification_id() or 0)


@pytest.mark.slow
def test_verify_reads_each_dates_views_together_and_finds_no_difference(demo: System) -> None:
    dates: list[int] = []
    positions: list[int] = []
    report = demo.audit.verify(
        dates=DAYS, progress_dates=dates.append, progress_log=positions.append
    )
    earlier = demo.audit.verify(dates=[date(2025, 6, 30)], known_at=halfway(demo))

    assert report["differences"] == []
    assert earlier["differences"] == []
    areas = sum(len(demo.audit.checked_areas(day)) for day in DAYS)
    assert report["figures_checked"] == 2 * areas * len(FIGURES)  # the counts and the rows
    assert dates == [1] * len(DAYS)
    assert positions
    assert positions == sorted(positions)

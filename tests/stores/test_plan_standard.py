"""A plan that names the city's own standard, on SQLite and on PostgreSQL (docs/spec/standards.md,
"A plan that names the province's standard"): the figures of the areas it speaks for count the
households as that standard judged them — from the indicator view's counts, from its rows and
from a replay of the log alike — and the households behind each number are those; the areas
another plan speaks for still count by the national standard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from application import inputs
from application.commands import Actor, context
from application.lineage import Point
from application.reports import ReportReads
from application.system import System
from bench.provincial import add_city_standard
from tests.conftest import TODAY
from tests.stores.helpers import CASEWORKER, register, surveyed

ADMINISTRATOR = Actor("quantri.thanhpho", "administrator", "31")
# (surveyed, recognised, income, deprivations) of each household in Quán Toan, a ward: the
# national urban line is 2,000,000 in 2025 and 2026, the city's 2,600,000 from 2026.
REVIEWS = {
    "QT-001": [("2026-03-01", "2026-03-10", 2_400_000, 3)],  # city: poor; national: not
    "QT-002": [("2026-03-01", "2026-03-10", 2_400_000, 1)],  # city: near-poor; national: not
    "QT-003": [("2026-03-01", "2026-03-10", 1_500_000, 4)],  # poor under both
    "QT-004": [("2025-03-01", "2025-03-10", 1_500_000, 4)],  # poor, judged before the city's
    "QT-005": [  # poor under both, then near-poor by the city's and not by the nation's
        ("2026-02-01", "2026-02-10", 1_800_000, 3),
        ("2026-09-01", "2026-09-10", 2_300_000, 0),
    ],
}
DAYS = [date(2025, 6, 30), date(2025, 9, 30), date(2026, 3, 31), date(2026, 6, 30), TODAY]
AREAS = ["31", "^31", "11296", "11602"]  # Quán Toan went into Hồng An on 2025-07-01


@pytest.fixture
def history(recorded: dict[str, str], any_backend: System) -> System:
    return any_backend


@pytest.fixture
def recorded(any_backend: System) -> Iterator[dict[str, str]]:
    """The history above, and the plan 2026-2030 naming the city's standard: each household's
    id by its code."""
    restore = add_city_standard(
        "HP-2026", date(2026, 1, 1), 2_600_000, 3_200_000, until=date(2030, 12, 31)
    )
    adoption = {
        "reference": "VD-02/KH-UBND", "area_code": "31", "period_start": "2026-01-01",
        "period_end": "2030-12-31", "baseline_date": "2026-01-01",
        "targets": {"near_poor_reduction": 50}, "effective_date": "2026-01-15",
        "standard_id": "HP-2026",
    }  # fmt: skip
    any_backend.plans.adopt(context(ADMINISTRATOR), inputs.AdoptPlan.parse(adoption))
    ids = {code: register(any_backend, code) for code in REVIEWS}
    for code, reviews in REVIEWS.items():
        for surveyed_on, recognised, income, deprived in reviews:
            review(any_backend, ids[code], surveyed_on, recognised, income, deprived)
    any_backend.reads.catch_up()
    yield ids
    restore()


def review(
    system: System, household_id: str, surveyed_on: str, on: str, income: int, deprived: int
) -> None:
    survey_id = surveyed(system, household_id, surveyed_on, (income, deprived), "REGULAR")
    body = {"effective_date": on, "survey_id": survey_id, "decision_ref": "7/QĐ"}
    system.households.classify(context(CASEWORKER), household_id, inputs.Classify.parse(body))


def test_the_view_its_rows_and_the_replay_give_the_same_figures_under_the_citys_standard(
    history: System,
) -> None:
    different = [
        (day, area, figure_id)
        for day in DAYS
        for area in AREAS
        for replayed in [history.indicators.figures(area, day, None, "replay")]
        for view in (
            history.reads.figures(area, day, None),
            history.reads.figures_from_rows(area, day),
        )
        for figure_id, figure in replayed.items()
        if view[figure_id] != figure
    ]

    assert different == []


def test_the_plan_that_names_the_citys_standard_counts_by_it_and_plan_55_by_the_nations(
    history: System,
) -> None:
    def counted(area: str, day: date) -> tuple[int, int]:
        figures = history.indicators.figures(area, day, None)
        return figures["poor"].numerator, figures["near_poor"].numerator

    assert counted("31", TODAY) == (2, 2)  # QT-001, QT-003 poor; QT-002, QT-005 near-poor
    assert counted("^31", TODAY) == (2, 0)  # QT-003, QT-004 poor
    assert counted("31", date(2026, 3, 31)) == (3, 1)  # QT-001, QT-003, QT-005; QT-002
    assert counted("31", date(2025, 9, 30)) == (1, 0)  # before the plan's baseline: QT-004


def test_the_households_behind_a_number_are_those_the_citys_standard_put_there(
    history: System, recorded: dict[str, str]
) -> None:
    drilled = history.lineage.drill_down("poor", "11602", Point(TODAY, None))
    subjects = {item["subject"] for item in drilled["numerator"]["items"]}

    assert subjects == {recorded["QT-001"], recorded["QT-003"]}
    assert (
        drilled["numerator"]["total"]
        == history.indicators.figures("11602", TODAY, None)["poor"].numerator
    )


def test_entries_and_escapes_under_the_citys_standard_are_its_own(history: System) -> None:
    city = history.indicators.figures("31", TODAY, None)
    nation = history.indicators.figures("^31", TODAY, None)

    assert (city["newly_poor"].numerator, city["escaped"].numerator) == (4, 1)
    assert (nation["newly_poor"].numerator, nation["escaped"].numerator) == (2, 1)


def test_the_lists_a_review_round_reads_stay_the_national_ones_and_the_downloads_the_plans(
    history: System, recorded: dict[str, str]
) -> None:
    reads = ReportReads(history.reads, history.lineage)
    point = Point(TODAY, None)

    national = {item["id"] for item in reads.listed("11602", "POOR", point)}
    downloaded = reads.listed("11602", "POOR", point, reads.counted_by("11602", point))

    assert national == {recorded["QT-003"], recorded["QT-004"]}
    assert {item["id"] for item in downloaded} == {recorded["QT-001"], recorded["QT-003"]}

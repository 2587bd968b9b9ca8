"""Every figure served from the indicator view equals a replay of the raw event log — for the
city and each district, on the plan's dates, now and as known at an earlier instant."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from application import inputs
from application.audit import AuditService
from application.commands import context
from application.demo import load_demo
from application.system import System
from projections.replay import replay_figures
from tests.conftest import open_system
from tests.projections.test_directory import classify
from tests.stores.helpers import CASEWORKER, register


def audit(system: System) -> AuditService:
    return system.audit


def test_a_demo_history_gives_the_same_figures_by_replay_and_by_projection(
    any_backend: System,
) -> None:
    load_demo(any_backend, 25, seed=3)
    report = audit(any_backend).verify()
    assert report["differences"] == []
    assert report["projections_match_replay"] is True
    assert report["figures_checked"] > 1000


def test_figures_as_known_at_an_earlier_instant_agree_after_a_retraction(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_900_000, 1, "2021-10-15")
    second = classify(any_backend, household_id, 2_600_000, 0, "2022-10-15")
    before_retraction = datetime.now(UTC)
    any_backend.households.retract(
        context(CASEWORKER),
        household_id,
        inputs.Retract.parse({"target_version": second, "reason": "nhầm thu nhập"}),
    )
    any_backend.reads.catch_up()
    day = date(2023, 6, 30)
    then = any_backend.reads.figures("31", day, before_retraction)
    now = any_backend.reads.figures("31", day, None)
    assert (then["near_poor"].numerator, now["near_poor"].numerator) == (0, 1)
    assert then == replay_figures(any_backend.store, "31", day, before_retraction)
    assert now == replay_figures(any_backend.store, "31", day, None)


def test_a_voided_registration_leaves_the_figures_as_they_are_known_after_it_only(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    before_voiding = datetime.now(UTC)
    any_backend.households.void_registration(
        context(CASEWORKER), household_id, inputs.VoidRegistration.parse({"reason": "đăng ký nhầm"})
    )
    any_backend.reads.catch_up()
    day = date(2022, 6, 30)
    then = any_backend.reads.figures("31", day, before_voiding)
    now = any_backend.reads.figures("31", day, None)
    assert (then["poor"].numerator, now["poor"].numerator) == (1, 0)
    assert then == replay_figures(any_backend.store, "31", day, before_voiding)
    assert now == replay_figures(any_backend.store, "31", day, None)


def test_verify_names_the_figure_a_damaged_view_gets_wrong(system: System) -> None:
    load_demo(system, 15, seed=5)
    system.reads.catch_up()
    rows, _ = system.reads.indicators.tables(system.reads.generation("indicators"))
    with system.engine.begin() as conn:
        conn.execute(delete(rows).where(rows.c.figure == "models"))
    report = audit(system).verify(dates=[date(2025, 12, 31)], areas=["31"])
    assert report["projections_match_replay"] is False
    assert {d["figure"] for d in report["differences"]} == {"models"}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    day=st.dates(min_value=date(2021, 9, 1), max_value=date(2026, 11, 28)),
)
def test_projection_equals_replay_over_random_demo_histories(seed: int, day: date) -> None:
    system = open_system("memory://")
    try:
        load_demo(system, 12, seed=seed)
        report = audit(system).verify(dates=[day])
        assert report["differences"] == []
    finally:
        system.close()

"""Plan: targets adopted, revised, and periods closed with their figures."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolationError, ValidationError
from domain.plan import Plan
from tests.domain.builders import by

# docs/spec/models-and-plans.md: plan 55/KH-UBND's targets.
TARGETS = {
    "near_poor_reduction": 50.0,
    "credit_access": 100.0,
    "models": 300.0,
    "production_support": 100.0,
    "sustainable_employment": 100.0,
    "officials_trained": 100.0,
}


@pytest.fixture
def plan() -> Plan:
    return Plan.adopt(
        reference="55/KH-UBND",
        area_code="31",
        period_start=date(2022, 1, 1),
        period_end=date(2025, 12, 31),
        baseline_date=date(2022, 1, 1),
        targets=TARGETS,
        by=by(date(2022, 3, 10)),
    )


def test_an_adopted_plan_has_its_targets_and_a_stable_id(plan: Plan) -> None:
    assert plan.targets == TARGETS
    assert plan.id == Plan.id_for("55/KH-UBND")
    assert plan.summary()["period_end"] == "2025-12-31"


def test_a_plan_whose_period_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        Plan.adopt(
            "X",
            "31",
            date(2025, 1, 1),
            date(2024, 12, 31),
            date(2025, 1, 1),
            {},
            by(date(2025, 1, 1)),
        )

    assert (refused.value.code, refused.value.field) == ("invalid-value", "period_end")


def adopting(start: date, end: date, baseline: date, targets: dict[str, float]) -> Plan:
    return Plan.adopt("X", "31", start, end, baseline, targets, by(date(2026, 3, 1)))


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 1, 1), date(2027, 12, 31)), (date(2025, 1, 1), date(2030, 12, 31))],
    ids=["part of a period", "across two periods"],
)
def test_a_plan_that_is_not_one_whole_plan_period_is_refused(start: date, end: date) -> None:
    with pytest.raises(RuleViolationError) as refused:
        adopting(start, end, start, {})

    assert (refused.value.code, refused.value.field) == ("plan-period", "period_start")
    assert "2022-2025, 2026-2030" in refused.value.message("en")


def test_a_plan_for_the_2026_2030_period_is_adopted() -> None:
    plan = adopting(date(2026, 1, 1), date(2030, 12, 31), date(2025, 12, 31), {"models": 120})

    assert (plan.in_force(date(2026, 1, 1)), plan.in_force(date(2025, 12, 31))) == (True, False)


@pytest.mark.parametrize(
    "baseline", [date(2024, 12, 31), date(2031, 1, 1)], ids=["too early", "after the period"]
)
def test_a_baseline_far_from_the_period_is_refused(baseline: date) -> None:
    with pytest.raises(RuleViolationError) as refused:
        adopting(date(2026, 1, 1), date(2030, 12, 31), baseline, {})

    assert (refused.value.code, refused.value.field) == ("plan-baseline", "baseline_date")


@pytest.mark.parametrize(
    ("targets", "field", "code"),
    [
        ({"credit_access": 120.0}, "targets.credit_access", "invalid-value"),
        ({"models": -1.0}, "targets.models", "invalid-value"),
        ({"bridges": 5.0}, "targets.bridges", "unknown-target"),
    ],
    ids=["percentage over 100", "negative count", "unknown target"],
)
def test_a_target_out_of_its_range_is_refused_naming_it(
    targets: dict[str, float], field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        adopting(date(2026, 1, 1), date(2030, 12, 31), date(2026, 1, 1), targets)

    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_revised_target_replaces_the_old_value(plan: Plan) -> None:
    plan.revise_target("models", 350.0, by(date(2023, 1, 1)))

    assert plan.targets == {**TARGETS, "models": 350.0}


def test_revising_an_unknown_target_is_refused(plan: Plan) -> None:
    with pytest.raises(ValidationError) as refused:
        plan.revise_target("bridges", 5.0, by(date(2023, 1, 1)))

    assert (refused.value.code, refused.value.field) == ("unknown-target", "target")
    assert plan.targets == TARGETS


def test_a_revised_percentage_over_100_is_refused(plan: Plan) -> None:
    with pytest.raises(ValidationError) as refused:
        plan.revise_target("credit_access", 101.0, by(date(2023, 1, 1)))

    assert (refused.value.code, refused.value.field) == ("invalid-value", "value")


def test_a_closed_period_keeps_its_figures_and_digest(plan: Plan) -> None:
    plan.close_period(date(2022, 12, 31), {"poor": 120}, "abc123", 4_000, by(date(2023, 1, 15)))

    (closing,) = plan.summary()["closings"]

    assert closing == {"as_of": "2022-12-31", "digest": "abc123", "figures": {"poor": 120}}


@pytest.mark.parametrize("as_of", [date(2022, 12, 31), date(2022, 6, 30)], ids=["same", "earlier"])
def test_a_period_up_to_a_closed_date_is_not_closed_again(plan: Plan, as_of: date) -> None:
    plan.close_period(date(2022, 12, 31), {}, "abc", 1, by(date(2023, 1, 15)))

    with pytest.raises(RuleViolationError) as refused:
        plan.close_period(as_of, {}, "def", 2, by(date(2023, 2, 1)))

    assert (refused.value.code, refused.value.field) == ("period-already-closed", "as_of")
    assert len(plan.closings) == 1


def test_a_plan_may_name_its_own_provinces_standard_to_count_by() -> None:
    plan = Plan.adopt(
        "VD-DN", "75", date(2022, 1, 1), date(2025, 12, 31), date(2022, 1, 1), {},
        by(date(2022, 3, 1)), standard_id="DN-MDP-2022",
    )  # fmt: skip

    assert plan.summary()["standard_id"] == "DN-MDP-2022"


@pytest.mark.parametrize(
    "standard_id",
    ["VN-MDP-2027", "DN-MDP-2022", "HP-2099"],
    ids=["the national standard", "another province's", "no such standard"],
)
def test_a_plan_naming_a_standard_not_its_provinces_own_is_refused(standard_id: str) -> None:
    with pytest.raises(RuleViolationError) as refused:
        Plan.adopt(
            "X", "31", date(2026, 1, 1), date(2030, 12, 31), date(2026, 1, 1), {},
            by(date(2026, 3, 1)), standard_id=standard_id,
        )  # fmt: skip

    assert (refused.value.code, refused.value.field) == ("plan-standard", "standard_id")
    assert standard_id in refused.value.message("vi")


@pytest.mark.parametrize(
    "baseline",
    [date(2021, 12, 31), date(2026, 1, 1)],
    ids=["a baseline before the period", "a standard ended before the baseline"],
)
def test_a_plan_counts_by_its_provinces_standard_only_from_a_baseline_it_judged(
    baseline: date,
) -> None:
    """Đồng Nai's standard is in force from 2022 to 2025: a plan 2022-2025 may count by it
    from a baseline inside the period, not from one before, nor a plan 2026-2030 at all."""
    end = date(2025, 12, 31) if baseline.year < 2026 else date(2030, 12, 31)
    start = date(2022, 1, 1) if baseline.year < 2026 else date(2026, 1, 1)
    with pytest.raises(RuleViolationError) as refused:
        Plan.adopt(
            "VD-DN", "75", start, end, baseline, {}, by(date(2022, 3, 1)),
            standard_id="DN-MDP-2022",
        )  # fmt: skip

    assert (refused.value.code, refused.value.field) == ("plan-standard", "standard_id")

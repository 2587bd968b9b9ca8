"""What-if runs on SQLite and on PostgreSQL (docs/spec/what-if.md): the surveys are read from the
survey view as of a date and as known at an instant; the national 2027 standard entered as a
draft gives the statuses that recognising the same surveys gives; a run read again later gives
its recorded answer; nothing is recorded in the households' histories."""

from __future__ import annotations

from typing import Any

from application import inputs
from application.commands import Actor, context
from application.system import System
from application.what_if import UNJUDGED, report
from domain.standards import catalogue
from tests.conftest import TODAY
from tests.stores.helpers import CASEWORKER, register, surveyed

SUPERVISOR = Actor("giamsat.thanhpho", "supervisor", "31")
# (income, deprivations) around the 2027 urban line (2,800,000): Quán Toan is a ward.
ANSWERS = [
    (1_000_000, 6), (2_000_000, 1), (2_800_000, 3), (2_800_001, 5), (2_500_000, 2), (9_000_000, 0),
]  # fmt: skip
STANDARD_2027 = catalogue().get("VN-MDP-2027")


def recognised(system: System, household_id: str, survey_id: str) -> None:
    body = {"effective_date": "2026-11-20", "survey_id": survey_id, "decision_ref": "12/QĐ"}
    given = inputs.Classify.parse(body)
    system.households.classify(context(CASEWORKER), household_id, given)


def draft_2027() -> dict[str, Any]:
    """The adopted 2027 standard typed in as a supervisor would type a draft."""
    return {
        "name": "Chuẩn 2027 nhập như dự thảo",
        "income_line": {kind.value: line for kind, line in STANDARD_2027.income_line.items()},
        "poor_min_deprivations": STANDARD_2027.poor_min_deprivations,
        "indicators": [{"key": key} for key in STANDARD_2027.keys],
    }


def households(system: System) -> dict[str, str]:
    """Each household registered and surveyed in the 2026 review, with its survey."""
    found = {}
    for index, answers in enumerate(ANSWERS):
        household_id = register(system, f"QT-{index:03d}")
        found[household_id] = surveyed(system, household_id, "2026-10-01", answers)
    system.reads.catch_up()
    return found


def run(system: System, standard: str) -> dict[str, Any]:
    """A run as known now: once the views have seen the whole log (the web's follower does it)."""
    system.reads.catch_up()
    answer: dict[str, Any] = system.what_if.run(
        context(SUPERVISOR), standard, "31", TODAY, None
    ).answer
    return answer


def test_the_2027_standard_entered_as_a_draft_gives_what_recognising_the_reviews_gives(
    any_backend: System,
) -> None:
    surveys = households(any_backend)
    drafted = any_backend.what_if.draft(context(SUPERVISOR), draft_2027()).answer

    ran = run(any_backend, drafted["id"])

    _, judged = any_backend.what_if.result("31", ran["id"])
    simulated = {item.household_id: item.simulated for item in judged}
    for household_id, survey_id in surveys.items():
        recognised(any_backend, household_id, survey_id)
    statuses = {h: any_backend.households.get(h)["status"] for h in surveys}
    assert simulated == statuses
    assert set(statuses.values()) == {"POOR", "NEAR_POOR", "NON_POOR"}


def test_a_run_read_again_later_gives_its_recorded_answer(any_backend: System) -> None:
    surveys = households(any_backend)
    ran = run(any_backend, "VN-MDP-2027")
    for household_id, survey_id in surveys.items():
        recognised(any_backend, household_id, survey_id)
    later = register(any_backend, "QT-100")
    surveyed(any_backend, later, "2026-10-02", (1_000_000, 6))
    any_backend.reads.catch_up()

    kept, judged = any_backend.what_if.result("31", ran["id"])

    assert any_backend.what_if.same_as_recorded(kept, judged)
    assert kept.totals == ran["totals"]
    assert ran["totals"]["NONE>POOR"] == 2
    again = run(any_backend, "VN-MDP-2027")
    assert (again["totals"]["POOR>POOR"], again["totals"]["NONE>POOR"]) == (2, 1)


def test_a_run_records_nothing_in_the_households_histories(any_backend: System) -> None:
    surveys = households(any_backend)
    before = {h: any_backend.households.load(h).version for h in surveys}

    run(any_backend, "VN-MDP-2027")

    assert {h: any_backend.households.load(h).version for h in surveys} == before


def test_a_survey_not_asked_the_indicators_that_could_tip_it_is_not_judged(
    any_backend: System,
) -> None:
    household_id = register(any_backend, "QT-200")
    surveyed(any_backend, household_id, "2025-10-01", (1_000_000, 1))  # under VN-MDP-2022
    any_backend.reads.catch_up()

    ran = run(any_backend, "VN-MDP-2027")

    _, judged = any_backend.what_if.result("31", ran["id"])
    (item,) = judged
    assert item.simulated == UNJUDGED
    assert item.judgement is not None
    assert item.judgement.unanswered == ("digital_services", "waste_treatment")


def test_the_line_at_its_own_value_counts_what_the_run_does_and_a_higher_line_no_fewer(
    any_backend: System,
) -> None:
    households(any_backend)
    ran = run(any_backend, "VN-MDP-2027")

    kept, judged = any_backend.what_if.result("31", ran["id"])

    rules = any_backend.what_if.rules(kept.standard)
    counts = {p: (poor, near) for p, poor, near in any_backend.what_if.sensitivity(rules, judged)}
    found = report(judged)
    assert counts[100] == (found["simulated"]["POOR"], found["simulated"]["NEAR_POOR"]) == (2, 2)
    assert counts[120] == (3, 2)  # 2,800,001 with 5 deprivations is under 3,360,000
    assert counts[80] == (1, 1)

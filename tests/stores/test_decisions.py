"""The review's decision on SQLite and on PostgreSQL: the households it names are found by
their codes in the directory, recognised together with the decision in one transaction, and the
figures follow; a decision refused records nothing."""

from __future__ import annotations

from typing import Any

import pytest

from application import inputs
from application.commands import Actor, context
from application.system import System
from domain.errors import ValidationError
from domain.standards import catalogue
from tests.conftest import TODAY
from tests.stores.helpers import register

# Phường Quán Toan (11296), where the helpers register, went wholly into Phường Hồng An (11602).
COMMUNE = "11602"
CHAIRMAN = Actor("chutich.hongan", "chairman", COMMUNE)


def surveyed_in_2026(system: System, household_id: str, income: int, deprived: int) -> None:
    keys = catalogue().get("VN-MDP-2027").keys
    body = {
        "kind": "PERIODIC",
        "effective_date": "2026-10-01",
        "income_per_capita_vnd": income,
        "deprivations": {key: i < deprived for i, key in enumerate(keys)},
    }
    system.households.record_survey(
        context(Actor("canbo", "caseworker", "11296")),
        household_id,
        inputs.RecordSurvey.parse(body),
    )


def decision(*codes: str) -> dict[str, Any]:
    return {
        "decision_ref": "45/QĐ-UBND",
        "signer": "Nguyễn Văn Bình",
        "effective_date": "2026-11-20",
        "households": list(codes),
    }


def test_a_decision_recognises_the_households_it_names_and_the_figures_follow(
    any_backend: System,
) -> None:
    poor, near_poor = register(any_backend, "QT-001"), register(any_backend, "QT-002")
    surveyed_in_2026(any_backend, poor, 1_000_000, 6)
    surveyed_in_2026(any_backend, near_poor, 1_000_000, 0)
    any_backend.reads.catch_up()  # the worker's part on PostgreSQL

    answer = any_backend.decisions.issue(
        context(CHAIRMAN), COMMUNE, inputs.IssueDecision.parse(decision("QT-001", "QT-002"))
    )

    assert answer.answer["lists"]["poor"] == [poor]
    assert answer.answer["lists"]["near_poor"] == [near_poor]
    any_backend.reads.catch_up()
    figures = any_backend.indicators.figures(COMMUNE, TODAY, None)
    assert (figures["poor"].numerator, figures["near_poor"].numerator) == (1, 1)


def test_a_refused_decision_records_nothing(any_backend: System) -> None:
    household = register(any_backend, "QT-001")
    surveyed_in_2026(any_backend, household, 1_000_000, 6)
    any_backend.reads.catch_up()
    before = any_backend.store.recorder.max_notification_id()

    with pytest.raises(ValidationError) as refused:
        any_backend.decisions.issue(
            context(CHAIRMAN), COMMUNE, inputs.IssueDecision.parse(decision("QT-001", "QT-404"))
        )

    assert (refused.value.code, refused.value.field) == ("household-code-unknown", "households[1]")
    assert any_backend.store.recorder.max_notification_id() == before

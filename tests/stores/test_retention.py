"""Retention enforced (docs/spec/personal-data.md, "Retention"): once the city sets a period, a
household off the poor and near-poor lists that owes nothing and has had no entry for that many
years is erased, named as such; the others are kept — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from application import inputs
from application.commands import context
from application.system import System
from domain.errors import ValidationError
from domain.values import ERASED
from tests.stores.helpers import CASEWORKER, register, survey_body

YEARS = 3


def recognised(system: System, household_id: str, income: int, deprived: int, year: int) -> None:
    """Surveyed in the year's review round and recognised on 10 December."""
    households = system.households
    survey = households.record_survey(
        context(CASEWORKER),
        household_id,
        inputs.RecordSurvey.parse(survey_body(income, deprived, f"{year}-10-15")),
    )
    households.classify(
        context(CASEWORKER),
        household_id,
        inputs.Classify.parse({"survey_id": survey.answer["survey_id"], "decision_ref": "7/QĐ",
         "effective_date": f"{year}-12-10"}),
    )  # fmt: skip


@pytest.fixture
def city(any_backend: System) -> dict[str, str]:
    """Three households on 28 November 2026: one escaped in 2022 and quiet since, one still
    poor since 2021, one escaped in 2024."""
    escaped_long_ago = register(any_backend, "QT-001")
    recognised(any_backend, escaped_long_ago, 1_200_000, 4, 2021)
    recognised(any_backend, escaped_long_ago, 3_000_000, 0, 2022)
    still_poor = register(any_backend, "QT-002")
    recognised(any_backend, still_poor, 1_200_000, 4, 2021)
    escaped_lately = register(any_backend, "QT-003")
    recognised(any_backend, escaped_lately, 1_200_000, 4, 2021)
    recognised(any_backend, escaped_lately, 3_000_000, 0, 2024)
    any_backend.reads.catch_up()
    return {"long ago": escaped_long_ago, "poor": still_poor, "lately": escaped_lately}


def test_only_a_household_off_the_lists_and_quiet_for_the_period_is_due(
    any_backend: System, city: dict[str, str]
) -> None:
    due = any_backend.retention.due(YEARS)
    assert [(d["id"], d["last_entry"], d["kept_until"]) for d in due] == [
        (city["long ago"], "2022-12-10", "2025-12-10")
    ]


def test_the_due_households_are_erased_naming_the_retention_and_then_none_is_due(
    any_backend: System, city: dict[str, str]
) -> None:
    any_backend.retention.erase_due(YEARS)
    any_backend.reads.catch_up()

    erased = any_backend.households.get(city["long ago"])
    assert erased["erased"]["actor"] == "giamngheo-retention"
    assert "3 năm" in erased["erased"]["reason"]
    assert {m["full_name"] for m in erased["members"]} == {ERASED}
    assert any_backend.households.get(city["lately"])["erased"] is None
    assert any_backend.retention.due(YEARS) == []


def test_without_a_period_set_by_the_city_nothing_is_judged(
    any_backend: System, city: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as refused:
        any_backend.retention.due(None)
    assert refused.value.code == "retention-not-set"

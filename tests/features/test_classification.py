"""Bindings for features/classification.feature."""

from __future__ import annotations

from datetime import date

from pytest_bdd import scenarios, then, when

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.domain.spec import SPEC_INDICATORS
from tests.features.conftest import latest_entry, step

scenarios("classification.feature")


@when(
    step(
        "a {kind} review on {on:Date} finds these deprivations, "
        "with an income of {income:Money} VND:"
    ),
    target_fixture="outcome",
)
def review_finds_these(
    desk: Desk,
    household: HouseholdRef,
    kind: str,
    on: date,
    income: int,
    datatable: list[list[str]],
) -> Outcome:
    keys = [row[0] for row in datatable]
    body = desk.survey_body(on, income, len(keys), kind, keys=keys)
    return desk.survey(household.id, body)


@when(
    step("a {kind} review on {on:Date} answers the indicators of {standard_id}"),
    target_fixture="outcome",
)
def review_answers_indicators_of(
    desk: Desk, household: HouseholdRef, kind: str, on: date, standard_id: str
) -> Outcome:
    keys = SPEC_INDICATORS[standard_id]
    return desk.survey(household.id, desk.survey_body(on, 1_000_000, 0, kind, keys=keys))


@then(step("the survey is recorded under {standard_id}"))
def survey_recorded_under(desk: Desk, household: HouseholdRef, standard_id: str) -> None:
    data = latest_entry(desk, household, "HouseholdSurveyed")["data"]
    assert data["standard_id"] == standard_id
    assert set(data["deprivations"]) == set(SPEC_INDICATORS[standard_id])


@then(step("the recognition counts {count:d} deprivations"))
def recognition_counts(desk: Desk, household: HouseholdRef, count: int) -> None:
    data = latest_entry(desk, household, "HouseholdClassified")["data"]
    surveyed = latest_entry(desk, household, "HouseholdSurveyed")["data"]["deprivations"]
    assert data["deprivation_count"] == count
    assert sorted(data["deprived"]) == sorted(k for k, deprived in surveyed.items() if deprived)

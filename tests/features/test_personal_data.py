"""Bindings for features/personal_data.feature."""

from __future__ import annotations

from pytest_bdd import given, scenarios, when

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import step

scenarios("personal_data.feature")


@given(step('the caseworker erased the household\'s personal data because "{reason}"'))
def erased(desk: Desk, household: HouseholdRef, reason: str) -> None:
    desk.erase(household.id, reason).expect_accepted()


@when(
    step('the caseworker erases the household\'s personal data because "{reason}"'),
    target_fixture="outcome",
)
def erases(desk: Desk, household: HouseholdRef, reason: str) -> Outcome:
    return desk.erase(household.id, reason)

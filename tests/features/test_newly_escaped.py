"""Bindings for features/newly_escaped.feature."""

from __future__ import annotations

from datetime import date

from pytest_bdd import scenarios, then

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import latest_entry, step

scenarios("newly_escaped.feature")


def newly_escaped_until(desk: Desk, household: HouseholdRef, on: date) -> str | None:
    until: str | None = desk.view(household.id, as_of=on)["newly_escaped_until"]
    return until


@then(step("the household is newly escaped until {until:Date}"))
def newly_escaped_until_date(desk: Desk, household: HouseholdRef, until: date) -> None:
    escape = latest_entry(desk, household, "EscapedPoverty")
    assert escape["data"]["newly_escaped_until"] == until.isoformat()
    since = date.fromisoformat(escape["effective_date"])
    assert newly_escaped_until(desk, household, since) == until.isoformat()


@then("the household is not newly escaped")
def not_newly_escaped(desk: Desk, household: HouseholdRef, outcome: Outcome) -> None:
    assert outcome.expect_accepted()["newly_escaped_until"] is None
    assert desk.view(household.id)["newly_escaped_until"] is None

"""Bindings for features/retractions.feature."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, scenarios, then, when

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import latest_entry, step

scenarios("retractions.feature")


@given(
    step("a {programme} loan of {amount:Money} VND over {term:d} months was granted on {on:Date}")
)
def loan_granted(
    desk: Desk, household: HouseholdRef, programme: str, amount: int, term: int, on: date
) -> None:
    desk.grant_loan(household.id, on, programme, amount, term).expect_accepted()


@then(step('the latest {event_type:EventType} entry is marked retracted because "{reason}"'))
def marked_retracted(desk: Desk, household: HouseholdRef, event_type: str, reason: str) -> None:
    entry = latest_entry(desk, household, event_type)
    retraction = latest_entry(desk, household, "EntryRetracted")
    assert entry["retracted_by"] == {
        "version": retraction["version"],
        "reason": reason,
        "actor": desk.actor.username,
    }


@then("the household has no loans")
def no_loans(desk: Desk, household: HouseholdRef) -> None:
    assert desk.view(household.id)["loans"] == []


@then(step("on {on:Date} the household is {verdict} as newly escaped"))
def counted_newly_escaped(desk: Desk, household: HouseholdRef, on: date, verdict: str) -> None:
    assert verdict in ("counted", "not counted")
    until = desk.view(household.id, as_of=on)["newly_escaped_until"]
    assert (until is not None) == (verdict == "counted")


@then(step("a NEWLY_ESCAPED loan on {on:Date} is refused as ineligible"))
def newly_escaped_loan_refused(desk: Desk, household: HouseholdRef, on: date) -> None:
    desk.grant_loan(household.id, on, "NEWLY_ESCAPED", 10_000_000).expect_refused(
        "loan-eligibility", "programme"
    )


@given(step('the caseworker voided the registration because "{reason}"'))
def voided(desk: Desk, household: HouseholdRef, reason: str) -> None:
    desk.void(household.id, reason).expect_accepted()


@when(step('the caseworker voids the registration because "{reason}"'), target_fixture="outcome")
def voids(desk: Desk, household: HouseholdRef, reason: str) -> Outcome:
    return desk.void(household.id, reason)


@then(step('the household is marked voided because "{reason}"'))
def marked_voided(desk: Desk, household: HouseholdRef, reason: str) -> None:
    void = desk.view(household.id)["voided"]
    assert (void["reason"], void["actor"]) == (reason, desk.actor.username)
    assert void["version"] == latest_entry(desk, household, "RegistrationVoided")["version"]


@then("the household is not voided")
def not_voided(desk: Desk, household: HouseholdRef) -> None:
    assert desk.view(household.id)["voided"] is None

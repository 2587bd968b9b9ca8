"""Bindings for features/members_and_employment.feature."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, scenarios, then, when

from tests.application.desk import Desk, HouseholdRef, Outcome, member
from tests.features.conftest import names, step

scenarios("members_and_employment.feature")

SEXES = {"man": "M", "woman": "F"}


@given(
    step("a household registered on {on:Date} whose head is a {sex} born on {born:Date}"),
    target_fixture="household",
)
def household_headed_by(desk: Desk, on: date, sex: str, born: date) -> HouseholdRef:
    head = member("Người Lao Động", SEXES[sex], born.isoformat(), "HEAD")
    return desk.register(on, members=(head,))


@given(step('a job for "{name}" starting on {on:Date} was recorded'))
def job_was_recorded(desk: Desk, household: HouseholdRef, name: str, on: date) -> None:
    desk.secure_employment(household.id, household.member_ids[name], on).expect_accepted()


@when(step('a job for "{name}" starting on {on:Date} is recorded'), target_fixture="outcome")
def job_for_member(desk: Desk, household: HouseholdRef, name: str, on: date) -> Outcome:
    return desk.secure_employment(household.id, household.member_ids[name], on)


@when(step("a job for the head starting on {on:Date} is recorded"), target_fixture="outcome")
def job_for_head(desk: Desk, household: HouseholdRef, on: date) -> Outcome:
    (head_id,) = household.member_ids.values()
    return desk.secure_employment(household.id, head_id, on)


@then(step("the job is {verdict}"))
def job_verdict(desk: Desk, household: HouseholdRef, outcome: Outcome, verdict: str) -> None:
    jobs = desk.entries_of(household.id, "EmploymentSecured")
    if verdict == "recorded":
        outcome.expect_accepted()
        assert len(jobs) == 1
    else:
        assert verdict == "refused as not of working age"
        outcome.expect_refused("not-working-age", "member_id")
        assert jobs == []


@then(step("on {on:Date} the household's members are {listed}"))
def members_on(desk: Desk, household: HouseholdRef, on: date, listed: str) -> None:
    shown = [m["full_name"] for m in desk.view(household.id, as_of=on)["members"]]
    assert sorted(shown) == sorted(names(listed))


@when(step('"{name}" is named head from {on:Date}'), target_fixture="outcome")
def named_head_from(desk: Desk, household: HouseholdRef, name: str, on: date) -> Outcome:
    return desk.change_head(household.id, household.member_ids[name], on)

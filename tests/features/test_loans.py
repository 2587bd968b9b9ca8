"""Bindings for features/loans.feature."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pytest_bdd import given, scenarios, then, when

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import latest_entry, step

scenarios("loans.feature")


@given(step("{amount:Money} VND of it was repaid on {on:Date}"))
def loan_was_repaid(
    desk: Desk, household: HouseholdRef, loan_id: str, amount: int, on: date
) -> None:
    desk.repay(household.id, loan_id, on, amount).expect_accepted()


@when(step("{amount:Money} VND of it is repaid on {on:Date}"), target_fixture="outcome")
def loan_is_repaid(
    desk: Desk, household: HouseholdRef, loan_id: str, amount: int, on: date
) -> Outcome:
    return desk.repay(household.id, loan_id, on, amount)


@then(step("the repayment is {verdict}"))
def repayment_verdict(outcome: Outcome, verdict: str) -> None:
    if verdict == "recorded":
        outcome.expect_accepted()
    else:
        assert verdict == "refused"
        outcome.expect_refused("repayment-exceeds-balance", "amount_vnd")


@then(step("the loan's outstanding balance is {balance:Money} VND"))
def outstanding_balance(desk: Desk, household: HouseholdRef, loan_id: str, balance: int) -> None:
    loans = {loan["loan_id"]: loan for loan in desk.view(household.id)["loans"]}
    assert loans[loan_id]["outstanding_vnd"] == balance


@then(step("the loan is granted at {rate} % a year"))
def loan_granted_at(desk: Desk, household: HouseholdRef, outcome: Outcome, rate: str) -> None:
    loan_id = outcome.expect_accepted()["loan_id"]
    granted = latest_entry(desk, household, "LoanGranted")["data"]
    assert granted["loan_id"] == loan_id
    assert Decimal(granted["annual_rate_pct"]) == Decimal(rate)
    (shown,) = (loan for loan in desk.view(household.id)["loans"] if loan["loan_id"] == loan_id)
    assert Decimal(shown["annual_rate_pct"]) == Decimal(rate)

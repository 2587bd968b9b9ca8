"""Steps of features/review_decision.feature: households of one commune, surveyed in the 2026
review, recognised by one decision of the commune's chairman."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application import inputs
from application.commands import Actor, context
from application.system import System
from domain.errors import DomainError
from tests.application.desk import Desk, HouseholdRef, Outcome, open_system
from tests.features.conftest import CITY_CASEWORKER, step

scenarios("review_decision.feature")

TODAY = date(2026, 11, 28)
# Answers that lead to each status under the standards of 2025 and of 2027, in a rural commune.
ANSWERS = {"POOR": (1_000_000, 6), "NEAR_POOR": (1_000_000, 0), "NON_POOR": (20_000_000, 0)}


class Review:
    """The commune's households by code, and their versions before the decision."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.desk = Desk(system, CITY_CASEWORKER)
        self.households: dict[str, HouseholdRef] = {}
        self.versions: dict[str, int] = {}

    def version(self, code: str) -> int:
        return self.desk.version(self.households[code].id)


@pytest.fixture
def review() -> Iterator[Review]:
    system = open_system(TODAY)
    yield Review(system)
    system.close()


def rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *body = datatable
    return [dict(zip(header, row, strict=True)) for row in body]


def codes_of(text: str) -> list[str]:
    return [] if text == "nothing" else text.split(", ")


@given(step('households of commune {commune} "{name}" recognised on {on:Date}:'))
def recognised_households(
    review: Review, commune: str, name: str, on: date, datatable: list[list[str]]
) -> None:
    for row in rows(datatable):
        registered = review.desk.register(date(2025, 8, 1), commune_code=commune, code=row["code"])
        review.households[row["code"]] = registered
        if row["status"] != "nothing":
            income, deprived = ANSWERS[row["status"]]
            outcome = review.desk.review(registered.id, on, on, income, deprived)
            assert outcome.expect_accepted()["status"] == row["status"]


@given(step("the {year:d} review of commune {commune} surveyed on {on:Date}:"))
def surveyed(review: Review, year: int, commune: str, on: date, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        income, deprived = ANSWERS[row["finds"]]
        body = review.desk.survey_body(on, income, deprived, kind="PERIODIC")
        household = review.households[row["code"]]
        assert review.desk.survey(household.id, body).expect_accepted()["preview"]
    review.versions = {code: review.version(code) for code in review.households}


def issue(review: Review, own: str, number: str, commune: str, on: date, codes: str) -> Outcome:
    chairman = Actor(f"chutich.{own}", "chairman", own)
    body: dict[str, Any] = {
        "decision_ref": number,
        "signer": "Nguyễn Văn Bình, Chủ tịch UBND xã",
        "effective_date": on.isoformat(),
        "households": codes_of(codes),
    }
    try:
        answer = review.system.decisions.issue(
            context(chairman), commune, inputs.IssueDecision.parse(body)
        ).answer
        return Outcome(answer, None, 0, 0)
    except DomainError as error:
        return Outcome(None, error, 0, 0)


@given(
    step('the chairman of commune {commune} issued decision "{number}" on {on:Date} for {codes}')
)
def issued(review: Review, commune: str, number: str, on: date, codes: str) -> None:
    issue(review, commune, number, commune, on, codes).expect_accepted()


@when(
    step('the chairman of commune {commune} issues decision "{number}" on {on:Date} for {codes}'),
    target_fixture="outcome",
)
def issues(review: Review, commune: str, number: str, on: date, codes: str) -> Outcome:
    return issue(review, commune, number, commune, on, codes)


@when(
    step(
        'the chairman of commune {own} issues decision "{number}" of commune {commune} '
        "on {on:Date} for {codes}"
    ),
    target_fixture="outcome",
)
def issues_elsewhere(
    review: Review, own: str, number: str, commune: str, on: date, codes: str
) -> Outcome:
    return issue(review, own, number, commune, on, codes)


@then(parsers.parse("the decision's lists are:"))
def decision_lists(review: Review, outcome: Outcome, datatable: list[list[str]]) -> None:
    by_id = {ref.id: code for code, ref in review.households.items()}
    lists = outcome.expect_accepted()["lists"]
    assert {name: [by_id[h] for h in ids] for name, ids in lists.items()} == {
        row["list"]: codes_of(row["households"]) for row in rows(datatable)
    }


@then(step('household {code} is {status:Status} from {on:Date} by decision "{number}"'))
def recognised_by(review: Review, code: str, status: str, on: date, number: str) -> None:
    view = review.desk.view(review.households[code].id)
    assert (view["status"], view["status_since"]) == (status, on.isoformat())
    assert view["status_decision"]["decision_ref"] == number


@then("no household of the review has a new entry")
def nothing_new(review: Review) -> None:
    assert {code: review.version(code) for code in review.households} == review.versions

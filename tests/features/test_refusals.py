"""Bindings for features/refusals.feature: what a refused registration or loan says, in each
language, and that it recorded nothing."""

from __future__ import annotations

import re
from typing import Any

from parse import with_pattern
from pytest_bdd import parsers, scenarios, then, when

from application import inputs
from application.system import System
from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import parse_date, step

scenarios("refusals.feature")

LANGUAGES = {"Vietnamese": "vi", "English": "en"}


@with_pattern(r'[^"]*')
def parse_typed(text: str) -> str:
    """What was typed into a field, empty included."""
    return text


_ITEM = re.compile(r"([a-z_]+)\[([0-9]+)\]\.([a-z_]+)")


def with_value(body: dict[str, Any], path: str, value: str) -> None:
    """The registration with the field at `path` (`members[1].sex`) typed as `value`."""
    item = _ITEM.fullmatch(path)
    if item is None:
        body[path] = value
    else:
        body[item[1]][int(item[2])][item[3]] = value


def registered_with(desk: Desk, on: str, mistakes: dict[str, str]) -> Outcome:
    body = desk.registration(parse_date(on))
    for path, value in mistakes.items():
        with_value(body, path, value)
    return desk.attempt_registration(body)


def registered(system: System) -> int:
    return len(system.households.list_registered())


@when(
    parsers.parse(
        'a household is registered on {on} with {field} set to "{value:Typed}"',
        extra_types={"Typed": parse_typed},
    ),
    target_fixture="outcome",
)
def registered_with_one(desk: Desk, on: str, field: str, value: str) -> Outcome:
    return registered_with(desk, on, {field: value})


@when(step("a household is registered on {on} with these mistakes"), target_fixture="outcome")
def registered_with_several(desk: Desk, on: str, datatable: list[list[str]]) -> Outcome:
    return registered_with(desk, on, dict(datatable[1:]))


@when(
    parsers.parse(
        'a JOB_CREATION loan is asked for on {on} with {field} set to "{value:Typed}"',
        extra_types={"Typed": parse_typed},
    ),
    target_fixture="outcome",
)
def loan_asked_with(
    desk: Desk, household: HouseholdRef, on: str, field: str, value: str
) -> Outcome:
    body: dict[str, Any] = {
        "effective_date": on,
        "programme": "JOB_CREATION",
        "amount_vnd": 20_000_000,
        "term_months": 36,
        "purpose": "chăn nuôi",
        "organisation": "FARMERS_UNION",
        field: int(value) if re.fullmatch(r"-?[0-9]+", value) else value,
    }
    return desk.attempt(
        household.id,
        lambda ctx: desk.households.grant_loan(ctx, household.id, inputs.GrantLoan.parse(body)),
    )


@then("the registration is refused and nothing is recorded")
def registration_refused(desk: Desk, outcome: Outcome) -> None:
    assert outcome.error is not None, f"accepted: {outcome.answer}"
    assert registered(desk.system) == 0


@then(step('in {language} the refusal of {field} says "{message}"'))
def refusal_says(outcome: Outcome, language: str, field: str, message: str) -> None:
    assert outcome.error is not None, f"accepted: {outcome.answer}"
    said = {r.field: r.message(LANGUAGES[language]) for r in outcome.error.refusals}
    assert said == {field: message}


@then("the refusal names these fields, each with its message in Vietnamese")
def refusal_names(outcome: Outcome, datatable: list[list[str]]) -> None:
    assert outcome.error is not None, f"accepted: {outcome.answer}"
    said = {r.field: r.message("vi") for r in outcome.error.refusals}
    assert said == dict(datatable[1:])

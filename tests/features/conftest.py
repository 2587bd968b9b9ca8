"""Steps shared by the features: a caseworker's desk on the in-memory store, households,
reviews and recognitions, loans, and what the user sees after a command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from parse import with_pattern
from pytest_bdd import given, parsers, then, when

from application.commands import Actor
from application.system import System
from bench.provincial import add_city_standard
from projections.figures import BY_ID
from tests.application.desk import (
    HEAD,
    SPOUSE,
    Desk,
    HouseholdRef,
    Outcome,
    open_system,
)

# ---- how step text becomes values ---------------------------------------------------------


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def parse_date(text: str) -> date:
    return date.fromisoformat(text)


@with_pattern(r"\d[\d,]*")
def parse_money(text: str) -> int:
    return int(text.replace(",", ""))


@with_pattern(r"nothing|[A-Z_]+(?:, [A-Z_]+)*")
def parse_statuses(text: str) -> list[str]:
    return [] if text == "nothing" else text.split(", ")


@with_pattern(r"nothing|[A-Z_]+")
def parse_status(text: str) -> str | None:
    return None if text == "nothing" else text


@with_pattern(r"[A-Z][A-Za-z]+")
def parse_event_type(text: str) -> str:
    return text


@with_pattern(r"[a-z_]+(?:\.[A-Za-z_]+)?")
def parse_figure_id(text: str) -> str:
    return text


@with_pattern(r"[\^?]?\d+")
def parse_code(text: str) -> str:
    """An area's code: a unit's, or (^) a province's territory before 2025."""
    return text


@with_pattern(r'[^"]+')
def parse_name(text: str) -> str:
    return text


@with_pattern(r"yes|no")
def parse_yes_no(text: str) -> bool:
    return text == "yes"


TYPES: dict[str, Callable[[str], Any]] = {
    "Date": parse_date,
    "Money": parse_money,
    "Statuses": parse_statuses,
    "Status": parse_status,
    "EventType": parse_event_type,
    "Figure": parse_figure_id,
    "Code": parse_code,
    "Name": parse_name,
    "YesNo": parse_yes_no,
}


def shown(figure: dict[str, Any], figure_id: str) -> str:
    """A figure as a supervisor reads it: a percentage with its parts, "—" for no value."""

    def number(value: int | None) -> str:
        return "—" if value is None else f"{value:,}"

    if not BY_ID[figure_id].percent:
        return number(figure["numerator"])
    value = "—" if figure["value"] is None else f"{figure['value']:.1f} %"
    return f"{value} ({number(figure['numerator'])} of {number(figure['denominator'])})"


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


# ---- the desk -----------------------------------------------------------------------------


# The scenarios record households of several communes through one desk: its caseworker's area
# is the city, since a household outside the caseworker's area does not exist for them.
CITY_CASEWORKER = Actor("canbo.thanhpho", "caseworker", "31")


def desk_for(today: date, request: pytest.FixtureRequest) -> Desk:
    system = open_system(today)
    request.addfinalizer(system.close)
    return Desk(system, CITY_CASEWORKER)


@pytest.fixture
def desk(system: System) -> Desk:
    """The caseworker's desk on the shared in-memory system, today being tests.conftest.TODAY."""
    return Desk(system, CITY_CASEWORKER)


@given(step("today is {today:Date}"), target_fixture="desk")
def today_is(today: date, request: pytest.FixtureRequest) -> Desk:
    return desk_for(today, request)


# ---- households ---------------------------------------------------------------------------


@given(step("a household registered on {on:Date}"), target_fixture="household")
def household_registered(desk: Desk, on: date) -> HouseholdRef:
    return desk.register(on)


@given(
    step('a household registered on {on:Date} in commune {code:d} "{name}"'),
    converters={"code": str},
    target_fixture="household",
)
def household_registered_in(
    desk: Desk, on: date, code: str, name: str, farming: bool = False
) -> HouseholdRef:
    """The commune is named as the caseworker sees it on the registration date."""
    commune = desk.system.areas.check_commune(code, on)
    assert commune.name == name, f"commune {code} is {commune.name} on {on}"
    return desk.register(on, commune_code=code, flags={"agricultural": farming})


@given(
    step('a farming household registered on {on:Date} in commune {code:d} "{name}"'),
    converters={"code": str},
    target_fixture="household",
)
def farming_household_registered_in(desk: Desk, on: date, code: str, name: str) -> HouseholdRef:
    """Of farming, forestry, fishing or salt-making (the category `agricultural`)."""
    return household_registered_in(desk, on, code, name, farming=True)


CATEGORY_CHANGE = step("the household's category {key} becomes {value:YesNo} on {on:Date}")


@given(CATEGORY_CHANGE, target_fixture="outcome")
@when(CATEGORY_CHANGE, target_fixture="outcome")
def category_changed(
    desk: Desk, household: HouseholdRef, key: str, value: bool, on: date
) -> Outcome:
    return desk.change_categories(household.id, on, **{key: value})


@then(step("the household's category {key} is {value:YesNo} on {on:Date}"))
def category_on(desk: Desk, household: HouseholdRef, key: str, value: bool, on: date) -> None:
    assert desk.view(household.id, as_of=on)["categories"][key] is value


@then(step("the survey's income is {where} the average band"))
def income_in_band(desk: Desk, household: HouseholdRef, where: str) -> None:
    assert where in ("inside", "outside")
    (recognition,) = desk.entries_of(household.id, "HouseholdClassified")
    assert recognition["data"]["average_band"] is (where == "inside")


# ---- members ------------------------------------------------------------------------------


@given(step('"{name}" was named head on {on:Date}'))
def named_head(desk: Desk, household: HouseholdRef, name: str, on: date) -> None:
    desk.change_head(household.id, household.member_ids[name], on).expect_accepted()


@given(step('"{name}" left the household on {on:Date} as {reason}'))
def member_left(desk: Desk, household: HouseholdRef, name: str, on: date, reason: str) -> None:
    desk.remove_member(household.id, household.member_ids[name], on, reason).expect_accepted()


@when(step('"{name}" leaves the household on {on:Date} as {reason}'), target_fixture="outcome")
def member_leaves(desk: Desk, household: HouseholdRef, name: str, on: date, reason: str) -> Outcome:
    return desk.remove_member(household.id, household.member_ids[name], on, reason)


@then(step('the household\'s head is "{name}"'))
def head_is(desk: Desk, household: HouseholdRef, name: str) -> None:
    heads = [m["full_name"] for m in desk.view(household.id)["members"] if m["is_head"]]
    assert heads == [name]


# ---- reviews and recognitions -------------------------------------------------------------


@given(step("the household was recognised as {status} on {on:Date}"))
def recognised_on(desk: Desk, household: HouseholdRef, status: str, on: date) -> None:
    desk.recognise(household.id, status, on).expect_accepted()


@given(step("the household was recognised yearly from {first:Date} as {statuses:Statuses}"))
def recognised_yearly(
    desk: Desk, household: HouseholdRef, first: date, statuses: list[str]
) -> None:
    for years, status in enumerate(statuses):
        on = first.replace(year=first.year + years)
        desk.recognise(household.id, status, on).expect_accepted()


@when(
    step(
        "a {kind} review on {on:Date} finds an income of {income:Money} VND "
        "and {deprived:d} deprivations"
    ),
    target_fixture="outcome",
)
def review_finds(
    desk: Desk, household: HouseholdRef, kind: str, on: date, income: int, deprived: int
) -> Outcome:
    return desk.survey(household.id, desk.survey_body(on, income, deprived, kind))


@when(step("the household is recognised on {on:Date}"), target_fixture="outcome")
def recognised_after_review(
    desk: Desk, household: HouseholdRef, outcome: Outcome, on: date
) -> Outcome:
    survey_id = outcome.expect_accepted()["survey_id"]
    return desk.classify(household.id, on, survey_id)


@when(step("the household is recognised as {status} on {on:Date}"), target_fixture="outcome")
def recognised_as(desk: Desk, household: HouseholdRef, status: str, on: date) -> Outcome:
    return desk.recognise(household.id, status, on)


@then(step("on {on:Date} the household {verdict} newly escaped"))
def newly_escaped_on(desk: Desk, household: HouseholdRef, on: date, verdict: str) -> None:
    assert verdict in ("is", "is not")
    until = desk.view(household.id, as_of=on)["newly_escaped_until"]
    assert (until is not None) == (verdict == "is")


# ---- loans --------------------------------------------------------------------------------

LOAN_REFUSALS = {
    "refused as ineligible": ("loan-eligibility", "programme"),
    "refused over the ceiling": ("loan-ceiling", "amount_vnd"),
    "refused over the term": ("loan-term", "term_months"),
    "refused outside rural communes": ("loan-rural-only", "programme"),
}


@when(
    step("a {programme} loan of {amount:Money} VND over {term:d} months is disbursed on {on:Date}"),
    target_fixture="outcome",
)
def loan_disbursed(
    desk: Desk, household: HouseholdRef, programme: str, amount: int, term: int, on: date
) -> Outcome:
    return desk.grant_loan(household.id, on, programme, amount, term)


@given(
    step(
        "a {programme} loan of {amount:Money} VND over {term:d} months was disbursed on {on:Date}"
    ),
    target_fixture="loan_id",
)
def loan_was_disbursed(
    desk: Desk, household: HouseholdRef, programme: str, amount: int, term: int, on: date
) -> str:
    answer = desk.grant_loan(household.id, on, programme, amount, term).expect_accepted()
    loan_id: str = answer["loan_id"]
    return loan_id


@when(
    step(
        "a {programme} loan of {amount:Money} VND over {term:d} months is disbursed on {on:Date}"
        ' through "{organisation}" and the group "{group}"'
    ),
    target_fixture="outcome",
)
def loan_disbursed_through(
    desk: Desk,
    household: HouseholdRef,
    programme: str,
    amount: int,
    term: int,
    on: date,
    organisation: str,
    group: str,
) -> Outcome:
    return desk.grant_loan(household.id, on, programme, amount, term, organisation, group)


@then(step('the household\'s loan is entrusted to "{organisation}" and the group "{group}"'))
def loan_entrusted(desk: Desk, household: HouseholdRef, organisation: str, group: str) -> None:
    (loan,) = desk.view(household.id)["loans"]
    assert (loan["organisation"], loan["savings_group"]) == (organisation, group)


@then(step("the loan is {verdict}"))
def loan_verdict(desk: Desk, household: HouseholdRef, outcome: Outcome, verdict: str) -> None:
    """Granted: the household's latest loan; refused: nothing recorded."""
    granted = [e["data"]["loan_id"] for e in desk.entries_of(household.id, "LoanGranted")]
    if verdict == "granted":
        assert granted[-1] == outcome.expect_accepted()["loan_id"]
    else:
        outcome.expect_refused(*LOAN_REFUSALS[verdict])


# ---- what the user sees -------------------------------------------------------------------


@then("the request is accepted")
def request_accepted(outcome: Outcome) -> None:
    outcome.expect_accepted()


@then(step('the request is refused with "{code}" on field "{field}"'))
def request_refused(outcome: Outcome, code: str, field: str | None) -> None:
    error = outcome.expect_refused(code, field)
    assert error.message("vi")
    assert error.message("en")


@then(step('the request is refused with "{code:Name}"'))
def request_refused_by_rule(outcome: Outcome, code: str) -> None:
    """A rule about the whole household, not one field, refused it."""
    request_refused(outcome, code, None)


@then("nothing is recorded")
def nothing_recorded(desk: Desk, household: HouseholdRef, outcome: Outcome) -> None:
    assert outcome.version_after == outcome.version_before
    assert len(desk.entries(household.id)) == outcome.version_before


@then(step("the household's status is {status:Status}"))
def status_now(desk: Desk, household: HouseholdRef, status: str | None) -> None:
    assert desk.view(household.id)["status"] == status


@then(step("the transition is {transition}"))
def transition_is(outcome: Outcome, transition: str) -> None:
    assert outcome.expect_accepted()["transition"] == transition


@then(step("the previous status was {status:Status}"))
def previous_status_was(outcome: Outcome, status: str | None) -> None:
    assert outcome.expect_accepted()["previous_status"] == status


def latest_entry(desk: Desk, household: HouseholdRef, event_type: str) -> dict[str, Any]:
    found = desk.entries_of(household.id, event_type)
    assert found, f"no {event_type} entry in the history"
    return found[-1]


@given(
    step(
        'the city has its own standard "{standard_id}" from {on:Date} with the lines '
        "{rural:Money} rural and {urban:Money} urban"
    )
)
def city_standard(
    request: pytest.FixtureRequest, standard_id: str, on: date, rural: int, urban: int
) -> None:
    request.addfinalizer(add_city_standard(standard_id, on, rural, urban))


@then(step('under "{standard_id}" the household is {status:Status}'))
def status_under(desk: Desk, household: HouseholdRef, standard_id: str, status: str) -> None:
    local = desk.view(household.id)["status_decision"]["local"]
    assert (local["standard_id"], local["status"]) == (standard_id, status)


@then(step("the classification used {standard_id} with the {area} income line of {line:Money} VND"))
def classification_used(
    desk: Desk, household: HouseholdRef, standard_id: str, area: str, line: int
) -> None:
    data = latest_entry(desk, household, "HouseholdClassified")["data"]
    assert (data["standard_id"], data["area_kind"], data["income_threshold_vnd"]) == (
        standard_id,
        area,
        line,
    )
    assert desk.view(household.id)["status_decision"]["standard_id"] == standard_id


# ---- members, retractions and the history (shared by several features) ----------------

ORDINALS = {"first": 0, "latest": -1}


def names(text: str) -> list[str]:
    return [name.strip('"') for name in text.split(", ")]


@given(
    step('a household registered on {on:Date} with head "{head}" and spouse "{spouse}"'),
    target_fixture="household",
)
def household_with_head_and_spouse(desk: Desk, on: date, head: str, spouse: str) -> HouseholdRef:
    members = ({**HEAD, "full_name": head}, {**SPOUSE, "full_name": spouse})
    return desk.register(on, members=members)


@then(step("the household's members are {listed}"))
def members_are(desk: Desk, household: HouseholdRef, listed: str) -> None:
    shown = [m["full_name"] for m in desk.view(household.id)["members"]]
    assert sorted(shown) == sorted(names(listed))


def retract(
    desk: Desk, household: HouseholdRef, which: str, event_type: str, reason: str
) -> Outcome:
    found = desk.entries_of(household.id, event_type)
    assert found, f"no {event_type} entry in the history"
    return desk.retract(household.id, found[ORDINALS[which]]["version"], reason)


@given(step('the caseworker retracted the {which} {event_type:EventType} entry because "{reason}"'))
def retracted(
    desk: Desk, household: HouseholdRef, which: str, event_type: str, reason: str
) -> None:
    retract(desk, household, which, event_type, reason).expect_accepted()


@when(
    step('the caseworker retracts the {which} {event_type:EventType} entry because "{reason}"'),
    target_fixture="outcome",
)
def retracts(
    desk: Desk, household: HouseholdRef, which: str, event_type: str, reason: str
) -> Outcome:
    return retract(desk, household, which, event_type, reason)


@then(step("the history lists {types} oldest first"))
def history_lists(desk: Desk, household: HouseholdRef, types: str) -> None:
    entries = desk.entries(household.id)
    assert [e["type"] for e in entries] == types.split(", ")
    assert [e["version"] for e in entries] == sorted(e["version"] for e in entries)

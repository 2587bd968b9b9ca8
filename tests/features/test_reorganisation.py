"""Bindings for features/reorganisation.feature: households recorded through the application's
services on SQLite and on PostgreSQL, figures read from the projection and from the replay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, scenarios, then, when

from application import inputs
from application.commands import Actor, context
from application.infrastructure.settings import Settings
from application.system import System
from domain.errors import DomainError
from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.backends import BACKENDS, database_url
from tests.domain.spec import RURAL_2022_ANSWERS
from tests.features.conftest import shown, step

# Requested by the steps at run time, so named here for pytest to parametrize every scenario.
pytestmark = pytest.mark.usefixtures("backend")

scenarios("reorganisation.feature")

# The scenarios record households of both provinces, before and after the date: the desk's
# caseworker is the city's.
CITY_CASEWORKER = Actor("canbo.thanhpho", "caseworker", "31")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def households() -> dict[str, HouseholdRef]:
    return {}


@pytest.fixture
def outcome() -> dict[str, Outcome]:
    """The last command's outcome, by the key "last"."""
    return {}


@given(step("today is {today:Date} on each database"), target_fixture="desk")
def desk_on(today: date, backend: str, tmp_path: Path) -> Iterator[Desk]:
    with database_url(backend, tmp_path) as url:
        system = System.open(Settings(database_url=url), today=lambda: today)
        yield Desk(system, CITY_CASEWORKER)
        system.close()


# ---- households ---------------------------------------------------------------------------


@given(step('household "{name:Name}" was registered in commune {code:Code} on {on:Date}'))
def registered(
    desk: Desk, households: dict[str, HouseholdRef], name: str, code: str, on: date
) -> None:
    households[name] = desk.register(on, commune_code=code)


@given(step('household "{name:Name}" was recognised as {status:Status} on {on:Date}'))
def recognised(
    desk: Desk, households: dict[str, HouseholdRef], name: str, status: str, on: date
) -> None:
    desk.recognise(households[name].id, status, on).expect_accepted()


@given(
    step(
        'household "{name:Name}" was recognised as {status:Status} by the periodic review of '
        "{surveyed:Date} on {on:Date}"
    )
)
def reviewed(
    desk: Desk,
    households: dict[str, HouseholdRef],
    name: str,
    status: str,
    surveyed: date,
    on: date,
) -> None:
    income, deprived = RURAL_2022_ANSWERS[status]
    hid = households[name].id
    desk.review(hid, surveyed, on, income, deprived, "PERIODIC").expect_accepted()


@when(step('household "{name:Name}" is recognised as {status:Status} on {on:Date}'))
def recognising(
    desk: Desk,
    households: dict[str, HouseholdRef],
    outcome: dict[str, Outcome],
    name: str,
    status: str,
    on: date,
) -> None:
    outcome["last"] = desk.recognise(households[name].id, status, on)


@when(step('household "{name:Name}" is assigned to commune {code}'))
def assigning(
    desk: Desk,
    households: dict[str, HouseholdRef],
    outcome: dict[str, Outcome],
    name: str,
    code: str,
) -> None:
    if code == "nothing":
        return
    hid = households[name].id
    body = {"commune_code": code}
    outcome["last"] = desk.attempt(
        hid, lambda ctx: desk.households.assign(ctx, hid, inputs.AssignHousehold.parse(body))
    )


@when(step("a household is registered in commune {code:Code} on {on:Date}"))
def registering(
    desk: Desk,
    households: dict[str, HouseholdRef],
    outcome: dict[str, Outcome],
    code: str,
    on: date,
) -> None:
    result = desk.attempt_registration(desk.registration(on, commune_code=code))
    outcome["last"] = result
    if result.accepted:
        households["new"] = HouseholdRef(str(result.expect_accepted()["id"]), {}, on)


@when(step("the household is recognised as {status:Status} on {on:Date}"))
def recognising_new(
    desk: Desk,
    households: dict[str, HouseholdRef],
    outcome: dict[str, Outcome],
    status: str,
    on: date,
) -> None:
    outcome["last"] = desk.recognise(households["new"].id, status, on)
    outcome["last"].expect_accepted()


# ---- what is seen -------------------------------------------------------------------------


@then("the request is accepted")
def accepted(outcome: dict[str, Outcome]) -> None:
    outcome["last"].expect_accepted()


@then(step('the request is refused with "{code}" on field "{field}"'))
def refused(outcome: dict[str, Outcome], code: str, field: str) -> None:
    outcome["last"].expect_refused(code, field)


@then(step('the refusal names "{text:Name}"'))
def refusal_names(outcome: dict[str, Outcome], text: str) -> None:
    error = outcome["last"].error
    assert error is not None
    assert text in error.message("vi")


@then(step('household "{name:Name}" has no entry of the reorganisation'))
def no_entry(desk: Desk, households: dict[str, HouseholdRef], name: str) -> None:
    kinds = {entry["type"] for entry in desk.entries(households[name].id)}
    assert kinds == {"HouseholdRegistered", "HouseholdSurveyed", "HouseholdClassified"}


@then(step('commune {code:Code} is called "{name:Name}" on {on:Date}'))
def called(desk: Desk, code: str, name: str, on: date) -> None:
    assert desk.system.areas.name_of(code, on) == name


def figure_of(desk: Desk, figure_id: str, area: str, on: date) -> list[dict[str, Any]]:
    """The figure from the projection and from the replay: the two must agree."""
    desk.system.reads.catch_up()
    found = [
        desk.system.indicators.answer(area, on, None, source)["figures"][figure_id]
        for source in ("projection", "replay")
    ]
    assert found[0] == found[1], found
    return found


@then(step("{figure_id:Figure} in {area:Code} as of {on:Date} is {expected}"))
def figure_is(desk: Desk, figure_id: str, area: str, on: date, expected: str) -> None:
    (figure, _) = figure_of(desk, figure_id, area, on)
    assert shown(figure, figure_id) == expected


@then(step("the target of {figure_id:Figure} in {area:Code} as of {on:Date} is {expected}"))
def target_is(desk: Desk, figure_id: str, area: str, on: date, expected: str) -> None:
    (figure, _) = figure_of(desk, figure_id, area, on)
    target = figure["target"]
    assert ("—" if target is None else f"{target:g}") == expected


# ---- plans --------------------------------------------------------------------------------

CITY_ADMINISTRATOR = Actor("quantri.thanhpho", "administrator", "31")


def adoption(reference: str, area: str, start: date, end: date, models: int) -> dict[str, Any]:
    return {
        "reference": reference,
        "area_code": area,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "baseline_date": start.isoformat(),
        "targets": {"models": models},
        "effective_date": "2026-03-20",
    }


PLAN_STEP = (
    'the city\'s administrator {verb} plan "{reference:Name}" for area {area:Code} for '
    "{start:Date} to {end:Date} with a models target of {models:d}"
)


@given(step(PLAN_STEP.replace("{verb}", "adopted")))
def adopted(desk: Desk, reference: str, area: str, start: date, end: date, models: int) -> None:
    body = adoption(reference, area, start, end, models)
    desk.system.plans.adopt(context(CITY_ADMINISTRATOR), inputs.AdoptPlan.parse(body))


@when(step(PLAN_STEP.replace("{verb}", "adopts")))
def adopting(
    desk: Desk,
    outcome: dict[str, Outcome],
    reference: str,
    area: str,
    start: date,
    end: date,
    models: int,
) -> None:
    before = len(desk.system.plans.listing())
    body = adoption(reference, area, start, end, models)
    try:
        answer, error = (
            desk.system.plans.adopt(
                context(CITY_ADMINISTRATOR), inputs.AdoptPlan.parse(body)
            ).answer,
            None,
        )
    except DomainError as refusal:
        answer, error = None, refusal
    outcome["last"] = Outcome(answer, error, before, len(desk.system.plans.listing()))


@then(step('no plan "{reference:Name}" is recorded'))
def no_plan(desk: Desk, reference: str) -> None:
    assert reference not in {plan["reference"] for plan in desk.system.plans.listing()}


def answer_of(desk: Desk, area: str, on: date) -> dict[str, Any]:
    desk.system.reads.catch_up()
    return desk.system.indicators.answer(area, on, None, "projection")


@then(
    step('the figures of {area:Code} as of {on:Date} carry the targets of plan "{reference:Name}"')
)
def plan_of(desk: Desk, area: str, on: date, reference: str) -> None:
    assert answer_of(desk, area, on)["plan"]["reference"] == reference


@then(step("the figures of {area:Code} as of {on:Date} leave {count:d} households unplaced"))
def unplaced(desk: Desk, area: str, on: date, count: int) -> None:
    assert answer_of(desk, area, on)["unplaced"] == count

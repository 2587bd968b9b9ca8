"""Bindings for features/indicators.feature: households, models and officials recorded through
the application's services, then the figures read back from the source under test."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from parse import with_pattern
from pytest_bdd import given, parsers, scenarios, then, when

from application import inputs
from application.commands import Actor, context
from tests.application.desk import Desk, HouseholdRef, Outcome, member
from tests.domain.spec import RURAL_2022_ANSWERS
from tests.features.conftest import TYPES, parse_statuses, shown

# Requested by the steps at run time, so named here for pytest to parametrize every scenario.
pytestmark = pytest.mark.usefixtures("figure_source")

scenarios("indicators.feature")

YES_NO = {"yes": True, "no": False}
# Household totals are recorded by an administrator of an area holding theirs: the city's.
CITY_ADMINISTRATOR = Actor("quantri", "administrator", "31")


def step(text: str) -> parsers.parse:
    """The shared step types, and lists of needs, figure ids, area codes and quoted names."""
    extra = {**TYPES, "Needs": parse_statuses, "Answers": parse_answers}
    return parsers.parse(text, extra_types=extra)


@with_pattern(r"needs|causes")
def parse_answers(text: str) -> str:
    return text


@pytest.fixture(params=["replay", "projection"])
def figure_source(request: pytest.FixtureRequest) -> str:
    """Where the figures are read from; every scenario runs once per source."""
    source: str = request.param
    return source


@pytest.fixture
def households() -> dict[str, HouseholdRef]:
    return {}


@pytest.fixture
def loans() -> dict[str, str]:
    """Each household's latest loan id."""
    return {}


@pytest.fixture
def registered() -> dict[str, str]:
    """Models and officials by the name a scenario gives them."""
    return {}


@pytest.fixture
def instants() -> dict[str, datetime]:
    return {}


def member_id(desk: Desk, household: HouseholdRef, name: str) -> str:
    entries = desk.households.load(household.id).members.values()
    (found,) = (e.member.member_id for e in entries if e.member.full_name == name)
    return found


def read_figure(
    desk: Desk, source: str, figure_id: str, area: str, on: date, known_at: datetime | None = None
) -> dict[str, Any]:
    desk.system.reads.catch_up()  # no follower runs here: bring the projections up to date
    answer = desk.system.indicators.answer(area, on, known_at, source)
    assert answer["source"] == source
    figure: dict[str, Any] = answer["figures"][figure_id]
    return figure


# ---- households ---------------------------------------------------------------------------


@given(step('household "{name:Name}" was registered in commune {code:Code} on {on:Date}'))
def household_registered(
    desk: Desk, households: dict[str, HouseholdRef], name: str, code: str, on: date
) -> None:
    households[name] = desk.register(on, commune_code=code)


@given(
    step(
        'household "{name:Name}" was registered in commune {code:Code} on {on:Date} '
        "with the members"
    )
)
def household_registered_with(
    desk: Desk,
    households: dict[str, HouseholdRef],
    name: str,
    code: str,
    on: date,
    datatable: list[list[str]],
) -> None:
    members = [
        {**member(full_name, sex, born, relationship), "working_capable": YES_NO[able]}
        for full_name, sex, born, relationship, able in datatable[1:]
    ]
    households[name] = desk.register(on, commune_code=code, members=members)


@given(step('household "{name:Name}" moved to commune {code:Code} on {on:Date}'))
def household_moved(
    desk: Desk, households: dict[str, HouseholdRef], name: str, code: str, on: date
) -> None:
    hid = households[name].id
    body = {"effective_date": on.isoformat(), "commune_code": code, "village": "Tổ 2"}
    desk.attempt(
        hid, lambda ctx: desk.households.move(ctx, hid, inputs.MoveHousehold.parse(body))
    ).expect_accepted()


@given(
    step('household "{name:Name}" became {key} on {on:Date}'),
)
def household_became(
    desk: Desk, households: dict[str, HouseholdRef], name: str, key: str, on: date
) -> None:
    """Of the category `key` from `on` on (docs/spec/households.md, "Categories")."""
    desk.change_categories(households[name].id, on, **{key: True}).expect_accepted()


@given(step('household "{name:Name}" was no longer {key} from {on:Date}'))
def household_no_longer(
    desk: Desk, households: dict[str, HouseholdRef], name: str, key: str, on: date
) -> None:
    desk.change_categories(households[name].id, on, **{key: False}).expect_accepted()


@given(step('household "{name:Name}" was recognised as {status:Status} on {on:Date}'))
@when(step('household "{name:Name}" is recognised as {status:Status} on {on:Date}'))
def household_recognised(
    desk: Desk, households: dict[str, HouseholdRef], name: str, status: str, on: date
) -> None:
    desk.recognise(households[name].id, status, on).expect_accepted()


@given(
    step(
        'household "{name:Name}" was recognised as {status:Status} by the periodic review of '
        "{surveyed:Date} on {on:Date}"
    )
)
def household_recognised_after_periodic_review(
    desk: Desk,
    households: dict[str, HouseholdRef],
    name: str,
    status: str,
    surveyed: date,
    on: date,
) -> None:
    income, deprived = RURAL_2022_ANSWERS[status]
    hid = households[name].id
    desk.review(hid, surveyed, on, income, deprived, kind="PERIODIC").expect_accepted()


@given(
    step('household "{name:Name}" was recognised yearly from {first:Date} as {statuses:Statuses}')
)
def household_recognised_yearly(
    desk: Desk, households: dict[str, HouseholdRef], name: str, first: date, statuses: list[str]
) -> None:
    for years, status in enumerate(statuses):
        on = first.replace(year=first.year + years)
        desk.recognise(households[name].id, status, on).expect_accepted()


def survey_recording(
    desk: Desk, household: HouseholdRef, status: str, on: date, answers: dict[str, list[str]]
) -> str:
    income, deprived = RURAL_2022_ANSWERS[status]
    body = {**desk.survey_body(on, income, deprived), **answers}
    survey_id: str = desk.survey(household.id, body).expect_accepted()["survey_id"]
    return survey_id


@given(
    step(
        'household "{name:Name}" was recognised as {status:Status} on {on:Date} '
        "after a survey recording the {field:Answers} {values:Needs}"
    )
)
def household_recognised_with_answers(
    desk: Desk,
    households: dict[str, HouseholdRef],
    name: str,
    status: str,
    on: date,
    field: str,
    values: list[str],
) -> None:
    """`field`: the survey's needs or causes."""
    household = households[name]
    survey_id = survey_recording(desk, household, status, on, {field: values})
    desk.classify(household.id, on, survey_id).expect_accepted()


@given(
    step(
        'household "{name:Name}" was surveyed on {on:Date} recording the {field:Answers} '
        "{values:Needs}"
    )
)
def household_surveyed_with_answers(
    desk: Desk,
    households: dict[str, HouseholdRef],
    name: str,
    on: date,
    field: str,
    values: list[str],
) -> None:
    """A survey that is not (yet) recognised: the status stays, the answers are the survey's."""
    household = households[name]
    status = desk.view(household.id, as_of=on)["status"]
    survey_recording(desk, household, status, on, {field: values})


@given(
    step(
        'household "{name:Name}" was reviewed on {on:Date} with an income of {income:Money} VND '
        "and {deprived:d} deprivations"
    )
)
def household_reviewed(
    desk: Desk, households: dict[str, HouseholdRef], name: str, on: date, income: int, deprived: int
) -> None:
    desk.review(households[name].id, on, on, income, deprived).expect_accepted()


@given(
    step(
        'the city\'s administrator adopted plan "{reference:Name}" for area {area:Code} for '
        "{start:Date} to {end:Date} from the baseline {baseline:Date} counting by {standard}"
    )
)
def plan_counting_by(
    desk: Desk, reference: str, area: str, start: date, end: date, baseline: date, standard: str
) -> None:
    """`standard`: "the national standard", or a standard's id in quotes."""
    body = {
        "reference": reference,
        "area_code": area,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "baseline_date": baseline.isoformat(),
        "targets": {"near_poor_reduction": 50},
        "effective_date": start.isoformat(),
        "standard_id": "" if standard == "the national standard" else standard.strip('"'),
    }
    desk.system.plans.adopt(context(CITY_ADMINISTRATOR), inputs.AdoptPlan.parse(body))


@then(step('the status of household "{name:Name}" is {status:Status}'))
def household_status(
    desk: Desk, households: dict[str, HouseholdRef], name: str, status: str | None
) -> None:
    assert desk.view(households[name].id)["status"] == status


@given(
    step(
        "a {programme} loan of {amount:Money} VND was disbursed to household "
        '"{name:Name}" on {on:Date}'
    )
)
def loan_disbursed(
    desk: Desk,
    households: dict[str, HouseholdRef],
    loans: dict[str, str],
    programme: str,
    amount: int,
    name: str,
    on: date,
) -> None:
    answer = desk.grant_loan(households[name].id, on, programme, amount).expect_accepted()
    loans[name] = answer["loan_id"]


@given(step('{amount:Money} VND of household "{name:Name}"\'s loan was repaid on {on:Date}'))
def loan_repaid(
    desk: Desk,
    households: dict[str, HouseholdRef],
    loans: dict[str, str],
    amount: int,
    name: str,
    on: date,
) -> None:
    desk.repay(households[name].id, loans[name], on, amount).expect_accepted()


@given(
    step('production support was given to "{person:Name}" of household "{name:Name}" on {on:Date}')
)
def production_support_given(
    desk: Desk, households: dict[str, HouseholdRef], person: str, name: str, on: date
) -> None:
    household = households[name]
    body = {
        "effective_date": on.isoformat(),
        "kind": "PRODUCTION_CAPACITY",
        "project": 2,
        "member_id": member_id(desk, household, person),
        "provider": "Phòng Nông nghiệp",
    }
    desk.attempt(
        household.id,
        lambda ctx: desk.households.provide_support(
            ctx, household.id, inputs.ProvideSupport.parse(body)
        ),
    ).expect_accepted()


@given(step('"{person:Name}" of household "{name:Name}" started a job on {on:Date}'))
def job_started(
    desk: Desk, households: dict[str, HouseholdRef], person: str, name: str, on: date
) -> None:
    household = households[name]
    desk.secure_employment(household.id, member_id(desk, household, person), on).expect_accepted()


@given(step('"{person:Name}" of household "{name:Name}" moved out on {on:Date}'))
def member_moved_out(
    desk: Desk, households: dict[str, HouseholdRef], person: str, name: str, on: date
) -> None:
    household = households[name]
    who = member_id(desk, household, person)
    desk.remove_member(household.id, who, on, "MOVED_OUT").expect_accepted()


@given(step('the job of "{person:Name}" of household "{name:Name}" ended on {on:Date}'))
def job_ended(
    desk: Desk, households: dict[str, HouseholdRef], person: str, name: str, on: date
) -> None:
    household = households[name]
    who = member_id(desk, household, person)
    body = {"effective_date": on.isoformat()}
    desk.attempt(
        household.id,
        lambda ctx: desk.households.end_employment(
            ctx, household.id, who, inputs.Dated.parse(body)
        ),
    ).expect_accepted()


def retract_latest(
    desk: Desk, households: dict[str, HouseholdRef], name: str, event_type: str
) -> Outcome:
    household = households[name]
    latest = desk.entries_of(household.id, event_type)[-1]
    return desk.retract(household.id, latest["version"], "Nhập nhầm")


@given(
    step('the caseworker retracted household "{name:Name}"\'s latest {event_type:EventType} entry')
)
@when(
    step('the caseworker retracts household "{name:Name}"\'s latest {event_type:EventType} entry')
)
def caseworker_retracts(
    desk: Desk, households: dict[str, HouseholdRef], name: str, event_type: str
) -> None:
    retract_latest(desk, households, name, event_type).expect_accepted()


@when(step('the caseworker voids household "{name:Name}"\'s registration'))
def caseworker_voids(desk: Desk, households: dict[str, HouseholdRef], name: str) -> None:
    desk.void(households[name].id, "Đăng ký nhầm").expect_accepted()


# ---- areas, models and officials ----------------------------------------------------------


@given(step("area {code:Code} had {total:Money} households in {year:d}"))
def household_total(desk: Desk, code: str, total: int, year: int) -> None:
    desk.system.areas.record_household_total(context(CITY_ADMINISTRATOR), code, year, total)


@then(step("the commune {code:Code} lies in district {district:Code} on {on:Date}"))
def commune_district(desk: Desk, code: str, district: str, on: date) -> None:
    assert desk.system.areas.check_commune(code, on).parent_code == district


def establish_model(
    desk: Desk, registered: dict[str, str], code: str, commune: str, on: date, **extra: str
) -> None:
    body = {
        "code": code,
        "name": f"Mô hình {code}",
        "kind": "PRODUCTION",
        "sector": "Chăn nuôi",
        "commune_code": commune,
        "budget_vnd": 200_000_000,
        "effective_date": on.isoformat(),
        **extra,
    }
    registered[code] = desk.system.models.establish(
        desk.ctx(), inputs.EstablishModel.parse(body)
    ).answer["id"]


@given(
    step('a livelihood model "{code:Name}" was established in commune {commune:Code} on {on:Date}')
)
def model_established(
    desk: Desk, registered: dict[str, str], code: str, commune: str, on: date
) -> None:
    establish_model(desk, registered, code, commune, on)


@given(
    step(
        'a livelihood model "{code:Name}" replicating "{original:Name}" was established in commune '
        "{commune:Code} on {on:Date}"
    )
)
def model_replicated(
    desk: Desk, registered: dict[str, str], code: str, original: str, commune: str, on: date
) -> None:
    establish_model(desk, registered, code, commune, on, replicated_from=registered[original])


@given(step('an official "{name:Name}" of area {code:Code} was registered on {on:Date}'))
def official_registered(
    desk: Desk, registered: dict[str, str], name: str, code: str, on: date
) -> None:
    body = {"name": name, "area_code": code, "effective_date": on.isoformat()}
    registered[name] = desk.system.officials.register(
        desk.ctx(), inputs.RegisterOfficial.parse(body)
    ).answer["id"]


@given(step('official "{name:Name}" completed a training on {on:Date}'))
def official_trained(desk: Desk, registered: dict[str, str], name: str, on: date) -> None:
    body = {"course": "Nghiệp vụ giảm nghèo", "effective_date": on.isoformat()}
    desk.system.officials.record_training(
        desk.ctx(), registered[name], inputs.RecordTraining.parse(body)
    )


@given(step('official "{name:Name}" left on {on:Date}'))
def official_left(desk: Desk, registered: dict[str, str], name: str, on: date) -> None:
    desk.system.officials.leave(
        desk.ctx(), registered[name], inputs.Dated.parse({"effective_date": on.isoformat()})
    )


# ---- time and the figures -----------------------------------------------------------------


@given(step('the instant is noted as "{label:Name}"'))
def instant_noted(instants: dict[str, datetime], label: str) -> None:
    instants[label] = datetime.now(UTC)


@then(step("{figure_id:Figure} in {area:Code} as of {on:Date} is {expected}"))
def figure_is(
    desk: Desk, figure_source: str, figure_id: str, area: str, on: date, expected: str
) -> None:
    figure = read_figure(desk, figure_source, figure_id, area, on)
    assert shown(figure, figure_id) == expected


@then(
    step(
        '{figure_id:Figure} in {area:Code} as of {on:Date} as known at "{label:Name}" is {expected}'
    )
)
def figure_known_at(
    desk: Desk,
    figure_source: str,
    instants: dict[str, datetime],
    figure_id: str,
    area: str,
    on: date,
    label: str,
    expected: str,
) -> None:
    figure = read_figure(desk, figure_source, figure_id, area, on, instants[label])
    assert shown(figure, figure_id) == expected


@then(step("the {figure_id:Figure} breakdown in {area:Code} as of {on:Date} is {expected}"))
def breakdown_is(
    desk: Desk, figure_source: str, figure_id: str, area: str, on: date, expected: str
) -> None:
    figure = read_figure(desk, figure_source, figure_id, area, on)
    assert ", ".join(f"{k}: {v}" for k, v in figure["breakdown"].items()) == expected


@then(step("the target of {figure_id:Figure} in {area:Code} as of {on:Date} is {expected}"))
def target_is(
    desk: Desk, figure_source: str, figure_id: str, area: str, on: date, expected: str
) -> None:
    target = read_figure(desk, figure_source, figure_id, area, on)["target"]
    assert ("—" if target is None else f"{target:g}") == expected

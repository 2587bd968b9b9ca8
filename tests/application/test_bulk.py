"""The bulk path: a unit of work writes many aggregates in one transaction, refuses a taken key
whole, and a bulk load records exactly what the caseworker commands would have recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

import pytest

from application import inputs
from application.bulk import UnitOfWork
from application.commands import Actor, CommandContext, Written
from application.demo import EXAMPLE_PLANS, STATISTICS_OFFICES, load_demo
from application.households import plain
from application.system import System
from domain.base import Recorded
from domain.errors import ConflictError
from domain.household import Household
from domain.values import Member, Relationship, Sex
from tests.conftest import open_system
from tests.stores.helpers import register

BY = Recorded(date(2021, 9, 20), "demo.11296", "bulk-test")
META = {"originator_id", "originator_version", "timestamp"}
# Events the command that made the one before them also made (a classification's companion,
# a key claimed with its owner).
FOLLOWERS = {"EscapedPoverty", "Relapsed", "UniqueKeyClaimed"}


def household(code: str, household_id: UUID | None = None) -> Household:
    head = Member(f"{code}-head", "Trần Văn Bình", Sex.M, date(1970, 3, 4), Relationship.HEAD,
                  "Kinh", None, True)  # fmt: skip
    return Household.register(
        code, "11296", "Tổ dân phố 2", "", [head], {}, BY, household_id=household_id
    )


def claim_code(unit: UnitOfWork, owner: Household) -> None:
    code = owner.household_code
    taken = partial(
        ConflictError, "household-code-taken", household_code=code, commune_code="11296"
    )
    unit.claim("household", f"11296/{code}", owner, BY, taken)


def stored(system: System, aggregate_id: UUID) -> bool:
    return bool(system.store.recorder.select_events(aggregate_id, limit=1))


def test_a_commit_writes_every_aggregate_the_unit_holds(any_backend: System) -> None:
    unit = UnitOfWork(any_backend.store)
    households = [unit.add(household(f"QT-{n}")) for n in range(3)]
    for each in households:
        claim_code(unit, each)
    assert unit.commit() == 6
    assert all(stored(any_backend, each.id) for each in households)


def test_a_commit_refused_for_a_code_already_stored_writes_nothing(any_backend: System) -> None:
    register(any_backend, code="QT-001")
    unit = UnitOfWork(any_backend.store)
    fresh, clash = unit.add(household("QT-002")), unit.add(household("QT-001"))
    claim_code(unit, fresh)
    claim_code(unit, clash)
    with pytest.raises(ConflictError) as refused:
        unit.commit()
    assert refused.value.code == "household-code-taken"
    assert not stored(any_backend, fresh.id)


def test_a_key_claimed_twice_in_one_unit_is_refused_at_once(system: System) -> None:
    unit = UnitOfWork(system.store)
    claim_code(unit, unit.add(household("QT-001")))
    with pytest.raises(ConflictError):
        claim_code(unit, household("QT-001"))


def test_a_commit_refused_for_an_id_already_stored_names_the_id(system: System) -> None:
    unit = UnitOfWork(system.store)
    first = unit.add(household("QT-001"))
    unit.commit()
    unit.add(household("QT-002", household_id=first.id))
    with pytest.raises(ConflictError) as refused:
        unit.commit()
    assert refused.value.code == "id-taken"


# ---- the same facts through the caseworker commands -------------------------------------------


def replay_command(system: System, event: Any) -> Written | None:
    """The command a caseworker would have sent for the event; None for an event that the
    command of the event before it made too."""
    kind = event.TOPIC.split(":", 1)[1]
    if kind in FOLLOWERS:
        return None
    body = {k: v for k, v in plain(vars(event)).items() if k not in META}
    target = str(event.originator_id)
    admin = kind in ("HouseholdTotalRecorded", "PlanAdopted")
    offices = {office.username: office.area_code for office in STATISTICS_OFFICES.values()}
    offices |= {plan.adopted_by: plan.area_code for plan in EXAMPLE_PLANS}
    area = offices.get(event.actor, "31")  # Hải Dương's totals and plan came from its own
    actor = Actor(event.actor, "administrator" if admin else "caseworker", area)
    ctx = CommandContext(actor, note=event.note, command_id=event.command_id)
    households, models, officials = system.households, system.models, system.officials
    commands: dict[str, Callable[[], Written]] = {
        "HouseholdRegistered": lambda: households.register(
            ctx, inputs.RegisterHousehold.parse({**body, "id": target})
        ),
        "HouseholdSurveyed": lambda: households.record_survey(
            ctx, target, inputs.RecordSurvey.parse(body)
        ),
        "HouseholdClassified": lambda: households.classify(
            ctx, target, inputs.Classify.parse(body)
        ),
        "LoanGranted": lambda: households.grant_loan(ctx, target, inputs.GrantLoan.parse(body)),
        "LoanRepaid": lambda: households.repay_loan(
            ctx, target, body["loan_id"], inputs.RepayLoan.parse(body)
        ),
        "EnrolledInModel": lambda: households.enrol_in_model(
            ctx, target, inputs.EnrolInModel.parse(body)
        ),
        "SupportProvided": lambda: households.provide_support(
            ctx, target, inputs.ProvideSupport.parse(body)
        ),
        "EmploymentSecured": lambda: households.secure_employment(
            ctx, target, inputs.SecureEmployment.parse(body)
        ),
        "EmploymentEnded": lambda: households.end_employment(
            ctx, target, body["member_id"], inputs.Dated.parse(body)
        ),
        "HouseholdMoved": lambda: households.move(ctx, target, inputs.MoveHousehold.parse(body)),
        "HouseholdAssigned": lambda: households.assign(
            ctx, target, inputs.AssignHousehold.parse(body)
        ),
        "MemberAdded": lambda: households.add_member(
            ctx, target, inputs.AddMember.parse({**body, **body["member"]})
        ),
        "MemberRemoved": lambda: households.remove_member(
            ctx, target, body["member_id"], inputs.RemoveMember.parse(body)
        ),
        "HeadChanged": lambda: households.change_head(ctx, target, inputs.ChangeHead.parse(body)),
        "EntryRetracted": lambda: households.retract(ctx, target, inputs.Retract.parse(body)),
        "ModelEstablished": lambda: models.establish(
            ctx, inputs.EstablishModel.parse({**body, "id": target})
        ),
        "ModelClosed": lambda: models.close(ctx, target, inputs.Dated.parse(body)),
        "OfficialRegistered": lambda: officials.register(
            ctx, inputs.RegisterOfficial.parse({**body, "id": target})
        ),
        "OfficialTrained": lambda: officials.record_training(
            ctx, target, inputs.RecordTraining.parse(body)
        ),
        "OfficialLeft": lambda: officials.leave(ctx, target, inputs.Dated.parse(body)),
        "HouseholdTotalRecorded": lambda: system.areas.record_household_total(
            ctx, body["area_code"], body["year"], body["total"]
        ),
        "PlanAdopted": lambda: system.plans.adopt(ctx, inputs.AdoptPlan.parse(body)),
    }
    return commands[kind]()


def facts(system: System, after: int) -> list[tuple[Any, ...]]:
    """Every event after a position, without the instant it was recorded at."""
    found = []
    for notification in system.store.recorder.select_notifications(after + 1, 1_000_000):
        event = system.store.mapper.to_domain_event(notification)
        data = sorted((k, repr(v)) for k, v in vars(event).items() if k != "timestamp")
        found.append((event.TOPIC, *data))
    return sorted(found)


def test_every_fact_of_a_bulk_load_is_one_the_caseworker_commands_record_alike() -> None:
    bulk, commands = open_system("memory://"), open_system("memory://")
    try:
        start = bulk.store.recorder.max_notification_id() or 0
        load_demo(bulk, 40, seed=8, chunk=15)
        for notification in bulk.store.recorder.select_notifications(start + 1, 1_000_000):
            replay_command(commands, bulk.store.mapper.to_domain_event(notification))
        assert facts(commands, start) == facts(bulk, start)
    finally:
        bulk.close()
        commands.close()

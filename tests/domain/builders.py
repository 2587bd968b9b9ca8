"""Households built straight on the domain, dated and signed as the application would, for the
aggregate tests and the property tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from itertools import count
from typing import Any

import pytest

from domain.base import Recorded
from domain.errors import MESSAGES, DomainError
from domain.household import Household
from domain.standards import PovertyStandard, catalogue
from domain.timeline import ClassificationOutcome
from domain.values import AreaKind, Member, Relationship, ReviewKind, Sex
from tests.domain.spec import RURAL_2022_ANSWERS, deprivations

ACTOR = "canbo.test"
REGISTERED = date(2022, 1, 10)
_commands = count(1)


def by(day: date) -> Recorded:
    return Recorded(day, ACTOR, f"command-{next(_commands)}")


def person(
    member_id: str,
    relationship: Relationship = Relationship.CHILD,
    sex: Sex = Sex.F,
    born: date = date(2010, 5, 1),
) -> Member:
    return Member(
        member_id=member_id,
        full_name=f"Thành viên {member_id}",
        sex=sex,
        birth_date=born,
        relationship=relationship,
        ethnicity="Kinh",
        national_id=None,
        working_capable=True,
    )


HEAD = person("head", Relationship.HEAD, Sex.M, date(1975, 4, 2))
SPOUSE = person("spouse", Relationship.SPOUSE, Sex.F, date(1978, 9, 12))
CHILD = person("child", Relationship.CHILD, Sex.F, date(2015, 6, 1))


def household(*members: Member, on: date = REGISTERED) -> Household:
    return Household.register(
        household_code="HP-0001",
        commune_code="11485",
        village="Thôn 1",
        address="Số 1",
        members=list(members or (HEAD, SPOUSE, CHILD)),
        flags={},
        by=by(on),
    )


def standard(standard_id: str = "VN-MDP-2022") -> PovertyStandard:
    return catalogue().get(standard_id)


def survey(
    h: Household,
    survey_id: str,
    on: date,
    income: int,
    deprived: int,
    standard_id: str = "VN-MDP-2022",
) -> None:
    chosen = standard(standard_id)
    h.record_survey(
        survey_id=survey_id,
        kind=ReviewKind.REGULAR,
        standard=chosen,
        income_per_capita_vnd=income,
        b1_score=None,
        deprivations=deprivations(chosen.keys, deprived),
        causes=[],
        needs=[],
        surveyor=ACTOR,
        by=by(on),
    )


def classify(h: Household, survey_id: str, on: date) -> ClassificationOutcome:
    survey_entry = h.survey(survey_id)
    chosen = standard(survey_entry.standard_id if survey_entry else "VN-MDP-2022")
    return h.classify(survey_id, "QĐ/1", chosen, AreaKind.RURAL, by(on))


def recognise(h: Household, status: str, on: date) -> ClassificationOutcome:
    """Survey and recognise on one day with answers that lead to `status` (rural, 2022)."""
    income, deprived = RURAL_2022_ANSWERS[status]
    survey_id = f"survey-{h.version + 1}"
    survey(h, survey_id, on, income, deprived)
    return classify(h, survey_id, on)


def state(h: Household) -> tuple[Any, ...]:
    """Everything a command could change, copied; the count of pending events last."""
    recorded = (h.version, h.entries, h.members, h.heads, h.household_code, h.flags)
    return (*copy.deepcopy(recorded), h.registered_on, len(h.pending_events))


def refused(h: Household, command: Callable[[], object]) -> DomainError:
    """Run a command that must be refused; check it left the household as it was and that
    the refusal is one a user can be told about."""
    before = state(h)
    with pytest.raises(DomainError) as caught:
        command()
    assert state(h) == before
    error = caught.value
    assert error.code in MESSAGES
    assert error.field
    assert error.message("vi")
    assert error.message("en")
    return error

"""Steps of features/what_if.feature: a draft entered as data judging surveys, in the domain,
recording nothing."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.standards import catalogue
from domain.values import AreaKind
from domain.what_if import Draft, Judgement
from tests.features.conftest import TYPES

scenarios("what_if.feature")


def step(text: str) -> parsers.parse:
    return parsers.parse(text, extra_types=TYPES)


@pytest.fixture
def entered() -> dict[str, Any]:
    """What the supervisor typed: the draft is made of it when a survey is judged."""
    return {}


@pytest.fixture
def survey() -> dict[str, Any]:
    return {}


@given(
    step(
        'a draft standard "{name}" with lines of {rural:Money} VND rural and {urban:Money} VND '
        "urban, poor from {least:d} deprivations, and the indicators of {standard}"
    )
)
def draft_entered(
    entered: dict[str, Any], name: str, rural: int, urban: int, least: int, standard: str
) -> None:
    entered.clear()
    entered.update(
        name=name,
        income_line={"RURAL": rural, "URBAN": urban},
        poor_min_deprivations=least,
        indicators=[{"key": key} for key in catalogue().get(standard).keys],
    )


@given(step('the draft\'s indicator "{key}" reads the surveyed indicator "{reads}"'))
def indicator_reads(entered: dict[str, Any], key: str, reads: str) -> None:
    (indicator,) = (i for i in entered["indicators"] if i["key"] == key)
    indicator["reads"] = reads


@given(step("a draft that is {standard} itself"))
def draft_of_standard(entered: dict[str, Any], standard: str) -> None:
    entered.clear()
    entered["standard"] = standard


def draft_of(entered: dict[str, Any]) -> Draft:
    if "standard" in entered:
        return Draft.of_standard(catalogue().get(entered["standard"]))
    return Draft.from_data(entered)


def judged(
    entered: dict[str, Any], survey: dict[str, Any], standard: str, kind: str, income: int,
    deprived: list[str],
) -> Judgement:  # fmt: skip
    keys = catalogue().get(standard).keys
    answers = {key: key in deprived for key in keys}
    survey.update(standard=standard, kind=AreaKind(kind), income=income, answers=answers)
    judgement = draft_of(entered).judge(AreaKind(kind), income, answers)
    survey["judgement"] = judgement
    return judgement


@when(
    step(
        "a survey of {standard} in a {kind} commune with an income of {income:Money} VND and "
        "{deprived:d} deprivations is judged"
    )
)
def survey_judged(
    entered: dict[str, Any], survey: dict[str, Any], standard: str, kind: str, income: int,
    deprived: int,
) -> None:  # fmt: skip
    """The first `deprived` indicators of the survey's standard answered "deprived"."""
    first = list(catalogue().get(standard).keys[:deprived])
    judged(entered, survey, standard, kind, income, first)


@when(
    step(
        "a survey of {standard} in a {kind} commune with an income of {income:Money} VND and "
        "the deprivations {deprived} is judged"
    )
)
def survey_with_deprivations_judged(
    entered: dict[str, Any], survey: dict[str, Any], standard: str, kind: str, income: int,
    deprived: str,
) -> None:  # fmt: skip
    judged(entered, survey, standard, kind, income, deprived.split(", "))


@then(step("it would be {status}"))
def would_be(survey: dict[str, Any], status: str) -> None:
    judgement: Judgement = survey["judgement"]
    assert (judgement.status or "not judged") == status


@then(step("its deprivations under the draft are {keys}"))
def deprivations_under_draft(survey: dict[str, Any], keys: str) -> None:
    assert ", ".join(survey["judgement"].deprived) == keys


@then(step("the draft's indicators it was not asked are {keys}"))
def not_asked(survey: dict[str, Any], keys: str) -> None:
    assert ", ".join(survey["judgement"].unanswered) == keys


@then(step("recognising the same survey under {standard} gives the same status and deprivations"))
def as_recognised(survey: dict[str, Any], standard: str) -> None:
    recognised = (
        catalogue().get(standard).classify(survey["kind"], survey["income"], survey["answers"])
    )
    assert survey["judgement"].status is recognised.status
    assert survey["judgement"].deprived == recognised.deprived

"""LivelihoodModel: open from its establishment until it is closed."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolationError
from domain.livelihood_model import LivelihoodModel
from domain.values import ModelKind
from tests.domain.builders import by

ESTABLISHED = date(2023, 3, 1)
CLOSED = date(2025, 6, 30)


@pytest.fixture
def model() -> LivelihoodModel:
    return LivelihoodModel.establish(
        code="MH-01",
        name="Nuôi gà thả vườn",
        kind=ModelKind.PRODUCTION,
        sector="chăn nuôi",
        commune_code="11485",
        budget_vnd=300_000_000,
        replicated_from=None,
        by=by(ESTABLISHED),
    )


def test_a_model_is_open_from_the_day_it_is_established(model: LivelihoodModel) -> None:
    assert not model.is_open_on(date(2023, 2, 28))
    assert model.is_open_on(ESTABLISHED)
    assert model.is_open_on(date(2030, 1, 1))


def test_a_closed_model_is_open_until_the_day_before_its_closing(model: LivelihoodModel) -> None:
    model.close(by(CLOSED))

    assert model.is_open_on(date(2025, 6, 29))
    assert not model.is_open_on(CLOSED)


@pytest.mark.parametrize("day", [date(2023, 2, 28), CLOSED], ids=["before-opening", "closed"])
def test_enrolment_in_a_model_that_is_not_open_that_day_is_refused(
    model: LivelihoodModel, day: date
) -> None:
    model.close(by(CLOSED))

    with pytest.raises(RuleViolationError) as refused:
        model.check_open_on(day)

    assert (refused.value.code, refused.value.field) == ("model-closed", "model_id")


def test_a_model_is_closed_once(model: LivelihoodModel) -> None:
    model.close(by(CLOSED))

    with pytest.raises(RuleViolationError) as refused:
        model.close(by(date(2025, 7, 1)))

    assert refused.value.code == "model-already-closed"
    assert model.version == 2


def test_a_model_summary_shows_its_dates(model: LivelihoodModel) -> None:
    model.close(by(CLOSED))

    summary = model.summary()

    assert (summary["established_on"], summary["closed_on"]) == ("2023-03-01", "2025-06-30")
    assert (summary["code"], summary["kind"], summary["budget_vnd"]) == (
        "MH-01",
        "PRODUCTION",
        300_000_000,
    )

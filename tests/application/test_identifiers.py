"""Clients may choose the ids of what they create (an offline form, an import), never twice."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.commands import Actor, context
from application.system import System
from domain.errors import ConflictError, ValidationError
from tests.stores.helpers import register, survey_body

CASEWORKER = Actor("canbo.quantoan", "caseworker", "11296")
MODEL = {
    "code": "MH-01", "name": "Nuôi gà thả vườn", "kind": "PRODUCTION",
    "commune_code": "11296", "effective_date": "2023-03-01",
}  # fmt: skip


def test_a_household_can_be_registered_under_an_id_the_client_chose(system: System) -> None:
    chosen = str(uuid4())
    answer = system.households.register(
        context(CASEWORKER),
        {
            "id": chosen, "household_code": "QT-9", "commune_code": "11296", "village": "Tổ 1",
            "effective_date": "2022-01-05",
            "members": [{"full_name": "Lê Văn Tám", "sex": "M", "birth_date": "1970-01-01",
                         "relationship_to_head": "HEAD"}],
        },
    ).answer  # fmt: skip
    assert answer["id"] == chosen
    assert system.households.get(chosen)["household_code"] == "QT-9"


def test_an_id_already_in_use_is_refused_and_nothing_is_recorded(system: System) -> None:
    household_id = register(system)
    before = system.store.recorder.max_notification_id()
    with pytest.raises(ConflictError) as refused:
        system.models.establish(context(CASEWORKER), {**MODEL, "id": household_id})
    assert (refused.value.code, refused.value.field) == ("id-taken", "id")
    assert system.store.recorder.max_notification_id() == before


def test_a_model_keeps_the_id_its_client_chose(system: System) -> None:
    chosen = str(uuid4())
    system.models.establish(context(CASEWORKER), {**MODEL, "id": chosen})
    assert system.models.get(chosen)["code"] == "MH-01"


def test_an_income_beyond_any_household_figure_is_refused(system: System) -> None:
    household_id = register(system)
    with pytest.raises(ValidationError) as refused:
        system.households.record_survey(context(CASEWORKER), household_id, survey_body(10**16, 0))
    assert (refused.value.code, refused.value.field) == (
        "amount-too-large",
        "income_per_capita_vnd",
    )

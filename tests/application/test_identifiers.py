"""Clients may choose the ids of what they create (an offline form, an import), never twice."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from application import inputs
from application.commands import Actor, context
from application.system import System
from domain.base import Recorded
from domain.errors import ConflictError, ValidationError
from domain.receipt import CommandReceipt, UniqueKey
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
        inputs.RegisterHousehold.parse({
            "id": chosen, "household_code": "QT-9", "commune_code": "11296", "village": "Tổ 1",
            "effective_date": "2022-01-05",
            "members": [{"full_name": "Lê Văn Tám", "sex": "M", "birth_date": "1970-01-01",
                         "relationship_to_head": "HEAD"}],
        }),
    ).answer  # fmt: skip
    assert answer["id"] == chosen
    assert system.households.get(chosen)["household_code"] == "QT-9"


def test_an_id_already_in_use_is_refused_and_nothing_is_recorded(system: System) -> None:
    household_id = register(system)
    before = system.store.recorder.max_notification_id()
    with pytest.raises(ConflictError) as refused:
        system.models.establish(
            context(CASEWORKER), inputs.EstablishModel.parse({**MODEL, "id": household_id})
        )
    assert (refused.value.code, refused.value.field) == ("id-taken", "id")
    assert system.store.recorder.max_notification_id() == before


def test_a_model_keeps_the_id_its_client_chose(system: System) -> None:
    chosen = str(uuid4())
    system.models.establish(
        context(CASEWORKER), inputs.EstablishModel.parse({**MODEL, "id": chosen})
    )
    assert system.models.get(chosen)["code"] == "MH-01"


def test_an_income_beyond_any_household_figure_is_refused(system: System) -> None:
    household_id = register(system)
    with pytest.raises(ValidationError) as refused:
        system.households.record_survey(
            context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(10**16, 0))
        )
    assert (refused.value.code, refused.value.field) == (
        "amount-too-large",
        "income_per_capita_vnd",
    )


# ---- nothing outside the caller's area can be taken ahead of its owner, or probed ------------

NEIGHBOUR = Actor("canbo.quanthe", "caseworker", "11299")


def registration(code: str, commune: str, **extra: str) -> dict[str, object]:
    return {
        "household_code": code, "commune_code": commune, "village": "Tổ 1",
        "effective_date": "2022-01-05", **extra,
        "members": [{"full_name": "Lê Văn Tám", "sex": "M", "birth_date": "1970-01-01",
                     "relationship_to_head": "HEAD"}],
    }  # fmt: skip


def test_a_chosen_id_the_system_would_derive_for_another_communes_code_is_refused(
    system: System,
) -> None:
    """Once a caseworker could register under the id of the claim on a neighbour's code, and
    the neighbour could then not use it (and a refusal told whether it existed)."""
    squatted = str(UniqueKey.id_for("household", "11299/QT-1"))
    before = system.store.recorder.max_notification_id()

    with pytest.raises(ValidationError) as refused:
        system.households.register(
            context(CASEWORKER),
            inputs.RegisterHousehold.parse(registration("X", "11296", id=squatted)),
        )

    assert (refused.value.code, refused.value.field) == ("id-not-random", "id")
    assert system.store.recorder.max_notification_id() == before
    assert system.households.register(
        context(NEIGHBOUR), inputs.RegisterHousehold.parse(registration("QT-1", "11299"))
    ).answer


def test_a_chosen_id_cannot_take_another_users_receipt_ahead_of_them(system: System) -> None:
    receipt = str(CommandReceipt.id_for(NEIGHBOUR.username, "form-7"))
    with pytest.raises(ValidationError):
        system.households.register(
            context(CASEWORKER),
            inputs.RegisterHousehold.parse(registration("X", "11296", id=receipt)),
        )

    first = system.households.register(
        context(NEIGHBOUR, "form-7"), inputs.RegisterHousehold.parse(registration("A", "11299"))
    )
    again = system.households.register(
        context(NEIGHBOUR, "form-7"), inputs.RegisterHousehold.parse(registration("A", "11299"))
    )
    assert first.answer == again.answer


def test_two_communes_may_give_their_models_the_same_code(system: System) -> None:
    system.models.establish(context(CASEWORKER), inputs.EstablishModel.parse(MODEL))
    theirs = {**MODEL, "commune_code": "11299"}
    assert system.models.establish(context(NEIGHBOUR), inputs.EstablishModel.parse(theirs)).answer[
        "id"
    ]
    with pytest.raises(ConflictError) as refused:
        system.models.establish(context(NEIGHBOUR), inputs.EstablishModel.parse(theirs))
    assert (refused.value.code, refused.value.field) == ("model-code-taken", "code")


def test_a_code_claimed_city_wide_before_codes_were_per_commune_still_holds_in_its_commune(
    system: System,
) -> None:
    """A store written before: the claim named the code alone."""
    model = system.models.establish(context(CASEWORKER), inputs.EstablishModel.parse(MODEL)).answer[
        "id"
    ]
    old_claim = UniqueKey.claim(
        "model", "MH-02", UUID(model), Recorded(date(2023, 3, 1), "x", "c-1")
    )
    system.store.save(old_claim)

    with pytest.raises(ConflictError):
        system.models.establish(
            context(CASEWORKER), inputs.EstablishModel.parse({**MODEL, "code": "MH-02"})
        )
    theirs = {**MODEL, "code": "MH-02", "commune_code": "11299"}
    assert system.models.establish(context(NEIGHBOUR), inputs.EstablishModel.parse(theirs)).answer[
        "id"
    ]

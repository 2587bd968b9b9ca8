"""The places view: the models and officials of an area come from one row each, inside the
area as it stood on the day asked about or when they were created, and as they stand now."""

from __future__ import annotations

from datetime import date

from application import inputs
from application.commands import context
from application.system import System
from tests.stores.helpers import CASEWORKER

MODEL = {
    "code": "MH-QT-01", "name": "Nuôi gà thả vườn", "kind": "PRODUCTION", "sector": "Chăn nuôi",
    "commune_code": "11296", "budget_vnd": 300_000_000, "effective_date": "2023-04-01",
}  # fmt: skip
TODAY = date(2026, 11, 28)


def establish(system: System) -> str:
    model_id = str(
        system.models.establish(context(CASEWORKER), inputs.EstablishModel.parse(MODEL)).answer[
            "id"
        ]
    )
    system.reads.catch_up()  # the worker's part on PostgreSQL
    return model_id


def test_a_model_is_listed_in_its_commune_its_district_and_the_city_only(
    any_backend: System,
) -> None:
    model_id = establish(any_backend)
    for area in ("11296", "303", "31"):
        assert [m["id"] for m in any_backend.models.within(area, TODAY)] == [model_id], area
    assert any_backend.models.within("11299", TODAY) == []
    assert any_backend.models.within("305", TODAY) == []


def test_a_closed_model_is_listed_with_its_closing_date(any_backend: System) -> None:
    model_id = establish(any_backend)
    any_backend.models.close(
        context(CASEWORKER), model_id, inputs.Dated.parse({"effective_date": "2025-06-30"})
    )
    any_backend.reads.catch_up()
    (model,) = any_backend.models.within("11296", TODAY)
    assert model["closed_on"] == "2025-06-30"


def test_an_official_is_listed_where_they_were_registered(any_backend: System) -> None:
    body = {"name": "Lê Văn Dũng", "area_code": "11296", "effective_date": "2023-01-02"}
    official_id = str(
        any_backend.officials.register(
            context(CASEWORKER), inputs.RegisterOfficial.parse(body)
        ).answer["id"]
    )
    any_backend.reads.catch_up()
    assert [o["id"] for o in any_backend.officials.listing("303", TODAY)] == [official_id]
    assert any_backend.officials.listing("11299", TODAY) == []

"""Each household's support history as a read model: every event in words, in both languages,
with retracted entries kept and marked."""

from __future__ import annotations

from sqlalchemy import select

from application import inputs
from application.commands import context
from application.system import System
from tests.projections.test_directory import classify
from tests.projections.test_places import establish
from tests.stores.helpers import CASEWORKER, register


def rows(system: System, household_id: str) -> list[dict[str, object]]:
    system.reads.catch_up()
    projection = system.reads.history
    table = projection.table(system.reads.generation(projection.name))
    with system.engine.connect() as conn:
        result = conn.execute(
            select(table).where(table.c.household_id == household_id).order_by(table.c.version)
        )
        return [dict(r._mapping) for r in result]


def test_every_event_of_a_household_is_an_entry_in_both_languages(any_backend: System) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    entries = rows(any_backend, household_id)
    assert [e["type"] for e in entries] == [
        "HouseholdRegistered",
        "HouseholdSurveyed",
        "HouseholdClassified",
    ]
    assert "hộ nghèo" in str(entries[2]["summary_vi"])
    assert "poor" in str(entries[2]["summary_en"])


def test_a_retracted_classification_and_its_escape_are_marked_with_who_and_why(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    escape = classify(any_backend, household_id, 1_900_000, 1, "2022-10-15")
    any_backend.households.retract(
        context(CASEWORKER),
        household_id,
        inputs.Retract.parse({"target_version": escape, "reason": "sai thu nhập"}),
    )
    marked = {
        e["type"]: (e["retraction_reason"], e["retraction_actor"])
        for e in rows(any_backend, household_id)
        if e["retracted_by"] is not None
    }
    assert marked == {
        "HouseholdClassified": ("sai thu nhập", CASEWORKER.username),
        "EscapedPoverty": ("sai thu nhập", CASEWORKER.username),
    }


def test_the_lines_name_the_commune_and_the_model_never_their_codes(any_backend: System) -> None:
    household_id = register(any_backend)
    model_id = establish(any_backend)
    enrolment = {"model_id": model_id, "member_ids": [], "effective_date": "2023-05-01"}
    any_backend.households.enrol_in_model(
        context(CASEWORKER), household_id, inputs.EnrolInModel.parse(enrolment)
    )

    registered, enrolled = (e["summary_vi"] for e in rows(any_backend, household_id))

    assert str(registered).startswith("Đăng ký hộ QT-001 tại Phường Quán Toan")
    assert enrolled == "Tham gia mô hình giảm nghèo Nuôi gà thả vườn"

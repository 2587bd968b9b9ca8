"""The event store behaves the same on SQLite and on PostgreSQL: what is written reads back,
positions order the log, races are refused, and history can be read as known at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from application import inputs
from application.commands import context
from application.system import System
from domain.errors import ConflictError
from tests.stores.helpers import CASEWORKER, register, survey_body


def test_a_registered_household_reads_back_with_its_members(any_backend: System) -> None:
    household_id = register(any_backend)
    household = any_backend.households.get(household_id)
    assert household["household_code"] == "QT-001"
    assert [m["is_head"] for m in household["members"]] == [True, False]


def test_a_survey_and_its_classification_give_the_status(any_backend: System) -> None:
    household_id = register(any_backend)
    survey = any_backend.households.record_survey(
        context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(1_200_000, 4))
    )
    any_backend.households.classify(
        context(CASEWORKER),
        household_id,
        inputs.Classify.parse(
            {
                "survey_id": survey.answer["survey_id"],
                "decision_ref": "12/QĐ-UBND",
                "effective_date": "2021-12-20",
            }
        ),
    )
    assert any_backend.households.get(household_id)["status"] == "POOR"


def test_history_positions_increase_with_the_versions(any_backend: System) -> None:
    household_id = register(any_backend)
    any_backend.households.record_survey(
        context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(1_900_000, 1))
    )
    entries = any_backend.households.history(household_id)["entries"]
    assert [e["version"] for e in entries] == [1, 2]
    assert entries[0]["position"] < entries[1]["position"]


def test_a_write_against_an_old_version_is_refused(any_backend: System) -> None:
    household_id = register(any_backend)
    any_backend.households.record_survey(
        context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(1_900_000, 1))
    )
    with pytest.raises(ConflictError) as refused:
        any_backend.households.record_survey(
            context(CASEWORKER, expected_version=1),
            household_id,
            inputs.RecordSurvey.parse(survey_body(1_800_000, 1)),
        )
    assert refused.value.code == "stale-version"


def test_a_repeated_idempotency_key_records_one_event(any_backend: System) -> None:
    first = register(any_backend, key="register-once")
    again = register(any_backend, key="register-once")
    assert first == again
    assert len(any_backend.households.list_registered()) == 1


def test_the_household_as_known_before_a_later_entry_does_not_show_it(any_backend: System) -> None:
    household_id = register(any_backend)
    known_at = datetime.now(UTC)
    any_backend.households.record_survey(
        context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(1_900_000, 1))
    )
    assert any_backend.households.get(household_id, known_at=known_at)["version"] == 1
    assert any_backend.households.get(household_id)["version"] == 2


def test_opening_the_same_database_again_keeps_one_registry(any_backend: System) -> None:
    reopened = System.open(any_backend.settings, today=any_backend.runner.today)
    try:
        assert reopened.areas.registry().version == any_backend.areas.registry().version
    finally:
        reopened.close()

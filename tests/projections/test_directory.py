"""The household directory follows the log on SQLite and PostgreSQL alike: what caseworkers
search and filter on is there once the projections have caught up."""

from __future__ import annotations

from application import inputs
from application.commands import context
from application.readmodels import DirectoryQuery
from application.system import System
from tests.stores.helpers import CASEWORKER, HEAD_NAME, register, survey_body


def classify(system: System, household_id: str, income: int, deprived: int, day: str) -> int:
    survey = system.households.record_survey(
        context(CASEWORKER),
        household_id,
        inputs.RecordSurvey.parse(survey_body(income, deprived, day=day)),
    )
    written = system.households.classify(
        context(CASEWORKER),
        household_id,
        inputs.Classify.parse(
            {
                "survey_id": survey.answer["survey_id"],
                "decision_ref": "12/QĐ-UBND",
                "effective_date": day.replace("-10-", "-12-"),
            }
        ),
    )
    return int(written.answer["version"]) - (1 if written.answer["transition"] == "ESCAPED" else 0)


def found(system: System, **query: object) -> list[str]:
    system.reads.catch_up()
    result = system.reads.search(DirectoryQuery(**{"area": "31", **query}))  # type: ignore[arg-type]
    return [item["household_code"] for item in result["items"]]


def test_a_registered_household_is_found_by_its_heads_name_without_diacritics(
    any_backend: System,
) -> None:
    register(any_backend, "QT-001")
    register(any_backend, "QT-002")
    assert found(any_backend, q="nguyen van duc qt-001") == ["QT-001"]
    assert HEAD_NAME in {
        i["head_name"] for i in any_backend.reads.search(DirectoryQuery("31"))["items"]
    }


def test_the_directory_shows_the_status_the_latest_classification_gave(any_backend: System) -> None:
    poor, near_poor = register(any_backend, "QT-001"), register(any_backend, "QT-002")
    classify(any_backend, poor, 1_200_000, 4, "2021-10-15")
    classify(any_backend, near_poor, 1_900_000, 1, "2021-10-15")
    assert found(any_backend, status="POOR") == ["QT-001"]
    assert found(any_backend, status="NEAR_POOR") == ["QT-002"]


def test_a_retracted_classification_leaves_the_directory_with_the_status_before_it(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    second = classify(any_backend, household_id, 1_900_000, 1, "2022-10-15")
    assert found(any_backend, status="NEAR_POOR") == ["QT-001"]
    any_backend.households.retract(
        context(CASEWORKER),
        household_id,
        inputs.Retract.parse({"target_version": second, "reason": "nhập nhầm"}),
    )
    assert found(any_backend, status="POOR") == ["QT-001"]


def test_a_household_that_escaped_is_listed_as_newly_escaped(any_backend: System) -> None:
    household_id = register(any_backend)
    register(any_backend, "QT-002")
    classify(any_backend, household_id, 1_900_000, 1, "2023-10-15")
    classify(any_backend, household_id, 2_500_000, 0, "2024-10-15")
    assert found(any_backend, newly_escaped=True) == ["QT-001"]
    assert found(any_backend, newly_escaped=False) == ["QT-002"]


def test_the_needs_of_the_latest_survey_filter_the_directory(any_backend: System) -> None:
    household_id = register(any_backend)
    register(any_backend, "QT-002")
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    assert found(any_backend, need="CREDIT") == ["QT-001"]
    assert found(any_backend, need="HOUSING") == []


def test_an_area_shows_only_households_of_its_communes(any_backend: System) -> None:
    register(any_backend)
    assert found(any_backend, area="303") == ["QT-001"]
    assert found(any_backend, area="304") == []


def test_a_relapse_closes_the_newly_escaped_window_in_the_directory(any_backend: System) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_900_000, 1, "2022-10-15")
    classify(any_backend, household_id, 2_500_000, 0, "2023-10-15")
    classify(any_backend, household_id, 1_900_000, 1, "2024-10-15")
    assert found(any_backend, newly_escaped=True) == []


def test_a_voided_registration_leaves_every_list_and_is_found_among_the_voided(
    any_backend: System,
) -> None:
    household_id = register(any_backend, "QT-001")
    register(any_backend, "QT-002")
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    any_backend.households.void_registration(
        context(CASEWORKER),
        household_id,
        inputs.VoidRegistration.parse({"reason": "đăng ký trùng"}),
    )
    assert found(any_backend) == ["QT-002"]
    assert found(any_backend, status="POOR") == []
    assert found(any_backend, voided=True) == ["QT-001"]

"""Reading households: the state on a date or as known at an instant, the history, the list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from application.readlog import ReadQuery
from domain.dates import VIETNAM
from tests.api.client import Api, Household, registration, survey


def test_a_household_read_carries_its_version_as_etag(api: Api, poor_household: Household) -> None:
    response = api.get(poor_household.path())

    assert response.status_code == 200
    assert response.headers["ETag"] == '"3"'
    assert response.json()["version"] == 3
    assert response.json()["status"] == "POOR"
    assert response.json()["status_since"] == "2022-12-20"


def test_a_household_as_of_a_date_shows_it_as_it_was_then(
    api: Api, poor_household: Household
) -> None:
    response = api.get(poor_household.path(), as_of="2022-11-30")

    assert response.json()["status"] is None
    assert response.json()["as_of"] == "2022-11-30"


def test_a_household_as_known_at_an_instant_shows_only_what_was_recorded_by_then(
    api: Api, household: Household
) -> None:
    known_at = datetime.now(UTC).isoformat()
    api.created(household.path("/surveys"), survey())

    response = api.get(household.path(), known_at=known_at)

    assert response.json()["version"] == 1


def test_an_instant_without_a_zone_is_vietnam_time(api: Api, household: Household) -> None:
    """Registered and surveyed just before R: R read on a Hanoi clock and given without its
    zone knows both; R read on a UTC clock, taken as Hanoi's time, is seven hours before
    either, when nothing was known of the household."""
    api.created(household.path("/surveys"), survey())
    recorded = datetime.now(UTC) + timedelta(minutes=1)

    hanoi = api.get(
        household.path(), known_at=recorded.astimezone(VIETNAM).strftime("%Y-%m-%dT%H:%M:%S")
    )
    utc_clock = api.get(household.path(), known_at=recorded.strftime("%Y-%m-%dT%H:%M:%S"))

    assert hanoi.json()["version"] == 2
    assert utc_clock.status_code == 404


def test_a_household_before_its_registration_is_not_found(api: Api, household: Household) -> None:
    response = api.get(household.path(), as_of="2021-12-31")

    assert response.status_code == 404
    assert response.json()["code"] == "household-not-registered-yet"


def test_the_history_lists_entries_oldest_first_with_both_times(
    api: Api, poor_household: Household
) -> None:
    response = api.get(poor_household.path("/history"))

    entries = response.json()["entries"]
    assert [e["type"] for e in entries] == [
        "HouseholdRegistered",
        "HouseholdSurveyed",
        "HouseholdClassified",
    ]
    assert entries[2]["effective_date"] == "2022-12-20"
    assert datetime.fromisoformat(entries[2]["recorded_at"]).tzinfo is not None
    assert entries[2]["actor"] == "caseworker"


def test_the_history_is_summarised_in_the_language_asked_for(
    api: Api, household: Household
) -> None:
    english = api.get(household.path("/history"), lang="en").json()["entries"][0]
    vietnamese = api.get(household.path("/history")).json()["entries"][0]

    assert english["summary"].startswith("Registered household QT-0001")
    assert vietnamese["summary"].startswith("Đăng ký hộ QT-0001")


def test_the_history_follows_accept_language_when_no_language_is_asked_for(
    api: Api, household: Household
) -> None:
    response = api.get(household.path("/history"), headers={"Accept-Language": "en-GB"})

    assert response.json()["entries"][0]["summary"].startswith("Registered household")


def test_a_survey_preview_answers_the_classification_and_records_nothing(
    api: Api, household: Household
) -> None:
    with api.records_nothing():
        response = api.post(household.path("/surveys/preview"), survey(income=1_900_000))

    assert response.status_code == 200
    assert response.json()["status"] == "POOR"
    assert response.json()["area_kind"] == "URBAN"


def test_the_list_shows_households_of_the_callers_area_with_their_head(
    api: Api, poor_household: Household
) -> None:
    response = api.get("/api/households")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == poor_household.id
    assert item["head_name"] == "Nguyễn Văn An"
    assert item["status"] == "POOR"
    assert response.json()["total"] == 1


def test_the_list_searches_names_without_diacritics(api: Api, household: Household) -> None:
    api.created("/api/households", registration(household_code="QT-0002", members=[
        {"full_name": "Phạm Thị Hoa", "sex": "F", "birth_date": "1970-01-01",
         "relationship_to_head": "HEAD"},
    ]))  # fmt: skip

    response = api.get("/api/households", q="nguyen van")

    assert [item["id"] for item in response.json()["items"]] == [household.id]


def test_the_list_filters_by_status(api: Api, poor_household: Household) -> None:
    api.created("/api/households", registration(household_code="QT-0002"))

    response = api.get("/api/households", status="POOR")

    assert [item["id"] for item in response.json()["items"]] == [poor_household.id]


def test_the_list_is_paged(api: Api, household: Household) -> None:
    response = api.get("/api/households", page=2)

    assert response.json()["items"] == []
    assert response.json()["page"] == 2
    assert response.json()["total"] == 1


def test_each_read_of_a_household_is_logged_with_who_and_which(
    api: Api, household: Household
) -> None:
    api.get(household.path(), who="supervisor")
    api.get(household.path("/history"), who="auditor")

    entries = api.system.readlog.entries(ReadQuery(household_id=UUID(household.id)))["items"]

    assert [(e["username"], e["what"]) for e in entries] == [
        ("auditor", "api:history"),
        ("supervisor", "api:household"),
    ]


def test_a_refused_read_is_not_logged_as_a_read(api: Api, household: Household) -> None:
    api.get(household.path(), who="stranger")

    assert api.system.readlog.entries(ReadQuery(username="stranger"))["items"] == []

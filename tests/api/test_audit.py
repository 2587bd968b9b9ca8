"""Auditors and supervisors reach from a figure to its households and events; auditors read
the event feed and the replay-equals-projection check; caseworkers do not."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import Api, Household


@pytest.fixture
def recognised(poor_household: Household) -> Household:
    """Recognised poor on 2022-12-20."""
    return poor_household


def test_a_supervisor_drills_from_the_poor_households_to_their_classification(
    api: Api, recognised: Household
) -> None:
    found: dict[str, Any] = api.get(
        "/api/indicators/poor/households", "supervisor", as_of="2023-06-30"
    ).json()
    [item] = found["numerator"]["items"]
    assert item["owner"] == recognised.id
    assert "HouseholdClassified" in [e["type"] for e in item["events"]]


def test_an_unknown_figure_is_a_404_naming_it(api: Api, recognised: Household) -> None:
    response = api.get("/api/indicators/wealth/households", "supervisor")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/figure-not-found"


def test_the_changes_between_two_dates_name_the_classification(
    api: Api, recognised: Household
) -> None:
    found = api.get(
        "/api/indicators/changes", "supervisor", from_date="2022-11-30", to_date="2023-06-30",
        figure="poor",
    ).json()  # fmt: skip
    [entered] = found["figures"]["poor"]["numerator"]["entered"]
    assert entered["owner"] == recognised.id
    assert "reclassification" in {e["kind"] for e in entered["events"]}


def test_the_changes_take_instants_without_a_zone_as_vietnam_time(
    api: Api, recognised: Household
) -> None:
    found = api.get(
        "/api/indicators/changes", "supervisor", from_date="2023-06-30", to_date="2023-06-30",
        from_known="2022-01-01T00:00:00", figure="poor",
    )  # fmt: skip

    assert found.status_code == 200
    assert found.json()["from"]["known_at"] == "2021-12-31T17:00:00+00:00"
    [entered] = found.json()["figures"]["poor"]["numerator"]["entered"]
    assert entered["owner"] == recognised.id


def test_the_auditor_reads_the_event_feed_of_one_household_in_log_order(
    api: Api, recognised: Household
) -> None:
    found = api.get("/api/events", "auditor", household=recognised.id).json()
    positions = [e["position"] for e in found["items"]]
    assert positions == sorted(positions)
    assert [e["type"] for e in found["items"]][:3] == [
        "HouseholdRegistered", "HouseholdSurveyed", "HouseholdClassified",
    ]  # fmt: skip


def test_the_event_feed_filters_by_type_after_a_position(api: Api, recognised: Household) -> None:
    found = api.get("/api/events", "auditor", type="HouseholdClassified").json()
    assert [e["aggregate_id"] for e in found["items"]] == [recognised.id]
    later = api.get("/api/events", "auditor", type="HouseholdClassified", after=found["last"])
    assert later.json()["items"] == []


def test_the_auditor_finds_projections_equal_to_a_replay(api: Api, recognised: Household) -> None:
    report = api.get("/api/verify", "auditor").json()
    assert report["projections_match_replay"] is True
    assert report["differences"] == []


@pytest.mark.parametrize("role", ["caseworker", "supervisor"])
def test_only_auditors_and_administrators_read_the_feed_and_the_check(
    api: Api, recognised: Household, role: str
) -> None:
    assert api.get("/api/events", role).status_code == 403
    assert api.get("/api/verify", role).status_code == 403


def test_an_auditor_of_another_district_neither_reads_the_feed_nor_the_household(
    api: Api, recognised: Household
) -> None:
    assert api.get("/api/events", "district_auditor").status_code == 404
    assert api.get("/api/events", "district_auditor", household=recognised.id).status_code == 404
    assert api.get("/api/verify", "district_auditor").status_code == 404

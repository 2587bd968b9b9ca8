"""Idempotency keys and versions: a repeated write records nothing new and answers the same
(docs/spec/quality.md R2); a write based on a stale version is refused with the fresh state (R1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import WRITES, Api, Household, World

SUPPORT = {"kind": "HOUSING", "amount_vnd": 40_000_000, "effective_date": "2023-05-01"}


@pytest.mark.parametrize(("path", "body"), WRITES)
def test_every_write_repeated_with_its_idempotency_key_answers_the_same_and_records_once(
    api: Api, world: World, path: str, body: dict[str, Any]
) -> None:
    key = {"Idempotency-Key": "form-7f3a"}
    first = api.post(world.fill(path), world.fill(body), headers=key)

    with api.records_nothing():
        second = api.post(world.fill(path), world.fill(body), headers=key)

    assert first.status_code == 201, first.text
    assert (second.status_code, second.json()) == (201, first.json())
    assert second.headers.get("ETag") == first.headers.get("ETag")


def test_a_repeated_key_records_one_event_in_the_households_history(
    api: Api, household: Household
) -> None:
    for _ in range(3):
        api.post(household.path("/supports"), SUPPORT, headers={"Idempotency-Key": "k"})

    assert api.event_types(household.id).count("SupportProvided") == 1


def test_a_key_reused_for_a_different_request_is_a_conflict(api: Api, household: Household) -> None:
    api.post(household.path("/supports"), SUPPORT, headers={"Idempotency-Key": "k"})

    with api.records_nothing():
        response = api.post(
            household.path("/supports"),
            {**SUPPORT, "amount_vnd": 1},
            headers={"Idempotency-Key": "k"},
        )

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/idempotency-key-reused"
    assert response.json()["field"] == "Idempotency-Key"


def test_idempotency_keys_belong_to_the_user_who_sent_them(api: Api, household: Household) -> None:
    api.post(household.path("/supports"), SUPPORT, headers={"Idempotency-Key": "k"})

    response = api.post(
        household.path("/supports"), SUPPORT, "district_caseworker", {"Idempotency-Key": "k"}
    )

    assert response.status_code == 201
    assert api.event_types(household.id).count("SupportProvided") == 2


def test_a_repeated_move_out_of_the_area_still_gets_its_first_answer(
    api: Api, household: Household
) -> None:
    move = {"commune_code": "11383", "village": "Tổ 1", "effective_date": "2024-03-01"}
    first = api.post(household.path("/moves"), move, headers={"Idempotency-Key": "mv"})

    with api.records_nothing():
        second = api.post(household.path("/moves"), move, headers={"Idempotency-Key": "mv"})

    assert (second.status_code, second.json()) == (201, first.json())
    assert api.get(household.path()).status_code == 404


@pytest.mark.parametrize("if_match", ['"3"', 'W/"3"', "3", "*"])
def test_a_write_on_the_current_version_succeeds_and_answers_the_new_etag(
    api: Api, poor_household: Household, if_match: str
) -> None:
    response = api.post(poor_household.path("/supports"), SUPPORT, headers={"If-Match": if_match})

    assert response.status_code == 201
    assert response.headers["ETag"] == '"4"'


def test_a_write_on_a_stale_version_gets_409_with_the_fresh_state(
    api: Api, poor_household: Household
) -> None:
    with api.records_nothing():
        response = api.post(poor_household.path("/supports"), SUPPORT, headers={"If-Match": '"2"'})

    assert response.status_code == 409
    problem = response.json()
    assert problem["type"] == "/problems/stale-version"
    assert problem["params"] == {"current": 3, "expected": 2}
    assert problem["current"]["version"] == 3
    assert problem["current"]["status"] == "POOR"


def test_of_two_forms_sent_on_the_same_version_only_the_first_is_recorded(
    api: Api, poor_household: Household
) -> None:
    version = api.get(poor_household.path()).headers["ETag"]
    first = api.post(poor_household.path("/supports"), SUPPORT, headers={"If-Match": version})

    second = api.post(
        poor_household.path("/supports"),
        {**SUPPORT, "kind": "EDUCATION"},
        headers={"If-Match": version},
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["current"]["version"] == 4
    assert api.event_types(poor_household.id).count("SupportProvided") == 1


def test_a_stale_version_of_a_model_gets_409_with_its_fresh_state(api: Api, model_id: str) -> None:
    response = api.post(
        f"/api/models/{model_id}/closure",
        {"effective_date": "2024-01-01"},
        headers={"If-Match": "7"},
    )

    assert response.status_code == 409
    assert response.json()["current"]["code"] == "MH-QT-01"

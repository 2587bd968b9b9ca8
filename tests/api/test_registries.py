"""Livelihood models, officials, plans and areas through the API."""

from __future__ import annotations

import pytest

from tests.api.client import Api

ON = {"effective_date": "2024-06-30"}


def test_establishing_a_model_answers_its_id_and_version(api: Api, model_id: str) -> None:
    response = api.get(f"/api/models/{model_id}", "supervisor")

    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json()["code"] == "MH-QT-01"
    assert response.json()["established_on"] == "2022-06-01"


def test_a_model_replicating_another_names_it(api: Api, model_id: str) -> None:
    body = {
        "code": "MH-QT-02",
        "name": "Nuôi gà thả vườn (nhân rộng)",
        "kind": "PRODUCTION",
        "commune_code": "11296",
        "replicated_from": model_id,
        **ON,
    }

    answer = api.created("/api/models", body)

    assert api.get(f"/api/models/{answer['id']}").json()["replicated_from"] == model_id


def test_closing_a_model(api: Api, model_id: str) -> None:
    response = api.post(f"/api/models/{model_id}/closure", ON)

    assert response.status_code == 201
    assert response.headers["ETag"] == '"2"'
    assert api.get(f"/api/models/{model_id}").json()["closed_on"] == "2024-06-30"


def test_a_closed_model_takes_no_new_households(api: Api, model_id: str) -> None:
    api.created(f"/api/models/{model_id}/closure", ON)
    household = api.created(
        "/api/households",
        {"household_code": "QT-9", "commune_code": "11296", "village": "Tổ 1",
         "members": [{"full_name": "Hoàng Văn Long", "sex": "M", "birth_date": "1970-01-01",
                      "relationship_to_head": "HEAD"}], **ON},
    )  # fmt: skip

    response = api.post(
        f"/api/households/{household['id']}/model-enrolments",
        {"model_id": model_id, "effective_date": "2024-07-01"},
    )

    assert response.status_code == 422
    assert response.json()["type"] == "/problems/model-closed"


def test_a_caseworker_cannot_close_a_model_of_another_commune(api: Api, model_id: str) -> None:
    with api.records_nothing():
        response = api.post(f"/api/models/{model_id}/closure", ON, "neighbour")

    assert response.status_code == 403
    assert response.json()["type"] == "/problems/outside-area"


def test_recording_an_officials_training_and_departure(api: Api, official_id: str) -> None:
    api.created(f"/api/officials/{official_id}/trainings", {"course": "Giảm nghèo 2023", **ON})

    response = api.post(f"/api/officials/{official_id}/departure", {"effective_date": "2024-12-31"})

    assert response.status_code == 201
    official = api.get(f"/api/officials/{official_id}", "auditor").json()
    assert official["trainings"] == [{"completed_on": "2024-06-30", "course": "Giảm nghèo 2023"}]
    assert official["left_on"] == "2024-12-31"


def test_an_unknown_model_is_a_not_found_problem(api: Api) -> None:
    response = api.get("/api/models/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/model-not-found"


@pytest.mark.parametrize("path", ["/api/plan", "/api/plans/55%2FKH-UBND", "/api/plans/55/KH-UBND"])
def test_plan_55_can_be_read_by_its_reference(api: Api, path: str) -> None:
    response = api.get(path, "supervisor")

    assert response.status_code == 200
    assert response.json()["reference"] == "55/KH-UBND"
    assert response.json()["targets"]["models"] == 300


ADOPTION = {
    "reference": "VD-02/KH-UBND",
    "area_code": "31",
    "period_start": "2026-01-01",
    "period_end": "2030-12-31",
    "baseline_date": "2026-01-01",
    "targets": {"near_poor_reduction": 50, "models": 120},
    "effective_date": "2026-03-20",
}


def test_an_administrator_adopts_a_plan_and_every_role_lists_it(api: Api) -> None:
    api.created("/api/plans", ADOPTION, "administrator")

    listed = api.get("/api/plans", "supervisor").json()

    assert [plan["reference"] for plan in listed] == ["55/KH-UBND", "VD-02/KH-UBND"]


def test_the_figures_of_2026_carry_the_new_plans_targets(api: Api) -> None:
    api.created("/api/plans", ADOPTION, "administrator")

    answer = api.get("/api/indicators", "supervisor", area="31", as_of="2026-06-30").json()

    assert answer["plan"]["reference"] == "VD-02/KH-UBND"
    assert answer["figures"]["models"]["target"] == 120


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "auditor"])
def test_only_an_administrator_adopts_a_plan(api: Api, who: str) -> None:
    with api.records_nothing():
        response = api.post("/api/plans", ADOPTION, who)

    assert response.status_code == 403


def test_a_plan_already_adopted_under_its_number_is_a_conflict(api: Api) -> None:
    api.created("/api/plans", ADOPTION, "administrator")

    with api.records_nothing():
        response = api.post("/api/plans", ADOPTION, "administrator")

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/plan-exists"


def test_an_unknown_plan_is_a_not_found_problem(api: Api) -> None:
    response = api.get("/api/plans/99%2FKH-UBND")

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/plan-not-found"


def test_the_areas_are_those_in_force_on_the_date_asked(api: Api) -> None:
    before = api.get("/api/areas", as_of="2024-12-31").json()
    after = api.get("/api/areas", as_of="2025-06-30").json()

    assert before["city"]["code"] == "31"
    quan_toan = next(c for c in before["communes"] if c["code"] == "11296")
    assert quan_toan["parent_code"] == "303"
    assert len(before["communes"]) != len(after["communes"])

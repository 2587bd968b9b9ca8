"""Who may do what (docs/spec/access.md): every route declares a policy; no token, no access;
supervisors and auditors never write; a household outside the caller's area does not exist."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.dependencies.models import Dependant

from application.accounts import token_id
from tests.api.client import WRITES, Api, Household, World, routes_of, survey
from web.deps import READ, Policy
from web.pages import DOCS_URL

NEW_ID = "00000000-0000-4000-8000-000000000000"
SUPPORT = {"kind": "HOUSING", "effective_date": "2023-05-01"}


def calls(dependant: Dependant) -> Iterator[object]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from calls(sub)


def undeclared(app: FastAPI) -> list[str]:
    """Routes among whose dependencies no `Policy` is found."""
    return [
        route.path
        for route in routes_of(app)
        if not any(isinstance(call, Policy) for call in calls(route.dependant))
    ]


def paths(api: Api, method: str) -> list[str]:
    """Every /api route answering `method`, its path parameters filled with an unknown id; not
    the documentation page, which is for everyone (as the OpenAPI document it reads)."""
    return [
        re.sub(r"\{[^}]+\}", NEW_ID, route.path)
        for route in api.routes()
        if route.path.startswith("/api") and route.path != DOCS_URL and method in route.methods
    ]


def test_every_route_declares_a_policy(api: Api) -> None:
    assert len(api.routes()) > 25
    assert undeclared(cast(FastAPI, api.client.app)) == []


def test_the_policy_check_finds_a_route_that_declares_none() -> None:
    app = FastAPI()
    router = APIRouter(prefix="/api", dependencies=[Depends(READ)])
    router.add_api_route("/declared", lambda: None)
    app.include_router(router)
    app.add_api_route("/api/forgotten", lambda: None)

    assert undeclared(app) == ["/api/forgotten"]


def test_every_api_route_refuses_a_request_without_a_token(api: Api) -> None:
    answers = {
        (method, path): api.client.request(method, path, json={}).status_code
        for method in ("GET", "POST")
        for path in paths(api, method)
    }

    print(
        f"\naccess (API), no token: {list(answers.values()).count(401)} of {len(answers)} refused"
    )
    assert len(answers) > 25
    assert set(answers.values()) == {401}


def test_a_refused_token_is_told_how_to_authenticate(api: Api, household: Household) -> None:
    response = api.client.get(household.path(), headers={"Authorization": "Bearer forged"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["type"] == "/problems/not-authenticated"


def test_a_disabled_users_token_no_longer_works(api: Api) -> None:
    api.token("neighbour")
    api.system.accounts.disable_user("neighbour")

    assert api.get("/api/areas", "neighbour").status_code == 401


def test_a_revoked_token_no_longer_works_over_http(api: Api) -> None:
    token = api.token("neighbour")
    api.system.accounts.revoke_token(token_id(token))

    assert api.get("/api/areas", "neighbour").status_code == 401


@pytest.mark.parametrize("who", ["supervisor", "auditor"])
def test_supervisors_and_auditors_never_write(api: Api, world: World, who: str) -> None:
    """Neither a valid request to a real household, model or official, nor any POST route."""
    valid = [[world.fill(value) for value in param.values] for param in WRITES]
    with api.records_nothing():
        answers = [api.post(path, body, who).status_code for path, body in valid]
        answers += [api.post(path, {}, who).status_code for path in paths(api, "POST")]

    print(f"\naccess (API), {who} writing: {answers.count(403)} of {len(answers)} refused")
    assert set(answers) == {403}


def test_an_administrator_does_not_write_households(api: Api, household: Household) -> None:
    with api.records_nothing():
        response = api.post(household.path("/supports"), SUPPORT, "administrator")

    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden"


def test_an_administrator_registers_officials(api: Api) -> None:
    body = {"name": "Đỗ Văn Hải", "area_code": "305", "effective_date": "2023-01-01"}

    assert api.post("/api/officials", body, "administrator").status_code == 201


@pytest.mark.parametrize("who", ["supervisor", "auditor", "administrator", "district_caseworker"])
def test_readers_of_the_area_see_the_household(api: Api, household: Household, who: str) -> None:
    for path in (household.path(), household.path("/history"), household.path("/export")):
        assert api.get(path, who).status_code == 200


@pytest.mark.parametrize("who", ["neighbour", "stranger"])
def test_a_caseworker_of_another_commune_finds_no_such_household(
    api: Api, household: Household, who: str
) -> None:
    unknown = api.get(f"/api/households/{NEW_ID}", who).json()

    for path in (household.path(), household.path("/history"), household.path("/export")):
        response = api.get(path, who)
        assert response.status_code == 404
        assert (response.json()["type"], response.json()["title"]) == (
            unknown["type"],
            unknown["title"],
        )


@pytest.mark.parametrize("who", ["neighbour", "stranger"])
def test_a_caseworker_of_another_commune_cannot_write_to_the_household(
    api: Api, household: Household, who: str
) -> None:
    with api.records_nothing():
        response = api.post(household.path("/supports"), SUPPORT, who)

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/household-not-found"


def test_a_survey_preview_is_not_given_outside_the_area(api: Api, household: Household) -> None:
    response = api.post(household.path("/surveys/preview"), survey(), "neighbour")

    assert response.status_code == 404


def test_the_list_never_shows_households_outside_the_callers_area(
    api: Api, household: Household
) -> None:
    assert api.get("/api/households", "neighbour").json()["total"] == 0
    assert api.get("/api/households", "supervisor", area="11296").json()["total"] == 1


def test_asking_for_an_area_outside_ones_own_is_answered_as_an_unknown_area(
    api: Api, household: Household
) -> None:
    response = api.get("/api/households", "neighbour", area="11296")
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/area-not-found"


def test_a_household_that_moved_belongs_to_its_new_commune(api: Api, household: Household) -> None:
    move = {"commune_code": "11299", "village": "Tổ 2", "effective_date": "2024-03-01"}
    api.created(household.path("/moves"), move)

    assert api.get(household.path(), "caseworker").status_code == 404
    assert api.get(household.path(), "neighbour").status_code == 200

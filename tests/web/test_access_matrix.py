"""The access matrix of quality.md §3: every page route tried by nine actors — caseworkers of
two communes of one district and of a commune of another, supervisors of those two districts
and of the city, an auditor, a disabled user and nobody — plus the administrator, against
households whose names are markers. No unexpected 2xx; no marker of a household outside the
actor's area in any page, list, search, fragment, download or dashboard; supervisors and
auditors never write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any, cast

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from tests.api.conftest import HEAD, USERS, Api, registration, routes_of, survey
from tests.web.conftest import Browser
from web.deps import Policy, Public
from web.ui.session import Signed

# name: (role, area); the communes 11296 and 11299 are in district 303, 11383 in 305.
ACTORS: dict[str, tuple[str, str] | None] = {
    "caseworker": ("caseworker", "11296"),
    "neighbour": ("caseworker", "11299"),
    "stranger": ("caseworker", "11383"),
    "supervisor_303": ("supervisor", "303"),
    "supervisor_305": ("supervisor", "305"),
    "supervisor": ("supervisor", "31"),
    "auditor": ("auditor", "31"),
    "administrator": ("administrator", "31"),
    "disabled": ("caseworker", "11296"),
    "nobody": None,
}
# One household per commune, its head's name a marker no other text contains.
MARKERS = {"11296": "Quxmarkerquantoan", "11299": "Quxmarkerhungvuong", "11383": "Quxmarkerlechan"}
DISTRICT = {"11296": "303", "11299": "303", "11383": "305"}
WRITERS = {"11296": "caseworker", "11299": "neighbour", "11383": "stranger"}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    roles: tuple[str, ...] | None  # None: public


def policy_of(route: Any) -> Policy:
    def calls(dependant: Any) -> Iterator[object]:
        for sub in dependant.dependencies:
            yield sub.call
            yield from calls(sub)

    return next(call for call in calls(route.dependant) if isinstance(call, Policy))


def page_routes(app: FastAPI) -> list[Case]:
    cases = []
    for route in routes_of(app):
        if route.path.startswith("/api") or route.path == "/healthz":
            continue
        policy = policy_of(route)
        roles = policy.roles if isinstance(policy, Signed) else None
        assert roles is not None or isinstance(policy, Public), route.path
        cases.extend(Case(method, route.path, roles) for method in sorted(route.methods))
    # Signing out ends the actor's session: it goes last.
    return sorted(cases, key=lambda case: case.path == "/logout")


def sees(area: str, commune: str) -> bool:
    return area in ("31", commune, DISTRICT[commune])


@dataclass
class Town:
    """The marker households, and the ids that fill route paths."""

    households: dict[str, dict[str, Any]]

    def fill(self, path: str, commune: str) -> str:
        household = self.households[commune]
        values = {
            "household_id": household["id"],
            "member_id": household["members"][0]["member_id"],
            "loan_id": "L-1",
            "figure_id": "poor",
            "lang": "en",
            "model_id": "00000000-0000-4000-8000-000000000000",
            "official_id": "00000000-0000-4000-8000-000000000000",
        }

        def value(match: re.Match[str]) -> str:
            name = match.group(1).split(":")[0]
            assert name in values, f"no test value for path parameter {name} in {path}"
            return str(values[name])

        return re.sub(r"\{([^}]+)\}", value, path)


@pytest.fixture
def town(api: Api) -> Town:
    households = {}
    for number, (commune, marker) in enumerate(MARKERS.items()):
        who = WRITERS[commune]
        head = {**HEAD, "full_name": f"Nguyễn Văn {marker}"}
        body = registration(
            household_code=f"MK-{number}", commune_code=commune, village=marker, members=[head]
        )
        answer = api.created("/api/households", body, who)
        path = f"/api/households/{answer['id']}"
        api.created(path + "/surveys", survey(survey_id="S-1"), who)
        recognition = {"survey_id": "S-1", "decision_ref": "1/QĐ", "effective_date": "2022-12-20"}
        api.created(path + "/classifications", recognition, who)
        loan = {"loan_id": "L-1", "programme": "POOR", "amount_vnd": 9_000_000, "term_months": 12}
        api.created(path + "/loans", {**loan, "effective_date": "2023-01-10"}, who)
        households[commune] = answer
    return Town(households)


def browser_for(actor: str, pages: Browser) -> Browser:
    spec = ACTORS[actor]
    if spec is not None:
        if USERS.get(actor) == spec:
            pages.api.token(actor)
        else:
            pages.api.system.accounts.add_user(actor, *spec, password="mật-khẩu-thử")
        assert pages.sign_in(actor).url.path != "/login"
        if actor == "disabled":
            pages.api.system.accounts.disable_user(actor)
    return pages


def text_of(response: httpx.Response) -> str:
    kind = response.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        book = load_workbook(BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return response.text


def send(browser: Browser, case: Case, path: str, **params: str) -> httpx.Response:
    if case.method == "GET":
        return browser.client.get(path, params=params, follow_redirects=False)
    token = browser.token()
    return browser.client.post(
        path, data={"csrftoken": token}, headers={"x-csrftoken": token}, follow_redirects=False
    )


def expected_refusal(actor: str, case: Case, commune: str) -> set[int] | None:
    """The statuses the actor must get, or None when the route may answer them."""
    spec = ACTORS[actor]
    if case.roles is None:
        return None
    if spec is None or actor == "disabled":
        return {303, 401}
    role, area = spec
    if role not in case.roles:
        return {403}
    if "{household_id}" in case.path and not sees(area, commune):
        return {404}
    return None


@pytest.mark.parametrize("actor", list(ACTORS))
def test_no_actor_reaches_or_sees_what_is_not_theirs(
    actor: str, pages: Browser, town: Town, app: FastAPI
) -> None:
    browser = browser_for(actor, pages)
    spec = ACTORS[actor]
    area = spec[1] if spec and actor != "disabled" else None
    hidden = [m for c, m in MARKERS.items() if area is None or not sees(area, c)]
    before = pages.api.system.store.recorder.max_notification_id()
    problems = []
    for case in page_routes(cast(FastAPI, app)):
        for commune in MARKERS:
            path = town.fill(case.path, commune)
            for params in ({}, {"area": "305"}, {"area": "303"}, {"q": "Quxmarker"}):
                response = send(browser, case, path, **params)
                refusal = expected_refusal(actor, case, commune)
                if refusal is not None and response.status_code not in refusal:
                    problems.append(f"{case.method} {path} {params}: {response.status_code}")
                leaked = [m for m in hidden if m in text_of(response)]
                if leaked:
                    problems.append(f"{case.method} {path} {params}: shows {leaked}")
            if "{household_id}" not in case.path:
                break
    writes_recorded = pages.api.system.store.recorder.max_notification_id() != before

    assert problems == []
    if spec is None or spec[0] in ("supervisor", "auditor") or actor == "disabled":
        assert not writes_recorded

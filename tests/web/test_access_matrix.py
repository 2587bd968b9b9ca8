"""The access matrix of docs/spec/access.md: every page route tried by fourteen actors — caseworkers
of two communes of one district and of a commune of another, a caseworker of a commune split in
the reorganisation of 2025, supervisors of those two districts (ended since) and of the city,
an auditor, a commune's chairman, a disabled user and nobody — plus administrators of the city, of a
district and of a commune, against households whose names are markers, each on its commune's
review round. No unexpected 2xx; no marker of a household outside the actor's area in any page,
list, search, fragment, download, round or dashboard; supervisors and auditors never write.

Then every administrator route (issue 12) tried by administrators of the city, of a district
and of a commune, on accounts inside and outside their area, of a lower, the same and a higher
rank: an account outside is 404, as an unknown one; their own, or an administrator of the same
or a wider area, 403; a refusal changes nothing."""

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
from sqlalchemy import select

from application.accounts import users
from application.commands import Actor, context
from application.registries import PLAN_55
from domain.area_registry import AWAITING
from tests.api.client import HEAD, USERS, Api, registration, routes_of, survey
from tests.web.conftest import PASSWORD, Browser
from web.deps import Policy, Public
from web.ui.session import Signed

# name: (role, area); the communes 11296 and 11299 were in district 303, 11383 in 305, until
# 2025-07-01: then 11296 and 11299 went wholly into new units (their users continue there),
# 11383 was split and its code taken by a new unit (Phường Lê Chân, its user's today), the
# districts ended (their users read their territory as on 2025-06-30), and 11587 (Phường Đại
# Bản, of district 303 since 2025-01-01) was split without a successor of its code: its user
# sees its households as they were on its last day — none of the markers.
ACTORS: dict[str, tuple[str, str] | None] = {
    "split_commune": ("caseworker", "11587"),
    "caseworker": ("caseworker", "11296"),
    "neighbour": ("caseworker", "11299"),
    "stranger": ("caseworker", "11383"),
    "supervisor_303": ("supervisor", "303"),
    "supervisor_305": ("supervisor", "305"),
    "supervisor": ("supervisor", "31"),
    "auditor": ("auditor", "31"),
    "administrator": ("administrator", "31"),
    "administrator_303": ("administrator", "303"),
    "administrator_11296": ("administrator", "11296"),
    "chairman_11296": ("chairman", "11296"),
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
    rounds: dict[str, str]  # the periodic review of 2026 of the commune each counts in today
    runs: dict[str, str]  # a what-if run over that commune, by the city's supervisor

    def fill(self, path: str, commune: str) -> str:
        household = self.households[commune]
        values = {
            "household_id": household["id"],
            "round_id": self.rounds[commune],
            "run_id": self.runs[commune],
            "complaint_id": "00000000-0000-4000-8000-000000000000",
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
        loan = {
            "loan_id": "L-1",
            "programme": "POOR",
            "amount_vnd": 9_000_000,
            "term_months": 12,
            "organisation": "WOMENS_UNION",
        }
        api.created(path + "/loans", {**loan, "effective_date": "2023-01-10"}, who)
        households[commune] = answer
    rounds, runs = {}, {}
    for commune, household in households.items():
        # Where it counts today; a household of 11383, split in 2025, awaits its new unit, and
        # the round is then of the new unit that kept the code.
        today = api.system.households.current_commune(household["id"])
        today = commune if today.startswith(AWAITING) else today
        opened = {"effective_date": "2026-09-03"}
        rounds[commune] = api.created(f"/api/communes/{today}/rounds", opened, WRITERS[commune])[
            "id"
        ]
        api.system.reads.catch_up()
        city = context(Actor("giamsat.thanhpho", "supervisor", "31"))
        day = api.system.runner.today()
        ran = api.system.what_if.run(city, "VN-MDP-2027", today, day, None)
        runs[commune] = ran.answer["id"]
    return Town(households, rounds, runs)


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
    if per_commune(case) and not sees(area, commune):
        return {404}
    return None


def per_commune(case: Case) -> bool:
    """A route of one household, one round or one run, tried on each commune's."""
    return any(f"{{{key}}}" in case.path for key in ("household_id", "round_id", "run_id"))


@pytest.mark.slow
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
    checked = 0
    for case in page_routes(cast(FastAPI, app)):
        for commune in MARKERS:
            path = town.fill(case.path, commune)
            for params in ({}, {"area": "305"}, {"area": "303"}, {"q": "Quxmarker"}):
                response = send(browser, case, path, **params)
                checked += 1
                refusal = expected_refusal(actor, case, commune)
                if refusal is not None and response.status_code not in refusal:
                    problems.append(f"{case.method} {path} {params}: {response.status_code}")
                leaked = [m for m in hidden if m in text_of(response)]
                if leaked:
                    problems.append(f"{case.method} {path} {params}: shows {leaked}")
            if not per_commune(case):
                break
    writes_recorded = pages.api.system.store.recorder.max_notification_id() != before

    print(f"\naccess (pages), {actor}: {checked} requests, {len(problems)} not as they should")
    assert problems == []
    if spec is None or spec[0] in ("supervisor", "auditor") or actor == "disabled":
        assert not writes_recorded


# ---- every administrator route, by the caller's area and rank ------------------------------------

# name: (role, area). Two administrators of each of the city, district 303 and its commune 11296,
# an administrator of district 305 and of its ward 11383, and supervisors and caseworkers.
STAFF: dict[str, tuple[str, str]] = {
    "admin_31": ("administrator", "31"),
    "admin_31_b": ("administrator", "31"),
    "admin_303": ("administrator", "303"),
    "admin_303_b": ("administrator", "303"),
    "admin_305": ("administrator", "305"),
    "admin_11296": ("administrator", "11296"),
    "admin_11296_b": ("administrator", "11296"),
    "admin_11383": ("administrator", "11383"),
    "supervisor_303": ("supervisor", "303"),
    "supervisor_305": ("supervisor", "305"),
    "worker_11296": ("caseworker", "11296"),
    "worker_11299": ("caseworker", "11299"),
    "worker_11383": ("caseworker", "11383"),
}
CALLERS = ["admin_31", "admin_303", "admin_11296"]
# The areas inside each caller's (their own included). A shorter code is a wider area.
WITHIN = {
    "31": {"31", "303", "305", "11296", "11299", "11383"},
    "303": {"303", "11296", "11299"},
    "11296": {"11296"},
}
# The units the user form is tried with. Since 1 July 2025 it offers only units standing today:
# the city, Phường Hồng An and Phường Hồng Bàng (where 11296 and 11299 of district 303 went
# wholly, each with parts of another district), Phường Lê Chân (a new unit under 11383's code) and
# Xã Kiến Thụy (of old district 314); the districts and the old communes ended.
STANDING = ["31", "11602", "11311", "11383", "11680"]
ENDED = ["303", "305", "11296", "11299"]
# The standing units inside each caller's scope today: a commune continues as the unit it went
# wholly into; a district keeps its territory of 30 June 2025, and no new unit lies wholly in 303's.
ADDABLE = {"31": set(STANDING), "303": set(), "11296": {"11602"}}
CONTINUES_AS = {"11296": "11602"}
ACCOUNT_ROUTES = {"disable": 303, "enable": 303, "password": 200}  # and their answer when done
ADMIN_READS = ["/admin", "/admin/users", "/admin/areas", "/admin/plan", "/admin/totals"]


def area_of(name: str) -> str:
    return STAFF[name][1]


def may_touch(caller: str, role: str, area: str) -> bool:
    """Inside the caller's area; an administrator only of a narrower one."""
    own = area_of(caller)
    return area in WITHIN[own] and (role != "administrator" or len(area) > len(own))


def expected_change(caller: str, target: str) -> int | None:
    """The refusal the caller must get acting on the target's account, or None: it is done."""
    role, area = STAFF[target]
    if area not in WITHIN[area_of(caller)]:
        return 404
    if target == caller or not may_touch(caller, role, area):
        return 403
    return None


@dataclass
class Caller:
    name: str
    browser: Browser

    @property
    def own(self) -> set[str]:
        return WITHIN[area_of(self.name)]


@pytest.fixture(params=CALLERS)
def caller(request: pytest.FixtureRequest, pages: Browser) -> Caller:
    """Each administrator of CALLERS in turn, signed in, among the accounts of STAFF."""
    for name, (role, area) in STAFF.items():
        pages.api.system.accounts.add_user(name, role, area, password=PASSWORD)
    assert pages.sign_in(request.param, follow=False).status_code == 303
    return Caller(request.param, pages)


def post_form(browser: Browser, path: str, form: dict[str, str]) -> httpx.Response:
    token = browser.token()
    response: httpx.Response = browser.client.post(
        path, data={**form, "csrftoken": token}, follow_redirects=False
    )
    return response


def stored(browser: Browser, username: str) -> tuple[str, bool]:
    with browser.api.system.accounts.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
    return row.password_hash, row.disabled


def test_an_administrator_changes_only_accounts_inside_their_area_and_below_them(
    caller: Caller,
) -> None:
    browser, problems = caller.browser, []
    for target in STAFF:
        refusal = expected_change(caller.name, target)
        for action, done in ACCOUNT_ROUTES.items():
            before = stored(browser, target)
            response = post_form(browser, f"/admin/users/{action}", {"username": target})
            status, changed = response.status_code, stored(browser, target) != before
            if status != (refusal or done) or changed != (refusal is None):
                problems.append(f"{action} {target}: {status}, changed: {changed}")

    assert problems == []


def expected_addition(caller: str, role: str, area: str) -> int:
    """The answer to the caller adding a user of the role and area: 200 when added; an ended
    unit 422 for anyone; outside the caller's area, or an administrator not strictly below it
    (their own area or the unit it continues as), 403."""
    own = area_of(caller)
    if area in ENDED:
        return 422
    if area not in ADDABLE[own]:
        return 403
    if role == "administrator" and area in (own, CONTINUES_AS.get(own)):
        return 403
    return 200


def test_an_administrator_adds_users_only_inside_their_area_and_below_them(
    caller: Caller,
) -> None:
    browser, problems = caller.browser, []
    for role in ("caseworker", "supervisor", "auditor", "administrator"):
        for area in STANDING + ENDED:
            name = f"new_{role}_{area}"
            response = post_form(
                browser, "/admin/users", {"username": name, "role": role, "area_code": area}
            )
            expected = expected_addition(caller.name, role, area)
            added = browser.api.system.accounts.actor_for_user(name) is not None
            if response.status_code != expected or added != (expected == 200):
                problems.append(f"adds {role} of {area}: {response.status_code}")

    assert problems == []


def test_an_administrator_reads_every_admin_page_with_only_their_areas_accounts_and_totals(
    caller: Caller,
) -> None:
    browser, own = caller.browser, caller.own
    city = Actor("admin_31", "administrator", "31")
    for area in sorted(WITHIN["31"]):
        browser.api.system.areas.record_household_total(context(city), area, 2024, 1_000)

    answers = {path: browser.get(path).status_code for path in ADMIN_READS}
    listed = re.findall(r"<tr>\s*<td>([^<]+)</td>", browser.get("/admin/users").text)
    totals = re.findall(r'<tr id="total-([0-9]+)">', browser.get("/admin/totals?year=2024").text)

    assert answers == dict.fromkeys(ADMIN_READS, 200)
    assert listed == sorted(name for name in STAFF if area_of(name) in own)
    assert sorted(totals) == sorted(own)


def test_only_an_administrator_of_the_city_revises_the_plan(caller: Caller) -> None:
    browser = caller.browser
    before = browser.api.system.plans.get(PLAN_55)
    form = {"target": "models", "value": "350", "effective_date": "2024-01-02"}

    response = post_form(browser, "/admin/plan", form)

    revised = browser.api.system.plans.get(PLAN_55) != before
    expected = (303, True) if caller.name == "admin_31" else (403, False)
    assert (response.status_code, revised) == expected


def test_an_administrator_records_household_totals_only_inside_their_area(
    caller: Caller,
) -> None:
    browser, problems = caller.browser, []
    for area in sorted(WITHIN["31"]):
        form = {"area_code": area, "year": "2024", "total": "1000"}
        response = post_form(browser, "/admin/totals", form)
        allowed = area in caller.own
        recorded = (area, 2024) in browser.api.system.areas.registry().household_totals
        if response.status_code != (303 if allowed else 403) or recorded != allowed:
            problems.append(f"records a total of {area}: {response.status_code}")

    assert problems == []

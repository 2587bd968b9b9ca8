"""The API on the in-memory system: a client that signs in as any of a cast of users, and
households, models and officials recorded through the API itself. A plugin (registered in
tests/conftest.py), so the API's and the pages' tests share its fixtures without importing
them."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from application import accounts
from application.system import System
from tests.api.conformance import Document
from tests.conftest import open_system
from web.app import create_app

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx is what the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# name: (role, area). Quán Toan and Hùng Vương are communes of district 303 (Hồng Bàng);
# 11383 is a ward of district 305 (Lê Chân).
DOCUMENTS: dict[int, Document] = {}
USERS: dict[str, tuple[str, str]] = {
    "caseworker": ("caseworker", "11296"),
    "neighbour": ("caseworker", "11299"),
    "stranger": ("caseworker", "11383"),
    "district_caseworker": ("caseworker", "303"),
    "supervisor": ("supervisor", "31"),
    "auditor": ("auditor", "31"),
    "district_auditor": ("auditor", "305"),
    "administrator": ("administrator", "31"),
    # The chairman of Phường Hồng An, which Phường Quán Toan (11296) went into on 2025-07-01.
    "chairman": ("chairman", "11602"),
}

HEAD = {
    "full_name": "Nguyễn Văn An",
    "sex": "M",
    "birth_date": "1975-04-02",
    "relationship_to_head": "HEAD",
    "national_id": "031075000111",
}
SPOUSE = {
    "full_name": "Trần Thị Bình",
    "sex": "F",
    "birth_date": "1980-09-12",
    "relationship_to_head": "SPOUSE",
}
CHILD = {
    "full_name": "Nguyễn Minh Châu",
    "sex": "F",
    "birth_date": "2010-01-20",
    "relationship_to_head": "CHILD",
}
KEYS = (
    "employment", "dependents", "nutrition", "health_insurance", "adult_education",
    "child_schooling", "housing_quality", "housing_area", "domestic_water", "latrine",
    "telecom", "information_means",
)  # fmt: skip


def registration(**changes: Any) -> dict[str, Any]:
    body = {
        "household_code": "QT-0001",
        "commune_code": "11296",
        "village": "Tổ dân phố 3",
        "address": "12 Đường Quán Toan",
        "members": [HEAD, SPOUSE, CHILD],
        "flags": {"ethnic_minority": False},
        "effective_date": "2022-01-15",
    }
    return {**body, **changes}


def survey(income: int = 1_200_000, deprived: int = 4, **changes: Any) -> dict[str, Any]:
    """A periodic review in the 2022 window; poor in an urban ward with these defaults."""
    body = {
        "kind": "PERIODIC",
        "effective_date": "2022-10-01",
        "income_per_capita_vnd": income,
        "deprivations": {key: i < deprived for i, key in enumerate(KEYS)},
        "causes": ["CAPITAL"],
        "needs": ["CREDIT"],
    }
    return {**body, **changes}


@dataclass(frozen=True)
class Route:
    path: str
    methods: set[str]
    dependant: Dependant


def routes_of(app: FastAPI) -> list[Route]:
    """Every route as included: with its router's prefix and router-level dependencies."""
    return [
        Route(context.path or "", context.methods or set(), context.dependant)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
    ]


@dataclass
class Api:
    """The test client, signed in as whichever user of USERS a call names."""

    client: TestClient
    system: System
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def document(self) -> Document:
        """The API's own description, which every answer is checked against."""
        return DOCUMENTS.setdefault(id(self.client.app), Document(cast(FastAPI, self.client.app)))

    def headers(self, who: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.token(who)}"
        return headers

    def token(self, who: str) -> str:
        if who not in self.tokens:
            role, area = USERS[who]
            self.system.accounts.add_user(who, role, area, password="mật-khẩu-thử")
            self.tokens[who] = self.system.accounts.create_token(who)
        return self.tokens[who]

    def post(
        self,
        path: str,
        body: Any,
        who: str | None = "caseworker",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        response: httpx.Response = self.client.post(
            path, json=body, headers=self.headers(who, headers)
        )
        self.document.check(response)
        return response

    def get(
        self,
        path: str,
        who: str | None = "caseworker",
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> httpx.Response:
        response: httpx.Response = self.client.get(
            path, params=params, headers=self.headers(who, headers)
        )
        self.document.check(response)
        return response

    def created(self, path: str, body: dict[str, Any], who: str = "caseworker") -> dict[str, Any]:
        """Post what must succeed, and give its answer."""
        response = self.post(path, body, who)
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def routes(self) -> list[Route]:
        return routes_of(cast(FastAPI, self.client.app))

    def household(self, household_id: str) -> dict[str, Any]:
        return self.system.households.get(household_id)

    def event_types(self, household_id: str) -> list[str]:
        history = self.system.households.history(household_id)
        return [entry["type"] for entry in history["entries"]]

    @contextmanager
    def records_nothing(self) -> Iterator[None]:
        """Whatever happens inside, the event log ends where it began."""
        before = self.system.store.recorder.max_notification_id()
        yield
        assert self.system.store.recorder.max_notification_id() == before


@dataclass(frozen=True)
class Household:
    id: str
    head: str
    spouse: str
    child: str

    def path(self, tail: str = "") -> str:
        return f"/api/households/{self.id}{tail}"


@pytest.fixture(scope="session")
def app() -> Iterator[FastAPI]:
    """Built once, as building the routes is the slow part; each test gives it its own system."""
    first = open_system("memory://")
    yield create_app(first)
    first.close()


@contextmanager
def serving(app: FastAPI, system: System) -> Iterator[Api]:
    """The app answering from `system`, as one client."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app.state, "system", system)
        # Argon2id at its production cost takes a quarter of a second a user; these tests sign
        # in with tokens and test no password, so they hash at the cheapest cost.
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
        )
        with TestClient(app) as client:
            yield Api(client, system)


@pytest.fixture
def api(app: FastAPI, system: System) -> Iterator[Api]:
    with serving(app, system) as api:
        yield api


def register_household(api: Api) -> Household:
    answer = api.created("/api/households", registration())
    head, spouse, child = (m["member_id"] for m in answer["members"])
    return Household(answer["id"], head, spouse, child)


def recognise_poor(api: Api, household: Household) -> Household:
    api.created(household.path("/surveys"), survey(survey_id="S-2022"))
    api.created(
        household.path("/classifications"),
        {"survey_id": "S-2022", "decision_ref": "15/QĐ-UBND", "effective_date": "2022-12-20"},
    )
    return household


def open_model(api: Api) -> str:
    body = {
        "code": "MH-QT-01",
        "name": "Nuôi gà thả vườn",
        "kind": "PRODUCTION",
        "sector": "Chăn nuôi",
        "commune_code": "11296",
        "budget_vnd": 300_000_000,
        "effective_date": "2022-06-01",
    }
    return str(api.created("/api/models", body)["id"])


def register_official(api: Api) -> str:
    body = {"name": "Lê Văn Dũng", "area_code": "11296", "effective_date": "2022-02-01"}
    return str(api.created("/api/officials", body)["id"])


@pytest.fixture
def household(api: Api) -> Household:
    """Registered in Quán Toan on 2022-01-15: head, spouse and a child."""
    return register_household(api)


@pytest.fixture
def poor_household(api: Api, household: Household) -> Household:
    """Recognised as poor on 2022-12-20 from the review of 2022-10-01 (survey `S-2022`)."""
    return recognise_poor(api, household)


@pytest.fixture
def model_id(api: Api) -> str:
    """A livelihood model of Quán Toan, open since 2022-06-01."""
    return open_model(api)


@pytest.fixture
def official_id(api: Api) -> str:
    return register_official(api)


# One valid request for every write route, aimed at the `world` fixture's ids.
H = "/api/households/{hid}"
ON = {"effective_date": "2024-01-02"}

WRITES = [
    pytest.param("/api/households", registration(household_code="QT-0002"), id="register"),
    pytest.param(H + "/surveys", survey(effective_date="2024-10-01"), id="survey"),
    pytest.param(H + "/classifications", {"survey_id": "S-2023", "decision_ref": "20/QĐ", **ON},
                 id="classification"),
    pytest.param(H + "/loans", {"programme": "HOUSING", "amount_vnd": 9, "term_months": 9,
                 "organisation": "YOUTH_UNION", **ON},
                 id="loan"),
    pytest.param(H + "/categories", {"categories": {"agricultural": True}, **ON},
                 id="categories"),
    pytest.param(H + "/loans/L-1/repayments", {"amount_vnd": 9, **ON}, id="repayment"),
    pytest.param(H + "/model-enrolments", {"model_id": "{model}", **ON}, id="enrolment"),
    pytest.param(H + "/supports", {"kind": "NUTRITION", **ON}, id="support"),
    pytest.param(H + "/employment", {"member_id": "{head}", "kind": "SELF_EMPLOYED", **ON},
                 id="employment"),
    pytest.param(H + "/employment/{spouse}/end", ON, id="employment-end"),
    pytest.param(H + "/moves", {"commune_code": "11296", "village": "Tổ 8", **ON}, id="move"),
    pytest.param(H + "/members", {**CHILD, "full_name": "Nguyễn Gia Huy", **ON}, id="member"),
    pytest.param(H + "/members/{child}/removal", {"reason": "OTHER", **ON}, id="removal"),
    pytest.param(H + "/head", {"member_id": "{spouse}", **ON}, id="head"),
    pytest.param(H + "/retractions", {"target_version": 5, "reason": "Nhầm"}, id="retraction"),
    pytest.param(H + "/erasure", {"reason": "Đơn yêu cầu xóa của chủ hộ"}, id="erasure"),
    pytest.param("/api/models", {"code": "MH-9", "name": "Nấm", "kind": "STARTUP",
                 "commune_code": "11296", **ON}, id="model"),
    pytest.param("/api/models/{model}/closure", ON, id="model-closure"),
    pytest.param("/api/officials", {"name": "Vũ Thị Giang", "area_code": "11296", **ON},
                 id="official"),
    pytest.param("/api/officials/{official}/trainings", {"course": "Giảm nghèo", **ON},
                 id="training"),
    pytest.param("/api/officials/{official}/departure", ON, id="departure"),
]  # fmt: skip


@dataclass(frozen=True)
class World:
    """A poor household (versions 1-3) with loan L-1 (4), an unclassified survey S-2023 (5)
    and the spouse's job (6); a model and an official: something for every write to aim at."""

    household: Household
    ids: dict[str, str]

    def fill(self, value: Any) -> Any:
        """Put the world's ids into a path or body written with {hid}, {head}, {model}..."""
        if isinstance(value, str):
            for name, id_ in self.ids.items():
                value = value.replace(f"{{{name}}}", id_)
            return value
        if isinstance(value, dict):
            return {key: self.fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill(item) for item in value]
        return value


def build_world(api: Api, h: Household, model_id: str, official_id: str) -> World:
    loan = {
        "loan_id": "L-1",
        "programme": "POOR",
        "amount_vnd": 50_000_000,
        "term_months": 60,
        "organisation": "WOMENS_UNION",
    }
    api.created(h.path("/loans"), {**loan, "effective_date": "2023-02-01"})
    api.created(h.path("/surveys"), survey(survey_id="S-2023", effective_date="2023-10-01"))
    job = {"member_id": h.spouse, "kind": "SELF_EMPLOYED", "effective_date": "2023-02-01"}
    api.created(h.path("/employment"), job)
    ids = {"hid": h.id, "head": h.head, "spouse": h.spouse, "child": h.child,
           "model": model_id, "official": official_id}  # fmt: skip
    return World(h, ids)


@pytest.fixture
def world(api: Api, poor_household: Household, model_id: str, official_id: str) -> World:
    return build_world(api, poor_household, model_id, official_id)


@pytest.fixture(scope="module")
def shared_world(app: FastAPI) -> Iterator[tuple[Api, World]]:
    """One world for a module's read-only tests: each asserts it records nothing, so the world
    they share is the one every test would have built for itself."""
    system = open_system("memory://")
    with serving(app, system) as api:
        household = recognise_poor(api, register_household(api))
        yield api, build_world(api, household, open_model(api), register_official(api))
    system.close()

"""The pages on the in-memory system: a browser-like client (cookies kept, CSRF token sent
with every form) that signs in as any user of the API tests' cast, beside the API helper that
records the households the pages show."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bench.provincial import add_city_standard
from tests.api.client import USERS, Api, TestClient
from web.ui.security import SignInLimit

PASSWORD = "mật-khẩu-thử"
TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


@dataclass
class Browser:
    """One person's client: its own cookie jar, so two people can be signed in at once."""

    client: TestClient
    api: Api

    def sign_in(
        self, who: str, password: str = PASSWORD, next: str = "", follow: bool = True
    ) -> httpx.Response:
        """Through the sign-in form; a user of USERS gets an account (password PASSWORD)."""
        if who in USERS:
            self.api.token(who)
        form = self.client.get("/login")
        response: httpx.Response = self.client.post(
            "/login",
            data={
                "username": who,
                "password": password,
                "next": next,
                "csrftoken": token_in(form.text),
            },
            follow_redirects=follow,
        )
        return response

    def get(self, path: str, **params: Any) -> httpx.Response:
        """`params` are added to a query already in `path` (httpx would replace it)."""
        response: httpx.Response = self.client.get(httpx.URL(path).copy_merge_params(params))
        return response

    def token(self) -> str:
        return str(self.client.cookies.get("csrftoken") or token_in(self.get("/login").text))

    def post(
        self, path: str, data: dict[str, Any] | None = None, htmx: bool = False
    ) -> httpx.Response:
        """A form sent as the page sends it: the token in the form, or in htmx's header."""
        token = self.token()
        headers = {"HX-Request": "true", "x-csrftoken": token} if htmx else {}
        body = dict(data or {}) if htmx else {**(data or {}), "csrftoken": token}
        response: httpx.Response = self.client.post(path, data=body, headers=headers)
        return response


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


@pytest.fixture
def pages(api: Api, app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    monkeypatch.setattr(app.state, "sign_in_limit", SignInLimit("1000/second"))
    with TestClient(app, follow_redirects=True) as client:
        yield Browser(client, api)


@pytest.fixture
def admin(pages: Browser) -> Browser:
    """The browser signed in as the city's administrator."""
    pages.sign_in("administrator")
    return pages


@pytest.fixture
def other_browser(api: Api, app: FastAPI) -> Iterator[Browser]:
    with TestClient(app, follow_redirects=True) as client:
        yield Browser(client, api)


@pytest.fixture
def city_standard() -> Iterator[str]:
    """A standard of the city's own from 2026 to 2030 beside the national ones (the city has
    announced one for 2027-2030; its lines and dates here are the tests')."""
    restore = add_city_standard(
        "HP-2026", date(2026, 1, 1), 2_600_000, 3_200_000, until=date(2030, 12, 31)
    )
    yield "HP-2026"
    restore()

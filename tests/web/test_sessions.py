"""Sessions (docs/spec/access.md): kept on the server, a new id at sign-in, idle 30 minutes, at most
12 hours, ended by signing out and by disabling the account; the same answer for an unknown
user and a wrong password; sign-in attempts limited."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI

from application import accounts
from tests.api.client import Household
from tests.web.conftest import Browser
from web.ui import session
from web.ui.security import SignInLimit
from web.ui.session import COOKIE


def session_id(browser: Browser) -> str | None:
    return browser.client.cookies.get(COOKIE)


def later(monkeypatch: pytest.MonkeyPatch, module: object, seconds: float) -> None:
    now = time.time()
    monkeypatch.setattr(
        module, "time", type("Clock", (), {"time": staticmethod(lambda: now + seconds)})
    )


def test_signing_in_lands_a_caseworker_on_the_households_page(pages: Browser) -> None:
    response = pages.sign_in("caseworker")

    assert response.url.path == "/households"


def test_signing_in_lands_a_communes_chairman_on_its_households_to_read(
    pages: Browser, poor_household: Household
) -> None:
    response = pages.sign_in("chairman")

    assert response.url.path == "/households"
    assert "QT-0001" in response.text
    assert "/households/new" not in response.text  # reading only: no registering


def test_signing_in_gives_a_new_session_id_whatever_id_was_planted(pages: Browser) -> None:
    pages.client.cookies.set(COOKIE, "planted-by-someone-else")

    response = pages.sign_in("caseworker", follow=False)

    given = response.cookies.get(COOKIE)
    assert given is not None
    assert given != "planted-by-someone-else"


def test_the_cookie_holds_only_an_opaque_id_and_is_http_only(pages: Browser) -> None:
    response = pages.sign_in("caseworker", follow=False)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))

    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "caseworker" not in cookie


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(pages: Browser) -> None:
    pages.api.token("caseworker")

    unknown = pages.sign_in("nobody-at-all", "mật-khẩu-thử")
    wrong = pages.sign_in("caseworker", "not-the-password")

    assert unknown.status_code == wrong.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text


def test_a_disabled_account_cannot_sign_in(pages: Browser) -> None:
    pages.api.token("neighbour")
    pages.api.system.accounts.disable_user("neighbour")

    assert pages.sign_in("neighbour").status_code == 401


def test_signing_out_ends_the_session_on_the_server(pages: Browser, other_browser: Browser) -> None:
    pages.sign_in("caseworker")
    copied = session_id(pages)
    pages.post("/logout")

    other_browser.client.cookies.set(COOKIE, str(copied))

    assert other_browser.get("/households").url.path == "/login"


def test_disabling_an_account_ends_its_open_session_at_once(pages: Browser) -> None:
    pages.sign_in("caseworker")

    pages.api.system.accounts.disable_user("caseworker")

    assert pages.get("/households").url.path == "/login"


def test_a_session_idle_for_more_than_thirty_minutes_has_ended(
    pages: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.sign_in("caseworker")

    later(monkeypatch, accounts, 31 * 60)

    assert pages.get("/households").url.path == "/login"


def test_a_session_in_use_lives_past_thirty_minutes(
    pages: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.sign_in("caseworker")
    later(monkeypatch, accounts, 20 * 60)
    pages.get("/households")

    later(monkeypatch, accounts, 40 * 60)

    assert pages.get("/households").url.path == "/households"


def test_a_session_ends_twelve_hours_after_sign_in_even_in_use(
    pages: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.sign_in("caseworker")

    later(monkeypatch, session, 12 * 3600 + 60)

    assert pages.get("/households").url.path == "/login"


def test_a_page_asked_for_without_a_session_comes_back_after_sign_in(pages: Browser) -> None:
    login = pages.get("/households", q="An")
    assert login.url.path == "/login"

    response = pages.sign_in("caseworker", next=login.url.params["next"])

    assert (response.url.path, response.url.params["q"]) == ("/households", "An")


def test_sign_in_never_sends_anyone_to_another_site(pages: Browser) -> None:
    response = pages.sign_in("caseworker", next="//evil.example/steal", follow=False)

    assert response.headers["location"] == "/households"


def test_an_htmx_request_without_a_session_is_sent_to_sign_in(pages: Browser) -> None:
    response = pages.client.get(
        "/households", headers={"HX-Request": "true"}, follow_redirects=False
    )

    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_sign_in_attempts_beyond_the_limit_are_refused_even_with_the_right_password(
    pages: Browser, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state, "sign_in_limit", SignInLimit("3/minute"))
    for _ in range(3):
        pages.sign_in("caseworker", "guess")

    response = pages.sign_in("caseworker")

    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.text


def test_spaces_around_a_user_name_do_not_buy_more_attempts(
    pages: Browser, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state, "sign_in_limit", SignInLimit("3/minute"))
    for name in ("caseworker", " caseworker", "caseworker "):
        pages.sign_in(name, "guess")

    assert pages.sign_in("  caseworker  ").status_code == 429


def test_failures_from_another_address_do_not_lock_a_user_out_of_their_own() -> None:
    limit = SignInLimit("3/minute", user_rule="100/hour")
    for _ in range(10):
        limit.failed("203.0.113.9", "canbo")

    assert limit.wait("203.0.113.9", "canbo") > 0
    assert limit.wait("198.51.100.7", "canbo") == 0


def test_guesses_spread_over_many_addresses_still_hold_the_user_name() -> None:
    limit = SignInLimit("3/minute", user_rule="5/hour")
    for n in range(5):
        limit.failed(f"203.0.113.{n}", "canbo")

    assert limit.wait("198.51.100.7", "canbo") > 0
    assert limit.wait("198.51.100.7", "quantri") == 0

"""What every page carries against the browser-side attacks of docs/spec/access.md: CSRF tokens on
unsafe requests, a strict Content-Security-Policy, no framing or sniffing, no caching."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.client import Household
from tests.web.conftest import Browser, token_in
from tests.web.test_access_matrix import page_routes
from web.ui.session import COOKIE


def test_a_form_sent_without_its_csrf_token_is_refused(pages: Browser) -> None:
    pages.sign_in("caseworker")

    response = pages.client.post("/logout", data={})

    assert response.status_code == 403
    assert pages.get("/").url.path == "/households"


def test_a_form_sent_with_another_browsers_token_is_refused(
    pages: Browser, other_browser: Browser
) -> None:
    pages.sign_in("caseworker")
    foreign = token_in(other_browser.get("/login").text)

    response = pages.client.post("/logout", data={"csrftoken": foreign})

    assert response.status_code == 403


@pytest.mark.parametrize("token", ["", "another-browsers"])
def test_a_file_upload_without_its_own_token_is_refused(
    pages: Browser, other_browser: Browser, token: str
) -> None:
    pages.sign_in("caseworker")
    sent = token_in(other_browser.get("/login").text) if token else ""
    file = {"file": ("surveys.csv", b"Ma ho;Ngay\n", "text/csv")}

    response = pages.client.post("/imports", data={"csrftoken": sent}, files=file)

    assert response.status_code == 403


def test_a_file_upload_with_its_token_is_let_through(pages: Browser) -> None:
    pages.sign_in("caseworker")
    file = {"file": ("khao-sat.ods", b"not a table", "application/octet-stream")}

    response = pages.client.post(
        "/imports", data={"csrftoken": pages.token(), "commune_code": "11602"}, files=file
    )

    assert response.status_code == 422
    assert "Không đọc được tệp khao-sat.ods" in response.text


def test_htmx_sends_the_token_in_a_header_and_is_let_through(pages: Browser) -> None:
    pages.sign_in("caseworker")

    response = pages.post("/logout", htmx=True)

    assert response.url.path == "/login"
    assert pages.get("/").url.path == "/login"


def test_a_cross_site_sign_in_without_the_token_is_refused(other_browser: Browser) -> None:
    other_browser.api.token("caseworker")

    response = other_browser.client.post(
        "/login", data={"username": "caseworker", "password": "mật-khẩu-thử"}
    )

    assert response.status_code == 403
    assert other_browser.client.cookies.get(COOKIE) is None


def test_the_json_api_with_a_bearer_token_needs_no_csrf_token(pages: Browser) -> None:
    pages.sign_in("caseworker")
    body = {"kind": "HOUSING", "effective_date": "2023-05-01"}

    response = pages.api.post("/api/households/00000000-0000-4000-8000-000000000000/supports", body)

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/login", "/static/app.css", "/no-such-page"])
def test_every_answer_forbids_framing_and_sniffing(pages: Browser, path: str) -> None:
    headers = pages.get(path).headers

    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_pages_allow_no_inline_script_eval_or_framing(pages: Browser) -> None:
    policy = pages.get("/login").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["script-src"] == "'self'"
    assert "unsafe" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_are_never_stored_by_the_browser_but_static_files_are(pages: Browser) -> None:
    pages.sign_in("caseworker")

    assert pages.get("/households").headers["cache-control"] == "no-store"
    assert "cache-control" not in pages.get("/static/app.css").headers


def test_the_pages_turn_off_htmx_eval_and_its_history_cache(pages: Browser) -> None:
    html = pages.get("/login").text

    assert '"allowEval": false' in html
    assert '"historyCacheSize": 0' in html
    assert "<script>" not in html
    assert " style=" not in html


def test_every_cookie_is_http_only(pages: Browser) -> None:
    pages.get("/language/en", next="/login")
    response = pages.sign_in("caseworker", follow=False)

    cookies = response.headers.get_list("set-cookie")
    assert cookies
    assert all("httponly" in cookie.lower() for cookie in cookies)


def test_a_bearer_header_does_not_excuse_a_page_form_from_its_csrf_token(pages: Browser) -> None:
    pages.sign_in("caseworker")

    response = pages.client.post("/logout", data={}, headers={"Authorization": "Bearer x"})

    assert response.status_code == 403


def test_an_answer_over_https_keeps_the_browser_on_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://giamngheo.example") as client:
        over_tls = client.get("/login").headers

    assert over_tls["strict-transport-security"] == "max-age=31536000"


def test_an_answer_over_plain_http_sets_no_hsts(pages: Browser) -> None:
    assert "strict-transport-security" not in pages.get("/login").headers


def test_every_page_form_sent_without_its_token_is_refused_and_records_nothing(
    pages: Browser, household: Household, app: FastAPI
) -> None:
    """Each unsafe page route, as a signed-in caseworker and administrator, without the token."""
    posts = [case for case in page_routes(app) if case.method == "POST" and case.path != "/logout"]
    before = pages.api.system.store.recorder.max_notification_id()
    answers = []
    for who in ("caseworker", "administrator"):
        pages.sign_in(who)
        for case in posts:
            path = case.path.replace("{household_id}", household.id)
            path = re.sub(r"\{[a-z_]+(:path)?\}", "x", path)
            answers.append(pages.client.post(path, data={}, follow_redirects=False).status_code)

    print(f"\nCSRF: {answers.count(403)} of {len(answers)} tokenless forms refused")
    assert len(posts) > 20
    assert set(answers) == {403}
    assert pages.api.system.store.recorder.max_notification_id() == before

"""A user's own account (issue 10, item 7): only failed sign-ins count towards the limit, and
the refusal says when to try again; a password an administrator made or reset is replaced by
the user's own before any other page; user names are checked; disabling asks first."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, inspect, text

from application.accounts import AccountService
from tests.api.client import Api, TestClient
from tests.web.conftest import PASSWORD, Browser
from tests.web.test_admin_pages import add_user, shown_password, signed_in_lands_on
from web.ui.security import SignInLimit

NEW_PASSWORD = "một-mật-khẩu-mới"


def change_password(
    browser: Browser, current: str, new: str, again: str | None = None
) -> httpx.Response:
    return browser.post(
        "/account/password",
        {"current_password": current, "new_password": new, "repeated_password": again or new},
    )


@pytest.fixture
def third_browser(api: Api, app: FastAPI) -> Iterator[Browser]:
    with TestClient(app, follow_redirects=True) as client:
        yield Browser(client, api)


def test_successful_sign_ins_do_not_count_towards_the_limit(
    pages: Browser, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state, "sign_in_limit", SignInLimit("3/minute"))

    answers = [pages.sign_in("caseworker", follow=False).status_code for _ in range(6)]

    assert answers == [303] * 6


def test_the_refusal_after_too_many_failures_says_when_to_try_again(
    pages: Browser, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state, "sign_in_limit", SignInLimit("3/minute"))
    for _ in range(3):
        pages.sign_in("caseworker", "sai-mật-khẩu")

    response = pages.sign_in("caseworker")

    assert response.status_code == 429
    assert "Vui lòng thử lại sau 1 phút." in response.text


def test_a_user_an_administrator_added_chooses_a_password_before_any_other_page(
    admin: Browser, other_browser: Browser
) -> None:
    given = add_user(admin, "thu.ha")
    other_browser.sign_in("thu.ha", given)

    page = other_browser.get("/households")

    assert page.url.path == "/account/password"
    assert "Hãy đặt mật khẩu của riêng bạn trước khi tiếp tục." in page.text


def test_after_choosing_a_password_the_user_goes_on_in_the_same_session(
    admin: Browser, other_browser: Browser
) -> None:
    given = add_user(admin, "thu.ha")
    other_browser.sign_in("thu.ha", given)

    answer = change_password(other_browser, given, NEW_PASSWORD)

    assert "Đã đổi mật khẩu." in answer.text
    assert '<a href="/households">' in answer.text
    assert other_browser.get("/models").url.path == "/models"


def test_the_chosen_password_replaces_the_one_the_administrator_saw(
    admin: Browser, other_browser: Browser, third_browser: Browser
) -> None:
    given = add_user(admin, "thu.ha")
    other_browser.sign_in("thu.ha", given)
    change_password(other_browser, given, NEW_PASSWORD)

    assert signed_in_lands_on(third_browser, "thu.ha", given) is None
    assert third_browser.sign_in("thu.ha", NEW_PASSWORD).url.path == "/households"


def test_a_password_reset_by_an_administrator_must_be_replaced_too(
    admin: Browser, other_browser: Browser
) -> None:
    given = add_user(admin, "thu.ha")
    other_browser.sign_in("thu.ha", given)
    change_password(other_browser, given, NEW_PASSWORD)
    reset = shown_password(admin.post("/admin/users/password", {"username": "thu.ha"}))
    other_browser.sign_in("thu.ha", reset)

    assert other_browser.get("/models").url.path == "/account/password"


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "message"),
    [
        ("sai-mật-khẩu", NEW_PASSWORD, None, "current_password", "Mật khẩu hiện tại không đúng."),
        (PASSWORD, "ngắn", None, "new_password", "Mật khẩu mới phải có ít nhất 10 ký tự."),
        (PASSWORD, PASSWORD, None, "new_password", "Mật khẩu mới phải khác mật khẩu hiện tại"),
        (PASSWORD, NEW_PASSWORD, "khác-hẳn-mật-khẩu", "repeated_password", "không giống nhau"),
    ],
)
def test_a_refused_password_change_marks_the_field_and_keeps_the_old_password(
    pages: Browser,
    other_browser: Browser,
    current: str,
    new: str,
    again: str | None,
    field: str,
    message: str,
) -> None:
    pages.sign_in("caseworker")

    answer = change_password(pages, current, new, again)

    assert answer.status_code == 422
    assert re.search(rf'<input name="{field}"[^>]*aria-invalid="true"', answer.text)
    assert message in answer.text
    assert new not in answer.text
    assert signed_in_lands_on(other_browser, "caseworker", PASSWORD) == "/households"


def test_changing_ones_password_ends_the_other_sessions(
    pages: Browser, other_browser: Browser
) -> None:
    pages.sign_in("caseworker")
    other_browser.sign_in("caseworker")

    change_password(pages, PASSWORD, NEW_PASSWORD)

    assert other_browser.get("/models").url.path == "/login"
    assert pages.get("/models").url.path == "/models"


@pytest.mark.parametrize("name", ["thu ha", "thu.hà", "ab"])
def test_a_user_name_with_spaces_or_diacritics_is_refused(admin: Browser, name: str) -> None:
    response = admin.post(
        "/admin/users", {"username": name, "role": "caseworker", "area_code": "11602"}
    )

    assert response.status_code == 422
    assert "Tên đăng nhập chỉ gồm chữ cái không dấu" in response.text
    assert name not in [u["username"] for u in admin.api.system.accounts.list_users()]


def test_a_taken_user_name_says_it_is_taken(admin: Browser) -> None:
    add_user(admin, "thu.ha")

    response = admin.post(
        "/admin/users", {"username": "thu.ha", "role": "auditor", "area_code": "31"}
    )

    assert "Tên đăng nhập thu.ha đã có người dùng; hãy chọn tên khác." in response.text


def test_disabling_asks_first_and_changes_nothing_until_confirmed(admin: Browser) -> None:
    add_user(admin, "thu.ha")

    question = admin.get("/admin/users/disable", username="thu.ha")

    assert question.status_code == 200
    assert "Khóa tài khoản thu.ha?" in question.text
    assert 'action="/admin/users/disable"' in question.text
    assert not next(u for u in admin.api.system.accounts.list_users() if u["username"] == "thu.ha")[
        "disabled"
    ]


def test_the_question_before_disabling_is_refused_for_ones_own_account(admin: Browser) -> None:
    assert admin.get("/admin/users/disable", username="administrator").status_code == 403


def test_an_accounts_database_made_before_forced_changes_gets_the_column(tmp_path: object) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/accounts.db")
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE users (username VARCHAR(80) PRIMARY KEY, role VARCHAR(20) NOT NULL, "
                "area_code VARCHAR(10) NOT NULL, password_hash VARCHAR(200) NOT NULL, "
                "disabled BOOLEAN NOT NULL, created_at DATETIME NOT NULL)"
            )
        )
        conn.execute(text("INSERT INTO users VALUES ('cu', 'auditor', '31', 'x', 0, '2025-01-01')"))

    accounts = AccountService(engine, areas=None)  # type: ignore[arg-type]

    assert "must_change_password" in {c["name"] for c in inspect(engine).get_columns("users")}
    assert accounts.must_change_password("cu") is False

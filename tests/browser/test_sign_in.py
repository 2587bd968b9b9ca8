"""Signing in and out in a real browser: the Vietnamese refusal, each role's first page, and
no personal data left behind the back button once signed out (every page is no-store)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import USERNAMES, screenshot, sign_in_as, signed_in

pytestmark = pytest.mark.browser

SIGN_IN_PAGE = re.compile(r"/login(\?.*)?$")


def test_a_wrong_password_is_refused_in_vietnamese_on_the_sign_in_page(page: Page) -> None:
    page.goto("/login")
    screenshot(page, "sign-in")
    sign_in_as(page, USERNAMES["caseworker"], "không-phải-mật-khẩu")
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(SIGN_IN_PAGE)
    expect(page.get_by_label("Tên đăng nhập", exact=True)).to_have_value(USERNAMES["caseworker"])


def test_a_caseworker_lands_on_the_households_page(page: Page) -> None:
    signed_in(page, "caseworker")
    expect(page).to_have_url(re.compile(r"/households$"))
    expect(page.get_by_text(USERNAMES["caseworker"], exact=False).first).to_be_visible()


def test_after_signing_out_the_back_button_shows_the_sign_in_page_not_personal_data(
    page: Page,
) -> None:
    signed_in(page, "caseworker")
    head = page.get_by_role("row").nth(1).get_by_role("cell").nth(1).inner_text()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(SIGN_IN_PAGE)
    page.go_back()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(head)
    page.reload()
    expect(page).to_have_url(SIGN_IN_PAGE)
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(head)

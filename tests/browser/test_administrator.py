"""An administrator in a real browser: the overview, and a new caseworker's account whose
password, shown once, lets that caseworker sign in to their commune's households."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, screenshot, sign_in_as, signed_in, unfolded

pytestmark = pytest.mark.browser


def test_an_administrator_adds_a_caseworker_who_signs_in_with_the_password_shown_once(
    page: Page, site: Site
) -> None:
    signed_in(page, "administrator")
    expect(page).to_have_url(re.compile(r"/admin$"))
    screenshot(page, "admin")
    page.get_by_role("link", name="Người dùng và vai trò").first.click()
    form = unfolded(page, "Thêm người dùng")
    form.get_by_label("Tên đăng nhập").fill("canbo.moi")
    form.get_by_role("combobox", name="Vai trò").select_option(label="Cán bộ nghiệp vụ")
    form.get_by_role("combobox", name="Địa bàn").select_option(value=site.commune)
    form.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã thêm người dùng canbo.moi")
    password = page.get_by_role("code").inner_text()
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in_as(page, "canbo.moi", password)
    expect(page).to_have_url(re.compile(r"/households$"))
    expect(page.get_by_text("canbo.moi · Cán bộ nghiệp vụ")).to_be_visible()

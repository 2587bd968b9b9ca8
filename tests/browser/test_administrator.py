"""An administrator in a real browser: the overview, and a new caseworker's account whose
password, shown once, lets that caseworker sign in and choose their own before reaching their
commune's households; disabling an account asks first."""

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
    expect(page).to_have_url(re.compile(r"/account/password$"))
    screenshot(page, "own-password")
    page.get_by_label("Mật khẩu hiện tại").fill(password)
    page.locator("input[name=new_password]").fill("mật-khẩu-riêng-2026")
    page.get_by_label("Nhập lại mật khẩu mới").fill("mật-khẩu-riêng-2026")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.get_by_role("status")).to_contain_text("Đã đổi mật khẩu.")
    page.get_by_role("link", name="Tiếp tục đến trang đầu của bạn").click()
    expect(page).to_have_url(re.compile(r"/households$"))
    expect(page.get_by_text("canbo.moi · Cán bộ nghiệp vụ")).to_be_visible()


def test_a_new_user_is_asked_for_their_own_password_in_english_too(page: Page, site: Site) -> None:
    password = site.system.accounts.add_user(
        "new.officer", "caseworker", site.commune, must_change=True
    )
    sign_in_as(page, "new.officer", password)
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    expect(page.get_by_role("status")).to_contain_text("Choose your own before you go on.")
    page.get_by_label("Current password").fill(password)
    page.locator("input[name=new_password]").fill("my-own-password-1")
    page.get_by_label("New password again").fill("my-own-password-2")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_text("The two new passwords are not the same.")).to_be_visible()
    screenshot(page, "own-password-refused-en")
    page.goto("/households")
    expect(page).to_have_url(re.compile(r"/account/password$"))


def test_disabling_an_account_asks_first_and_cancelling_changes_nothing(
    page: Page, site: Site
) -> None:
    site.system.accounts.add_user("to.disable", "caseworker", site.commune)
    signed_in(page, "administrator")
    page.goto("/admin/users")
    row = page.get_by_role("row").filter(has=page.get_by_text("to.disable", exact=True))
    row.get_by_role("link", name="Khóa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khóa tài khoản to.disable?")
    screenshot(page, "disable-confirm")
    page.get_by_role("link", name="Hủy").click()
    row = page.get_by_role("row").filter(has=page.get_by_text("to.disable", exact=True))
    expect(row).to_contain_text("đang hoạt động")

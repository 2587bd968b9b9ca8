"""The language switch in a real browser: Vietnamese by default, English on a click, kept by
every page after it (a cookie), and back to Vietnamese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import signed_in

pytestmark = pytest.mark.browser


def switched_to_english(page: Page) -> None:
    signed_in(page, "caseworker")
    page.get_by_role("link", name="English").click()


def test_the_pages_are_vietnamese_by_default(page: Page) -> None:
    signed_in(page, "caseworker")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Hộ gia đình", exact=True)).to_be_visible()


def test_the_english_switch_turns_the_page_into_english_in_place(page: Page) -> None:
    switched_to_english(page)
    expect(page).to_have_url(re.compile(r"/households$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Households", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_english_is_kept_on_the_next_pages(page: Page) -> None:
    switched_to_english(page)
    page.get_by_role("link", name="Register a household").click()
    expect(page).to_have_url(re.compile(r"/households/new$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_the_switch_back_turns_the_pages_vietnamese_again(page: Page) -> None:
    switched_to_english(page)
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("link", name="Hộ gia đình", exact=True)).to_be_visible()

"""An auditor in a real browser: the event log filtered by type, and the replay of an earlier
date found equal to what the projections answer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, signed_in

pytestmark = pytest.mark.browser


def test_an_auditor_filters_the_event_log_by_type(page: Page) -> None:
    signed_in(page, "auditor")
    expect(page).to_have_url(re.compile(r"/audit$"))
    page.get_by_role("combobox", name="Loại sự kiện").select_option(label="Vay vốn")
    page.get_by_role("button", name="Lọc").click()
    events = page.get_by_role("table").get_by_role("row").filter(has=page.get_by_role("cell"))
    loans = events.filter(has=page.get_by_role("cell", name="Vay vốn", exact=True))
    expect(loans.first).to_be_visible()
    expect(events).to_have_count(loans.count())
    screenshot(page, "audit")


def test_an_auditor_replays_an_earlier_date_and_finds_it_equal_to_the_projections(
    page: Page,
) -> None:
    signed_in(page, "auditor")
    page.get_by_role("link", name="Đối chiếu phát lại với số liệu tổng hợp").click()
    page.get_by_label("Tính đến ngày").fill("2023-06-30")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("30/06/2023")
    expect(page.get_by_role("status")).to_contain_text("Khớp.")
    screenshot(page, "audit-replay")

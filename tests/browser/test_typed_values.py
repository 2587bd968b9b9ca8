"""Dates typed as people write them (issue 10, item 2), in a real browser: the dashboard's date
is typed and shown dd/mm/yyyy in Vietnamese and in English, never mm/dd/yyyy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, signed_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("english", "label", "button", "heading"),
    [
        (False, "Tính đến ngày", "Xem", "Tính đến ngày 30/06/2023"),
        (True, "As of", "Show", "As of 30/06/2023"),
    ],
)
def test_a_date_typed_day_month_year_is_read_as_such(
    page: Page, english: bool, label: str, button: str, heading: str
) -> None:
    signed_in(page, "supervisor")
    if english:
        page.get_by_role("link", name="English").click()
    field = page.get_by_label(label, exact=True)
    field.fill("30/06/2023")
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(heading).first).to_be_visible()
    expect(page.get_by_label(label, exact=True)).to_have_value("30/06/2023")
    screenshot(page, f"typed-date-{'en' if english else 'vi'}")

"""A form with several mistakes in a real browser: one submit marks every faulty field, each
message naming the field by its label in the reader's language, what was typed kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, signed_in

pytestmark = pytest.mark.browser


def three_mistakes(page: Page) -> None:
    """The registration form sent once with an impossible registration date, an impossible
    date of birth and a citizen ID of four digits: all three come back marked, what was
    typed kept."""
    page.goto("/households/new")
    typed = {
        "household_code": "DK-0101",
        "village": "Thôn Đông",
        "effective_date": "31/02/2023",
        "members[0].full_name": "Phạm Văn Đức",
        "members[0].birth_date": "30/02/1970",
        "members[0].national_id": "0310",
    }
    for name, value in typed.items():
        page.locator(f'input[name="{name}"]').fill(value)
    page.locator('select[name="members[0].sex"]').select_option("M")
    page.locator('select[name="members[0].relationship_to_head"]').select_option("HEAD")
    page.locator('form[action="/households/new"] button[type=submit]').last.click()
    for name in ("effective_date", "members[0].birth_date", "members[0].national_id"):
        expect(page.locator(f'[name="{name}"]')).to_have_attribute("aria-invalid", "true")
    expect(page.locator('[name="members[0].full_name"]')).to_have_value("Phạm Văn Đức")


def test_every_mistake_of_a_registration_is_marked_at_once_in_vietnamese(page: Page) -> None:
    signed_in(page, "caseworker")
    three_mistakes(page)
    errors = page.locator(".field-error")
    expect(errors).to_have_text(
        [
            "“Ngày đăng ký” phải là một ngày có thật, viết ngày/tháng/năm như 25/12/2024.",
            "“Ngày sinh (thành viên thứ 1)” phải là một ngày có thật, viết ngày/tháng/năm như "
            "25/12/2024.",
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        ]
    )
    screenshot(page, "register-refused")


def test_every_mistake_of_a_registration_is_marked_at_once_in_english(page: Page) -> None:
    signed_in(page, "caseworker")
    page.get_by_role("link", name="English").click()
    three_mistakes(page)
    expect(page.locator(".field-error")).to_have_text(
        [
            "“Registered on” must be a real date, written day/month/year as 25/12/2024.",
            "“Date of birth (member 1)” must be a real date, written day/month/year as 25/12/2024.",
            "The citizen ID must be exactly 12 digits.",
        ]
    )

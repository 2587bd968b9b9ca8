"""Every role's pages walked in a real browser, in Vietnamese and in English, as a new user
would: the sections of the top bar, each page's first drill-down or household, every folded
form opened. No page shows an id, an ISO date, a code of the programme's words, or the other
language's words of the interface."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import signed_in

pytestmark = pytest.mark.browser

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")
ISO_DAY = re.compile(r"\b(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]\b")
# Codes of the programme's words that a page must say in words.
CODES = re.compile(
    r"\b(NEAR_POOR|NON_POOR|NEWLY_ESCAPED|PERIODIC|REGULAR|VN-MDP-20[0-9]{2}|THI_XA|"
    r"HouseholdClassified|EntryRetracted|RegistrationVoided|download:[A-Z_]+)\b"
)
# Words of the interface that belong to one language only (names of places and people aside).
FOREIGN = {
    "en": re.compile(
        r"Tình trạng|Tìm kiếm|Quyết định|địa giới|Chờ ghi|không nhận giá trị|Hủy mục|"
        r"Đăng ký hộ\b|thành viên|Khảo sát|Công nhận|Lịch sử|Chỉ tiêu"
    ),
    "vi": re.compile(
        r"\b(Save|Households?|Status|Survey|Recognised|History|Figure|Search|Dashboard|"
        r"Retract|Registration)\b"
    ),
}
# The first pages each role reaches from the top bar, and the links followed from them.
FOLLOWED = ("a[href^='/households/']", "a[href^='/indicators/']")


def problems(page: Page, lang: str) -> list[str]:
    """What on the page as shown breaks the rules above, with the page's path."""
    for details in page.locator("details:not([open]) > summary").all():
        if details.is_visible():
            details.click()
    shown = page.inner_text("body")
    found = []
    for rule in (UUID, ISO_DAY, CODES, FOREIGN[lang]):
        found += [f"{page.url}: {m.group(0)!r}" for m in rule.finditer(shown)]
    return found


def walk(page: Page, who: str, lang: str) -> list[str]:
    signed_in(page, who)
    if lang == "en":
        page.get_by_role("link", name="English").click()
    sections = [
        str(link.get_attribute("href"))
        for link in page.locator("nav[aria-label] a").all()
        if link.get_attribute("href")
    ]
    found: list[str] = []
    for section in sections:
        page.goto(section)
        found += problems(page, lang)
        for selector in FOLLOWED:
            links = page.locator(f"main {selector}")
            if links.count():
                page.goto(str(links.first.get_attribute("href")))
                found += problems(page, lang)
                page.goto(section)
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("who", ["caseworker", "supervisor", "auditor", "administrator"])
def test_every_section_of_a_role_speaks_its_language_in_names(
    page: Page, who: str, lang: str
) -> None:
    assert walk(page, who, lang) == []

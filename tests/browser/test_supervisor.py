"""A supervisor in a real browser: the city's dashboard, a number opened into the households
behind it (as many as the number says), and one household's events unfolded in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import screenshot, signed_in

pytestmark = pytest.mark.browser

FIGURE = "Hộ đủ điều kiện, có nhu cầu được vay vốn"
# "N / M" (counted / out of); the slash escaped for Playwright's selector syntax.
COUNTED = re.compile(r"^(\d+) \/ \d+$")


def test_a_supervisor_lands_on_the_city_dashboard_with_progress_toward_the_targets(
    page: Page,
) -> None:
    signed_in(page, "supervisor")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng chỉ tiêu: Thành phố Hải Phòng")
    # Today the new city's 2026-2030 plan (the demo's example) is in force on the whole city.
    expect(page.locator("#plan-note")).to_contain_text("VD-02/KH-UBND thành phố Hải Phòng")
    expect(
        page.get_by_role("progressbar", name=f"Tiến độ so với mức kế hoạch: {FIGURE}")
    ).to_be_visible()
    screenshot(page, "dashboard")


def test_on_the_last_day_of_2025_the_supervisor_follows_the_link_to_plan_55s_territory(
    page: Page,
) -> None:
    signed_in(page, "supervisor")
    page.goto(page.url + "?area=31&as_of=2025-12-31")
    # The city of that day is measured by no plan in force: plan 55/KH-UBND is on old Hai
    # Phong's territory, Hải Dương's example plan on Hải Dương's.
    page.locator("#plan-note").get_by_role("link").filter(has_text="Kế hoạch 55/KH-UBND").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("địa giới trước ngày 01/07/2025")
    expect(
        page.get_by_role("progressbar", name=f"Tiến độ so với mức kế hoạch: {FIGURE}")
    ).to_be_visible()


def test_a_number_of_the_dashboard_opens_the_households_it_counts(page: Page) -> None:
    signed_in(page, "supervisor")
    link, name, counted = counting_link(page)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    part = page.get_by_role("region", name=f"Được tính vào chỉ tiêu {counted}")
    expect(part.get_by_role("row")).to_have_count(counted + 1)


def test_a_household_of_the_drill_down_unfolds_its_events_in_place(page: Page) -> None:
    signed_in(page, "supervisor")
    counting_link(page)[0].click()
    events = page.get_by_role("group").first
    events.get_by_text(re.compile(r"^\d+ sự kiện$")).click()
    expect(events.get_by_role("listitem").first).to_contain_text("Ghi nhận lúc")
    expect(events.get_by_role("link", name="Xem các sự kiện")).to_have_count(0)
    screenshot(page, "drill-down")


def counting_link(page: Page) -> tuple[Locator, str, int]:
    """The first "N / M" of the dashboard that counts some household (whichever figure the
    demo's households fall in), with its figure's name and N."""
    links = page.get_by_role("link", name=COUNTED)
    for index in range(links.count()):
        link = links.nth(index)
        found = COUNTED.fullmatch(link.inner_text())
        if found and int(found[1]) > 0:
            header = link.locator("xpath=ancestor::tr[1]").get_by_role("rowheader")
            return link, header.inner_text(), int(found[1])
    raise AssertionError("no figure of the dashboard counts a household")

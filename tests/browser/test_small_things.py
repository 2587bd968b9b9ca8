"""Small things an office notices (issue 10, item 8): the API's documentation works without
internet and under the pages' CSP, the site has its icon, and the top bar fits a phone in two
lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import SCREENSHOTS, Site, screenshot, signed_in

pytestmark = pytest.mark.browser

# The lines the top bar's visible items sit on: their vertical middles, a new line where one
# is more than 12 px below the line before.
BAR_LINES = """() => {
  const items = document.querySelectorAll(
    "header.top .brand, header.top nav a, header.top .who > *");
  const middles = [...items].filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })
    .sort((a, b) => a - b);
  let lines = 0, last = -1e9;
  for (const m of middles) { if (m - last > 12) { lines += 1; } last = m; }
  return lines;
}"""


def offline(page: Page, site: Site) -> None:
    """Every request to anywhere but this server fails, as in an office without internet."""

    def only_here(route: Route) -> None:
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_here)


def test_the_api_documentation_works_without_internet(page: Page, site: Site) -> None:
    offline(page, site)
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="giamngheo")).to_be_visible()
    expect(page.get_by_text("/api/households/{household_id}/loans").first).to_be_visible()
    screenshot(page, "api-docs")


def test_every_page_names_the_sites_icon(page: Page) -> None:
    page.goto("/login")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon is not None
    assert page.request.get(icon).status == 200


@pytest.mark.parametrize("who", ["supervisor", "caseworker"])
def test_the_top_bar_fits_a_phone_in_two_lines(page: Page, who: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    signed_in(page, who)
    page.locator("header.top").screenshot(path=SCREENSHOTS / f"phone-{who}.png")
    assert page.evaluate(BAR_LINES) <= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_in_viewport()

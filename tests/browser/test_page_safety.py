"""What the harness relies on to fail a test for a broken page: the browser enforces the
Content-Security-Policy the server sends, and the watched page reports the refusal and any
uncaught JavaScript error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Site, watched_page

pytestmark = pytest.mark.browser

INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "document.title = 'ran'";
    document.body.append(script);
}"""


def test_an_inline_script_is_refused_by_the_csp_and_reported(browser: Browser, site: Site) -> None:
    with watched_page(browser, site) as (page, faults):
        page.goto("/login")
        page.evaluate(INLINE_SCRIPT)
        page.wait_for_timeout(200)
        assert page.title() != "ran"
    assert any("Content Security Policy" in fault for fault in faults.seen), faults.seen


def test_an_uncaught_javascript_error_is_reported(browser: Browser, site: Site) -> None:
    with watched_page(browser, site) as (page, faults):
        page.goto("/login")
        page.evaluate("() => setTimeout(() => { throw new Error('hỏng') })")
        page.wait_for_timeout(200)
    assert any("hỏng" in fault for fault in faults.seen), faults.seen


def test_the_sign_in_page_starts_htmx_with_eval_off_and_styles_it(page: Page) -> None:
    page.goto("/login")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => htmx.config.allowEval") is False
    button = page.get_by_role("button", name="Đăng nhập")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != "rgba(0, 0, 0, 0)"

"""A registration made by mistake, voided in a real browser: the form asks for a reason and a
ticked confirmation, the page then says the registration is void and by whom, the household
leaves the search, and retracting the voiding in the history restores it — in Vietnamese and
in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, screenshot, signed_in, unfolded

pytestmark = pytest.mark.browser


def code_of(site: Site, household: str) -> str:
    return str(site.system.households.get(household)["household_code"])


def test_a_caseworker_voids_a_mistaken_registration_and_restores_it(
    page: Page, site: Site, household: str
) -> None:
    code = code_of(site, household)
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    form = unfolded(page, "Hủy đăng ký hộ")
    form.get_by_label("Lý do").fill("Hộ đăng ký hai lần")
    submit = form.get_by_role("button", name="Hủy đăng ký hộ này")
    understood = form.get_by_label("Tôi hiểu rằng hộ này sẽ không còn được tính ở đâu nữa")
    submit.click()
    assert understood.evaluate("box => box.validity.valueMissing")
    assert site.system.households.get(household)["voided"] is None
    understood.check()
    submit.click()

    warning = page.get_by_role("alert").filter(has_text="Đăng ký đã bị hủy")
    expect(warning).to_contain_text("Hộ đăng ký hai lần")
    expect(page.get_by_text("Khảo sát", exact=True)).to_have_count(0)
    screenshot(page, "household-voided")
    page.goto(f"/households?q={code}")
    expect(page.get_by_text("Tìm thấy 0 hộ.")).to_be_visible()
    page.goto(f"/households?q={code}&status=VOIDED")
    expect(page.get_by_role("table").get_by_role("link")).to_have_text([code])

    page.goto(f"/households/{household}")
    restore = unfolded(page, "Hủy mục này")
    restore.get_by_label("Lý do").fill("Không trùng: hai hộ khác nhau")
    restore.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Đăng ký đã bị hủy")).to_have_count(0)
    expect(page.get_by_text("Khảo sát", exact=True)).to_have_count(1)


def test_a_voided_registration_reads_in_english(page: Page, site: Site, household: str) -> None:
    signed_in(page, "caseworker")
    page.get_by_role("link", name="English").click()
    page.goto(f"/households/{household}")
    form = unfolded(page, "Voiding of the registration")
    form.get_by_label("Reason").fill("Registered twice")
    form.get_by_label("I understand that this household will no longer count anywhere").check()
    form.get_by_role("button", name="Void the registration").click()

    warning = page.get_by_role("alert").filter(has_text="Registration voided")
    expect(warning).to_contain_text("Registered twice")
    expect(warning).to_contain_text("The household counts in no figure and no list")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Registration voided (made by mistake): Registered twice.")

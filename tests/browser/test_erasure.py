"""A household's personal data erased at its members' request, in a real browser: the form asks
for the request and a ticked confirmation, then the page says who erased what and when, the
members' names read "—", the status stays and no form is left to record anything more."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, screenshot, signed_in, unfolded

pytestmark = pytest.mark.browser

REQUEST = "Đơn yêu cầu xóa của chủ hộ ngày 01/12/2026 (Luật 91/2025/QH15)"


def test_a_caseworker_erases_a_households_personal_data_from_its_page(
    page: Page, site: Site, poor_household: str
) -> None:
    names = [m["full_name"] for m in site.system.households.get(poor_household)["members"]]
    signed_in(page, "caseworker")
    page.goto(f"/households/{poor_household}")
    form = unfolded(page, "Xóa dữ liệu cá nhân")
    form.get_by_label("Yêu cầu và căn cứ pháp lý").fill(REQUEST)
    understood = form.get_by_label("Tôi hiểu rằng họ tên và địa chỉ sẽ không khôi phục được")
    submit = form.get_by_role("button", name="Xóa vĩnh viễn dữ liệu cá nhân của hộ này")
    submit.click()
    assert understood.evaluate("box => box.validity.valueMissing")
    assert site.system.households.get(poor_household)["erased"] is None
    understood.check()
    submit.click()

    warning = page.get_by_role("alert").filter(has_text="Dữ liệu cá nhân đã bị xóa")
    expect(warning).to_contain_text(REQUEST)
    members = page.get_by_role("region", name="Thành viên")
    for name in names:
        expect(members).not_to_contain_text(name)
    expect(page.get_by_role("region", name="Tình trạng")).to_contain_text("nghèo")
    expect(page.get_by_text("Khảo sát", exact=True)).to_have_count(0)
    screenshot(page, "household-erased")

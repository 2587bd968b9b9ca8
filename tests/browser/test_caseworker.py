"""A caseworker's day in a real browser: find a household as they type, open it, register a new
one with its members, survey it with the live preview of its classification, recognise the
status, grant a loan through its organisation and group, record a change of the household's
categories and retract a mistaken entry, which stays in the history struck through.
A refused form comes back marked with what was typed; a lost race shows the fresh state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from application import inputs
from tests.browser.conftest import Site, screenshot, signed_in, unfolded

pytestmark = pytest.mark.browser

HOUSEHOLD_PAGE = re.compile(r"/households/[0-9a-f-]{36}(\?.*)?$")


def test_a_caseworker_finds_a_household_by_its_code_as_they_type(page: Page) -> None:
    signed_in(page, "caseworker")
    codes = page.get_by_role("table").get_by_role("link")
    expect(codes.nth(1)).to_be_visible()
    screenshot(page, "households")
    wanted = codes.last.inner_text()
    page.get_by_label("Tìm kiếm").fill(wanted)
    expect(page.get_by_text("Tìm thấy 1 hộ.")).to_be_visible()
    expect(codes).to_have_text([wanted])
    expect(page).to_have_url(re.compile(rf"[?&]q={re.escape(wanted)}"))


def test_a_caseworker_opens_a_household_and_sees_its_status_members_and_history(
    page: Page,
) -> None:
    signed_in(page, "caseworker")
    first = page.get_by_role("table").get_by_role("link").first
    code = first.inner_text()
    first.click()
    expect(page).to_have_url(HOUSEHOLD_PAGE)
    expect(page.get_by_role("heading", name=f"Hộ {code}", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Tình trạng")).to_contain_text("từ ngày")
    expect(
        page.get_by_role("region", name="Thành viên").get_by_text("chủ hộ").first
    ).to_be_visible()
    expect(
        page.get_by_role("region", name="Lịch sử").get_by_role("listitem").first
    ).to_contain_text(f"Đăng ký hộ {code}")
    screenshot(page, "household")


def test_a_caseworker_registers_a_household_with_its_members(page: Page) -> None:
    signed_in(page, "caseworker")
    page.get_by_role("link", name="Đăng ký hộ").click()
    page.get_by_label("Mã hộ").fill("DK-0001")
    page.get_by_label("Thôn/tổ dân phố").fill("Thôn Tây")
    page.get_by_label("Ngày đăng ký").fill("2023-03-01")
    members = page.get_by_role("group", name="Thành viên")
    fill_member(page, 0, "Phạm Văn Đức", "nam", "1970-05-12", "chủ hộ", "031070001234")
    members.get_by_role("button", name="Thêm thành viên").click()
    expect(members.get_by_label("Họ và tên")).to_have_count(2)
    fill_member(page, 1, "Lê Thị Hoa", "nữ", "1974-08-20", "vợ/chồng", "031174005678")
    screenshot(page, "register")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page).to_have_url(HOUSEHOLD_PAGE)
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Đăng ký hộ.")
    expect(page.get_by_role("heading", name="Hộ DK-0001")).to_be_visible()
    table = page.get_by_role("region", name="Thành viên").get_by_role("table")
    expect(table).to_contain_text("Phạm Văn Đức")
    expect(table).to_contain_text("Lê Thị Hoa")


def test_a_refused_registration_comes_back_with_the_field_marked_and_what_was_typed_kept(
    page: Page,
) -> None:
    signed_in(page, "caseworker")
    page.goto("/households/new")
    page.get_by_label("Mã hộ").fill("DK-0002")
    page.get_by_label("Thôn/tổ dân phố").fill("Thôn Tây")
    fill_member(page, 0, "Phạm Văn Đức", "nam", "1970-05-12", "chủ hộ", "0310")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "Hộ chưa được đăng ký: hãy sửa các ô được đánh dấu."
    )
    citizen_id = page.get_by_role("textbox", name="Số định danh cá nhân")
    expect(citizen_id).to_have_attribute("aria-invalid", "true")
    expect(citizen_id).to_have_value("0310")
    expect(page.get_by_label("Mã hộ")).to_have_value("DK-0002")


def fill_member(
    page: Page, row: int, name: str, sex: str, born: str, relationship: str, citizen_id: str
) -> None:
    members = page.get_by_role("group", name="Thành viên")
    members.get_by_label("Họ và tên").nth(row).fill(name)
    members.get_by_role("combobox", name="Giới tính").nth(row).select_option(label=sex)
    members.get_by_label("Ngày sinh").nth(row).fill(born)
    members.get_by_role("combobox", name="Quan hệ với chủ hộ").nth(row).select_option(
        label=relationship
    )
    members.get_by_label("Số định danh cá nhân").nth(row).fill(citizen_id)


def test_the_survey_form_shows_the_classification_it_leads_to_while_it_is_filled_in(
    page: Page, household: str
) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    survey = unfolded(page, "Khảo sát")
    preview = survey.get_by_text("Kết quả khảo sát dẫn đến:")
    survey.get_by_label("Ngày khảo sát").fill("2023-10-01")
    survey.get_by_label("Thu nhập bình quân đầu người/tháng").fill("1.200.000")
    expect(preview).to_have_text("Kết quả khảo sát dẫn đến: hộ cận nghèo")
    for deprivation in ("Việc làm", "Bảo hiểm y tế", "Nguồn nước sinh hoạt"):
        survey.get_by_label(deprivation, exact=True).check()
    expect(preview).to_have_text("Kết quả khảo sát dẫn đến: hộ nghèo")
    expect(survey.get_by_text("Số chỉ số thiếu hụt được tính: 3")).to_be_visible()
    survey.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Khảo sát.")
    expect(page.get_by_role("region", name="Lịch sử")).to_contain_text("thu nhập 1.200.000 đồng")


def test_a_form_sent_after_someone_else_changed_the_household_is_refused_with_the_fresh_state(
    page: Page, site: Site, household: str
) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    loan = unfolded(page, "Vay vốn")
    loan.get_by_role("textbox", name="Số tiền").fill("20.000.000")
    loan.get_by_label("Thời hạn (tháng)").fill("36")
    loan.get_by_label("Tổ chức nhận ủy thác").select_option(label="Hội Nông dân")
    support = {"kind": "NUTRITION", "effective_date": "2023-01-02"}
    written = site.system.households.provide_support(
        site.as_caseworker(), household, inputs.ProvideSupport.parse(support)
    )
    site.system.reads.wait_for(written.position)
    loan.get_by_role("button", name="Lưu").click()
    changed = page.get_by_role("alert").filter(has_text="Hộ này đã được người khác thay đổi.")
    expect(changed).to_be_visible()
    expect(page.get_by_role("region", name="Lịch sử").get_by_role("listitem")).to_have_count(3)
    expect(loan.get_by_role("textbox", name="Số tiền")).to_have_value("20.000.000")
    expect(page.get_by_role("region", name="Khoản vay")).to_have_count(0)


def test_a_caseworker_recognises_the_status_a_survey_leads_to(page: Page, household: str) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    recognition = unfolded(page, "Công nhận kết quả")
    recognition.get_by_role("combobox", name="Khảo sát").select_option(
        label="Khảo sát ngày 01/10/2022 (rà soát định kỳ): dẫn đến hộ nghèo"
    )
    recognition.get_by_label("Số quyết định").fill("27/QĐ-UBND")
    recognition.get_by_label("Ngày công nhận").fill("2022-12-20")
    recognition.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Công nhận kết quả.")
    status = page.get_by_role("region", name="Tình trạng")
    expect(status).to_contain_text("hộ nghèo từ ngày 20/12/2022")
    expect(status).to_contain_text("27/QĐ-UBND")


def test_a_caseworker_grants_a_loan_to_a_poor_household(page: Page, poor_household: str) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{poor_household}")
    loan = unfolded(page, "Vay vốn")
    loan.get_by_role("combobox", name="Chương trình").select_option(label="Cho vay hộ nghèo")
    loan.get_by_role("textbox", name="Số tiền").fill("50.000.000")
    loan.get_by_label("Thời hạn (tháng)").fill("60")
    loan.get_by_role("combobox", name="Tổ chức nhận ủy thác").select_option(
        label="Hội Liên hiệp Phụ nữ"
    )
    loan.get_by_label("Tổ tiết kiệm và vay vốn").fill("Tổ TK&VV Hội Phụ nữ tổ dân phố 3")
    loan.get_by_label("Ngày giải ngân").fill("2023-02-01")
    loan.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Vay vốn.")
    loans = page.get_by_role("region", name="Khoản vay")
    granted = loans.get_by_role("row").filter(has_text="01/02/2023")
    expect(granted).to_contain_text("50.000.000 ₫")
    expect(granted).to_contain_text("Tổ TK&VV Hội Phụ nữ tổ dân phố 3")


def test_a_caseworker_records_that_a_household_now_lives_from_farming(
    page: Page, household: str
) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    categories = unfolded(page, "Thay đổi diện của hộ")
    categories.get_by_label("hộ làm nông, lâm, ngư, diêm nghiệp").check()
    categories.get_by_label("Ngày thay đổi").fill("2023-04-01")
    categories.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Thay đổi diện của hộ.")
    status = page.get_by_role("region", name="Tình trạng")
    expect(status.get_by_label("Diện của hộ")).to_contain_text("hộ làm nông, lâm, ngư, diêm nghiệp")


def test_a_retracted_entry_stays_in_the_history_struck_through_with_its_reason(
    page: Page, household: str
) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    entry = page.get_by_role("listitem").filter(has_text="Rà soát định kỳ")
    entry.get_by_text("Hủy mục này", exact=True).click()
    entry.get_by_label("Lý do").fill("Nhập nhầm thu nhập")
    entry.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu: Hủy mục.")
    expect(entry.get_by_role("deletion")).to_contain_text("thu nhập 1.200.000 đồng")
    expect(entry).to_contain_text("Đã bị canbo hủy: Nhập nhầm thu nhập")


def test_the_survey_form_takes_the_whole_row_and_follows_the_standard_of_its_kind_and_date(
    page: Page, household: str
) -> None:
    signed_in(page, "caseworker")
    page.goto(f"/households/{household}")
    survey = unfolded(page, "Khảo sát")
    box = survey.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    assert box["width"] > viewport["width"] / 2  # an open form takes the row
    expect(survey.get_by_label("Sử dụng dịch vụ số", exact=True)).to_be_visible()
    survey.get_by_label("Việc làm", exact=True).check()
    survey.get_by_role("combobox", name="Kỳ rà soát").select_option(label="thường xuyên")
    survey.get_by_label("Ngày khảo sát").fill("01/06/2026")
    expect(survey.get_by_label("Sử dụng dịch vụ viễn thông", exact=True)).to_be_visible()
    expect(survey.get_by_label("Sử dụng dịch vụ số", exact=True)).to_have_count(0)
    expect(survey.get_by_label("Việc làm", exact=True)).to_be_checked()
    expect(survey.get_by_text("Cần nhập “Thu nhập bình quân đầu người/tháng”.")).to_be_visible()

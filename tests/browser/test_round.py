"""A commune's 2026 periodic review in a real browser, from the list to the signed decision,
without typing or choosing a single id (docs/spec/review-round.md, "The round"): the caseworker
opens it from the menu, puts an applicant household on the list by its code, ticks its result
at the village meeting and posts the results; the chairman signs the decision, which recognises
it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from application import inputs
from domain.standards import catalogue
from tests.api.client import survey
from tests.browser.conftest import Site, screenshot, signed_in, unfolded, vietnam_today

pytestmark = pytest.mark.browser


@pytest.fixture
def applicant(site: Site, household: str) -> str:
    """The test's household, surveyed in the 2026 review and found near-poor (an income under
    the line, no deprivation); its code."""
    body = survey(
        income=1_000_000, kind="PERIODIC", effective_date="2026-10-01", survey_id="S-2026",
        deprivations=dict.fromkeys(catalogue().get("VN-MDP-2027").keys, False),
    )  # fmt: skip
    written = site.system.households.record_survey(
        site.as_caseworker(), household, inputs.RecordSurvey.parse(body)
    )
    site.system.reads.wait_for(written.position)
    return str(site.system.households.get(household)["household_code"])


def test_a_commune_runs_its_periodic_review_to_the_signed_decision(
    page: Page, site: Site, household: str, applicant: str
) -> None:
    signed_in(page, "caseworker")
    page.get_by_role("link", name="Các đợt rà soát").click()
    opening = unfolded(page, "Mở đợt rà soát định kỳ")
    opening.get_by_label("Ngày mở").fill("03/09/2026")
    opening.get_by_role("button", name="Mở đợt rà soát").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rà soát định kỳ năm 2026")
    round_url = page.url

    application = unfolded(page, "Giấy đề nghị (Mẫu số 01)")
    application.get_by_label("Mã hộ").fill(applicant)
    application.get_by_label("Ngày nhận").fill("10/09/2026")
    application.get_by_role("button", name="Đưa hộ vào danh sách").click()
    expect(page.get_by_role("status")).to_have_text(
        "Đã nhận giấy đề nghị: hộ đã vào danh sách rà soát."
    )

    village = page.get_by_role("region", name="Thôn Đông")
    meeting = village.get_by_role("group").filter(has=page.get_by_text("Ghi kết quả họp dân"))
    meeting.get_by_text("Ghi kết quả họp dân").click()
    meeting.get_by_label("Ngày họp").fill("20/10/2026")
    meeting.get_by_label("Số người dự họp").fill("38")
    meeting.get_by_label("Số biên bản").fill("BB-05/2026")
    meeting.get_by_role("radiogroup", name=applicant).get_by_label("thống nhất", exact=True).check()
    meeting.get_by_role("button", name="Ghi cuộc họp").click()
    expect(page.get_by_role("status")).to_have_text("Đã ghi kết quả họp dân.")

    posting = unfolded(page, "Niêm yết công khai")
    posting.get_by_label("Ngày niêm yết").fill("28/10/2026")
    posting.get_by_role("button", name="Ghi việc niêm yết").click()
    expect(page.get_by_text("đến hết ngày 02/11/2026")).to_be_visible()

    page.context.clear_cookies()
    signed_in(page, "chairman")
    page.goto(round_url)
    expect(page.get_by_text(re.compile(f"Quyết định công nhận 1 hộ.*{applicant}"))).to_be_visible()
    screenshot(page, "round")
    page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    page.get_by_label("Người ký").fill("Nguyễn Văn Bình, Chủ tịch UBND xã")
    page.get_by_label("Ngày ký").fill("20/11/2026")
    page.get_by_role("button", name="Ký quyết định").click()

    expect(page.get_by_role("status")).to_have_text("Đã ghi quyết định; đợt rà soát kết thúc.")
    recognised = site.system.households.get(household)
    assert (recognised["status"], recognised["status_decision"]["decision_ref"]) == (
        "NEAR_POOR", "45/QĐ-UBND",
    )  # fmt: skip


def test_a_village_is_surveyed_row_by_row_from_the_keyboard(
    page: Page, site: Site, household: str
) -> None:
    code = str(site.system.households.get(household)["household_code"])
    application = {"household_code": code, "effective_date": vietnam_today().isoformat()}
    opened = site.system.rounds.open_regular(
        site.as_caseworker(), site.commune, inputs.ReceiveApplication.parse(application)
    )
    site.system.reads.wait_for(opened.position)
    signed_in(page, "caseworker")
    page.goto(f"/rounds/{opened.answer['id']}")

    page.get_by_role("link", name="Nhập phiếu cả thôn theo bảng").click()
    income = page.get_by_label(f"Thu nhập bình quân đầu người/tháng của hộ {code}")
    income.fill("900000")
    for _ in range(3):  # the first three deprivations, by the keyboard alone
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    result = page.locator(f"#row-{code} .result")
    expect(result).to_have_text("hộ nghèo")
    income.press("Enter")

    expect(page.locator(f"#row-{code} .result")).to_contain_text("Đã lưu: hộ nghèo")
    screenshot(page, "grid")
    awaiting = site.system.households.get(household)["surveys_awaiting_recognition"]
    assert awaiting[-1]["leads_to"] == "POOR"

"""A draft standard run over the city in a real browser (docs/spec/what-if.md): the supervisor
enters a draft from the 2027 standard with higher lines, runs it as known today, opens the
commune of a household that would become poor, sees why, opens the household, and downloads the
run — and nothing was recorded in the household's history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from application import inputs
from domain.standards import catalogue
from domain.values import AreaKind
from tests.api.client import survey
from tests.browser.conftest import Site, screenshot, signed_in, unfolded

pytestmark = pytest.mark.browser

DRAFT = "Chuẩn nghèo thành phố 2027-2030 (dự thảo thử)"
# The draft's lines, as the page writes them: the household's commune decides which applies.
LINES = {AreaKind.RURAL: r"3\.000\.000", AreaKind.URBAN: r"3\.500\.000"}


@pytest.fixture
def non_poor(site: Site, household: str) -> str:
    """The test's household, surveyed in the 2026 review with 2,900,000 a person a month and
    four deprivations — above both 2027 lines — and recognised as non-poor; its code."""
    keys = catalogue().get("VN-MDP-2027").keys
    body = survey(
        income=2_900_000, kind="PERIODIC", effective_date="2026-10-01", survey_id="S-2026-W",
        deprivations={key: index < 4 for index, key in enumerate(keys)},
    )  # fmt: skip
    households = site.system.households
    households.record_survey(site.as_caseworker(), household, inputs.RecordSurvey.parse(body))
    decision = {"survey_id": "S-2026-W", "decision_ref": "50/QĐ", "effective_date": "2026-11-20"}
    written = households.classify(site.as_caseworker(), household, inputs.Classify.parse(decision))
    site.system.reads.wait_for(written.position)
    return str(households.get(household)["household_code"])


def test_a_supervisor_runs_a_draft_and_finds_who_would_become_poor_and_why(
    page: Page, site: Site, household: str, non_poor: str
) -> None:
    version = site.system.households.load(household).version
    signed_in(page, "supervisor")
    page.get_by_role("link", name="Chạy thử chuẩn").click()
    drafting = unfolded(page, "Nhập dự thảo chuẩn nghèo")
    drafting.get_by_label("Bắt đầu từ").select_option("VN-MDP-2027")
    drafting.get_by_role("button", name="Điền sẵn").click()
    drafting = page.get_by_role("group").filter(has=page.get_by_text("Nhập dự thảo chuẩn nghèo"))
    drafting.get_by_label("Tên dự thảo").fill(DRAFT)
    drafting.get_by_label("Chuẩn nghèo khu vực nông thôn").fill("3.000.000")
    drafting.get_by_label("Chuẩn nghèo khu vực thành thị").fill("3.500.000")
    drafting.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu dự thảo. Chọn dự thảo để chạy thử.")

    running = unfolded(page, "Chạy thử một chuẩn")
    running.get_by_label("Chuẩn").select_option(label=DRAFT)
    running.get_by_role("button", name="Chạy thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Chạy thử: {DRAFT}")
    expect(page.get_by_text("kết quả đúng như đã ghi khi chạy")).to_be_visible()
    screenshot(page, "what-if")

    today = site.system.runner.today()
    commune = site.system.areas.name_of(site.commune, today)
    page.get_by_role("region", name="Theo xã, phường").get_by_role("link", name=commune).click()
    mover = page.get_by_role("row").filter(has=page.get_by_role("link", name=non_poor))
    expect(mover).to_contain_text(re.compile(r"hộ không nghèo\s+hộ nghèo"))
    line = LINES[site.system.areas.registry().check_commune(site.commune, today).area_kind]
    expect(mover).to_contain_text(
        re.compile(rf"thu nhập 2\.900\.000\s₫, bằng hoặc dưới chuẩn {line}\s₫; thiếu hụt: Việc làm")
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về (xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    mover.get_by_role("link", name=non_poor).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(non_poor)
    assert site.system.households.load(household).version == version

"""A caseworker in a real browser imports a village's survey file (docs/spec/review-round.md,
"Import"): from the menu to the upload page, a check that records nothing, the import and the
line saying what was recorded; a broken file comes back as a table of its problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, signed_in

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "surveys-nam-sach-2026.csv"


def survey_file(path: Path, rows: list[tuple[str, str]]) -> Path:
    """The example file's headings, and its third row's answers for each (code, date)."""
    headings, _, _, answers = EXAMPLE.read_text(encoding="utf-8").splitlines()
    cells = answers.split(";")
    lines = [";".join([code, day, *cells[2:]]) for code, day in rows]
    path.write_text("\n".join([headings, *lines]) + "\n", encoding="utf-8")
    return path


def upload(page: Page, file: Path, button: str) -> None:
    page.get_by_label("Tệp khảo sát").set_input_files(file)
    page.get_by_role("button", name=button, exact=True).click()


def test_a_caseworker_checks_a_survey_file_then_imports_it(
    page: Page, site: Site, household: str, tmp_path: Path
) -> None:
    code = site.system.households.get(household)["household_code"]
    good = survey_file(tmp_path / "thon-dong.csv", [(code, "01/10/2026")])
    signed_in(page, "caseworker")

    page.get_by_role("link", name="Nhập tệp khảo sát").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhập tệp phiếu khảo sát")
    upload(page, good, "Kiểm tra, chưa ghi nhận")
    expect(page.get_by_role("status")).to_contain_text("sẽ ghi nhận 1 phiếu khảo sát")
    upload(page, good, "Nhập")

    expect(page.get_by_role("status")).to_have_text(
        "Đã ghi nhận 1 phiếu khảo sát của tệp thon-dong.csv."
    )
    awaiting = site.system.households.get(household)["surveys_awaiting_recognition"]
    assert [survey["leads_to"] for survey in awaiting] == ["POOR", "POOR"]


def test_a_broken_file_comes_back_as_a_table_of_its_problems(
    page: Page, site: Site, household: str, tmp_path: Path
) -> None:
    code = site.system.households.get(household)["household_code"]
    broken = survey_file(tmp_path / "loi.csv", [(code, "31/02/2026"), ("KHONG-CO", "01/10/2026")])
    signed_in(page, "caseworker")
    page.goto("/imports")

    upload(page, broken, "Nhập")

    expect(page.get_by_role("alert")).to_contain_text("2 lỗi trong 2 dòng: chưa ghi nhận gì.")
    problems = page.get_by_role("table", name="Các lỗi của tệp").get_by_role("row")
    expect(problems.nth(1)).to_contain_text("Ngày khảo sát")
    expect(problems.nth(2)).to_contain_text("Không có hộ nào mang mã KHONG-CO.")
    awaiting = site.system.households.get(household)["surveys_awaiting_recognition"]
    assert len(awaiting) == 1

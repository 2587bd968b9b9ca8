"""The upload page of a commune's survey file (`/imports`, docs/spec/review-round.md, "Import"):
the caseworker of commune 10606 checks the example files of docs/examples/ and imports them; a
broken file comes back problem by problem, by row and column, in the reader's language; a
commune outside their area, named by the form or by a row, records nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.application.desk import Desk
from tests.features.conftest import CITY_CASEWORKER
from tests.web.conftest import PASSWORD, Browser

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
NAM_SACH, HONG_AN = "10606", "11602"
CODES = ("NS-0001", "NS-0002", "NS-0003", "NS-0004")


@pytest.fixture
def officer(pages: Browser) -> Browser:
    """The caseworker of 10606, signed in, and the commune's households of the example files;
    and one household of Phường Hồng An, which the city's file names."""
    system = pages.api.system
    desk = Desk(system, CITY_CASEWORKER)
    for code in CODES:
        desk.register(date(2025, 8, 1), commune_code=NAM_SACH, code=code)
    desk.register(date(2025, 8, 1), commune_code=HONG_AN, code="HA-0001")
    system.reads.catch_up()
    system.accounts.add_user("canbo.namsach", "caseworker", NAM_SACH, password=PASSWORD)
    pages.sign_in("canbo.namsach", follow=False)
    return pages


def upload(
    pages: Browser,
    name: str,
    content: bytes | None = None,
    mode: str = "import",
    commune: str = NAM_SACH,
) -> httpx.Response:
    """The form as the page sends it: the token first (asgi-csrf reads it before any file),
    then the commune, the button pressed and the file (an example file by its name)."""
    data = {"csrftoken": pages.token(), "commune_code": commune, "mode": mode}
    sent = content if content is not None else (EXAMPLES / name).read_bytes()
    response: httpx.Response = pages.client.post(
        "/imports",
        data=data,
        files={"file": (name, sent, "text/csv")},
    )
    return response


def versions(pages: Browser) -> list[int]:
    households = pages.api.system.households
    return [households.load(household).version for household in households.list_registered()]


def problems_in(page: str) -> list[list[str]]:
    """The rows of the page's table of problems: [row, column, problem]."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_page_offers_the_caseworkers_own_commune(officer: Browser) -> None:
    page = officer.get("/imports")

    assert page.status_code == 200
    assert 'name="commune_code"' in page.text
    assert f'<option value="{NAM_SACH}" selected>' in page.text
    assert f'value="{HONG_AN}"' not in page.text


def test_a_good_file_is_recorded_and_the_page_says_how_many_surveys(officer: Browser) -> None:
    answer = upload(officer, "surveys-nam-sach-2026.csv")

    assert answer.status_code == 200
    assert "Đã ghi nhận 3 phiếu khảo sát của tệp surveys-nam-sach-2026.csv." in answer.text
    households = officer.api.system.households
    statuses = [
        survey["leads_to"]
        for household in households.list_registered()
        for survey in households.get(household)["surveys_awaiting_recognition"]
    ]
    assert sorted(statuses) == ["NEAR_POOR", "NON_POOR", "POOR"]


def test_a_file_sent_again_records_nothing_new(officer: Browser) -> None:
    upload(officer, "surveys-nam-sach-2026.csv")
    before = versions(officer)

    again = upload(officer, "surveys-nam-sach-2026.csv")

    assert "Đã ghi nhận 0 phiếu khảo sát" in again.text
    assert "3 phiếu đã được ghi nhận từ trước." in again.text
    assert versions(officer) == before


def test_a_check_records_nothing_and_says_what_would_be(officer: Browser) -> None:
    before = versions(officer)

    checked = upload(officer, "surveys-nam-sach-2026.csv", mode="check")

    assert checked.status_code == 200
    assert "Mọi dòng đều hợp lệ: sẽ ghi nhận 3 phiếu khảo sát." in checked.text
    assert versions(officer) == before


def test_a_broken_file_lists_each_problem_by_row_and_column_and_records_nothing(
    officer: Browser,
) -> None:
    before = versions(officer)

    refused = upload(officer, "surveys-broken.csv")

    assert refused.status_code == 422
    assert "5 lỗi trong 5 dòng: chưa ghi nhận gì." in refused.text
    found = problems_in(refused.text)
    assert [(row, column) for row, column, _ in found] == [
        ("2", "Thu nhập bình quân đầu người/tháng"),
        ("3", "Mã hộ"),
        ("4", "Ngày khảo sát"),
        ("5", "Loại rà soát"),
        ("6", "Việc làm"),
    ]
    assert found[1][2] == "Không có hộ nào mang mã NS-9999."
    assert versions(officer) == before


def test_the_problems_are_told_in_the_readers_language(officer: Browser) -> None:
    officer.get("/language/en", next="/imports")

    refused = upload(officer, "surveys-broken.csv")

    assert "5 problems in 5 rows: nothing was recorded." in refused.text
    assert problems_in(refused.text)[1] == ["3", "Mã hộ", "No household has the code NS-9999."]


def test_a_row_of_a_commune_outside_the_caseworkers_area_records_nothing(
    officer: Browser,
) -> None:
    before = versions(officer)

    refused = upload(officer, "surveys-city-2026.csv")

    assert refused.status_code == 422
    assert problems_in(refused.text) == [
        ["3", "Mã xã", "Mã địa bàn 11602 nằm ngoài địa bàn được giao (10606)."]
    ]
    assert versions(officer) == before


def test_a_file_of_another_commune_is_forbidden(officer: Browser) -> None:
    before = versions(officer)

    refused = upload(officer, "surveys-nam-sach-2026.csv", commune=HONG_AN)

    assert refused.status_code == 403
    assert "Mã địa bàn 11602 nằm ngoài địa bàn được giao (10606)." in refused.text
    assert versions(officer) == before


def test_a_file_that_is_not_a_spreadsheet_is_refused_under_the_file_input(
    officer: Browser,
) -> None:
    refused = upload(officer, "khao-sat.ods", content=b"PK\x03\x04 an OpenDocument sheet")

    assert refused.status_code == 422
    assert 'id="import-file-error"' in refused.text
    assert "Không đọc được tệp khao-sat.ods" in refused.text


def test_a_file_path_sent_as_its_name_is_read_as_its_name_only(officer: Browser) -> None:
    good = (EXAMPLES / "surveys-nam-sach-2026.csv").read_bytes()

    answer = upload(officer, "..\\..\\etc\\surveys.csv", content=good, mode="check")

    assert answer.status_code == 200
    assert '<h2 id="result">surveys.csv</h2>' in answer.text


def test_a_commune_file_larger_than_a_form_is_taken(officer: Browser) -> None:
    good = (EXAMPLES / "surveys-nam-sach-2026.csv").read_text(encoding="utf-8")
    padding = "\n" * (2 * 1024 * 1024)  # blank rows, skipped: 2 MiB, twice a form's ceiling

    answer = upload(officer, "big.csv", content=(good + padding).encode(), mode="check")

    assert answer.status_code == 200
    assert "sẽ ghi nhận 3 phiếu khảo sát" in answer.text

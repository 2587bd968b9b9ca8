"""The review round's pages (`/rounds`, docs/spec/review-round.md, "The round"): the caseworker
of commune 10606 opens the 2026 periodic review, records the village meeting by ticking each
household's result, posts the results and a complaint's re-check; the chairman signs the
decision; nobody types an id. A refused step comes back marked and records nothing; an overdue
regular review is flagged on the commune's list."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from uuid import UUID

import httpx
import pytest
from openpyxl import load_workbook

from application.readlog import ReadQuery
from domain.standards import catalogue
from domain.values import ReviewKind
from tests.application.desk import Desk
from tests.features.conftest import CITY_CASEWORKER
from tests.web.conftest import PASSWORD, Browser

COMMUNE = "10606"
POOR, NEAR_POOR, NON_POOR = (1_000_000, 6), (1_000_000, 0), (20_000_000, 0)


@pytest.fixture
def commune(pages: Browser) -> Browser:
    """Households NS-0001 (poor) and NS-0002 (near-poor) of Thôn 1, recognised in 2024 and
    surveyed again on 2026-10-01 (NS-0001 now non-poor); the commune's caseworker and chairman."""
    system = pages.api.system
    desk = Desk(system, CITY_CASEWORKER)
    for code, before, now in (("NS-0001", POOR, NON_POOR), ("NS-0002", NEAR_POOR, NEAR_POOR)):
        ref = desk.register(date(2024, 1, 15), commune_code=COMMUNE, code=code)
        desk.review(ref.id, date(2024, 6, 1), date(2024, 6, 1), *before).expect_accepted()
        body = desk.survey_body(date(2026, 10, 1), *now, kind="PERIODIC")
        desk.survey(ref.id, body).expect_accepted()
    system.reads.catch_up()
    system.accounts.add_user("canbo.namsach", "caseworker", COMMUNE, password=PASSWORD)
    system.accounts.add_user("chutich.namsach", "chairman", COMMUNE, password=PASSWORD)
    return pages


def as_(pages: Browser, who: str) -> Browser:
    pages.client.cookies.clear()
    pages.sign_in(who, follow=False)
    return pages


def round_of(response: httpx.Response) -> str:
    found = re.search(r"/rounds/([0-9a-f-]{36})", str(response.url))
    assert found, response.url
    return found.group(1)


def version_of(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found
    return found.group(1)


def opened(pages: Browser) -> str:
    answer = pages.post("/rounds", {"commune_code": COMMUNE, "effective_date": "03/09/2026"})
    assert answer.status_code == 200, answer.text
    return round_of(answer)


def step(pages: Browser, round_id: str, path: str, data: dict[str, str]) -> httpx.Response:
    version = version_of(pages.get(f"/rounds/{round_id}").text)
    return pages.post(f"/rounds/{round_id}/{path}", {**data, "version": version})


def test_the_caseworker_opens_the_periodic_review_of_the_communes_lists(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")

    answer = pages.post("/rounds", {"commune_code": COMMUNE, "effective_date": "03/09/2026"})

    assert "Đã mở đợt rà soát định kỳ" in answer.text
    assert "Rà soát định kỳ năm 2026" in answer.text
    assert "NS-0001" in answer.text
    assert "NS-0002" in answer.text
    listed = pages.get("/rounds").text
    assert f"/rounds/{round_of(answer)}" in listed


def test_a_round_runs_from_the_meeting_to_the_chairmans_signature(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    meeting = {
        "village": "Thôn 1", "effective_date": "20/10/2026", "attendance": "41",
        "minutes_ref": "BB-01", "verdict-NS-0001": "agreed", "verdict-NS-0002": "agreed",
    }  # fmt: skip
    assert "Đã ghi kết quả họp dân." in step(pages, round_id, "meetings", meeting).text
    posting = {"effective_date": "28/10/2026", "places": "Trụ sở UBND xã\nNhà văn hóa thôn Đông"}
    posted = step(pages, round_id, "posting", posting)
    assert "Niêm yết ngày 28/10/2026 tại Trụ sở UBND xã, Nhà văn hóa thôn Đông" in posted.text
    chairman = as_(commune, "chutich.namsach")
    decision = {"decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình",
                "effective_date": "20/11/2026"}  # fmt: skip

    signed = step(chairman, round_id, "decision", decision)

    assert "Đã ghi quyết định; đợt rà soát kết thúc." in signed.text
    assert "Quyết định 45/QĐ-UBND ngày 20/11/2026 công nhận 2 hộ." in signed.text
    shown = chairman.api.system.rounds.get(round_id, COMMUNE)
    assert [h["decided"] for h in shown["households"]] == [True, True]


def test_a_refused_step_comes_back_marked_and_records_nothing(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    before = pages.api.system.store.recorder.max_notification_id()

    refused = step(pages, round_id, "posting", {"effective_date": "28/10/2026", "places": "Trụ sở"})

    assert refused.status_code == 422
    assert "Chưa họp dân thống nhất kết quả rà soát: chưa thể niêm yết." in refused.text
    assert pages.api.system.store.recorder.max_notification_id() == before


def test_a_caseworker_may_not_sign_and_a_supervisor_only_reads(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    decision = {"decision_ref": "45/QĐ-UBND", "signer": "X", "effective_date": "20/11/2026"}

    by_caseworker = pages.post(f"/rounds/{round_id}/decision", decision)
    supervisor = as_(commune, "supervisor")
    read = supervisor.get(f"/rounds/{round_id}")

    assert by_caseworker.status_code == 403
    assert read.status_code == 200
    assert "Ghi một bước" not in read.text
    assert "Ký quyết định" not in read.text


def test_an_overdue_regular_review_is_flagged_on_the_communes_list(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    application = {"commune_code": COMMUNE, "household_code": "NS-0002",
                   "effective_date": "05/10/2026"}  # fmt: skip

    answer = pages.post("/rounds/regular", application)
    listed = pages.get("/rounds").text

    assert "Rà soát thường xuyên hộ NS-0002" in answer.text
    assert "1 đợt rà soát đã quá hạn" in listed
    assert '30/10/2026 <span class="badge">quá hạn</span>' in listed


def test_only_a_round_opened_before_july_2025_asks_the_districts_opinion(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")

    before = pages.post("/rounds", {"commune_code": COMMUNE, "effective_date": "05/09/2024"})
    since = pages.post("/rounds", {"commune_code": COMMUNE, "effective_date": "03/09/2026"})

    assert "<summary>Ý kiến của huyện</summary>" in before.text
    assert "<summary>Ý kiến của huyện</summary>" not in since.text


def sheets_of(response: httpx.Response) -> dict[str, list[list[object]]]:
    book = load_workbook(BytesIO(response.content))
    return {page.title: [list(row) for row in page.iter_rows(values_only=True)] for page in book}


def posted_round(pages: Browser) -> str:
    """The round of the fixture's households, agreed at the village meeting and posted."""
    round_id = opened(pages)
    meeting = {
        "village": "Thôn 1", "effective_date": "20/10/2026", "attendance": "41",
        "minutes_ref": "BB-01", "verdict-NS-0001": "agreed", "verdict-NS-0002": "agreed",
    }  # fmt: skip
    step(pages, round_id, "meetings", meeting)
    step(pages, round_id, "posting", {"effective_date": "28/10/2026", "places": "Trụ sở UBND xã"})
    return round_id


def decided_round(commune: Browser) -> str:
    """The round of the fixture's households, agreed, posted and signed as decision 45/QĐ-UBND."""
    round_id = posted_round(as_(commune, "canbo.namsach"))
    chairman = as_(commune, "chutich.namsach")
    decision = {"decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình",
                "effective_date": "20/11/2026"}  # fmt: skip
    step(chairman, round_id, "decision", decision)
    return round_id


def test_the_posting_list_prints_each_village_with_its_results(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)

    answer = pages.get(f"/rounds/{round_id}/posting.xlsx")

    sheets = sheets_of(answer)
    assert list(sheets) == ["Thôn 1"]
    rows = sheets["Thôn 1"]
    assert rows[0][0] == "UBND Xã Nam Sách"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in rows[0]
    assert rows[3][0] == "DANH SÁCH NIÊM YẾT CÔNG KHAI KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO"
    assert rows[6][:2] == ["STT", "Mã hộ"]
    assert [(row[1], row[5]) for row in rows[7:9]] == [
        ("NS-0001", "hộ không nghèo"),
        ("NS-0002", "hộ cận nghèo"),
    ]
    page = load_workbook(BytesIO(answer.content))["Thôn 1"]
    assert page.page_setup.orientation == "landscape"
    assert page.print_title_rows == "$7:$7"


def test_the_decisions_annexes_are_its_lists_signed_by_its_signer(commune: Browser) -> None:
    round_id = decided_round(commune)

    answer = commune.get(f"/rounds/{round_id}/decision.xlsx")

    sheets = sheets_of(answer)
    decided = commune.api.system.rounds.decision_lists(round_id, COMMUNE)["lists"]
    shown = {
        name: [row[1] for row in rows[7:] if row[1] and str(row[0]).isdigit()]
        for name, rows in sheets.items()
    }
    assert shown == {"Hộ cận nghèo": ["NS-0002"], "Hộ thoát nghèo": ["NS-0001"]}
    assert [h["household_code"] for h in decided["near_poor"]] == ["NS-0002"]
    assert [h["household_code"] for h in decided["escaped_poverty"]] == ["NS-0001"]
    last = [cell for row in sheets["Hộ cận nghèo"][-5:] for cell in row if cell]
    assert last == ["CHỦ TỊCH", "Nguyễn Văn Bình"]


def test_an_undecided_round_has_no_decision_to_print(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)

    refused = pages.get(f"/rounds/{round_id}/decision.xlsx")

    assert refused.status_code == 422


# ---- the grid: a village's surveys row by row ---------------------------------------------------


def grid_row(
    pages: Browser,
    round_id: str,
    household_id: str,
    income: str,
    ticked: list[str],
    htmx: bool,
    **lists: list[str],
) -> httpx.Response:
    """A row of the grid as the page sends it: its form's hidden fields and its cells."""
    grid = pages.get(f"/rounds/{round_id}/grid", village="Thôn 1", on="25/11/2026").text
    form = rf'action="/rounds/{round_id}/grid/{household_id}".*?name="version" value="(\d+)"'
    version = re.search(form, grid, re.S)
    assert version
    body: dict[str, object] = {
        "village": "Thôn 1", "kind": "PERIODIC", "effective_date": "2026-11-25",
        "surveyor": "Trần Thị Bình", "version": version.group(1),
        "income_per_capita_vnd": income, "deprivations": ticked, **lists,
    }  # fmt: skip
    token = pages.token()
    headers = {"HX-Request": "true", "x-csrftoken": token} if htmx else {}
    response: httpx.Response = pages.client.post(
        f"/rounds/{round_id}/grid/{household_id}",
        data=body if htmx else {**body, "csrftoken": token},
        headers=headers,
    )
    return response


def ids_of(commune: Browser) -> dict[str, str]:
    households = commune.api.system.households
    return {households.get(i)["household_code"]: str(i) for i in households.list_registered()}


def test_the_grid_shows_the_villages_households_and_the_rounds_indicators(
    commune: Browser,
) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)

    grid = pages.get(f"/rounds/{round_id}/grid", village="Thôn 1", on="25/11/2026").text

    assert 'id="row-NS-0001"' in grid
    assert 'id="row-NS-0002"' in grid
    keys = catalogue().for_review(ReviewKind.PERIODIC, date(2026, 11, 25)).keys
    assert all(f'value="{key}"' in grid for key in keys)


def test_a_rows_causes_and_needs_are_saved_with_its_survey(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    ids = ids_of(commune)

    saved = grid_row(
        pages, round_id, ids["NS-0001"], "900000", [], htmx=True,
        causes=["CAPITAL", "SKILLS"], needs=["CREDIT"],
    )  # fmt: skip

    latest = commune.api.system.households.get(ids["NS-0001"])["surveys_awaiting_recognition"][-1]
    assert (latest["causes"], latest["needs"]) == (["CAPITAL", "SKILLS"], ["CREDIT"])
    assert '<option value="CAPITAL" selected>' in saved.text


def test_a_row_is_saved_alone_and_shows_what_it_leads_to(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    ids = ids_of(commune)

    saved = grid_row(pages, round_id, ids["NS-0002"], "1.000.000", ["employment"], htmx=True)

    assert saved.status_code == 200
    assert saved.text.lstrip().startswith('<tr id="row-NS-0002"')
    assert "Đã lưu: hộ cận nghèo" in saved.text
    awaiting = commune.api.system.households.get(ids["NS-0002"])["surveys_awaiting_recognition"]
    assert [s["effective_date"] for s in awaiting] == ["2026-10-01", "2026-11-25"]


def test_a_refused_row_shows_its_error_and_records_nothing(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    ids = ids_of(commune)
    before = pages.api.system.store.recorder.max_notification_id()

    refused = grid_row(pages, round_id, ids["NS-0001"], "một triệu", [], htmx=True)

    assert 'id="row-NS-0001"' in refused.text
    assert 'role="alert"' in refused.text
    assert pages.api.system.store.recorder.max_notification_id() == before


def test_without_scripts_a_row_posts_the_page_back(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    ids = ids_of(commune)

    saved = grid_row(pages, round_id, ids["NS-0001"], "1500000", [], htmx=False)

    assert "Đã lưu phiếu rà soát." in saved.text
    assert str(saved.url.path) == f"/rounds/{round_id}/grid"


def test_a_row_being_typed_shows_its_classification(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    ids = ids_of(commune)
    keys = catalogue().for_review(ReviewKind.PERIODIC, date(2026, 11, 25)).keys
    body = {
        "kind": "PERIODIC", "effective_date": "2026-11-25", "income_per_capita_vnd": "900000",
        "deprivations": list(keys[:4]),
    }  # fmt: skip

    preview = pages.post(f"/rounds/{round_id}/grid/{ids['NS-0001']}/preview", body, htmx=True)

    assert preview.text.strip() == "hộ nghèo"


def test_a_household_outside_the_villages_grid_is_not_found(commune: Browser) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = opened(pages)
    other = Desk(commune.api.system, CITY_CASEWORKER).register(
        date(2024, 1, 15), commune_code=COMMUNE, code="NS-0009"
    )
    before = pages.api.system.store.recorder.max_notification_id()

    refused = pages.post(
        f"/rounds/{round_id}/grid/{other.id}",
        {"village": "Thôn 1", "kind": "PERIODIC", "effective_date": "2026-11-25",
         "income_per_capita_vnd": "900000"},
    )  # fmt: skip

    assert refused.status_code == 404
    assert pages.api.system.store.recorder.max_notification_id() == before


def test_the_rounds_page_shows_a_complaint_and_logs_it_as_a_read_of_the_household(
    commune: Browser,
) -> None:
    pages = as_(commune, "canbo.namsach")
    round_id = posted_round(pages)
    complaint = {
        "household_code": "NS-0002", "complainant": "Đỗ Văn Hiếu",
        "grounds": "Hộ mới xây nhà hai tầng", "effective_date": "29/10/2026",
    }  # fmt: skip
    step(pages, round_id, "complaints", complaint)

    shown = pages.get(f"/rounds/{round_id}").text

    assert "Đỗ Văn Hiếu" in shown
    system = pages.api.system
    complained = system.rounds.get(round_id, COMMUNE)["households"][1]
    assert complained["household_code"] == "NS-0002"
    entries = system.readlog.entries(ReadQuery(household_id=UUID(complained["id"])))["items"]
    assert {(e["username"], e["what"]) for e in entries} == {("canbo.namsach", "page:round")}

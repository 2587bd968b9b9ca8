"""The supervisor's dashboard: the plan's figures against their targets, every number a link to
its drill-down, the yearly trends as charts that read without colour, and the sub-areas in a
sortable table — within the supervisor's own area only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from application.commands import Actor, context
from application.system import System
from domain.dates import VIETNAM
from projections.figures import FIGURES
from tests.api.client import Api, Household, registration, survey
from tests.web.conftest import PASSWORD, Browser

NS = {"svg": "http://www.w3.org/2000/svg"}


def district_supervisor(pages: Browser, area: str = "303") -> None:
    pages.api.system.accounts.add_user(f"supervisor_{area}", "supervisor", area, password=PASSWORD)
    pages.sign_in(f"supervisor_{area}")


def poor_in_le_chan(api: Api, code: str) -> str:
    """A poor household of ward 11383 (district 305, Lê Chân), recorded by its caseworker."""
    body = registration(household_code=code, commune_code="11383")
    household_id = str(api.created("/api/households", body, who="stranger")["id"])
    path = f"/api/households/{household_id}"
    api.created(path + "/surveys", survey(survey_id="S-LC"), who="stranger")
    decision = {"survey_id": "S-LC", "decision_ref": "9/QĐ", "effective_date": "2022-12-20"}
    api.created(path + "/classifications", decision, who="stranger")
    return household_id


def row_of(html: str, figure_id: str) -> str:
    found = re.search(rf'<tr id="figure-{re.escape(figure_id)}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {figure_id}"
    return found.group(1)


def charts(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]


def first_sub_area(html: str) -> str:
    table = html.split('id="sub-area-table"', 1)[1]
    found = re.search(r'<tbody>\s*<tr>\s*<th scope="row"><a [^>]*>([^<]+)</a>', table)
    assert found
    return found.group(1)


def test_a_supervisor_sees_the_plans_figures_with_their_targets_and_progress_bars(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    # Plan 55/KH-UBND (2022-2025) is measured on old Hai Phong, as the city was before Hải
    # Dương joined it on 2025-07-01: the city's page on a date of the plan shows its targets.
    page = pages.get("/dashboard", as_of="2025-06-30")

    assert page.status_code == 200
    assert "Thành phố Hải Phòng" in page.text
    assert "Hộ nghèo" in row_of(page.text, "poor")
    assert ">1</a>" in row_of(page.text, "poor")
    credit = row_of(page.text, "credit_access")
    assert "100,0%" in credit  # the plan's target
    assert re.search(r'<progress max="100(\.0)?" value="0(\.0)?"', credit)


def test_today_the_city_page_says_no_plan_is_measured_on_it_and_links_the_ended_plans_territory(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard")

    credit = row_of(page.text, "credit_access")
    assert "100,0%" not in credit
    assert "<progress" not in credit
    assert "không có kế hoạch nào tính trên địa bàn này" in page.text
    assert "đã kết thúc ngày 31/12/2025" in page.text
    assert "area=%5E31" in page.text or "area=^31" in page.text


def city_plan_adopted(pages: Browser, **extra: str) -> None:
    """The city's plan 2026-2030 with a credit target of 90 %, through the API."""
    body = {
        "reference": "VD-02/KH-UBND", "area_code": "31", "period_start": "2026-01-01",
        "period_end": "2030-12-31", "baseline_date": "2026-01-01",
        "targets": {"credit_access": 90}, "effective_date": "2026-03-20", **extra,
    }  # fmt: skip
    pages.api.created("/api/plans", body, "administrator")
    pages.sign_in("supervisor")


def test_once_the_city_adopts_its_2026_2030_plan_todays_city_page_shows_its_targets(
    pages: Browser, poor_household: Household
) -> None:
    city_plan_adopted(pages)

    page = pages.get("/dashboard")

    assert "90,0%" in row_of(page.text, "credit_access")
    assert "Chỉ tiêu của Kế hoạch VD-02/KH-UBND" in page.text


def test_a_plan_that_names_the_citys_own_standard_says_so_beside_its_figures(
    pages: Browser, city_standard: str
) -> None:
    city_plan_adopted(pages, standard_id=city_standard)

    page = pages.get("/dashboard")

    assert re.search(
        r'id="counted-by">Kế hoạch áp dụng chuẩn nghèo HP-2026 của thành phố:', page.text
    )
    assert 'id="counted-by"' not in pages.get("/dashboard", as_of="2025-06-30").text


def test_a_caseworker_may_not_open_the_dashboard(pages: Browser) -> None:
    pages.sign_in("caseworker")

    assert pages.get("/dashboard").status_code == 403


def test_an_auditor_reads_the_dashboard_with_a_link_to_check_it_against_a_replay(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("auditor")

    page = pages.get("/dashboard", as_of="2022-12-31")

    assert page.status_code == 200
    assert "Đối chiếu các số liệu này với kết quả phát lại nhật ký" in page.text
    assert "/reports?" not in page.text
    assert '<form method="post"' not in page.text.split("<main")[1]


def test_a_rate_without_the_years_household_total_says_why_it_shows_a_dash(
    pages: Browser,
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="11296", as_of="2023-06-30")

    assert "–" in row_of(page.text, "poverty_rate")
    assert "Các tỷ lệ hiện “–” vì chưa có tổng số hộ của Phường Quán Toan năm 2023" in page.text


def test_a_rate_with_the_years_household_total_carries_no_such_warning(
    pages: Browser, system: System
) -> None:
    administrator = context(Actor("quantri", "administrator", "31"))
    written = system.areas.record_household_total(administrator, "11296", 2023, 500)
    system.reads.wait_for(written.position)
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="11296", as_of="2023-06-30")

    assert "–" not in row_of(page.text, "poverty_rate")
    assert "Các tỷ lệ hiện “–”" not in page.text


@pytest.mark.parametrize("area", ["305", "31", "11383", "nowhere"])
def test_a_district_supervisor_cannot_pick_an_area_outside_the_district(
    pages: Browser, area: str
) -> None:
    district_supervisor(pages, "303")

    assert pages.get("/dashboard", area=area).status_code == 404


def test_a_district_supervisor_sees_the_district_and_its_communes(
    pages: Browser, poor_household: Household
) -> None:
    district_supervisor(pages, "303")

    page = pages.get("/dashboard")

    assert "Quận Hồng Bàng" in page.text
    assert '<option value="11296" >Phường Quán Toan</option>' in page.text
    assert '<option value="305"' not in page.text


def test_every_figure_number_on_the_dashboard_links_to_its_drill_down(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="303", as_of="2024-06-30")

    for figure in FIGURES:
        links = re.findall(r'<a [^>]*href="([^"]+)"', row_of(page.text, figure.id))
        assert links, figure.id
        for link in links:
            assert link.startswith(f"/indicators/{figure.id}?area=303&amp;as_of=2024-06-30")


def test_a_sub_area_links_to_its_own_dashboard(pages: Browser) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", as_of="2024-06-30")

    assert '<a href="/dashboard?area=305&amp;as_of=2024-06-30">Quận Lê Chân</a>' in page.text


def test_the_sub_area_table_sorts_by_a_column(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    poor_in_le_chan(api, "LC-0001")
    poor_in_le_chan(api, "LC-0002")
    pages.sign_in("supervisor")

    before = "2025-06-30"  # the last day of districts
    by_code = pages.get("/dashboard", as_of=before)
    most_poor = pages.get("/dashboard", sort="poor", dir="desc", as_of=before)
    by_name = pages.get("/dashboard", sort="name", as_of=before)

    assert first_sub_area(by_code.text) == "Quận Hồng Bàng"
    assert first_sub_area(most_poor.text) == "Quận Lê Chân"
    assert 'aria-sort="descending"' in most_poor.text
    assert first_sub_area(by_name.text) == "Huyện An Lão"


def test_since_the_reorganisation_the_city_page_lists_its_communes(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard")

    assert first_sub_area(page.text) == "Phường Thành Đông"  # 10507, the lowest code
    assert '<option value="303"' not in page.text


def test_the_trend_chart_labels_every_bar_with_its_value(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="11296", as_of="2024-06-30")

    status = charts(page.text)[0]
    bars = status.findall("svg:rect[@class='bar']", NS)
    values = [t.text for t in status.findall("svg:text[@class='value']", NS)]
    assert status.get("role") == "img"
    assert status.findtext("svg:title", namespaces=NS)
    assert [t.text for t in status.findall("svg:text[@class='category']", NS)] == [
        "Đầu kỳ", "2022", "2023", "2024",
    ]  # fmt: skip
    # Poor, then near-poor, at the plan's baseline and for each year: the household is poor
    # from 20/12/2022.
    assert values == ["0", "0", "1", "0", "1", "0", "1", "0"]
    assert len(bars) == len(values)


def test_the_trend_chart_draws_the_plans_target_for_the_near_poor(pages: Browser, api: Api) -> None:
    for code in ("QT-0200", "QT-0201"):  # near-poor at plan 55's baseline
        body = registration(household_code=code, effective_date="2021-06-01")
        path = f"/api/households/{api.created('/api/households', body)['id']}"
        review = survey(income=1_400_000, deprived=1, survey_id="S", effective_date="2021-10-01")
        api.created(path + "/surveys", review)
        decision = {"survey_id": "S", "decision_ref": "3/QĐ", "effective_date": "2021-12-20"}
        api.created(path + "/classifications", decision)
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="11296", as_of="2024-06-30")

    target = charts(page.text)[0].find(".//svg:text[@class='target']", NS)
    assert target is not None
    # Two near-poor households at the baseline; plan 55 aims at 50 % fewer by its end.
    assert target.text == "Chỉ tiêu hộ cận nghèo cuối kỳ: 1"


def test_the_trend_charts_numbers_are_also_in_a_table(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/dashboard", area="11296", as_of="2024-06-30")

    assert '<th scope="row">31/12/2022</th>' in page.text
    assert '<th scope="row">30/06/2024</th>' in page.text
    assert '<a href="/indicators/poor?area=11296&amp;as_of=2022-12-31">1</a>' in page.text


def test_the_poor_and_near_poor_are_shown_by_the_categories_they_hold_on_the_date(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    change = {"categories": {"agricultural": True}, "effective_date": "2023-05-01"}
    api.created(poor_household.path("/categories"), change)
    pages.sign_in("supervisor")

    before = charts(pages.get("/dashboard", area="11296", as_of="2023-04-30").text)[2]
    after = charts(pages.get("/dashboard", area="11296", as_of="2023-05-01").text)[2]

    def farming(chart: ET.Element) -> list[str | None]:
        """The poor, then the near-poor, of the last category: farming."""
        return [t.text for t in chart.findall("svg:text[@class='value']", NS)][-2:]

    assert [t.text for t in after.findall("svg:text[@class='category']", NS)][-1] == (
        "hộ làm nông, lâm, ngư, diêm nghiệp"
    )
    assert (farming(before), farming(after)) == (["0", "0"], ["1", "0"])


def test_known_at_shows_the_figures_as_they_were_known_then(
    pages: Browser, api: Api, household: Household
) -> None:
    api.created(household.path("/surveys"), survey(survey_id="S-2022"))
    before = datetime.now(VIETNAM).replace(tzinfo=None).isoformat()
    decision = {"survey_id": "S-2022", "decision_ref": "15/QĐ", "effective_date": "2022-12-20"}
    api.created(household.path("/classifications"), decision)
    pages.sign_in("supervisor")

    then = pages.get("/dashboard", known_at=before)
    now = pages.get("/dashboard")

    assert ">0</a>" in row_of(then.text, "poor")
    assert ">1</a>" in row_of(now.text, "poor")
    assert f'value="{before}"' in then.text

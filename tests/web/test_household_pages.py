"""The household pages as a caseworker, supervisor and auditor read them: search as you type,
the household's status with why, its history with retractions struck through, the household as
it was on a date, and the live preview of a survey being filled in."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import httpx
import pytest

from application.readlog import ReadQuery
from bench.provincial import add_city_standard
from tests.api.client import Api, Household, World, survey
from tests.web.conftest import Browser


def page_path(household: Household, tail: str = "") -> str:
    return f"/households/{household.id}{tail}"


def test_a_caseworker_finds_a_household_by_its_heads_name_typed_without_diacritics(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")

    response = pages.get("/households", q="nguyen van an")

    assert response.status_code == 200
    assert f'href="/households/{household.id}"' in response.text
    assert "QT-0001" in response.text


def test_the_search_answers_htmx_with_the_results_block_only(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")

    response = pages.client.get("/households", params={"q": "QT-0001"}, headers={"HX-Request": "1"})

    assert response.text.lstrip().startswith('<div id="results"')
    assert "<html" not in response.text
    assert f'href="/households/{household.id}"' in response.text


def test_a_search_that_matches_nothing_lists_no_household(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")

    response = pages.get("/households", q="không có ai")

    assert "/households/" + household.id not in response.text


def test_a_supervisor_searches_the_city_and_filters_by_status(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    poor = pages.get("/households", status="POOR")
    near_poor = pages.get("/households", status="NEAR_POOR")

    assert poor_household.id in poor.text
    assert poor_household.id not in near_poor.text


def test_searching_an_area_outside_ones_own_is_not_found(pages: Browser) -> None:
    pages.sign_in("caseworker")

    assert pages.get("/households", area="11383").status_code == 404


@pytest.mark.parametrize("who", ["neighbour", "stranger"])
def test_a_caseworker_of_another_commune_does_not_find_the_household_page(
    pages: Browser, household: Household, who: str
) -> None:
    pages.sign_in(who)

    assert pages.get(page_path(household)).status_code == 404


def test_the_household_page_says_the_status_since_when_and_by_which_decision(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("caseworker")

    html = pages.get(page_path(poor_household)).text

    assert "hộ nghèo" in html
    assert "20/12/2022" in html
    assert "15/QĐ-UBND" in html
    assert "Nguyễn Minh Châu" in html


def test_the_status_names_the_survey_by_its_date_and_the_standard_by_its_decree(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("caseworker")

    html = pages.get(page_path(poor_household)).text

    assert (
        "từ phiếu khảo sát ngày 01/10/2022 theo chuẩn nghèo đa chiều giai đoạn 2022-2025 "
        "(Nghị định 07/2021/NĐ-CP)" in html
    )
    assert "VN-MDP-2022" not in html


def test_the_recognition_form_offers_each_waiting_survey_by_its_date_and_what_it_leads_to(
    pages: Browser, world: World
) -> None:
    pages.sign_in("caseworker")

    html = pages.get(page_path(world.household)).text

    assert (
        '<option value="S-2023">Khảo sát ngày 01/10/2023 (rà soát định kỳ): dẫn đến hộ nghèo'
        in html
    )


def test_a_loan_and_its_repayments_are_named_by_the_programme_never_by_an_id(
    pages: Browser, api: Api, world: World
) -> None:
    api.created(
        world.household.path("/loans/L-1/repayments"),
        {"amount_vnd": 1_000_000, "effective_date": "2023-06-01"},
    )
    pages.sign_in("caseworker")

    html = pages.get(page_path(world.household)).text

    assert "<td>Cho vay hộ nghèo</td>" in html
    assert "Trả nợ 1.000.000 đồng (Cho vay hộ nghèo, giải ngân ngày 01/02/2023)" in html
    assert ">L-1<" not in html


def test_the_timeline_is_in_the_order_things_happened_and_on_demand_as_recorded(
    pages: Browser, world: World
) -> None:
    # The spouse's job of 01/02/2023 was recorded after the survey of 01/10/2023.
    pages.sign_in("caseworker")

    by_date = pages.get(page_path(world.household)).text
    as_recorded = pages.get(page_path(world.household), order="recorded").text

    assert by_date.index('id="entry-6"') < by_date.index('id="entry-5"')
    assert as_recorded.index('id="entry-5"') < as_recorded.index('id="entry-6"')
    assert "Các mục xếp theo ngày xảy ra." in by_date


def test_a_recognition_without_a_decision_number_is_refused_naming_it(
    pages: Browser, api: Api, world: World
) -> None:
    pages.sign_in("caseworker")
    form = {"survey_id": "S-2023", "decision_ref": "", "effective_date": "20/12/2023"}

    with api.records_nothing():
        response = pages.post(page_path(world.household, "/classifications"), form)

    assert response.status_code == 422
    assert "Cần nhập “Số quyết định”." in response.text


def test_opening_the_household_page_leaves_a_line_in_the_personal_data_read_log(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("supervisor")

    pages.get(page_path(household))

    reads = api.system.readlog.entries(ReadQuery(household_id=UUID(household.id)))["items"]
    assert [(r["username"], r["what"]) for r in reads] == [("supervisor", "page:household")]


def test_the_household_as_it_was_before_its_recognition_is_not_classified(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("caseworker")

    html = pages.get(page_path(poor_household), as_of="2022-06-01").text

    assert "chưa xếp loại" in html
    assert "15/QĐ-UBND" not in html
    assert 'name="command_id"' not in html


@pytest.mark.parametrize("who", ["supervisor", "auditor"])
def test_supervisors_and_auditors_read_the_household_page_without_any_form(
    pages: Browser, world: World, who: str
) -> None:
    pages.sign_in(who)

    response = pages.get(page_path(world.household))

    assert response.status_code == 200
    assert "hộ nghèo" in response.text
    assert 'name="command_id"' not in response.text


def test_a_caseworker_gets_a_form_for_every_event(pages: Browser, world: World) -> None:
    pages.sign_in("caseworker")
    html = pages.get(page_path(world.household)).text

    actions = set(re.findall(r'action="/households/[^/"]+(/[^"]*)"', html))

    h = world.household
    assert actions >= {
        "/surveys", "/classifications", "/loans", "/loans/L-1/repayments",
        "/model-enrolments", "/supports", "/employment", f"/employment/{h.spouse}/end",
        "/moves", "/members", f"/members/{h.child}/removal", "/head", "/retractions",
    }  # fmt: skip


def test_a_retracted_entry_is_struck_through_with_who_retracted_it_and_why(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    api.created(h.path("/retractions"), {"target_version": 6, "reason": "Nhập nhầm thành viên"})
    pages.sign_in("caseworker")

    html = pages.get(page_path(h)).text

    entry = re.search(r'<li id="entry-6" class="retracted">(.*?)</li>', html, re.S)
    assert entry is not None
    assert re.search(r"<del[^>]*>[^<]+</del>", entry.group(1))
    assert "Nhập nhầm thành viên" in entry.group(1)
    assert "caseworker" in entry.group(1)


def preview(
    pages: Browser, household: Household, income: str, deprived: list[str]
) -> httpx.Response:
    """The caseworker's live preview of a periodic survey of 01/10/2022."""
    pages.sign_in("caseworker")
    survey = {
        "kind": "PERIODIC",
        "effective_date": "2022-10-01",
        "income_per_capita_vnd": income,
        "deprivations": deprived,
    }
    return pages.post(page_path(household, "/survey-preview"), survey, htmx=True)


def test_the_survey_preview_shows_the_status_it_leads_to_and_the_deprivations_that_count(
    pages: Browser, household: Household
) -> None:
    response = preview(pages, household, "1.200.000", ["employment", "nutrition", "latrine"])

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "hộ nghèo" in response.text
    assert "Nhà tiêu hợp vệ sinh" in response.text
    assert "Theo chuẩn nghèo đa chiều giai đoạn 2022-2025" in response.text


def test_the_survey_preview_says_when_the_income_is_inside_the_average_band(
    pages: Browser, household: Household
) -> None:
    response = preview(pages, household, "2.500.000", [])

    assert "hộ không nghèo</strong> (thu nhập trong khoảng mức sống trung bình)" in response.text


def boxes(html: str) -> list[str]:
    """The deprivation boxes of the survey form, by indicator key."""
    return re.findall(r'<input type="checkbox" name="deprivations" value="([a-z_]+)"', html)


def test_the_survey_form_offers_the_indicators_of_the_standard_the_survey_falls_under(
    pages: Browser, household: Household
) -> None:
    # A periodic review on 28/11/2026 sets the lists of 2027: the 2026-2030 standard.
    pages.sign_in("caseworker")

    html = pages.get(page_path(household)).text

    assert "digital_services" in boxes(html)
    assert "telecom" not in boxes(html)
    assert len(boxes(html)) == len(set(boxes(html))) == 12


def test_changing_the_surveys_kind_or_date_sends_the_other_standards_boxes_ticks_kept(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")
    survey = {
        "kind": "REGULAR",
        "effective_date": "01/06/2026",
        "deprivations": ["employment", "digital_services"],
        "indicators_of": "VN-MDP-2027",
    }

    changed = pages.post(page_path(household, "/survey-preview"), survey, htmx=True).text
    same = pages.post(
        page_path(household, "/survey-preview"),
        {**survey, "indicators_of": "VN-MDP-2022"},
        htmx=True,
    ).text

    assert '<div id="survey-indicators" hx-swap-oob="true">' in changed
    assert "telecom" in boxes(changed)
    assert "digital_services" not in boxes(changed)
    assert 'value="employment" checked' in changed
    assert "survey-indicators" not in same


def test_an_incomplete_survey_previews_what_is_missing(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")
    survey = {"kind": "PERIODIC", "effective_date": "2022-10-01"}

    response = pages.post(page_path(household, "/survey-preview"), survey, htmx=True)

    assert response.status_code == 200
    assert "Cần nhập “Thu nhập bình quân đầu người/tháng”." in response.text
    assert "hộ nghèo" not in response.text


def test_the_household_page_shows_the_status_under_the_citys_own_standard_where_it_differs(
    pages: Browser, api: Api, household: Household
) -> None:
    restore = add_city_standard("HP-2022", date(2022, 1, 1), 2_000_000, 2_600_000)
    try:
        api.created(
            household.path("/surveys"), survey(income=2_400_000, deprived=3, survey_id="S-2022")
        )
        decision = {"survey_id": "S-2022", "decision_ref": "15/QĐ", "effective_date": "2022-12-20"}
        api.created(household.path("/classifications"), decision)
        pages.sign_in("caseworker")

        html = pages.get(page_path(household)).text
    finally:
        restore()

    assert "<strong>hộ không nghèo</strong>" in html
    assert "Theo chuẩn nghèo HP-2022 của thành phố: hộ nghèo." in html

"""The drill-down of a figure: the households behind it, then the events behind each — with
when and by whom they were recorded, and what was retracted — within the reader's area."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from domain.dates import VIETNAM
from tests.api.client import Api, Household, registration, survey
from tests.web.conftest import PASSWORD, Browser


def events_fragment(
    pages: Browser, figure: str, household: Household, **params: str
) -> httpx.Response:
    """What htmx fetches when a row of the drill-down is opened."""
    path = f"/indicators/{figure}/households/{household.id}/events"
    response: httpx.Response = pages.client.get(path, params=params, headers={"HX-Request": "true"})
    return response


def supervisor_of(pages: Browser, area: str) -> None:
    pages.api.system.accounts.add_user(f"supervisor_{area}", "supervisor", area, password=PASSWORD)
    pages.sign_in(f"supervisor_{area}")


def test_the_drill_down_lists_the_households_behind_a_figure(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/indicators/poor", area="303")  # a district: on its last day by default

    assert page.status_code == 200
    assert f'<a href="/households/{poor_household.id}">QT-0001</a>' in page.text
    assert "Nguyễn Văn An" in page.text
    assert "Phường Hồng An" in page.text  # where the household is now (Quán Toan went into it)


def test_a_percentage_lists_its_numerator_and_its_denominator(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/indicators/credit_access")

    assert "Được tính vào chỉ tiêu" in page.text
    assert "Mẫu số" in page.text
    assert page.text.count(f'href="/households/{poor_household.id}"') == 1


def test_the_events_behind_a_household_list_its_recognition(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    fragment = events_fragment(pages, "poor", poor_household, area="11296")

    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Công nhận hộ nghèo" in fragment.text
    assert "15/QĐ-UBND" in fragment.text
    assert "20/12/2022" in fragment.text
    assert "caseworker" in fragment.text


def test_the_drill_down_opens_the_events_of_each_household_in_place(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/indicators/poor", as_of="2024-06-30")

    events = f"/indicators/poor/households/{poor_household.id}/events?area=31&amp;as_of=2024-06-30"
    assert f'hx-get="{events}"' in page.text
    assert f'<a href="{events}">' in page.text  # and without script, as a page


def test_an_entry_recorded_after_the_figures_date_is_marked_late(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("supervisor")

    fragment = events_fragment(pages, "poor", poor_household, as_of="2023-01-01")

    assert fragment.text.count("Ghi nhận sau ngày 01/01/2023") == 2  # the survey, the recognition


def test_a_retracted_entry_is_struck_through_with_its_reason(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    api.created(
        poor_household.path("/surveys"), survey(survey_id="S-2023", effective_date="2023-10-01")
    )
    again = {"survey_id": "S-2023", "decision_ref": "20/QĐ", "effective_date": "2023-12-20"}
    version = api.created(poor_household.path("/classifications"), again)["version"]
    api.created(
        poor_household.path("/retractions"), {"target_version": version, "reason": "Nhập trùng"}
    )
    pages.sign_in("supervisor")

    fragment = events_fragment(pages, "poor", poor_household)

    assert '<li class="retracted">' in fragment.text
    assert "Đã hủy bởi caseworker: Nhập trùng" in fragment.text


def test_known_at_before_a_late_entry_hides_it(
    pages: Browser, api: Api, household: Household
) -> None:
    api.created(household.path("/surveys"), survey(survey_id="S-2022"))
    before = datetime.now(VIETNAM).replace(tzinfo=None).isoformat()
    decision = {"survey_id": "S-2022", "decision_ref": "15/QĐ", "effective_date": "2022-12-20"}
    api.created(household.path("/classifications"), decision)
    pages.sign_in("supervisor")

    then = pages.get("/indicators/poor", as_of="2023-01-01", known_at=before)
    now = pages.get("/indicators/poor", as_of="2023-01-01")

    assert "QT-0001" not in then.text
    assert "QT-0001" in now.text
    assert events_fragment(pages, "poor", household, known_at=before).status_code == 404


def test_an_auditor_may_drill_down(pages: Browser, poor_household: Household) -> None:
    pages.sign_in("auditor")

    assert "QT-0001" in pages.get("/indicators/poor").text


def test_a_caseworker_may_not_drill_down(pages: Browser, poor_household: Household) -> None:
    pages.sign_in("caseworker")

    assert pages.get("/indicators/poor").status_code == 403


def test_a_district_supervisor_sees_no_household_of_another_district(
    pages: Browser, poor_household: Household
) -> None:
    supervisor_of(pages, "305")

    page = pages.get("/indicators/poor")

    assert page.status_code == 200
    assert "QT-0001" not in page.text
    assert events_fragment(pages, "poor", poor_household).status_code == 404
    assert events_fragment(pages, "poor", poor_household, area="303").status_code == 404


@pytest.mark.parametrize("area", ["303", "11296", "31"])
def test_a_district_supervisor_cannot_drill_down_outside_the_district(
    pages: Browser, area: str
) -> None:
    supervisor_of(pages, "305")

    assert pages.get("/indicators/poor", area=area).status_code == 404


def test_an_unknown_figure_is_a_not_found_page(pages: Browser) -> None:
    pages.sign_in("supervisor")

    page = pages.get("/indicators/happiness")

    assert page.status_code == 404
    assert "Không có chỉ tiêu happiness." in page.text


def test_the_near_poor_reduction_shows_the_households_that_count_against_it(
    pages: Browser, api: Api
) -> None:
    """One household near-poor at plan 55's baseline and no longer, one near-poor since."""
    gone, new = (
        api.created(
            "/api/households", registration(household_code=code, effective_date="2021-06-01")
        )
        for code in ("QT-0300", "QT-0301")
    )
    reviews = [
        (gone, "2021-10-01", 1_400_000, "2021-12-20"),  # near-poor at the baseline
        (gone, "2022-10-01", 2_600_000, "2022-12-20"),  # average since
        (new, "2022-10-01", 1_400_000, "2022-12-20"),  # near-poor since
    ]
    for household, surveyed, income, recognised in reviews:
        path = f"/api/households/{household['id']}"
        survey_id = f"S-{surveyed}"
        api.created(
            path + "/surveys",
            survey(income=income, deprived=1, survey_id=survey_id, effective_date=surveyed),
        )
        decision = {"survey_id": survey_id, "decision_ref": "5/QĐ", "effective_date": recognised}
        api.created(path + "/classifications", decision)
    pages.sign_in("supervisor")

    page = pages.get("/indicators/near_poor_reduction", area="11296", as_of="2023-06-30").text

    assert "1 hộ cận nghèo đầu kỳ nay không còn cận nghèo, trừ 1 hộ nay là cận nghèo" in page
    counted, against = page.split("Hộ cận nghèo phát sinh từ đầu kỳ")[:2]
    assert f'<a href="/households/{gone["id"]}">QT-0300</a>' in counted
    assert f'<a href="/households/{new["id"]}">QT-0301</a>' in against
    events = pages.get(
        f"/indicators/near_poor_reduction/households/{new['id']}/events",
        area="11296",
        as_of="2023-06-30",
    )
    assert events.status_code == 200
    assert "Công nhận hộ cận nghèo" in events.text

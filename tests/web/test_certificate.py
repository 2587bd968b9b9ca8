"""The certificate of a poor or near-poor household (Mẫu số 03), a page to print: the household
on the list on the chosen day, its head, members and the decision that recognised it; none for
a household off the lists that day; nobody outside the household's area sees it, and each
showing is logged as a read of personal data."""

from __future__ import annotations

from uuid import UUID

from application.readlog import ReadQuery
from tests.api.client import Api, Household, registration, survey
from tests.web.conftest import Browser


def escaped_in_2023(api: Api, household: Household) -> None:
    path = f"/api/households/{household.id}"
    body = survey(income=5_000_000, deprived=0, survey_id="S-2023", effective_date="2023-10-01")
    api.created(path + "/surveys", body)
    decision = {"survey_id": "S-2023", "decision_ref": "20/QĐ", "effective_date": "2023-12-20"}
    api.created(path + "/classifications", decision)


def test_a_poor_households_certificate_names_it_its_members_and_its_decision(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("caseworker")

    page = pages.get(f"/households/{poor_household.id}/certificate")

    assert page.status_code == 200
    assert "GIẤY CHỨNG NHẬN HỘ NGHÈO" in page.text
    assert "/GCN-HN.HCN" in page.text
    assert "<strong>Nguyễn Văn An</strong>" in page.text
    assert "là hộ nghèo từ ngày 20/12/2022, theo Quyết định số 15/QĐ-UBND." in page.text
    assert "Trần Thị Bình" in page.text  # the spouse, a member


def test_a_household_off_the_lists_that_day_has_no_certificate(
    pages: Browser, api: Api, poor_household: Household
) -> None:
    escaped_in_2023(api, poor_household)
    pages.sign_in("caseworker")

    today = pages.get(f"/households/{poor_household.id}/certificate")
    then = pages.get(f"/households/{poor_household.id}/certificate", as_of="2023-06-30")

    assert today.status_code == 404
    assert "không thuộc danh sách hộ nghèo, hộ cận nghèo" in today.text
    assert then.status_code == 200


def test_nobody_outside_the_households_area_sees_its_certificate(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("stranger")

    page = pages.get(f"/households/{poor_household.id}/certificate")

    assert page.status_code == 404
    assert "Nguyễn Văn An" not in page.text


def test_showing_a_certificate_is_logged_as_a_read_of_personal_data(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("caseworker")

    pages.get(f"/households/{poor_household.id}/certificate")

    query = ReadQuery(household_id=UUID(poor_household.id))
    newest = pages.api.system.readlog.entries(query)["items"][0]
    assert (newest["username"], newest["what"]) == ("caseworker", "page:certificate")


def test_a_household_awaiting_its_new_unit_is_certified_by_the_unit_it_was_in(
    pages: Browser, api: Api
) -> None:
    """Phường Lê Chân (11383) was split on 2025-07-01; its households await their new unit."""
    body = registration(household_code="LC-0001", commune_code="11383")
    household_id = api.created("/api/households", body, who="stranger")["id"]
    path = f"/api/households/{household_id}"
    api.created(path + "/surveys", survey(survey_id="S-1"), who="stranger")
    decision = {"survey_id": "S-1", "decision_ref": "3/QĐ", "effective_date": "2022-12-20"}
    api.created(path + "/classifications", decision, who="stranger")
    assert api.household(household_id)["commune_code"] is None
    pages.sign_in("supervisor")

    page = pages.get(f"/households/{household_id}/certificate")

    assert page.status_code == 200
    assert "Ủy ban nhân dân Phường Lê Chân" in page.text

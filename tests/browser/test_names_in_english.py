"""Names, never ids, in English too: a household's status names its survey's date and the
standard's decree, its waiting survey says what it leads to, its loan the bank's programme; an
auditor reads the dashboard and replays it beside the projection."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import signed_in, unfolded

pytestmark = pytest.mark.browser


def in_english(page: Page, who: str) -> None:
    signed_in(page, who)
    page.get_by_role("link", name="English").click()


def test_a_household_reads_in_names_in_english(page: Page, poor_household: str) -> None:
    in_english(page, "caseworker")
    page.goto(f"/households/{poor_household}")
    status = page.get_by_role("region", name="Status")
    expect(status).to_contain_text(
        "from the survey of 01/10/2022 under the multidimensional poverty standard 2022-2025 "
        "(Decree 07/2021/NĐ-CP)"
    )
    loan = unfolded(page, "Loan")
    programme = loan.get_by_role("combobox", name="Programme")
    expect(programme.locator("option", has_text="Loans to poor households")).to_have_count(1)


def test_a_waiting_survey_says_what_it_leads_to_in_english(page: Page, household: str) -> None:
    in_english(page, "caseworker")
    page.goto(f"/households/{household}")
    recognition = unfolded(page, "Recognition of the status")
    survey = recognition.get_by_role("combobox", name="Survey")
    expect(
        survey.locator("option", has_text="Survey of 01/10/2022 (periodic review)")
    ).to_have_text("Survey of 01/10/2022 (periodic review): leads to poor")


def test_an_auditor_reads_the_dashboard_and_replays_it_in_english(page: Page) -> None:
    in_english(page, "auditor")
    page.get_by_role("link", name="Dashboard").click()
    page.get_by_role("link", name="Check these figures against a replay of the log").click()
    expect(page.get_by_role("status")).to_contain_text("Equal.")
    expect(page.locator("#replayed-poor")).to_contain_text("Equal.")


def test_the_old_territories_are_named_in_english(page: Page) -> None:
    in_english(page, "supervisor")
    page.get_by_role("link", name="Dashboard").click()
    areas = page.locator('select[name="area"]').first
    expect(areas.locator("option", has_text="(boundaries before 01/07/2025)")).not_to_have_count(0)
    expect(areas.locator("option", has_text="địa giới")).to_have_count(0)

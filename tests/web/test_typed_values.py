"""Numbers and dates as people type them (issue 10, item 2): every date field takes and shows
dd/mm/yyyy whatever the browser's language, a rate takes the decimal comma the pages print, a
page's query takes the dates its pickers show, and a CSV opens right in a spreadsheet of the
reader's language."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta
from io import StringIO

import pytest

from domain.dates import VIETNAM
from tests.api.client import Api, Household, World
from tests.web.conftest import Browser


def test_a_date_field_is_text_shown_day_month_year(pages: Browser) -> None:
    pages.sign_in("caseworker")

    form = pages.get("/households/new").text

    field = re.search(r'<input name="effective_date"[^>]*>', form)
    assert field is not None
    assert 'type="text"' in field.group(0)
    assert 'value="28/11/2026"' in field.group(0)


def test_a_rate_typed_with_a_decimal_comma_is_recorded(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    pages.sign_in("caseworker")
    loan = {"programme": "HOUSING", "amount_vnd": "20.000.000", "term_months": "24",
            "annual_rate_pct": "6,6", "organisation": "FARMERS_UNION",
            "effective_date": "02/01/2024",
            "version": str(api.household(h.id)["version"])}  # fmt: skip

    pages.post(f"/households/{h.id}/loans", loan)

    rates = [loan["annual_rate_pct"] for loan in api.household(h.id)["loans"]]
    assert "6.6" in rates


def test_a_household_page_as_of_a_typed_date_shows_that_day(
    pages: Browser, household: Household
) -> None:
    pages.sign_in("caseworker")

    page = pages.get(f"/households/{household.id}", as_of="25/12/2024")

    assert page.status_code == 200
    assert 'value="25/12/2024"' in page.text


@pytest.mark.parametrize("shape", ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M"])
def test_the_dashboard_takes_an_instant_typed_day_month_year(pages: Browser, shape: str) -> None:
    pages.sign_in("supervisor")
    soon = (datetime.now(VIETNAM) + timedelta(minutes=2)).strftime(shape)

    page = pages.get("/dashboard", as_of="30/06/2024", known_at=soon)

    assert page.status_code == 200
    assert 'value="30/06/2024"' in page.text
    assert f'value="{soon}"' in page.text


@pytest.mark.parametrize(("lang", "separator", "rate"), [("vi", ";", "50,0"), ("en", ",", "50.0")])
def test_a_csv_uses_the_separator_and_decimal_mark_of_the_readers_language(
    admin: Browser, poor_household: Household, lang: str, separator: str, rate: str
) -> None:
    # Phường Quán Toan (11296), the household's commune, went wholly into Phường Hồng An.
    admin.post("/admin/totals", {"area_code": "11602", "year": "2026", "total": "2"})
    admin.client.cookies.set("lang", lang)
    admin.sign_in("supervisor")

    response = admin.get("/reports/figures.csv", area="11602")

    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=separator))
    assert len(rows[0]) == 7
    poverty = next(row for row in rows if row[1] == "poverty_rate")
    assert poverty[2:5] == [rate, "1", "2"]

"""Whatever is typed into an address or a form, a page answers with a refusal, never a crash
(500), and records nothing."""

from __future__ import annotations

import pytest

from tests.api.client import Household
from tests.web.conftest import Browser

HUGE = "9" * 30
WEIRD_DATES = ["9999-12-31", "0001-01-01", "2024-02-30", "31/02/2024", HUGE]
WEIRD_INSTANTS = ["0001-01-01T00:00", "9999-12-31T23:59", "2024-13-01T00:00", HUGE]

READER_URLS = {
    "supervisor": [
        *(f"/dashboard?as_of={d}" for d in WEIRD_DATES),
        *(f"/dashboard?known_at={k}" for k in WEIRD_INSTANTS),
        "/dashboard?sort=no-such-column&dir=sideways",
        "/indicators/poor?page=0",
        f"/indicators/poor?page={HUGE}",
        "/indicators/no-such-figure",
        *(f"/reports/poor.csv?as_of={d}" for d in WEIRD_DATES),
        f"/households?page={HUGE}",
        "/households?page=-1",
    ],
    "auditor": [
        f"/audit?after={HUGE}",
        f"/audit?before={HUGE}",
        "/audit?after=²",
        *(f"/audit?recorded_to={d}" for d in WEIRD_DATES),
        *(f"/audit?recorded_from={d}" for d in WEIRD_DATES),
        *(f"/audit/reads?to={d}" for d in WEIRD_DATES),
        f"/audit/reads?page={HUGE}",
        *(f"/audit/changes?to_date={d}" for d in WEIRD_DATES),
        *(f"/audit/changes?from_known={k}" for k in WEIRD_INSTANTS),
        *(f"/audit/replay?as_of={d}" for d in WEIRD_DATES),
        "/audit?household=not-a-uuid",
    ],
}


@pytest.mark.parametrize(
    ("who", "url"), [(who, url) for who, urls in READER_URLS.items() for url in urls]
)
def test_an_odd_address_is_refused_not_a_crash(pages: Browser, who: str, url: str) -> None:
    pages.sign_in(who)

    assert pages.get(url).status_code < 500


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_vnd", "²"),
        ("amount_vnd", HUGE),
        ("amount_vnd", "1.500.000,00"),
        ("effective_date", "9999-99-99"),
        ("version", "²"),
        ("version", HUGE),
    ],
)
def test_an_odd_value_in_a_form_is_refused_and_records_nothing(
    pages: Browser, household: Household, field: str, value: str
) -> None:
    pages.sign_in("caseworker")
    form = {"kind": "HOUSING", "amount_vnd": "1000000", "effective_date": "2023-05-01"}

    with pages.api.records_nothing():
        response = pages.post(f"/households/{household.id}/supports", {**form, field: value})

    assert response.status_code in (409, 422)


def test_registration_with_an_absurd_member_row_is_refused(pages: Browser) -> None:
    pages.sign_in("caseworker")

    with pages.api.records_nothing():
        response = pages.post("/households/new", {f"members[{HUGE}].full_name": "An"})

    assert response.status_code == 422

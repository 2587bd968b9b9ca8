"""Refusals are RFC 9457 problems with a stable type per rule, in the caller's language."""

from __future__ import annotations

import dataclasses

import pytest

from tests.api.client import Api, Household

NEAR_POOR_LOAN = {
    "programme": "NEAR_POOR",
    "amount_vnd": 30_000_000,
    "term_months": 36,
    "organisation": "WOMENS_UNION",
    "effective_date": "2023-03-01",
}


def test_a_loan_the_household_is_not_eligible_for_is_refused_naming_the_rule(
    api: Api, poor_household: Household
) -> None:
    with api.records_nothing():
        response = api.post(poor_household.path("/loans"), NEAR_POOR_LOAN)

    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/loan-eligibility"
    assert problem["field"] == "programme"
    assert problem["params"]["required"] == "NEAR_POOR"
    assert problem["params"]["status"] == "POOR"


def test_refusals_are_in_vietnamese_by_default(api: Api, poor_household: Household) -> None:
    problem = api.post(poor_household.path("/loans"), NEAR_POOR_LOAN).json()

    assert problem["title"] == "Yêu cầu không được chấp nhận"
    assert problem["detail"].startswith("Cho vay hộ cận nghèo chỉ dành cho hộ cận nghèo")


def test_refusals_are_in_english_when_the_caller_prefers_it(
    api: Api, poor_household: Household
) -> None:
    headers = {"Accept-Language": "en-US,en;q=0.9,vi;q=0.5"}

    problem = api.post(poor_household.path("/loans"), NEAR_POOR_LOAN, headers=headers).json()

    assert problem["title"] == "Request refused"
    assert problem["detail"].startswith(
        "Loans to near-poor households: only for near-poor households"
    )


def test_a_body_with_several_mistakes_is_refused_once_naming_every_field(
    api: Api, poor_household: Household
) -> None:
    loan = {**NEAR_POOR_LOAN, "programme": "GOLD", "amount_vnd": -5, "effective_date": "2023-02-30"}

    with api.records_nothing():
        problem = api.post(poor_household.path("/loans"), loan).json()

    assert [(e["code"], e["field"], e["label"]) for e in problem["errors"]] == [
        ("invalid-value", "programme", "Chương trình"),
        ("not-a-whole-number", "amount_vnd", "Số tiền"),
        ("invalid-date", "effective_date", "Ngày hiệu lực"),
    ]
    assert (problem["code"], problem["field"]) == ("invalid-value", "programme")
    assert problem["detail"] == " ".join(e["detail"] for e in problem["errors"])


def test_a_refusal_keeps_dates_as_iso_in_its_parameters_and_shows_them_dd_mm_yyyy(
    api: Api, poor_household: Household
) -> None:
    repay_late = {"effective_date": "2023-03-01", "amount_vnd": 1}
    loan = api.created(poor_household.path("/loans"), {**NEAR_POOR_LOAN, "programme": "POOR"})
    path = poor_household.path(f"/loans/{loan['loan_id']}/repayments")

    problem = api.post(path, {**repay_late, "effective_date": "2023-02-01"}).json()

    assert problem["params"]["granted"] == "2023-03-01"
    assert "01/03/2023" in problem["detail"]
    assert "2023-03-01" not in problem["detail"]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("vi-VN, en;q=0.8", "vi"),
        ("fr-FR, en;q=0.4", "en"),
        ("en;q=0, vi", "vi"),
        ("fr", "vi"),
        ("en;q=nonsense", "vi"),
    ],
)
def test_accept_language_picks_the_supported_language_it_ranks_highest(
    api: Api, accept_language: str, expected: str
) -> None:
    response = api.get("/api/nowhere", headers={"Accept-Language": accept_language})

    english = response.json()["title"] == "Not found"
    assert ("en" if english else "vi") == expected


def test_the_deployments_language_applies_when_the_caller_names_none(api: Api) -> None:
    api.system.settings = dataclasses.replace(api.system.settings, lang="en")

    assert api.get("/api/nowhere").json()["title"] == "Not found"


def test_an_unknown_route_is_a_not_found_problem(api: Api) -> None:
    response = api.get("/api/nowhere")

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/route-not-found"


def test_an_unsupported_method_is_a_problem_naming_the_allowed_ones(
    api: Api, household: Household
) -> None:
    response = api.client.delete(household.path(), headers=api.headers("caseworker"))

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["type"] == "/problems/method-not-allowed"


def test_an_unknown_household_is_a_not_found_problem_naming_it(api: Api) -> None:
    missing = "00000000-0000-4000-8000-000000000000"

    response = api.get(f"/api/households/{missing}", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert response.json()["detail"] == f"Household {missing} was not found."

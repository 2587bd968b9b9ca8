"""Bad input to every write answers a 4xx problem naming the field or rule, and records
nothing: not the household's next version, nor any other event."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import CHILD, Api, Household, World, registration, survey

REGISTER = registration(household_code="QT-0002")
SURVEY = survey(effective_date="2023-10-01")
LOAN = {
    "programme": "POOR",
    "amount_vnd": 1_000_000,
    "term_months": 12,
    "organisation": "FARMERS_UNION",
    "effective_date": "2023-02-01",
}
MODEL = {"code": "MH-2", "name": "Trồng nấm", "kind": "PRODUCTION", "commune_code": "11296",
         "budget_vnd": 1, "effective_date": "2023-01-01"}  # fmt: skip
ON = {"effective_date": "2024-01-02"}
# A recognition names its decision.
DECIDED = {**ON, "decision_ref": "7/QĐ-UBND"}
NEW_ID = "00000000-0000-4000-8000-000000000000"

HOUSEHOLDS = "/api/households"
H = "/api/households/{hid}"

CASES = [
    # path, body, status, code, field
    pytest.param(HOUSEHOLDS, {**REGISTER, "household_code": None}, 422, "required",
                 "household_code", id="register-without-code"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "household_code": 7}, 422, "invalid-value",
                 "household_code", id="register-code-not-text"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "household_code": "QT-0001"}, 409,
                 "household-code-taken", "household_code", id="register-code-taken"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "members": "An"}, 422, "members-required", "members",
                 id="register-members-not-a-list"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "members": [CHILD]}, 422, "one-head-required",
                 "members", id="register-without-head"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "members": [{**CHILD, "relationship_to_head": "HEAD",
                 "national_id": "123"}]}, 422, "national-id-format", "members[0].national_id",
                 id="register-short-citizen-id"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "members": [1]}, 422, "invalid-value", "members[0]",
                 id="register-member-not-an-object"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "flags": {"rich": True}}, 422, "invalid-value",
                 "flags", id="register-unknown-flag"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "effective_date": "2030-01-01"}, 422, "future-date",
                 "effective_date", id="register-in-the-future"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "effective_date": "15/01/2022"}, 422, "invalid-date",
                 "effective_date", id="register-date-not-iso"),
    pytest.param(HOUSEHOLDS, {**REGISTER, "commune_code": "11299"}, 403, "outside-area",
                 "commune_code", id="register-outside-the-callers-area"),
    pytest.param(H + "/surveys", {**SURVEY, "kind": None}, 422, "required", "kind",
                 id="survey-without-kind"),
    pytest.param(H + "/surveys", {**SURVEY, "effective_date": "2023-06-01"}, 422,
                 "periodic-review-window", "effective_date", id="survey-outside-review-window"),
    pytest.param(H + "/surveys", {**SURVEY, "deprivations": {"latrine": True}}, 422,
                 "deprivation-keys", "deprivations", id="survey-missing-indicators"),
    pytest.param(H + "/surveys", {**SURVEY, "income_per_capita_vnd": -5}, 422,
                 "not-a-whole-number", "income_per_capita_vnd", id="survey-negative-income"),
    pytest.param(H + "/surveys", {**SURVEY, "income_per_capita_vnd": 1.5}, 422,
                 "not-a-whole-number", "income_per_capita_vnd", id="survey-fractional-income"),
    pytest.param(H + "/surveys", {**SURVEY, "effective_date": "2021-10-01"}, 422,
                 "date-before-registration", "effective_date", id="survey-before-registration"),
    pytest.param(H + "/surveys", {**SURVEY, "survey_id": "S-2022"}, 409, "survey-id-taken",
                 "survey_id", id="survey-id-taken"),
    pytest.param(H + "/surveys", {**SURVEY, "needs": ["MONEY"]}, 422, "invalid-value", "needs",
                 id="survey-unknown-need"),
    pytest.param(H + "/surveys/preview", {**SURVEY, "deprivations": []}, 422, "invalid-value",
                 "deprivations", id="preview-deprivations-not-an-object"),
    pytest.param(H + "/classifications", {"survey_id": "S-9", **DECIDED}, 404, "survey-not-found",
                 "survey_id", id="classify-unknown-survey"),
    pytest.param(H + "/classifications", {"survey_id": "S-2022", **DECIDED}, 409,
                 "survey-already-classified", "survey_id", id="classify-survey-twice"),
    pytest.param(H + "/classifications", ON, 422, "required", "survey_id",
                 id="classify-without-survey"),
    pytest.param(H + "/loans", {**LOAN, "programme": "NEAR_POOR"}, 422, "loan-eligibility",
                 "programme", id="loan-programme-not-eligible"),
    pytest.param(H + "/loans", {**LOAN, "amount_vnd": 100_000_001}, 422, "loan-ceiling",
                 "amount_vnd", id="loan-over-ceiling"),
    pytest.param(H + "/loans", {**LOAN, "term_months": 121}, 422, "loan-term", "term_months",
                 id="loan-term-too-long"),
    pytest.param(H + "/loans", {**LOAN, "amount_vnd": 0}, 422, "must-be-positive", "amount_vnd",
                 id="loan-of-nothing"),
    pytest.param(H + "/loans", {**LOAN, "programme": "GOLD"}, 422, "invalid-value", "programme",
                 id="loan-unknown-programme"),
    pytest.param(H + "/loans", {**LOAN, "annual_rate_pct": "cheap"}, 422, "not-a-rate",
                 "annual_rate_pct", id="loan-rate-not-a-number"),
    pytest.param(H + "/loans", {**LOAN, "loan_id": "L-1"}, 409, "loan-id-taken", "loan_id",
                 id="loan-id-taken"),
    pytest.param(H + "/loans", {**LOAN, "organisation": ""}, 422, "required", "organisation",
                 id="loan-without-organisation"),
    pytest.param(H + "/loans/L-1/repayments", {"amount_vnd": 60_000_000, **ON}, 422,
                 "repayment-exceeds-balance", "amount_vnd", id="repay-more-than-owed"),
    pytest.param(H + "/loans/L-9/repayments", {"amount_vnd": 1, **ON}, 404, "loan-not-found",
                 "loan_id", id="repay-unknown-loan"),
    pytest.param(H + "/loans/L-1/repayments", {"amount_vnd": 1, "effective_date": "2023-01-01"},
                 422, "repayment-before-grant", "effective_date", id="repay-before-grant"),
    pytest.param(H + "/model-enrolments", {"model_id": NEW_ID, **ON}, 404, "model-not-found",
                 "model_id", id="enrol-in-unknown-model"),
    pytest.param(H + "/model-enrolments", {"model_id": "MH-1", **ON}, 422, "invalid-value",
                 "model_id", id="enrol-model-id-not-a-uuid"),
    pytest.param(H + "/model-enrolments", {"model_id": "{model}", "member_ids": ["nobody"], **ON},
                 404, "member-not-found", "member_ids", id="enrol-unknown-member"),
    pytest.param(H + "/model-enrolments", {"model_id": "{model}", "member_ids": "{head}", **ON},
                 422, "invalid-value", "member_ids", id="enrol-members-not-a-list"),
    pytest.param(H + "/supports", {"kind": "VOCATIONAL_TRAINING", **ON}, 422,
                 "member-required-for-support", "member_id", id="support-training-without-member"),
    pytest.param(H + "/supports", {"kind": "HOUSING", "project": 9, **ON}, 422, "project-range",
                 "project", id="support-project-out-of-range"),
    pytest.param(H + "/supports", {"kind": "HOUSING", "project": "3", **ON}, 422, "invalid-value",
                 "project", id="support-project-not-a-number"),
    pytest.param(H + "/supports", {"kind": "CASH", **ON}, 422, "invalid-value", "kind",
                 id="support-unknown-kind"),
    pytest.param(H + "/employment", {"member_id": "{child}", "kind": "SELF_EMPLOYED", **ON}, 422,
                 "not-working-age", "member_id", id="job-for-a-child"),
    pytest.param(H + "/employment", {"member_id": "{spouse}", **ON}, 422, "required", "kind",
                 id="job-without-kind"),
    pytest.param(H + "/employment/{head}/end", ON, 422, "not-employed", "member_id",
                 id="end-a-job-never-started"),
    pytest.param(H + "/moves", {"commune_code": "11296", "village": "Tổ dân phố 3",
                 "address": "12 Đường Quán Toan", **ON}, 422, "same-location", "address",
                 id="move-to-the-same-address"),
    pytest.param(H + "/moves", {"commune_code": "11296", **ON}, 422, "required", "village",
                 id="move-without-village"),
    pytest.param(H + "/moves", {"commune_code": "99999", "village": "X", **ON}, 404,
                 "commune-not-found", "commune_code", id="move-to-unknown-commune"),
    pytest.param(H + "/members", {**CHILD, "relationship_to_head": "HEAD", **ON}, 422,
                 "head-relationship-on-add", "relationship_to_head", id="add-a-second-head"),
    pytest.param(H + "/members", {**CHILD, "full_name": "", **ON}, 422, "required",
                 "member.full_name", id="add-member-without-name"),
    pytest.param(H + "/members", {**CHILD, "birth_date": "2025-01-01", **ON}, 422,
                 "birth-after-event", "birth_date", id="add-member-not-yet-born"),
    pytest.param(H + "/members/{head}/removal", {"reason": "MOVED_OUT", **ON}, 422,
                 "head-cannot-be-removed", "member_id", id="remove-the-head"),
    pytest.param(H + "/members/{child}/removal", {"reason": "LOST", **ON}, 422, "invalid-value",
                 "reason", id="remove-for-unknown-reason"),
    pytest.param(H + "/members/nobody/removal", {"reason": "OTHER", **ON}, 404,
                 "member-not-found", "member_id", id="remove-unknown-member"),
    pytest.param(H + "/head", {"member_id": "{head}", **ON}, 422, "already-head", "member_id",
                 id="head-already-head"),
    pytest.param(H + "/head", {"member_id": "nobody", **ON}, 404, "member-not-found",
                 "member_id", id="head-unknown-member"),
    pytest.param(H + "/retractions", {"target_version": 1, "reason": "x"}, 422,
                 "entry-not-retractable", "target_version", id="retract-the-registration"),
    pytest.param(H + "/retractions", {"target_version": 99, "reason": "x"}, 404,
                 "entry-not-found", "target_version", id="retract-unknown-entry"),
    pytest.param(H + "/retractions", {"target_version": "4", "reason": "x"}, 422,
                 "invalid-value", "target_version", id="retract-version-not-a-number"),
    pytest.param(H + "/retractions", {"target_version": 4}, 422, "required", "reason",
                 id="retract-without-reason"),
    pytest.param(H + "/retractions", {"target_version": 2, "reason": "x"}, 422, "survey-in-use",
                 "target_version", id="retract-a-survey-in-use"),
    pytest.param("/api/models", {**MODEL, "name": None}, 422, "required", "name",
                 id="model-without-name"),
    pytest.param("/api/models", {**MODEL, "kind": "FARM"}, 422, "invalid-value", "kind",
                 id="model-unknown-kind"),
    pytest.param("/api/models", {**MODEL, "code": "MH-QT-01"}, 409, "model-code-taken", "code",
                 id="model-code-taken"),
    pytest.param("/api/models", {**MODEL, "budget_vnd": -1}, 422, "not-a-whole-number",
                 "budget_vnd", id="model-negative-budget"),
    pytest.param("/api/models", {**MODEL, "commune_code": "11383"}, 403, "outside-area",
                 "commune_code", id="model-outside-the-callers-area"),
    pytest.param("/api/models/{model}/closure", {"effective_date": "2030-01-01"}, 422,
                 "future-date", "effective_date", id="close-model-in-the-future"),
    pytest.param("/api/officials", {"area_code": "11296", **ON}, 422, "required", "name",
                 id="official-without-name"),
    pytest.param("/api/officials/{official}/trainings", ON, 422, "required", "course",
                 id="training-without-course"),
    pytest.param("/api/officials/{official}/departure", {}, 422, "required", "effective_date",
                 id="departure-without-date"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "body", "status", "code", "field"), CASES)
def test_bad_input_is_refused_naming_the_field_and_records_nothing(
    shared_world: tuple[Api, World],
    path: str,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    api, world = shared_world
    version = api.household(world.household.id)["version"]

    with api.records_nothing():
        response = api.post(world.fill(path), world.fill(body))

    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["code"], problem["field"]) == (
        f"/problems/{code}",
        code,
        field,
    )
    assert problem["status"] == status
    assert problem["detail"]
    assert api.household(world.household.id)["version"] == version


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        pytest.param(b'{"programme": ', "application/json", 400, "malformed-json", id="cut-short"),
        pytest.param(b"[1, 2]", "application/json", 422, "body-not-object", id="a-list"),
        pytest.param(b'"POOR"', "application/json", 422, "body-not-object", id="a-string"),
        pytest.param(b"", "application/json", 422, "body-not-object", id="empty"),
        pytest.param(b"programme=POOR", "application/x-www-form-urlencoded", 422,
                     "body-not-object", id="a-form"),
    ],
)  # fmt: skip
def test_a_body_that_is_not_a_json_object_is_refused_and_records_nothing(
    api: Api, poor_household: Household, content: bytes, content_type: str, status: int, code: str
) -> None:
    headers = api.headers("caseworker", {"Content-Type": content_type})

    with api.records_nothing():
        response = api.client.post(poor_household.path("/loans"), content=content, headers=headers)

    assert response.status_code == status
    assert (response.json()["code"], response.json()["field"]) == (code, "body")


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        pytest.param("{h}", {"as_of": "2024-02-30"}, "as_of", id="impossible-date"),
        pytest.param("{h}", {"known_at": "yesterday"}, "known_at", id="instant-not-iso"),
        pytest.param("{h}/history", {"lang": "fr"}, "lang", id="unsupported-language"),
        pytest.param("/api/households", {"page": 0}, "page", id="page-zero"),
        pytest.param("/api/households", {"status": "RICH"}, "status", id="unknown-status"),
        pytest.param("/api/households/not-a-uuid", {}, "household_id", id="id-not-a-uuid"),
        pytest.param("/api/areas", {"as_of": "soon"}, "as_of", id="areas-date-not-iso"),
        pytest.param("{h}", {"as_of": "0"}, "as_of", id="date-as-a-bare-number"),
        pytest.param("{h}", {"known_at": "1735689600"}, "known_at", id="instant-as-seconds"),
        pytest.param(
            "/api/indicators", {"as_of": "20251231"}, "as_of", id="figures-date-unwritten"
        ),
    ],
)
def test_a_bad_query_parameter_is_refused_naming_it(
    api: Api, household: Household, path: str, params: dict[str, Any], field: str
) -> None:
    response = api.get(path.format(h=household.path()), **params)

    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid-parameter", field)


@pytest.mark.parametrize("if_match", ["three", '"3', "W/3x", "-1", ""])
def test_a_malformed_if_match_is_refused_and_records_nothing(
    api: Api, poor_household: Household, if_match: str
) -> None:
    """An empty one too: a list of no versions matches none, and read as "any version" it
    would let a change through that the client meant to guard."""
    with api.records_nothing():
        response = api.post(
            poor_household.path("/supports"),
            {"kind": "HOUSING", **ON},
            headers={"If-Match": if_match},
        )

    assert response.status_code == 422
    assert response.json()["field"] == "If-Match"


def test_an_empty_idempotency_key_is_refused(api: Api, poor_household: Household) -> None:
    with api.records_nothing():
        response = api.post(
            poor_household.path("/supports"),
            {"kind": "HOUSING", **ON},
            headers={"Idempotency-Key": ""},
        )

    assert response.status_code == 422
    assert response.json()["field"] == "Idempotency-Key"

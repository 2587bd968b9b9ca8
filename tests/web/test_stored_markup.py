"""Stored markup (issue 13's probe: stored XSS): every free text a user types — names, village,
address, ethnicity, surveyor, decision, loan purpose, provider, employer, reasons, a model's
name and sector, an official's name, position and course — is kept as typed, and every page
that shows it shows it as text, never as markup. Counted field by field and page by page."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.client import CHILD, HEAD, SPOUSE, Api, Household, registration, survey
from tests.web.conftest import Browser

MARKUP = "<i onmouseover=alert(1)>"
ESCAPED = "&lt;i onmouseover=alert(1)&gt;"


def typed(field: str) -> str:
    """A field's text: its name, so a page shows which one it is, then the markup."""
    return f"{field} {MARKUP}"


@pytest.fixture
def marked(api: Api) -> Household:
    """A poor household whose every free text carries markup, with a loan, support, a job, a
    retraction, a model it joined and a trained official of its commune."""
    members = [
        {**HEAD, "full_name": typed("head"), "ethnicity": typed("ethnicity")},
        {**SPOUSE, "full_name": typed("spouse")},
        CHILD,
    ]
    body = registration(village=typed("village"), address=typed("address"), members=members)
    answer = api.created("/api/households", body)
    h = Household(answer["id"], *(m["member_id"] for m in api.household(answer["id"])["members"]))
    made = api.created(h.path("/surveys"), survey(surveyor=typed("surveyor")))
    decision = {"survey_id": made["survey_id"], "effective_date": "2022-12-20"}
    api.created(h.path("/classifications"), {**decision, "decision_ref": "1/QĐ <i>"})
    loan = {
        "programme": "POOR",
        "amount_vnd": 30_000_000,
        "term_months": 36,
        "organisation": "WOMENS_UNION",
        "savings_group": typed("savings_group"),
    }
    api.created(
        h.path("/loans"), {**loan, "purpose": typed("purpose"), "effective_date": "2023-01-05"}
    )
    support = {"kind": "NUTRITION", "provider": typed("provider"), "effective_date": "2023-02-01"}
    given = api.created(h.path("/supports"), support)
    job = {"member_id": h.spouse, "kind": "SELF_EMPLOYED", "employer": typed("employer")}
    api.created(h.path("/employment"), {**job, "effective_date": "2023-03-01"})
    retraction = {"target_version": given["version"], "reason": typed("reason")}
    api.created(h.path("/retractions"), retraction)
    model = {"code": "MH-1", "name": typed("model"), "kind": "PRODUCTION",
             "sector": typed("sector"), "commune_code": "11296",
             "effective_date": "2023-01-01"}  # fmt: skip
    model_id = api.created("/api/models", model)["id"]
    api.created(h.path("/model-enrolments"), {"model_id": model_id, "effective_date": "2023-04-01"})
    official = {"name": typed("official"), "area_code": "11296", "position": typed("position"),
                "effective_date": "2022-02-01"}  # fmt: skip
    official_id = api.created("/api/officials", official)["id"]
    training = {"course": typed("course"), "effective_date": "2023-06-15"}
    api.created(f"/api/officials/{official_id}/trainings", training)
    return h


# Each page, who reads it, and the typed fields it shows (the others — ethnicity, surveyor,
# purpose, provider, employer — are shown by the API's JSON only).
PAGES: list[tuple[str, str, Callable[[Household], str], tuple[str, ...]]] = [
    ("household page", "caseworker", lambda h: f"/households/{h.id}",
     ("head", "spouse", "village", "address", "reason", "model", "savings_group")),
    ("household page, recorded order", "caseworker", lambda h: f"/households/{h.id}?order=recorded",
     ("head", "spouse", "reason")),
    ("search", "caseworker", lambda h: "/households?q=QT-0001", ("head", "village")),
    ("drill-down", "supervisor", lambda h: "/indicators/poor?area=11296", ("head", "village")),
    ("models", "supervisor", lambda h: "/models?area=11296", ("model", "sector")),
    ("officials", "supervisor", lambda h: "/officials?area=11296",
     ("official", "position", "course")),
    ("event log", "auditor", lambda h: "/audit", ("spouse", "village", "reason", "model")),
]  # fmt: skip


@pytest.mark.parametrize(("page", "who", "path", "fields"), PAGES, ids=[p[0] for p in PAGES])
def test_every_typed_text_shows_as_text_never_as_markup(
    pages: Browser,
    marked: Household,
    page: str,
    who: str,
    path: Callable[[Household], str],
    fields: tuple[str, ...],
) -> None:
    pages.sign_in(who)
    html = pages.get(path(marked)).text

    assert MARKUP not in html
    assert "<i>" not in html
    assert [field for field in fields if f"{field} {ESCAPED}" in html] == list(fields)

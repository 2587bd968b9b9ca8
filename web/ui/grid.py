"""Bulk entry of a village's surveys in a review round (docs/spec/review-round.md, "The grid"):
one row a household of the village, the income and the indicators of the standard the round's
surveys fall under, saved row by row with the row's own errors, and each row's classification
shown live as it is typed. Keyboard first: Tab moves along a row and on to the next, Enter saves
the row. A row is the same survey form as the household page's and goes to the same service;
with scripts off, a row's form posts the whole page back."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from application.commands import Actor
from application.inputs import RecordSurvey
from application.system import System
from domain.errors import DomainError, NotFoundError
from domain.standards import catalogue
from domain.values import ReviewKind
from web.deps import PostedForm, SystemDep, check_visible, today
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    attempt,
    command_context,
    done,
    parse_day,
    query_day,
    text,
)
from web.ui.households.common import SURVEY, choices, indicator_choices
from web.ui.render import gettext, page_language, render
from web.ui.session import CASEWORKER_PAGES, PageUser

router = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])
PAGE, ROW = "ui/rounds/grid.html", "ui/rounds/row.html"


def grid_path(round_id: str, village: str, on: date, surveyor: str) -> str:
    query = {"village": village, "on": on.strftime("%d/%m/%Y"), "surveyor": surveyor}
    return f"/rounds/{round_id}/grid?{urlencode(query)}"


def rows_of(
    system: System, shown: dict[str, Any], village: str, only: str | None = None
) -> list[dict[str, Any]]:
    """The village's households of the round (`only` that one, when given: each row folds its
    household), each with its version and its latest survey of the round awaiting
    recognition: its income, deprivations and result (none: not surveyed in the round yet),
    with its causes and needs."""
    rows = []
    for household in shown["households"]:
        if (household.get("village") or "") != village or only not in (None, household["id"]):
            continue
        data = system.households.get(household["id"])
        of_round = [
            survey
            for survey in data["surveys_awaiting_recognition"]
            if survey["effective_date"] >= shown["opened_on"]
        ]
        latest = (of_round or [{}])[-1]
        rows.append(
            {
                **household,
                "version": data["version"],
                "result": latest.get("leads_to"),
                "income": latest.get("income_per_capita_vnd", ""),
                "deprived": latest.get("deprived", []),
                "causes": latest.get("causes", []),
                "needs": latest.get("needs", []),
            }
        )
    return sorted(rows, key=lambda row: row["household_code"])


def grid_context(
    request: Request, system: System, user: Actor, round_id: str, village: str, on: date,
    surveyor: str, only: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    shown = system.rounds.get(round_id, user.area_code)
    kind = ReviewKind(shown["kind"])
    standard = catalogue().for_review(kind, on)
    return {
        "nav": "rounds",
        "round": shown,
        "village": village,
        "on": on,
        "surveyor": surveyor,
        "kind": kind.value,
        "standard": standard,
        "indicators": indicator_choices(standard, page_language(request)),
        "rows": rows_of(system, shown, village, only),
        "choices": choices(request),
        "sent": {},
        "blank": NOTHING_REFUSED,
    }


@router.get("/rounds/{round_id}/grid")
def grid(
    round_id: str,
    request: Request,
    system: SystemDep,
    user: PageUser,
    village: str = "",
    on: str = "",
    surveyor: str = "",
) -> Response:
    """The village's grid, its surveys dated `on` (today by default)."""
    day = query_day(on, "on") or today(system)
    context = grid_context(request, system, user, round_id, village, day, surveyor)
    return render(request, PAGE, context)


def row_of(context: dict[str, Any], household_id: str) -> dict[str, Any]:
    """The grid's row of the household: a household not in the village's grid is not found."""
    rows: list[dict[str, Any]] = context["rows"]
    found = [row for row in rows if row["id"] == household_id]
    if not found:
        raise NotFoundError("household-not-found", household_id=household_id)
    return found[0]


@router.post("/rounds/{round_id}/grid/{household_id}")
def save_row(
    round_id: str,
    household_id: UUID,
    request: Request,
    form: PostedForm,
    system: SystemDep,
    user: PageUser,
) -> Response:
    """One row: its survey recorded, the row drawn again saved (or with its errors); from htmx
    only the row, else the whole grid. Only the page drawn whole reads every row."""
    lang = page_language(request)
    village = text(form, "village") or ""
    on = parse_day(text(form, "effective_date"), today(system), "effective_date")
    surveyor = text(form, "surveyor") or ""
    hid = str(household_id)
    context = grid_context(request, system, user, round_id, village, on, surveyor, hid)
    row_of(context, hid)
    body = SURVEY.body(form, system)
    outcome = attempt(
        lambda ctx: system.households.record_survey(ctx, household_id, RecordSurvey.parse(body)),
        command_context(user, form),
        lang,
    )
    htmx = request.headers.get("HX-Request") == "true"
    if outcome.written is not None:
        system.reads.wait_for(outcome.written.position)
        if not htmx:
            _ = gettext(request)
            said = _("The survey was saved.")
            return done(request, grid_path(round_id, village, on, surveyor), said)
        context = grid_context(request, system, user, round_id, village, on, surveyor, hid)
        return render(request, ROW, {**context, "row": row_of(context, hid), "saved": True})
    drawn = Drawn.refused(f"row-{household_id}", form, outcome, SURVEY.drawn)
    sent = {hid: drawn}
    if htmx:
        return render(request, ROW, {**context, "row": row_of(context, hid), "sent": sent})
    context = grid_context(request, system, user, round_id, village, on, surveyor)
    return render(request, PAGE, {**context, "sent": sent}, status=drawn.status)


@router.post("/rounds/{round_id}/grid/{household_id}/preview")
def preview_row(
    round_id: str,
    household_id: UUID,
    request: Request,
    form: PostedForm,
    system: SystemDep,
    user: PageUser,
) -> Response:
    """The classification the row as typed leads to; while it is incomplete, what is missing."""
    system.rounds.visible(user.area_code, round_id)
    check_visible(system, user, household_id)
    body = SURVEY.body(form, system)
    try:
        preview = system.households.preview_survey(household_id, RecordSurvey.parse(body))
        said, missing = preview["status"], None
    except DomainError as error:
        said, missing = None, error.message(page_language(request))
    return render(request, ROW, {"preview_only": True, "status": said, "missing": missing})

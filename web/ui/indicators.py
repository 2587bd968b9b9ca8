"""The drill-down of a figure (docs/spec/figures.md): the households (or models, officials) behind
its numerator and denominator, paged, and for each household the events that put it there —
two clicks from a dashboard number to the exact events. Supervisors and auditors, within
their own area."""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from application.lineage import PAGE_SIZE
from application.system import System
from domain.errors import NotFoundError
from projections.figures import BY_ID
from web.deps import Page, SystemDep
from web.ui.dashboard import ChosenView, area_choices, figure_namer
from web.ui.render import page_language, render
from web.ui.reports import report_reads
from web.ui.session import INDICATOR_PAGES, PageUser

router = APIRouter(dependencies=[Depends(INDICATOR_PAGES)])

# Figures whose members are not households: their rows name the model or the official.
REGISTRY_FIGURES = {"models": "model", "officials_trained": "official"}


def known_figure(figure_id: str) -> str:
    if figure_id not in BY_ID:
        raise NotFoundError("figure-not-found", field="figure_id", figure=figure_id)
    return figure_id


def described(system: System, figure_id: str, items: list[dict[str, Any]], lang: str) -> None:
    """Add to each member what a reader recognises it by: the household's code, head and place,
    the model's or official's name, and what the subject is within its owner (a member, an
    entry)."""
    owners = {item["owner"] for item in items}
    kind = REGISTRY_FIGURES.get(figure_id)
    households = report_reads(system).households(owners) if kind is None else {}
    members = (
        {owner: system.households.get(owner)["members"] for owner in owners}
        if BY_ID[figure_id].unit == "members"
        else {}
    )
    for item in items:
        owner = item["owner"]
        item["kind"] = kind or "household"
        if kind == "model":
            item["registry"] = system.models.get(owner)
        elif kind == "official":
            item["registry"] = system.officials.get(owner)
        item["household"] = households.get(owner)
        item["detail"] = detail(item, members.get(owner, []), lang)


def detail(item: dict[str, Any], members: list[dict[str, Any]], lang: str) -> str:
    """`owner@version` names one entry (a recognition, a loan): its summary; `owner:member` a
    member: their name."""
    subject: str = item["subject"]
    if "@" in subject:
        version = int(subject.rsplit("@", 1)[1])
        entry = next((e for e in item["events"] if e["version"] == version), None)
        return entry[f"summary_{lang}"] if entry else ""
    if ":" in subject:
        member_id = subject.rsplit(":", 1)[1]
        return next((m["full_name"] for m in members if m["member_id"] == member_id), "")
    return ""


@router.get("/indicators/{figure_id}")
def drill_down(
    request: Request,
    figure_id: str,
    actor: PageUser,
    system: SystemDep,
    view: ChosenView,
    page: Page = 1,
) -> HTMLResponse:
    known_figure(figure_id)
    lang = page_language(request)
    answer = system.lineage.drill_down(figure_id, view.area, view.point, page)
    parts = [answer[part] for part in ("numerator", "denominator", "offset") if part in answer]
    for part in parts:
        described(system, figure_id, part["items"], lang)
    pages = max(math.ceil(part["total"] / PAGE_SIZE) for part in parts)
    context = {
        "nav": "dashboard",
        "view": view,
        "choices": area_choices(system, actor.area_code, view, page_language(request)),
        "figure_id": figure_id,
        "name": figure_namer(request)(figure_id),
        "unit": BY_ID[figure_id].unit,
        "figure": system.indicators.figures(view.area, view.as_of, view.known_at)[figure_id],
        "numerator": answer["numerator"],
        "denominator": answer.get("denominator"),
        "offset": answer.get("offset"),
        "page": page,
        "pages": max(pages, 1),
    }
    return render(request, "ui/indicators/page.html", context)


@router.get("/indicators/{figure_id}/households/{household_id}/events")
def events(
    request: Request,
    figure_id: str,
    household_id: UUID,
    actor: PageUser,
    system: SystemDep,
    view: ChosenView,
) -> HTMLResponse:
    """The events of one household behind the figure: a fragment for the drill-down's rows,
    a page of its own without htmx. A household not behind the figure in the area is 404."""
    known_figure(figure_id)
    owner = str(household_id)
    found = report_reads(system).events_behind(figure_id, view.area, view.point, owner)
    if found is None:
        raise NotFoundError("household-not-behind-figure", figure=figure_id)
    commune = system.households.current_commune(household_id)
    system.readlog.record(actor, household_id, commune, f"drill-down:{figure_id}")
    context = {
        "nav": "dashboard",
        "view": view,
        "figure_id": figure_id,
        "name": figure_namer(request)(figure_id),
        "household_id": owner,
        "household": report_reads(system).households([owner]).get(owner),
        "events": found,
        "back": view.drill_down(figure_id),
    }
    block = "events" if request.headers.get("hx-request") else None
    return render(request, "ui/indicators/events.html", context, block=block)

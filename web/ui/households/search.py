"""Searching the households of the user's area (the directory), by code, name or village,
sub-area, status and needs."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response

from application.commands import Actor
from application.readmodels import DirectoryQuery
from application.system import System
from domain.values import (
    Need,
    Status,
)
from web.deps import (
    Page,
    SystemDep,
    readable_area,
    today,
)
from web.ui.households.common import (
    SEARCH,
    choices,
    search_pages,
)
from web.ui.render import render
from web.ui.session import PageUser

# The search's status that lists the voided registrations instead of the standing ones.
VOIDED = "VOIDED"


def area_choices(system: System, actor: Actor, day: date) -> list[tuple[str, str, int]]:
    """The user's area and the districts and communes inside it, each with its depth."""
    found = [(actor.area_code, system.areas.name_of(actor.area_code, day), 0)]
    for code, name in system.areas.sub_areas(actor.area_code, day):
        found.append((code, name, 1))
        found.extend(
            (inner, inner_name, 2) for inner, inner_name in system.areas.sub_areas(code, day)
        )
    return found


@search_pages.get("/households")
def search(
    request: Request,
    user: PageUser,
    system: SystemDep,
    q: str = "",
    area: str = "",
    status: str = "",
    newly_escaped: str = "",
    need: str = "",
    page: Page = 1,
) -> Response:
    """As the caseworker types (htmx asks for the results block only), or as a plain form."""
    day = today(system)
    found = system.reads.search(
        DirectoryQuery(
            area=readable_area(system, user, area or None, day),
            q=q,
            status=status if status in Status.__members__ else None,
            newly_escaped={"yes": True, "no": False}.get(newly_escaped),
            need=need if need in Need.__members__ else None,
            voided=status == VOIDED,
            page=max(page, 1),
        )
    )
    context = {
        "nav": "households",
        "found": found,
        "pages": max(1, -(-found["total"] // found["page_size"])),
        "asked": {
            "q": q,
            "area": area,
            "status": status,
            "newly_escaped": newly_escaped,
            "need": need,
        },
        "areas": area_choices(system, user, day),
        "choices": choices(request),
    }
    block = "results" if request.headers.get("HX-Request") else None
    return render(request, SEARCH, context, block=block)

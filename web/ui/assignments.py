"""The households awaiting their new unit after the reorganisation of 1 July 2025
(docs/spec/reorganisation.md): for each unit split between several new ones whose households the
user's area may assign, the villages still waiting and their households. Caseworkers place a whole
village in one of the new units with one form, through the same service as `POST /api/assignments`;
supervisors only read. Until then those households count in the city and in no commune, so the list
is the commune's work to clear."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor, Written
from application.inputs import AssignVillage
from application.system import System
from web.deps import CASEWORKER, PostedForm, SystemDep, today
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    command_context,
    form_body,
    text,
)
from web.ui.render import page_language, plurals, render
from web.ui.session import CASEWORKER_PAGES, REGISTRY_PAGES, PageUser

PATH = "/assignments"
PAGE = "ui/households/assignments.html"
# What the village form sends: the old unit and the village are hidden, the new unit is chosen.
FIELDS = ("old_commune_code", "village", "commune_code")
# The one input a refusal can mark; a refusal naming another field is the form's own message.
CHOSEN = ("commune_code",)

reads = APIRouter(dependencies=[Depends(REGISTRY_PAGES)])
writes = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])


def form_key(old: str, village: str) -> str:
    """The village form's key, which tells it from the page's other forms and goes into element
    ids: a village's name has spaces and diacritics, so it is hashed."""
    digest = hashlib.sha256(village.encode()).hexdigest()[:12]
    return f"assign-{old}-{digest}"


def sent_key(form: FormData) -> str:
    """The key of the form as sent, to draw it again with its message."""
    return form_key(text(form, "old_commune_code") or "", text(form, "village") or "")


def units_of(system: System, user: Actor) -> list[dict[str, Any]]:
    """The split units the user's area may assign, each village with its form's key and each
    unit with its successors as the select offers them (name, code in brackets)."""
    units = []
    for unit in system.assignments.awaiting(user.area_code, today(system)):
        villages = [
            {**village, "key": form_key(unit["code"], village["village"])}
            for village in unit["villages"]
        ]
        options = [(s["code"], f"{s['name']} ({s['code']})") for s in unit["successors"]]
        units.append({**unit, "villages": villages, "options": options})
    return units


def assignments_page(
    request: Request,
    system: System,
    user: Actor,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    units = units_of(system, user)
    drawn = {village["key"] for unit in units for village in unit["villages"]}
    context = {
        "nav": "households",
        "units": units,
        "can_write": user.role == CASEWORKER,
        "refused": refused,
        # A refused form the page no longer draws (its village has nothing left waiting, or it
        # named a unit the area may not assign): its message goes at the top instead.
        "stray": refused if refused.sent and refused.key not in drawn else None,
    }
    return render(request, PAGE, context, status=status)


@reads.get(PATH)
def awaiting(request: Request, system: SystemDep, user: PageUser) -> Response:
    return assignments_page(request, system, user)


@writes.post(PATH)
def assign_village(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """Every household of the village still waiting, placed in the chosen new unit in one
    transaction: all or none (`AssignmentService.assign_village` checks each is the user's)."""
    body = form_body(form, FIELDS)
    outcome = attempt(
        lambda ctx: system.assignments.assign_village(ctx, AssignVillage.parse(body)),
        command_context(user, form),
        page_language(request),
    )
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(sent_key(form), form, refusal, CHOSEN),
        lambda refused: assignments_page(request, system, user, refused, refused.status),
        lambda _written: PATH,
        notice(request, system, body, outcome.written),
    )


def notice(request: Request, system: System, body: dict[str, Any], written: Written | None) -> str:
    """What was recorded, by name: how many households of which village went where."""
    if written is None:
        return ""
    unit = system.areas.name_of(str(written.answer["commune_code"]), today(system))
    n = int(written.answer["assigned"])
    ngettext = plurals(request)
    said = ngettext(
        "%(n)s household of %(village)s was recorded in %(unit)s.",
        "%(n)s households of %(village)s were recorded in %(unit)s.",
        n,
    )
    return str(said % {"n": n, "village": body["village"], "unit": unit})


router = APIRouter()
router.include_router(reads)
router.include_router(writes)

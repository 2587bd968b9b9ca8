"""Registering a household: the form with its member rows, and the body the JSON API takes
built from it."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor
from application.inputs import RegisterHousehold
from application.system import System
from domain.values import (
    CATEGORY_KEYS,
    Relationship,
)
from web.deps import (
    PostedForm,
    SystemDep,
    effective_or_today,
    require_area,
    today,
)
from web.ui.forms import (
    Drawn,
    answer,
    attempt,
    command_context,
    form_body,
    ticked,
    typed,
    values,
)
from web.ui.households.common import (
    MEMBER_FIELDS,
    REGISTER,
    caseworker_pages,
    choices,
    saved,
)
from web.ui.render import page_language, render
from web.ui.session import PageUser

MEMBER_ROW = re.compile(r"members\[([0-9]{1,3})\]")

# The registration body's own fields, then every input the form draws besides the members'.
HOUSEHOLD_FIELDS = ("household_code", "commune_code", "village", "address", "effective_date")
REGISTRATION_INPUTS = (*HOUSEHOLD_FIELDS, "flags", "members", *CATEGORY_KEYS)


def member_rows(form: FormData) -> list[int]:
    """The member rows on the form, by their index; one for a form without any."""
    rows = {int(found.group(1)) for key in form if (found := MEMBER_ROW.match(key))}
    return sorted(rows) or [0]


def row_defaults(index: int, head: bool = False) -> dict[str, str]:
    """A new member row: Kinh, able to work; the first row is the head."""
    defaults = {f"members[{index}].ethnicity": "Kinh", f"members[{index}].working_capable": "on"}
    if head:
        defaults[f"members[{index}].relationship_to_head"] = Relationship.HEAD.value
    return defaults


def registration_body(form: FormData, rows: list[int]) -> tuple[dict[str, Any], list[int]]:
    """The API's body, and for each member of it the row it came from: rows left blank are
    not members, so `members[1]` of a refusal may be the form's third row."""
    members: list[dict[str, Any]] = []
    origin: list[int] = []
    for index in rows:
        member = {name: typed(form, f"members[{index}].{name}", name) for name in MEMBER_FIELDS}
        if any(member[name] for name in ("full_name", "birth_date", "national_id")):
            members.append(member)
            origin.append(index)
    flags = {key: ticked(form, key) for key in CATEGORY_KEYS}
    return form_body(form, HOUSEHOLD_FIELDS, flags=flags, members=members), origin


def renumbered(field_name: str, origin: list[int]) -> str:
    """`members[1].birth_date` of the body as the name of the form's input."""
    found = MEMBER_ROW.match(field_name)
    if found is None or int(found.group(1)) >= len(origin):
        return field_name
    return f"members[{origin[int(found.group(1))]}]{field_name[found.end() :]}"


def communes_of(system: System, actor: Actor, day: date) -> list[tuple[str, str]]:
    """The communes inside the user's area, where they may register households."""
    communes: list[dict[str, Any]] = system.areas.units(day)["communes"]
    return [
        (c["code"], c["name"])
        for c in communes
        if system.areas.contains(actor.area_code, c["code"], day)
    ]


def registration_page(
    request: Request,
    system: System,
    user: Actor,
    drawn: Drawn,
    rows: list[int],
    *,
    block: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "nav": "register",
        "d": drawn,
        "rows": rows,
        "communes": communes_of(system, user, today(system)),
        "choices": choices(request),
    }
    return render(request, REGISTER, context, block=block, status=status)


@caseworker_pages.get("/households/new")
def registration_form(request: Request, user: PageUser, system: SystemDep) -> Response:
    """A head's row to fill in, dated today, in the user's commune when they have only one."""
    communes = communes_of(system, user, today(system))
    defaults = {"effective_date": today(system).isoformat(), **row_defaults(0, head=True)}
    if len(communes) == 1:
        defaults["commune_code"] = communes[0][0]
        defaults["household_code"] = system.reads.next_household_code(communes[0][0])
    return registration_page(request, system, user, Drawn("registration", typed=defaults), [0])


@caseworker_pages.post("/households/new")
def register(request: Request, form: PostedForm, user: PageUser, system: SystemDep) -> Response:
    """Records the household, or draws the form again: with one more member row when that
    was asked for (only the rows' block for htmx), or with the refused fields marked."""
    rows = member_rows(form)
    if form.get("more"):
        added = max(rows) + 1
        drawn = Drawn("registration", True, {**values(form), **row_defaults(added)})
        block = "members" if request.headers.get("HX-Request") else None
        return registration_page(request, system, user, drawn, [*rows, added], block=block)
    body, origin = registration_body(form, rows)
    require_area(
        system, user, body.get("commune_code"), "commune_code", effective_or_today(body, system)
    )
    outcome = attempt(
        lambda ctx: system.households.register(ctx, RegisterHousehold.parse(body)),
        command_context(user, form),
        page_language(request),
    )
    inputs = {*REGISTRATION_INPUTS}
    inputs.update(f"members[{index}].{name}" for index in rows for name in MEMBER_FIELDS)
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(
            "registration", form, refusal, inputs, lambda name: renumbered(name, origin)
        ),
        lambda refused: registration_page(
            request, system, user, refused, rows, status=refused.status
        ),
        lambda written: f"/households/{written.answer['id']}",
        saved(request, "registration"),
    )

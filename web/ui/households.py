"""The caseworker's household pages: search, registration, the household page and a form for
every event of domain.md §2.

Every form sends the body the JSON API takes to the same service method, so the rules and their
messages live in one place. A refused form comes back with the page drawn again, that form open,
what was typed kept and the field named by the refusal marked; a lost race draws the household's
fresh state under the same form so the caseworker can check and resend. Nothing is recorded on a
refusal: the services raise before they save."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from application.commands import Actor, Written
from application.households import HouseholdService
from application.readmodels import DirectoryQuery
from application.system import System
from domain.errors import DomainError, NotFoundError
from domain.household import Household
from domain.standards import catalogue
from domain.values import (
    FLAG_KEYS,
    Cause,
    EmploymentKind,
    LoanChannel,
    LoanProgramme,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
    SupportKind,
)
from web.api.households import check_visible, effective_or_today, read_personal_data
from web.deps import CASEWORKER, SystemDep, readable_area, require_area, today
from web.ui import formats
from web.ui.forms import (
    amount,
    attempt,
    chosen,
    command_context,
    new_command_id,
    text,
    ticked,
    values,
)
from web.ui.render import gettext, page_language, render
from web.ui.session import CASEWORKER_PAGES, HOUSEHOLD_PAGES, SEARCH_PAGES, PageUser

SEARCH = "ui/households/search.html"
REGISTER = "ui/households/new.html"
PAGE = "ui/households/household.html"

search_pages = APIRouter(dependencies=[Depends(SEARCH_PAGES)])
caseworker_pages = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])
household_pages = APIRouter(dependencies=[Depends(HOUSEHOLD_PAGES)])


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools look for)
    """Marks an English message for the catalog; it is translated where it is shown."""
    return message


# Codes the domain's narrative has no words for; the rest read through `|term`.
OWN_WORDS = {
    "HEAD": N_("head of household"),
    "SPOUSE": N_("spouse"),
    "CHILD": N_("child"),
    "PARENT": N_("parent"),
    "GRANDCHILD": N_("grandchild"),
    "SIBLING": N_("sibling"),
    "M": N_("male"),
    "F": N_("female"),
    "CREDIT": N_("credit"),
    "PRODUCTION_SUPPORT": N_("production support"),
    "EMPLOYMENT": N_("employment"),
    "HEALTH": N_("health care"),
    "LAND": N_("lack of land"),
    "CAPITAL": N_("lack of capital"),
    "LABOUR": N_("lack of labour"),
    "TOOLS": N_("lack of tools and means of production"),
    "PRODUCTION_KNOWLEDGE": N_("lack of production knowledge"),
    "SKILLS": N_("lack of working skills"),
    "ILLNESS_ACCIDENT": N_("illness or accident"),
    "ENTRUSTING_ORGANISATION": N_("entrusting organisation"),
    "SAVINGS_GROUP": N_("savings and loan group"),
    "URBAN": N_("urban"),
    "RURAL": N_("rural"),
}

# What each form is called on the page and in the confirmation after it is saved.
TITLES = {
    "registration": N_("Registration"),
    "survey": N_("Survey"),
    "classification": N_("Recognition of the status"),
    "loan": N_("Loan"),
    "repayment": N_("Loan repayment"),
    "enrolment": N_("Enrolment in a livelihood model"),
    "support": N_("Support"),
    "employment": N_("Job secured"),
    "employment-end": N_("Job ended"),
    "move": N_("Move"),
    "member": N_("New member"),
    "removal": N_("Member leaving"),
    "head": N_("Change of head"),
    "retraction": N_("Retraction"),
}

# Every indicator of every standard, by key, in the order the standards list them.
INDICATORS = {i.key: i for s in catalogue().standards for i in s.indicators}


def wording(request: Request) -> Callable[[object], str]:
    """A domain code in the reader's words."""
    _ = gettext(request)
    lang = page_language(request)

    def word(code: object) -> str:
        own = OWN_WORDS.get(str(code))
        return str(_(own)) if own else formats.term(code, lang)

    return word


def choices(request: Request) -> dict[str, list[tuple[str, str]]]:
    """The options of the pages' selects and ticks, in the reader's words."""
    word = wording(request)

    def of(codes: Collection[StrEnum]) -> list[tuple[str, str]]:
        return [(code.value, word(code.value)) for code in codes]

    lang = page_language(request)
    return {
        "statuses": of(Status),
        "needs": of(Need),
        "causes": of(Cause),
        "review_kinds": of(ReviewKind),
        "programmes": of(LoanProgramme),
        "channels": of(LoanChannel),
        "support_kinds": of(SupportKind),
        "employment_kinds": of(EmploymentKind),
        "sexes": of(Sex),
        "relationships": of(Relationship),
        "new_relationships": of([r for r in Relationship if r is not Relationship.HEAD]),
        "removal_reasons": of(RemovalReason),
        "indicators": [(k, i.en if lang == "en" else i.vi) for k, i in INDICATORS.items()],
    }


# ---- forms as drawn ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """One form as drawn: fresh with its defaults, or as it was sent and refused (`sent`), with
    what was typed and the message for each input the refusal names (`_form` for the form)."""

    key: str
    sent: bool = False
    typed: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    command_id: str = field(default_factory=new_command_id)

    def value(self, name: str, default: object = "") -> object:
        found = self.typed.get(name, default)
        return found[0] if isinstance(found, list) else found

    def chosen(self, name: str, default: Collection[str] = ()) -> list[str]:
        if not self.sent:
            return list(default)
        found = self.typed.get(name, [])
        return found if isinstance(found, list) else [found]

    def ticked(self, name: str, default: bool = False) -> bool:
        """A box left unticked is not sent at all, so after a refusal absence means no."""
        return name in self.typed if self.sent else bool(self.typed.get(name, default))

    def error(self, name: str) -> str | None:
        return self.errors.get(name)


@dataclass(frozen=True)
class Sent:
    """The form a refused request sent: which one on the page, what was typed, the messages by
    input, and whether it lost a race."""

    key: str
    typed: Mapping[str, Any]
    errors: Mapping[str, str]
    race: bool = False

    def drawn(self) -> Drawn:
        command_id = self.typed.get("command_id")
        return Drawn(
            self.key,
            True,
            self.typed,
            self.errors,
            command_id if isinstance(command_id, str) and command_id else new_command_id(),
        )


def drawer(sent: Sent | None) -> Callable[[str], Drawn]:
    """`form(key)` for the template: the refused form as sent, every other one fresh."""

    def form(key: str) -> Drawn:
        return sent.drawn() if sent is not None and sent.key == key else Drawn(key)

    return form


def input_for(field_name: str, drawn: Collection[str]) -> str:
    """The input a refusal names: `member.birth_date` is the new-member form's `birth_date`,
    `deprivations.telecom` the deprivations' group; a field the form does not draw (the version,
    the member its route names) is the form's own message."""
    head, _, tail = field_name.partition(".")
    for name in (field_name, tail, head):
        if name in drawn:
            return name
    return "_form"


def marked(errors: Mapping[str, str], drawn: Collection[str]) -> dict[str, str]:
    """The refusal's messages by the input to mark."""
    found: dict[str, str] = {}
    for name, message in errors.items():
        found.setdefault(input_for(name, drawn), message)
    return found


# ---- what was typed into the bodies the services take -----------------------------------------

AMOUNTS = {"income_per_capita_vnd", "b1_score", "amount_vnd", "term_months", "support_amount_vnd"}
LISTS = {"causes", "needs", "member_ids"}
DATES = {"effective_date", "birth_date"}
NUMBERS = {"project", "target_version"}
TICKS = {"working_capable"}
HIDDEN = {"target_version"}
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MEMBER_ROW = re.compile(r"members\[(\d+)\]")


def iso_day(typed: str | None) -> str | None:
    """A date as the date picker sends it, or typed dd/mm/yyyy where there is no picker."""
    found = _DMY.fullmatch(typed or "")
    if found is None:
        return typed
    day, month, year = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def whole(typed: str | None) -> int | str | None:
    """A count as typed; anything else as typed, for the service to name."""
    if typed is None:
        return None
    return int(typed) if typed.isdigit() else typed


def read(form: FormData, key: str, name: str) -> Any:
    """The input `key` as the service expects the field `name`."""
    if name in AMOUNTS:
        return amount(text(form, key))
    if name in LISTS:
        return chosen(form, key)
    if name in DATES:
        return iso_day(text(form, key))
    if name in NUMBERS:
        return whole(text(form, key))
    if name in TICKS:
        return ticked(form, key)
    return text(form, key)


def deprivations(
    system: System, body: Mapping[str, Any], ticked_keys: list[str]
) -> dict[str, bool]:
    """Every indicator of the standard the survey falls under, ticked or not; when the kind or
    date does not name one yet, none, and the service names what is wrong."""
    try:
        kind = ReviewKind(str(body.get("kind")))
        day = date.fromisoformat(str(body.get("effective_date")))
        standard = system.households.standard_for(kind, day)
    except (ValueError, DomainError):
        return {}
    return {key: key in ticked_keys for key in standard.keys}


Method = Callable[..., Written]


@dataclass(frozen=True)
class EventForm:
    """One event's form: its route under the household, the fields of its body (read from the
    inputs of the same names) and the service method that records it."""

    name: str
    path: str
    fields: tuple[str, ...]
    send: Callable[[HouseholdService], Method]
    which: str | None = None  # the body field telling this form from its siblings on the page

    @property
    def targets(self) -> list[str]:
        """The route's own parameters (the loan, the member), passed before the body."""
        return re.findall(r"\{(\w+)\}", self.path)

    def key(self, targets: list[str], body: Mapping[str, Any]) -> str:
        """The form's key on the page: one repayment form per loan, one retraction per entry."""
        own = [str(body.get(self.which))] if self.which else []
        return ":".join([self.name, *targets, *own])

    @property
    def drawn(self) -> set[str]:
        return set(self.fields) - HIDDEN

    def body(self, form: FormData, system: System) -> dict[str, Any]:
        body = {name: read(form, name, name) for name in self.fields if name != "deprivations"}
        if "deprivations" in self.fields:
            body["deprivations"] = deprivations(system, body, chosen(form, "deprivations"))
        return body


MEMBER_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "relationship_to_head",
    "ethnicity",
    "national_id",
    "working_capable",
)
ON = ("effective_date",)
SURVEY_FIELDS = (
    "kind",
    "income_per_capita_vnd",
    "b1_score",
    "deprivations",
    "causes",
    "needs",
    "surveyor",
    *ON,
)
SURVEY = EventForm("survey", "/surveys", SURVEY_FIELDS, lambda s: s.record_survey)
EVENT_FORMS = (
    SURVEY,
    EventForm(
        "classification", "/classifications", ("survey_id", "decision_ref", *ON),
        lambda s: s.classify,
    ),
    EventForm(
        "loan", "/loans",
        ("programme", "amount_vnd", "term_months", "annual_rate_pct", "purpose", "channel", *ON),
        lambda s: s.grant_loan,
    ),
    EventForm(
        "repayment", "/loans/{loan_id}/repayments", ("amount_vnd", *ON), lambda s: s.repay_loan
    ),
    EventForm(
        "enrolment", "/model-enrolments", ("model_id", "member_ids", "support_amount_vnd", *ON),
        lambda s: s.enrol_in_model,
    ),
    EventForm(
        "support", "/supports", ("kind", "project", "member_id", "amount_vnd", "provider", *ON),
        lambda s: s.provide_support,
    ),
    EventForm(
        "employment", "/employment", ("member_id", "kind", "employer", *ON),
        lambda s: s.secure_employment,
    ),
    EventForm("employment-end", "/employment/{member_id}/end", ON, lambda s: s.end_employment),
    EventForm(
        "move", "/moves", ("commune_code", "village", "address", *ON), lambda s: s.move
    ),
    EventForm("member", "/members", (*MEMBER_FIELDS, *ON), lambda s: s.add_member),
    EventForm(
        "removal", "/members/{member_id}/removal", ("reason", *ON), lambda s: s.remove_member
    ),
    EventForm("head", "/head", ("member_id", *ON), lambda s: s.change_head),
    EventForm(
        "retraction", "/retractions", ("target_version", "reason"), lambda s: s.retract,
        which="target_version",
    ),
)  # fmt: skip


# ---- search ------------------------------------------------------------------------------------


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
    page: int = 1,
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


# ---- registration ------------------------------------------------------------------------------

# The registration body's own fields, then every input the form draws besides the members'.
HOUSEHOLD_FIELDS = ("household_code", "commune_code", "village", "address", "effective_date")
REGISTRATION_INPUTS = (*HOUSEHOLD_FIELDS, "flags", "members", *FLAG_KEYS)


def member_rows(form: FormData) -> list[int]:
    """The member rows on the form, by their index; one for a form without any."""
    rows = {int(found.group(1)) for key in form if (found := _MEMBER_ROW.match(key))}
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
        member = {name: read(form, f"members[{index}].{name}", name) for name in MEMBER_FIELDS}
        if any(member[name] for name in ("full_name", "birth_date", "national_id")):
            members.append(member)
            origin.append(index)
    body = {name: read(form, name, name) for name in HOUSEHOLD_FIELDS}
    body["flags"] = {key: ticked(form, key) for key in FLAG_KEYS}
    body["members"] = members
    return body, origin


def renumbered(field_name: str, origin: list[int]) -> str:
    """`members[1].birth_date` of the body as the name of the form's input."""
    found = _MEMBER_ROW.match(field_name)
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
    return registration_page(request, system, user, Drawn("registration", typed=defaults), [0])


@caseworker_pages.post("/households/new")
async def register(request: Request, user: PageUser, system: SystemDep) -> Response:
    """Records the household, or draws the form again: with one more member row when that
    was asked for (only the rows' block for htmx), or with the refused fields marked."""
    form = await request.form()
    rows = member_rows(form)
    if form.get("more"):
        added = max(rows) + 1
        drawn = Drawn("registration", True, {**values(form), **row_defaults(added)})
        block = "members" if request.headers.get("HX-Request") else None
        return registration_page(request, system, user, drawn, [*rows, added], block=block)
    body, origin = registration_body(form, rows)
    require_area(
        system, user, body["commune_code"], "commune_code", effective_or_today(body, system)
    )
    outcome = attempt(
        lambda ctx: system.households.register(ctx, body),
        command_context(user, form),
        page_language(request),
    )
    if outcome.written is not None:
        system.reads.wait_for(outcome.written.position)
        new_id = outcome.written.answer["id"]
        return RedirectResponse(f"/households/{new_id}?saved=registration", status_code=303)
    inputs = {*REGISTRATION_INPUTS}
    inputs.update(f"members[{index}].{name}" for index in rows for name in MEMBER_FIELDS)
    errors = {renumbered(name, origin): message for name, message in outcome.errors.items()}
    drawn = Drawn("registration", True, values(form), marked(errors, inputs))
    return registration_page(request, system, user, drawn, rows, status=422)


# ---- the household page ------------------------------------------------------------------------


def standing(entries: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The timeline's entries of one type that no retraction took back."""
    return [e for e in entries if e["type"] == kind and not e["retracted_by"]]


def open_surveys(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The standing surveys no standing recognition has used yet."""
    used = {e["data"]["survey_id"] for e in standing(entries, "HouseholdClassified")}
    return [e for e in standing(entries, "HouseholdSurveyed") if e["data"]["survey_id"] not in used]


def employed(entries: list[dict[str, Any]]) -> set[str]:
    """The members whose standing job has not ended, whose job can be ended."""
    working: set[str] = set()
    for entry in entries:
        if entry["retracted_by"]:
            continue
        if entry["type"] == "EmploymentSecured":
            working.add(entry["data"]["member_id"])
        elif entry["type"] == "EmploymentEnded":
            working.discard(entry["data"]["member_id"])
    return working


def writing_context(
    request: Request, system: System, user: Actor, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the caseworker's forms offer: surveys to recognise, members in work, open models,
    the national programme's projects, the communes to move to."""
    _ = gettext(request)
    day = today(system)
    units = system.areas.units(day)
    districts = {d["code"]: d["name"] for d in units["districts"]}
    models = system.models.listing(user.area_code, day)
    return {
        "survey_options": [
            (
                e["data"]["survey_id"],
                f"{e['data']['survey_id']} ({formats.day(e['effective_date'])})",
            )
            for e in open_surveys(entries)
        ],
        "employed": employed(entries),
        "model_options": [
            (m["id"], f"{m['code']} – {m['name']}") for m in models if not m["closed_on"]
        ],
        "projects": [(str(n), _("Project %(n)s") % {"n": n}) for n in range(1, 8)],
        "destinations": [
            (c["code"], f"{c['name']} — {districts.get(c['parent_code'], '')}")
            for c in units["communes"]
        ],
        "not_retractable": Household.NOT_RETRACTABLE,
    }


def household_page(
    request: Request,
    system: System,
    user: Actor,
    household_id: UUID,
    *,
    as_of: date | None = None,
    sent: Sent | None = None,
    saved: str | None = None,
    status: int = 200,
) -> Response:
    """The household as it stands (or stood on `as_of`), its timeline, and for a caseworker
    looking at today, the forms; `sent` is a refused form to draw again as it was sent. Only
    inside the user's area, and each showing is a line in the personal-data read log."""
    read_personal_data(system, user, household_id, "page:household")
    lang = page_language(request)
    _ = gettext(request)
    household = system.households.get(household_id, as_of)
    entries = system.households.history(household_id, as_of, lang=lang)["entries"]
    past = as_of is not None and as_of < today(system)
    writing = user.role == CASEWORKER and not past
    context: dict[str, Any] = {
        "nav": "households",
        "household": household,
        "entries": entries,
        "member_options": [(m["member_id"], m["full_name"]) for m in household["members"]],
        "head_options": [
            (m["member_id"], m["full_name"]) for m in household["members"] if not m["is_head"]
        ],
        "as_of": as_of,
        "past": past,
        "writing": writing,
        "form": drawer(sent),
        "race": sent is not None and sent.race,
        "saved": _(TITLES[saved]) if saved in TITLES else None,
        "titles": {name: _(title) for name, title in TITLES.items()},
        "choices": choices(request),
        "word": wording(request),
        "base": f"/households/{household_id}",
    }
    if writing:
        context.update(writing_context(request, system, user, entries))
    return render(request, PAGE, context, status=status)


@household_pages.get("/households/{household_id}")
def household(
    request: Request,
    household_id: UUID,
    user: PageUser,
    system: SystemDep,
    as_of: date | None = None,
    saved: str | None = None,
) -> Response:
    """`saved` names the form just recorded, for the confirmation."""
    return household_page(request, system, user, household_id, as_of=as_of, saved=saved)


def visible(system: System, user: Actor, household_id: UUID) -> bool:
    """Still in the user's area (a move may take it out)."""
    try:
        check_visible(system, user, household_id)
    except NotFoundError:
        return False
    return True


async def record(
    request: Request, system: System, user: Actor, household_id: UUID, spec: EventForm
) -> Response:
    """Every event form: scope (skipped for a resend already answered, which only gets its
    first answer), the service, then back to the page, or the page again with the refusal."""
    form = await request.form()
    ctx = command_context(user, form)
    if not system.runner.answered(ctx):
        check_visible(system, user, household_id)
    body = spec.body(form, system)
    targets = [request.path_params[name] for name in spec.targets]
    method = spec.send(system.households)
    outcome = attempt(
        lambda c: method(c, household_id, *targets, body), ctx, page_language(request)
    )
    if outcome.written is not None:
        system.reads.wait_for(outcome.written.position)
        page = f"/households/{household_id}?saved={spec.name}"
        # A household moved out of the user's area is no longer theirs to see.
        return RedirectResponse(
            page if visible(system, user, household_id) else "/households", status_code=303
        )
    sent = Sent(
        spec.key(targets, body), values(form), marked(outcome.errors, spec.drawn), outcome.race
    )
    return household_page(
        request, system, user, household_id, sent=sent, status=409 if outcome.race else 422
    )


def event_route(spec: EventForm) -> Callable[..., Awaitable[Response]]:
    """The POST route of one event form; its own path parameters are read by `record`."""

    async def endpoint(
        request: Request, household_id: UUID, user: PageUser, system: SystemDep
    ) -> Response:
        return await record(request, system, user, household_id, spec)

    endpoint.__name__ = "record_" + spec.name.replace("-", "_")
    return endpoint


for _spec in EVENT_FORMS:
    caseworker_pages.add_api_route(
        "/households/{household_id}" + _spec.path, event_route(_spec), methods=["POST"]
    )


@caseworker_pages.post("/households/{household_id}/survey-preview")
async def survey_preview(
    request: Request, household_id: UUID, user: PageUser, system: SystemDep
) -> Response:
    """The classification the survey being filled in leads to, and the deprivations that
    count; while the form is incomplete, what is still missing."""
    check_visible(system, user, household_id)
    body = SURVEY.body(await request.form(), system)
    try:
        preview, missing = system.households.preview_survey(household_id, body), None
    except DomainError as error:
        preview, missing = None, error.message(page_language(request))
    context = {
        "preview": preview,
        "missing": missing,
        "choices": choices(request),
        "word": wording(request),
    }
    return render(request, PAGE, context, block="preview")


router = APIRouter()
# Registration's fixed path comes before the household's `{household_id}`.
for _part in (search_pages, caseworker_pages, household_pages):
    router.include_router(_part)

"""The caseworker's household pages: search, registration, the household page and a form for
every event of docs/spec/households.md.

Every form sends the body the JSON API takes to the same service method, so the rules and their
messages live in one place. A refused form comes back with the page drawn again, that form open,
what was typed kept and the field named by the refusal marked; a lost race draws the household's
fresh state under the same form so the caseworker can check and resend. Nothing is recorded on a
refusal: the services raise before they save."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor, Written
from application.households import HouseholdService
from application.readmodels import DirectoryQuery
from application.system import System
from domain.errors import DomainError, NotFoundError
from domain.household import Household
from domain.programme import programme_rules
from domain.standards import PovertyStandard, catalogue
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
from domain.words import programme_name
from web.deps import (
    CASEWORKER,
    Page,
    PostedForm,
    SystemDep,
    check_visible,
    effective_or_today,
    read_personal_data,
    readable_area,
    require_area,
    today,
)
from web.ui import formats
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    chosen,
    command_context,
    form_body,
    iso_day,
    query_day,
    text,
    ticked,
    typed,
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
    "assignment": N_("Assignment to the new unit"),
    "member": N_("New member"),
    "removal": N_("Member leaving"),
    "head": N_("Change of head"),
    "retraction": N_("Retraction"),
    "void": N_("Voiding of the registration"),
}


def saved(request: Request, name: str) -> str:
    """The confirmation after the form `name` is recorded."""
    _ = gettext(request)
    return str(_("Saved: %(what)s.") % {"what": _(TITLES[name])})


# Every indicator of every standard, by key, in the order the standards list them.
INDICATORS = {i.key: i for s in catalogue().standards for i in s.indicators}


def choices(request: Request) -> dict[str, list[tuple[str, str]]]:
    """The options of the pages' selects and ticks, in the reader's words."""
    lang = page_language(request)

    def of(codes: Collection[StrEnum]) -> list[tuple[str, str]]:
        return [(code.value, formats.term(code.value, lang)) for code in codes]

    return {
        "statuses": of(Status),
        "needs": of(Need),
        "causes": of(Cause),
        "review_kinds": of(ReviewKind),
        "programmes": [(p.value, programme_name(p.value, lang)) for p in LoanProgramme],
        "channels": of(LoanChannel),
        "support_kinds": of(SupportKind),
        "employment_kinds": of(EmploymentKind),
        "sexes": of(Sex),
        "relationships": of(Relationship),
        "new_relationships": of([r for r in Relationship if r is not Relationship.HEAD]),
        "removal_reasons": of(RemovalReason),
        "indicators": indicator_choices(None, lang),
    }


# ---- what was typed into the bodies the services take -----------------------------------------

HIDDEN = {"target_version"}
_MEMBER_ROW = re.compile(r"members\[([0-9]{1,3})\]")


def survey_standard(system: System, body: Mapping[str, Any]) -> PovertyStandard | None:
    """The standard a survey of this kind and date falls under, if they name one yet."""
    try:
        kind = ReviewKind(str(body.get("kind")))
        day = date.fromisoformat(str(body.get("effective_date")))
        return system.households.standard_for(kind, day)
    except (ValueError, DomainError):
        return None


def deprivations(
    system: System, body: Mapping[str, Any], ticked_keys: list[str]
) -> dict[str, bool]:
    """Every indicator of the standard the survey falls under, ticked or not; when the kind or
    date does not name one yet, none, and the service names what is wrong."""
    standard = survey_standard(system, body)
    return {} if standard is None else {key: key in ticked_keys for key in standard.keys}


def indicator_choices(standard: PovertyStandard | None, lang: str) -> list[tuple[str, str]]:
    """The survey form's deprivation boxes: the indicators of the standard the survey falls
    under (every standard's, while the kind and date name none)."""
    shown = standard.indicators if standard is not None else INDICATORS.values()
    return [(i.key, i.en if lang == "en" else i.vi) for i in shown]


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
        body = form_body(form, (name for name in self.fields if name != "deprivations"))
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
    EventForm("assignment", "/assignment", ("commune_code",), lambda s: s.assign),
    EventForm("member", "/members", (*MEMBER_FIELDS, *ON), lambda s: s.add_member),
    EventForm(
        "removal", "/members/{member_id}/removal", ("reason", *ON), lambda s: s.remove_member
    ),
    EventForm("head", "/head", ("member_id", *ON), lambda s: s.change_head),
    EventForm(
        "retraction", "/retractions", ("target_version", "reason"), lambda s: s.retract,
        which="target_version",
    ),
    EventForm("void", "/void", ("reason",), lambda s: s.void_registration),
)  # fmt: skip


# ---- search ------------------------------------------------------------------------------------

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
        member = {name: typed(form, f"members[{index}].{name}", name) for name in MEMBER_FIELDS}
        if any(member[name] for name in ("full_name", "birth_date", "national_id")):
            members.append(member)
            origin.append(index)
    flags = {key: ticked(form, key) for key in FLAG_KEYS}
    return form_body(form, HOUSEHOLD_FIELDS, flags=flags, members=members), origin


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
        lambda ctx: system.households.register(ctx, body),
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


# ---- the household page ------------------------------------------------------------------------


def by_date(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline in the order things happened: an entry recorded late (a back-dated
    survey, a correction) takes its place by its date; on one date, in recording order."""
    return sorted(entries, key=lambda entry: (entry["effective_date"], entry["version"]))


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
    request: Request,
    system: System,
    user: Actor,
    household: dict[str, Any],
    entries: list[dict[str, Any]],
) -> dict[str, Any]:
    """What the caseworker's forms offer: surveys to recognise, members in work, open models,
    the national programme's projects, the communes to move to."""
    _ = gettext(request)
    lang = page_language(request)
    day = today(system)
    units = system.areas.units(day)
    districts = {d["code"]: d["name"] for d in units["districts"]}
    models = system.models.within(user.area_code, day)
    return {
        "survey_options": [
            (
                s["survey_id"],
                _("Survey of %(day)s (%(kind)s review): leads to %(status)s")
                % {
                    "day": formats.day(s["effective_date"]),
                    "kind": formats.term(s["kind"], lang),
                    "status": formats.term(s["leads_to"], lang),
                },
            )
            for s in household["surveys_awaiting_recognition"]
        ],
        "employed": employed(entries),
        "model_options": [
            (m["id"], f"{m['code']} – {m['name']}") for m in models if not m["closed_on"]
        ],
        "projects": project_options(page_language(request)),
        "destinations": [
            (c["code"], " — ".join(filter(None, (c["name"], districts.get(c["parent_code"])))))
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
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    """The household as it stands (or stood on `as_of`), its timeline, and for a caseworker
    looking at today, the forms; `refused` is a form to draw again as it was sent. Only
    inside the user's area, and each showing is a line in the personal-data read log."""
    read_personal_data(system, user, household_id, "page:household")
    lang = page_language(request)
    _ = gettext(request)
    household = system.households.get(household_id, as_of)
    entries = system.households.history(household_id, as_of, lang=lang)["entries"]
    recorded_order = request.query_params.get("order") == "recorded"
    past = as_of is not None and as_of < today(system)
    # A voided registration takes no more entries; its caseworker may only restore it.
    caseworker = user.role == CASEWORKER and not past
    writing = caseworker and not household["voided"]
    context: dict[str, Any] = {
        "nav": "households",
        "household": household,
        "entries": entries if recorded_order else by_date(entries),
        "recorded_order": recorded_order,
        "member_options": [(m["member_id"], m["full_name"]) for m in household["members"]],
        "head_options": [
            (m["member_id"], m["full_name"]) for m in household["members"] if not m["is_head"]
        ],
        "as_of": as_of,
        "past": past,
        "writing": writing,
        "restoring": caseworker and household["voided"] is not None,
        "refused": refused,
        "titles": {name: _(title) for name, title in TITLES.items()},
        "choices": choices(request),
        "base": f"/households/{household_id}",
    }
    if household["awaiting_assignment_from"]:
        unit = system.assignments.unit(household["awaiting_assignment_from"])
        options = [(s["code"], f"{s['name']} ({s['code']})") for s in unit["successors"]]
        context["awaiting"] = {**unit, "options": options}
    if writing:
        context.update(writing_context(request, system, user, household, entries))
        typed_survey = refused.of("survey")
        standard = survey_standard(
            system,
            {
                "kind": typed_survey.value("kind") or ReviewKind.PERIODIC.value,
                "effective_date": iso_day(str(typed_survey.value("effective_date")))
                or today(system).isoformat(),
            },
        )
        context["survey_indicators"] = {
            "of": standard.id if standard is not None else "",
            "options": indicator_choices(standard, lang),
            "form": typed_survey,
        }
    return render(request, PAGE, context, status=status)


@household_pages.get("/households/{household_id}")
def household(
    request: Request,
    household_id: UUID,
    user: PageUser,
    system: SystemDep,
    as_of: str | None = None,
) -> Response:
    day = query_day(as_of, "as_of")
    return household_page(request, system, user, household_id, as_of=day)


def visible(system: System, user: Actor, household_id: UUID) -> bool:
    """Still in the user's area (a move may take it out)."""
    try:
        check_visible(system, user, household_id)
    except NotFoundError:
        return False
    return True


def record(
    request: Request,
    form: FormData,
    system: System,
    user: Actor,
    household_id: UUID,
    spec: EventForm,
) -> Response:
    """Every event form: the service (which checks the scope, after answering a resend with its
    first answer), then back to the page, or the page again with the refusal."""
    ctx = command_context(user, form)
    body = spec.body(form, system)
    targets = [request.path_params[name] for name in spec.targets]
    method = spec.send(system.households)
    outcome = attempt(
        lambda c: method(c, household_id, *targets, body), ctx, page_language(request)
    )
    page = f"/households/{household_id}"
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(spec.key(targets, body), form, refusal, spec.drawn),
        lambda refused: household_page(
            request, system, user, household_id, refused=refused, status=refused.status
        ),
        # A household moved out of the user's area is no longer theirs to see.
        lambda _: page if visible(system, user, household_id) else "/households",
        saved(request, spec.name),
    )


def event_route(spec: EventForm) -> Callable[..., Response]:
    """The POST route of one event form; its own path parameters are read by `record`."""

    def endpoint(
        request: Request, form: PostedForm, household_id: UUID, user: PageUser, system: SystemDep
    ) -> Response:
        return record(request, form, system, user, household_id, spec)

    endpoint.__name__ = "record_" + spec.name.replace("-", "_")
    return endpoint


for _spec in EVENT_FORMS:
    caseworker_pages.add_api_route(
        "/households/{household_id}" + _spec.path, event_route(_spec), methods=["POST"]
    )


@caseworker_pages.post("/households/{household_id}/survey-preview")
def survey_preview(
    request: Request, form: PostedForm, household_id: UUID, user: PageUser, system: SystemDep
) -> Response:
    """The classification the survey being filled in leads to, and the deprivations that
    count; while the form is incomplete, what is still missing."""
    check_visible(system, user, household_id)
    body = SURVEY.body(form, system)
    try:
        preview, missing = system.households.preview_survey(household_id, body), None
    except DomainError as error:
        preview, missing = None, error.message(page_language(request))
    standard = survey_standard(system, body)
    shown = standard.id if standard is not None else ""
    context = {
        "preview": preview,
        "missing": missing,
        "choices": choices(request),
        "indicators": None
        if text(form, "indicators_of") == shown
        else {
            "of": shown,
            "options": indicator_choices(standard, page_language(request)),
            "form": Drawn("survey", True, values(form)),
        },
    }
    return render(request, PAGE, context, block="preview")


router = APIRouter()
# Registration's fixed path comes before the household's `{household_id}`.
for _part in (search_pages, caseworker_pages, household_pages):
    router.include_router(_part)


def project_options(lang: str) -> list[tuple[str, str]]:
    """The components of every national programme, each with its programme's years: the date of
    the support says which programme it belongs to, and a component of another is refused."""
    return [
        (
            str(number),
            f"{programme.component(number, lang)} ({programme.start.year}-{programme.end.year})",
        )
        for programme in programme_rules().programmes
        for number in programme.components
    ]

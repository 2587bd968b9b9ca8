"""The household page: the household as of a date, its history, and every event form under
it (one POST route each), with the survey's live classification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor
from application.inputs import RecordSurvey
from application.system import System
from domain.errors import DomainError, NotFoundError
from domain.household import Household
from domain.values import (
    ReviewKind,
)
from web.deps import (
    CASEWORKER,
    PostedForm,
    SystemDep,
    check_visible,
    read_personal_data,
    today,
)
from web.ui import formats
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    command_context,
    iso_day,
    query_day,
    text,
    values,
)
from web.ui.households.common import (
    EVENT_FORMS,
    PAGE,
    SURVEY,
    TITLES,
    EventForm,
    caseworker_pages,
    choices,
    household_pages,
    indicator_choices,
    project_options,
    saved,
    survey_standard,
)
from web.ui.render import gettext, page_language, render
from web.ui.session import PageUser


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
    # A voided registration takes no more entries, its caseworker may only restore it; an
    # erased household takes nothing at all.
    caseworker = user.role == CASEWORKER and not past and not household["erased"]
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
        lambda c: method(c, household_id, *targets, spec.kind.parse(body)),
        ctx,
        page_language(request),
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
        given = RecordSurvey.parse(body)
        preview, missing = system.households.preview_survey(household_id, given), None
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

"""The administrator's pages: users and roles (a new or reset password is shown once, on the
answer to the form, and only its argon2id hash is kept), the area registry as of a date, plan
55/KH-UBND's targets and their revision, and the yearly household totals the poverty rates
divide by. Every write goes through the same services as the command line and the JSON API.

Each page is scoped to the administrator's area by application/admin_scope.py: the accounts and
totals of their area only, no account of another area (404, as an unknown one), no
administrator of the same or a wider area nor their own account (403), the plan's targets only
for an administrator of the plan's whole area (403)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.admin_scope import may_revise, totals_within, unknown_account
from application.areas import REFORM_2025
from application.commands import Actor, CommandContext, Written
from application.inputs import AdoptPlan, ReviseTarget
from application.registries import PLAN_55, household_totals
from application.system import System
from domain.area_registry import AREA_KIND
from domain.errors import DomainError, ValidationError
from domain.plan import TARGETS as PLAN_TARGETS
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.values import CommuneKind, DistrictKind, check_year
from domain.words import in_language
from projections.figures import BY_ID
from web.deps import PostedForm, SystemDep, today
from web.problems import STATUS_BY_KIND
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    command_context,
    decimal,
    done,
    form_body,
    parse_day,
    text,
    typed,
)
from web.ui.registries import places_within
from web.ui.render import gettext, page_language, render, role_names
from web.ui.session import ADMIN_PAGES, PageUser

router = APIRouter(prefix="/admin", dependencies=[Depends(ADMIN_PAGES)])

USER_FIELDS = ("username", "role", "area_code")
TARGET_FIELDS = ("target", "value", "effective_date")
ADOPT_FIELDS = (
    "reference", "area_code", "period", "baseline_date", "effective_date", "standard_id",
    *(f"target.{key}" for key in PLAN_TARGETS),
)  # fmt: skip
TOTAL_FIELDS = ("area_code", "year", "total")
# The registry dates a household total on 1 January of its year.
TOTAL_RENAMED = {"effective_date": "year"}

Gettext = Callable[[str], str]


def page(
    request: Request,
    template: str,
    section: str,
    context: Mapping[str, Any],
    status: int = 200,
    block: str | None = None,
) -> Response:
    """An administrator's page (or one block of it): its section marked in the
    sub-navigation."""
    full = {"nav": "admin", "section": section, **context}
    return render(request, template, full, status=status, block=block)


# ---- overview -----------------------------------------------------------------------------


@router.get("")
def overview(request: Request, system: SystemDep, user: PageUser) -> Response:
    day = today(system)
    accounts = system.accounts.users_seen_by(user)
    units = system.areas.units(day)
    totals = totals_within(system.areas, user, household_totals(system.areas))
    context = {
        "users": len(accounts),
        "disabled": sum(1 for account in accounts if account["disabled"]),
        "districts": len(units["districts"]),
        "communes": len(units["communes"]),
        "plans": system.plans.listing(),
        "totals": len(totals),
        "latest_year": totals[0]["year"] if totals else None,
        "faults": system.reads.faults(),
    }
    return page(request, "ui/admin/index.html", "", context)


# ---- users and roles ----------------------------------------------------------------------


def users_page(
    request: Request,
    system: System,
    user: Actor,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    context = {
        "accounts": system.accounts.users_seen_by(user),
        "role_names": role_names(gettext(request)),
        "places": places_within(system, user.area_code, today(system)),
        "refused": refused,
    }
    return page(request, "ui/admin/users.html", "users", context, status)


def password_page(request: Request, username: str, password: str, added: bool) -> Response:
    """The only time the password is ever shown."""
    context = {"username": username, "password": password, "added": added}
    return page(request, "ui/admin/password.html", "users", context)


@router.get("/users")
def users(request: Request, system: SystemDep, user: PageUser) -> Response:
    return users_page(request, system, user)


@router.post("/users")
def add_user(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    """A user of a role and an area inside the administrator's own; the generated password
    is on the answer, once."""
    username, role, area = (text(form, name) or "" for name in USER_FIELDS)

    def action(_: CommandContext) -> Written:
        return Written({"password": system.accounts.add_user_as(user, username, role, area)}, None)

    outcome = attempt(action, command_context(user, form), page_language(request))
    if outcome.written is None:
        refused = Drawn.refused("add", form, outcome, USER_FIELDS)
        return users_page(request, system, user, refused, refused.status)
    return password_page(request, username, outcome.written.answer["password"], added=True)


def on_account(
    request: Request,
    form: FormData,
    system: System,
    user: Actor,
    change: Callable[[Actor, str], str | None],
    answer: Callable[[str, str | None], Response],
) -> Response:
    """The change to the account the form names, made for the administrator, and its answer;
    a refusal (an account they may not see: 404; one they may not touch: 403) draws the users
    page again with its message, nothing changed."""
    username = text(form, "username") or ""
    try:
        result = change(user, username)
    except DomainError as error:
        refused = Drawn("accounts", True, errors={"_form": [error]}, lang=page_language(request))
        return users_page(request, system, user, refused, STATUS_BY_KIND[error.kind])
    return answer(username, result)


@router.get("/users/disable")
def confirm_disable(
    request: Request, system: SystemDep, user: PageUser, username: str = ""
) -> Response:
    """The account named, and what disabling it does, before it is done; refused as the
    disabling itself would be (404 for an account the administrator may not see, 403 for one
    they may not touch)."""
    seen = {account["username"]: account for account in system.accounts.users_seen_by(user)}
    if username not in seen:
        raise unknown_account(username)
    system.accounts.guard_for(user)(seen[username])
    context = {"account": seen[username], "role_names": role_names(gettext(request))}
    return page(request, "ui/admin/disable.html", "users", context)


@router.post("/users/disable")
def disable_user(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    """The user's sessions end at once; an administrator cannot lock themself out."""
    _ = gettext(request)

    def disabled(name: str, _result: str | None) -> Response:
        notice = _("%(name)s is disabled; their sessions have ended.") % {"name": name}
        return done(request, "/admin/users", notice)

    return on_account(request, form, system, user, system.accounts.disable_user_as, disabled)


@router.post("/users/enable")
def enable_user(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    _ = gettext(request)

    def enabled(name: str, _result: str | None) -> Response:
        return done(request, "/admin/users", _("%(name)s can sign in again.") % {"name": name})

    return on_account(request, form, system, user, system.accounts.enable_user_as, enabled)


@router.post("/users/password")
def reset_password(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """A new generated password; the old one and the user's sessions stop working."""

    def shown(name: str, password: str | None) -> Response:
        return password_page(request, name, password or "", added=False)

    return on_account(request, form, system, user, system.accounts.reset_password_as, shown)


# ---- areas --------------------------------------------------------------------------------


def unit_kinds(_: Gettext) -> dict[str, str]:
    """Every kind of unit in the reader's words (a test holds that none is missing)."""
    return {
        DistrictKind.QUAN: _("Urban district"),
        DistrictKind.HUYEN: _("Rural district"),
        DistrictKind.THANH_PHO: _("City under the province"),
        DistrictKind.THI_XA: _("District-level town"),
        CommuneKind.XA: _("Rural commune"),
        CommuneKind.PHUONG: _("Ward"),
        CommuneKind.THI_TRAN: _("Township"),
        CommuneKind.DAC_KHU: _("Special zone"),
    }


@router.get("/areas")
def areas(request: Request, system: SystemDep, on: str | None = None) -> Response:
    """Districts and their communes as they stood on a date (today by default): pick a date
    before and after 1 January 2025 to see that year's changes."""
    day = parse_day(on, today(system), "on")
    units = system.areas.units(day)
    communes: dict[str, list[dict[str, Any]]] = {}
    for commune in units["communes"]:
        area_kind = AREA_KIND[CommuneKind(commune["kind"])]
        communes.setdefault(commune["parent_code"], []).append({**commune, "area_kind": area_kind})
    districts = [{**d, "communes": communes.get(d["code"], [])} for d in units["districts"]]
    context = {
        "day": day,
        "city": units["city"],
        "districts": districts,
        "communes": len(units["communes"]),
        "kind_names": unit_kinds(gettext(request)),
        "before_reform": date(REFORM_2025.year - 1, 12, 31),
        "reform": REFORM_2025,
    }
    block = "units" if request.headers.get("hx-request") else None
    return page(request, "ui/admin/areas.html", "areas", context, block=block)


# ---- plan and targets ---------------------------------------------------------------------


def plan_page(
    request: Request,
    system: System,
    user: Actor,
    reference: str | None = None,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    """Every plan; one of them (by default the latest adopted for the administrator's area)
    with its targets and the form to revise one; the form to adopt a new plan."""
    day = today(system)
    lang = page_language(request)
    plans = [
        {
            **p,
            "area_label": system.areas.name_of(
                p["area_code"], date.fromisoformat(p["period_start"])
            ),
        }
        for p in system.plans.listing()
    ]
    mine = [p for p in plans if may_revise(system.areas, user, p["area_code"], day)]
    chosen = next((p for p in plans if p["reference"] == reference), None)
    plan = chosen or (mine or plans)[-1]
    registry = system.areas.registry()

    def named(key: str) -> str:
        figure = BY_ID.get(key)
        return in_language((figure.vi, figure.en), lang) if figure else key

    targets = [
        {"key": key, "name": named(key), "value": value, "percent": PLAN_TARGETS[key]}
        for key, value in plan["targets"].items()
    ]
    provinces = [registry.province_code, *registry.provinces]
    context = {
        "plans": plans,
        "plan": plan,
        "targets": targets,
        "target_choices": [(target["key"], target["name"]) for target in targets],
        "may_revise": may_revise(system.areas, user, plan["area_code"], day),
        "new_targets": [(key, named(key), percent) for key, percent in PLAN_TARGETS.items()],
        "area_choices": [
            (code, system.areas.name_of(code, registry.ended(code, day) or day))
            for code in provinces
            if may_revise(system.areas, user, code, day)
        ],
        "period_choices": [
            (f"{p.start.isoformat()}/{p.end.isoformat()}", f"{p.start.year} – {p.end.year}")
            for p in programme_rules().plan_periods
        ],
        "standard_choices": [
            (s.id, f"{s.name(lang)} ({s.in_force_from.year} – {s.in_force_to.year})")
            for s in catalogue().standards
            if s.scope in provinces
        ],
        "standard_name": plan["standard_id"] and catalogue().name_of(plan["standard_id"], lang),
        "refused": refused,
    }
    return page(request, "ui/admin/plan.html", "plan", context, status)


@router.get("/plan")
def plan(
    request: Request, system: SystemDep, user: PageUser, reference: str | None = None
) -> Response:
    return plan_page(request, system, user, reference)


@router.post("/plan")
def revise_target(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """TargetRevised on the plan at the version the form was drawn on."""
    reference = text(form, "reference") or PLAN_55
    body = form_body(form, ("target", "effective_date"), value=decimal(text(form, "value")))
    outcome = attempt(
        lambda ctx: system.plans.revise_target(ctx, reference, ReviseTarget.parse(body)),
        command_context(user, form),
        page_language(request),
    )
    _ = gettext(request)
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused("revise", form, refusal, TARGET_FIELDS),
        lambda refused: plan_page(request, system, user, reference, refused, refused.status),
        lambda _: "/admin/plan?" + urlencode({"reference": reference}),
        _("The target was revised."),
    )


@router.post("/plan/adopt")
def adopt_plan(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    """PlanAdopted from the form: the period is chosen as one of the plan periods, each target
    typed in its own input (those left empty are not set)."""
    start, _sep, end = (text(form, "period") or "").partition("/")
    targets = {key: decimal(text(form, f"target.{key}")) for key in PLAN_TARGETS}
    body = form_body(
        form,
        ("reference", "area_code", "baseline_date", "effective_date", "standard_id"),
        period_start=start or None,
        period_end=end or None,
        targets={key: value for key, value in targets.items() if value is not None},
    )
    outcome = attempt(
        lambda ctx: system.plans.adopt(ctx, AdoptPlan.parse(body)),
        command_context(user, form),
        page_language(request),
    )
    _ = gettext(request)
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused("adopt", form, refusal, ADOPT_FIELDS, adopt_input),
        lambda refused: plan_page(request, system, user, None, refused, refused.status),
        lambda written: "/admin/plan?" + urlencode({"reference": written.answer["reference"]}),
        _("The plan was adopted."),
    )


def adopt_input(name: str) -> str:
    """The input a refusal of the adoption names: the period's two dates are one select, a
    target its own input."""
    if name in ("period_start", "period_end"):
        return "period"
    return name.replace("targets.", "target.") if name.startswith("targets.") else name


# ---- household totals ---------------------------------------------------------------------


Year = Annotated[int | None, Query(ge=1000, le=9999)]


def totals_page(
    request: Request,
    system: System,
    user: Actor,
    year: int,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    """The totals of one year in the administrator's area, the years that have some, and the
    form to record one for an area in force on 1 January of the year."""
    recorded = totals_within(system.areas, user, household_totals(system.areas))
    on = min(date(year, 1, 1), today(system))
    places = places_within(system, user.area_code, on)
    totals = [row for row in recorded if row["year"] == year]
    known = {row["area_code"] for row in totals}
    context = {
        "year": year,
        "years": sorted({row["year"] for row in recorded} | {today(system).year}, reverse=True),
        "totals": totals,
        "missing": [place for place in places if place["code"] not in known],
        "places": places,
        "on": on,
        "refused": refused,
    }
    return page(request, "ui/admin/totals.html", "totals", context, status)


@router.get("/totals")
def totals(request: Request, system: SystemDep, user: PageUser, year: Year = None) -> Response:
    return totals_page(request, system, user, year or today(system).year)


@router.post("/totals")
def record_total(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    """HouseholdTotalRecorded: the number of households of an area in a year."""
    area, raw_year = text(form, "area_code") or "", text(form, "year")
    total = typed(form, "total")
    outcome = attempt(
        lambda ctx: system.areas.record_household_total(ctx, area, raw_year, total),
        command_context(user, form),
        page_language(request),
    )
    try:
        shown = check_year(raw_year)
    except ValidationError:
        shown = today(system).year
    _ = gettext(request)
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(
            "record", form, refusal, TOTAL_FIELDS, lambda name: TOTAL_RENAMED.get(name, name)
        ),
        lambda refused: totals_page(request, system, user, shown, refused, refused.status),
        lambda _: f"/admin/totals?year={shown}",
        _("The household total was recorded."),
    )

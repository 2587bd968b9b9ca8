"""The auditor's pages: the event log browser, the replay-equals-projection check, what changed
between two dates, and the integrity of the stored events with its signed checkpoints. Every
area is the auditor's own or one inside it (another is the same 404 as an unknown code); the
log shows only events of households living in the chosen area."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from application.audit import EventQuery
from application.commands import Actor
from application.integrity import ChainBrokenError, CheckpointKeyError
from application.lineage import Point
from application.readlog import ReadQuery
from application.system import System
from domain.dates import VIETNAM
from domain.errors import DomainError, FieldChecks, ValidationError
from domain.narrative import SUMMARIES
from domain.words import entry_name
from projections.figures import FIGURES
from web.deps import SystemDep, check_visible, scoped, today
from web.ui import formats
from web.ui.dashboard import ChosenView, View, area_choices, figure_namer, parse_instant
from web.ui.forms import DIGITS, query_day
from web.ui.render import gettext, page_language, render
from web.ui.session import AUDITOR_PAGES, PageUser

router = APIRouter(dependencies=[Depends(AUDITOR_PAGES)])

# "What changed" lists at most this many households each way, per figure and part.
CHANGES_SHOWN = 100
FIGURE_IDS = tuple(figure.id for figure in FIGURES)
FILTERS = (
    "household",
    "type",
    "actor",
    "effective_from",
    "effective_to",
    "recorded_from",
    "recorded_to",
)


def event_type_names(lang: str) -> dict[str, str]:
    """The household's kinds of entry, by the names its history gives them."""
    return {kind: entry_name(kind, lang) for kind in SUMMARIES}


def change_kinds(_: Callable[[str], str]) -> dict[str, str]:
    """The labels of lineage.changes: why an event falls between the two points."""
    return {
        "new": _("new"),
        "late": _("late (back-dated)"),
        "retraction": _("retraction"),
        "reclassification": _("reclassification"),
    }


def section(tab: str, title: str) -> dict[str, Any]:
    return {"nav": "audit", "tab": tab, "title": title}


def text(request: Request, name: str) -> str:
    return request.query_params.get(name, "").strip()


def optional_day(request: Request, name: str) -> date | None:
    return query_day(text(request, name), name)


def position(request: Request, name: str) -> int | None:
    value = text(request, name)
    if not value:
        return None
    if not DIGITS.fullmatch(value) or int(value) > 10**12:
        raise ValidationError("invalid-value", field=name, value=value)
    return int(value)


def optional_household(request: Request, system: System) -> UUID | None:
    """The household the filter names, by its code (as the pages show it) or its id."""
    value = text(request, "household")
    if not value:
        return None
    try:
        return UUID(value)
    except ValueError:
        pass
    found = system.audit.households_coded(value)
    if not found:
        raise ValidationError("household-code-unknown", field="household", household_code=value)
    if len(found) > 1:
        raise ValidationError(
            "household-code-ambiguous",
            field="household",
            household_code=value,
            count=len(found),
        )
    return UUID(found[0])


def read_purpose(request: Request) -> Callable[[str], str]:
    """Through which page or call a read was made, in words (the log keeps a short code)."""
    _ = gettext(request)
    lang = page_language(request)
    figure = figure_namer(request)
    fixed = {
        "page:household": _("The household's page"),
        "api:household": _("The API: the household"),
        "api:history": _("The API: the household's history"),
        "api:export": _("The API: the household's data exported on request"),
        "page:round": _("A review round's page: a complaint about the household"),
        "api:round": _("The API: a review round, a complaint about the household"),
    }

    def named(what: str) -> str:
        kind, _sep, detail = what.partition(":")
        if kind == "download":
            return str(_("A list downloaded: %(status)s") % {"status": formats.term(detail, lang)})
        if kind == "drill-down":
            return str(_("A figure's households: %(figure)s") % {"figure": figure(detail)})
        return str(fixed.get(what, what))

    return named


def known_event_type(request: Request) -> str | None:
    event_type = text(request, "type")
    if event_type and event_type not in SUMMARIES:
        raise ValidationError("invalid-value", field="type", value=event_type)
    return event_type or None


def vietnam_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=VIETNAM)


def event_query(request: Request, system: System, actor: Actor) -> EventQuery:
    """The filters as typed, every faulty one named at once; the recorded dates are days of
    Vietnam's calendar."""
    with FieldChecks() as check:
        household_id = check(optional_household, request, system)
        event_type = check(known_event_type, request)
        effective_from = check(optional_day, request, "effective_from")
        effective_to = check(optional_day, request, "effective_to")
        recorded_from = check(optional_day, request, "recorded_from")
        recorded_to = check(optional_day, request, "recorded_to")
    if household_id is not None:
        check_visible(system, actor, household_id)
    return EventQuery(
        area=scoped(system, actor, text(request, "area") or None, today(system)),
        household=household_id,
        event_type=event_type,
        actor=text(request, "actor") or None,
        effective_from=effective_from,
        effective_to=effective_to,
        recorded_from=vietnam_midnight(recorded_from) if recorded_from else None,
        recorded_until=vietnam_midnight(recorded_to + timedelta(days=1)) if recorded_to else None,
    )


@router.get("/audit")
def events(request: Request, actor: PageUser, system: SystemDep) -> HTMLResponse:
    """The event log, a page at a time by position: the latest page first."""
    _ = gettext(request)
    query = event_query(request, system, actor)
    after, before = position(request, "after"), position(request, "before")
    found = system.audit.log(query, after, before, lang=page_language(request))
    items = found["items"]
    earlier = (items[0]["position"] if items else (after or 0) + 1) if found["earlier"] else None
    later = (items[-1]["position"] if items else (before or 1) - 1) if found["later"] else None
    day = today(system)
    context = {
        **section("events", _("Event log")),
        "filters": {name: text(request, name) for name in FILTERS},
        "area": query.area,
        "choices": area_choices(
            system, actor.area_code, View(query.area, day, None), page_language(request)
        ),
        "types": event_type_names(page_language(request)),
        "items": items,
        "earlier": earlier,
        "later": later,
    }
    return render(request, "ui/audit/events.html", context)


@router.get("/audit/reads")
def reads(request: Request, actor: PageUser, system: SystemDep) -> HTMLResponse:
    """Who opened which household's personal data, newest first, within the auditor's area."""
    _ = gettext(request)
    day = today(system)
    area = scoped(system, actor, text(request, "area") or None, day)
    with FieldChecks() as check:
        since, until = check(optional_day, request, "from"), check(optional_day, request, "to")
        household_id = check(optional_household, request, system)
        page = check(position, request, "page")
    query = ReadQuery(
        household_id=household_id,
        username=text(request, "reader") or None,
        since=vietnam_midnight(since) if since else None,
        until=vietnam_midnight(until + timedelta(days=1)) if until else None,
        page=page or 1,
    )
    found = system.readlog.entries(query, system.areas.communes_within(area, day))
    codes = system.audit.household_codes([item["household_id"] for item in found["items"]])
    context = {
        **section("reads", _("Personal-data reads")),
        "filters": {name: text(request, name) for name in ("household", "reader", "from", "to")},
        "area": area,
        "choices": area_choices(
            system, actor.area_code, View(area, day, None), page_language(request)
        ),
        "items": found["items"],
        "codes": codes,
        "purpose": read_purpose(request),
        "page": found["page"],
        "more": found["more"],
    }
    return render(request, "ui/audit/reads.html", context)


@router.get("/audit/replay")
def replay(request: Request, actor: PageUser, system: SystemDep, view: ChosenView) -> HTMLResponse:
    """Replay the raw log for the area as of the date (as known at the instant) and compare
    every figure with the projections' answer; nothing runs until the form is sent."""
    _ = gettext(request)
    report = None
    if text(request, "run"):
        report = system.audit.verify(
            dates=[view.as_of], areas=[view.area], known_at=view.known_at, every=True
        )
    context = {
        **section("replay", _("Replay equals projection")),
        "view": view,
        "choices": area_choices(system, actor.area_code, view, page_language(request)),
        "report": report,
        # Each figure once (verify compares it in both views: the counts and the rows).
        "compared": len(report["figures"]) if report else 0,
        "differing": sum(f["projection"] != f["replay"] for f in report["figures"])
        if report
        else 0,
        "name": figure_namer(request),
        "units": {figure.id: figure.unit for figure in FIGURES},
    }
    return render(request, "ui/audit/replay.html", context)


@router.get("/audit/changes")
def changes(request: Request, actor: PageUser, system: SystemDep) -> HTMLResponse:
    """Who entered or left each figure between two (date, known-at) points, and the events
    responsible, labelled new, late, retraction or reclassification."""
    _ = gettext(request)
    lang = page_language(request)
    day = today(system)
    with FieldChecks() as check:
        to_date = check(optional_day, request, "to_date") or day
        from_date = check(optional_day, request, "from_date")
    from_date = from_date or date(to_date.year - 1, 12, 31)
    area = scoped(system, actor, text(request, "area") or None, to_date)
    figure = text(request, "figure")
    name = figure_namer(request)
    if figure and figure not in FIGURE_IDS:
        raise ValidationError("invalid-value", field="figure", value=figure)
    moves = None
    values: dict[str, Any] = {}
    if text(request, "run"):
        system.reads.catch_up_if_embedded()
        before = Point(from_date, parse_instant(text(request, "from_known") or None))
        after = Point(to_date, parse_instant(text(request, "to_known") or None))
        answer = system.lineage.changes(
            [figure] if figure else list(FIGURE_IDS), area, before, after, CHANGES_SHOWN
        )
        moves = movements(system, answer, lang)
        values = {
            "before": system.indicators.figures(area, before.as_of, before.known_at),
            "after": system.indicators.figures(area, after.as_of, after.known_at),
        }
    context = {
        **section("changes", _("What changed")),
        "area": area,
        "choices": area_choices(
            system, actor.area_code, View(area, to_date, None), page_language(request)
        ),
        "from_date": from_date,
        "to_date": to_date,
        "from_known": text(request, "from_known"),
        "to_known": text(request, "to_known"),
        "figure": figure,
        "figures": [(figure_id, name(figure_id)) for figure_id in FIGURE_IDS],
        "name": name,
        "moves": moves,
        "values": values,
        "units": {definition.id: definition.unit for definition in FIGURES},
        "types": event_type_names(page_language(request)),
        "kinds": change_kinds(_),
        "shown": CHANGES_SHOWN,
    }
    return render(request, "ui/audit/changes.html", context)


def registered_name(system: System, owner: str) -> str:
    """A model (its code and name) or an official (their name) that a figure counts."""
    for lookup in (system.models.get, system.officials.get):
        try:
            found = lookup(owner)
        except DomainError:
            continue
        return " – ".join(filter(None, (found.get("code"), found["name"])))
    return owner


def movements(system: System, answer: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The figures where someone entered or left, each household once with the ways it moved
    (into or out of the list, into or out of the total it is measured against) and its events'
    summaries, each event once; `more` says how many of each way are not shown."""
    found = []
    owners = {
        item["owner"]
        for figure in answer["figures"].values()
        for part in figure.values()
        for way in part.values()
        for item in way
    }
    codes = system.audit.household_codes(sorted(owners))
    names = {owner: registered_name(system, owner) for owner in owners if owner not in codes}
    for figure_id, figure in answer["figures"].items():
        rows: dict[str, dict[str, Any]] = {}
        more = []
        for part_name, part in figure.items():
            for way, items in part.items():
                hidden = answer["totals"][figure_id][part_name][way] - len(items)
                if hidden > 0:
                    more.append({"part": part_name, "way": way, "n": hidden})
                for item in items:
                    row = rows.setdefault(
                        item["owner"],
                        {"owner": item["owner"], "code": codes.get(item["owner"]),
                         "name": names.get(item["owner"]), "moves": [], "events": {}},
                    )  # fmt: skip
                    row["moves"].append({"part": part_name, "way": way})
                    for event in item["events"]:
                        row["events"].setdefault(
                            event["position"], {**event, "summary": event[f"summary_{lang}"]}
                        )
        if rows or more:
            households = [
                {**row, "events": [row["events"][key] for key in sorted(row["events"])]}
                for row in rows.values()
            ]
            found.append({"figure": figure_id, "households": households, "more": more})
    return found


@router.get("/audit/integrity")
def integrity(request: Request, actor: PageUser, system: SystemDep) -> HTMLResponse:
    return integrity_page(request, actor, system)


def signs_the_whole_log(system: System, actor: Actor) -> bool:
    """A checkpoint vouches for the whole city's log: only an auditor of the whole city signs
    one (a district's auditor reads the chain's state, and signs nothing)."""
    return actor.area_code == system.areas.registry().province_code


def integrity_page(
    request: Request, actor: Actor, system: System, error: str | None = None, status: int = 200
) -> HTMLResponse:
    _ = gettext(request)
    context = {
        **section("integrity", _("Integrity")),
        "status": system.integrity.status(),
        "faults": system.reads.faults(),
        "can_sign": system.integrity.can_sign and signs_the_whole_log(system, actor),
        "signed": position(request, "signed"),
        "error": error,
    }
    return render(request, "ui/audit/integrity.html", context, status=status)


@router.post("/audit/integrity/checkpoints")
def create_checkpoint(request: Request, actor: PageUser, system: SystemDep) -> Response:
    """Sign the chain's head now; refused with a message when the server holds no key, or
    when the auditor's area is not the whole city."""
    _ = gettext(request)
    if not signs_the_whole_log(system, actor):
        message = _("Only an auditor of the whole city signs a checkpoint of its log.")
        return integrity_page(request, actor, system, message, 403)
    try:
        made = system.integrity.checkpoint()
    except CheckpointKeyError:
        message = _("This server holds no checkpoint key (GIAMNGHEO_CHECKPOINT_KEY).")
        return integrity_page(request, actor, system, message, 409)
    except ChainBrokenError:
        message = _(
            "No checkpoint signed: the stored events no longer match the chain signed before "
            "(see below). A new signature would vouch for the changed rows."
        )
        return integrity_page(request, actor, system, message, 409)
    return RedirectResponse(f"/audit/integrity?signed={made['position']}", status_code=303)

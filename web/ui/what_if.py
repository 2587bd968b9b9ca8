"""What a standard not yet adopted would do (docs/spec/what-if.md): a supervisor enters a draft
as data, runs it (or an adopted standard) over an area as of a date, and reads the run — the
transition matrix, by commune, the households that would move and why, the counts against the
income line — and downloads it. A run is kept: opened again, it is judged again as known at
its own instant, and says whether it still gives its recorded answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor
from application.system import System
from application.what_if import LISTED, NONE, SENSITIVITY, UNJUDGED, WhatIfService, report
from domain.errors import NotFoundError, ValidationError
from domain.standards import catalogue
from domain.what_if import SURVEYED
from domain.words import in_language
from web.deps import PostedForm, SystemDep, readable_area, today
from web.ui import formats
from web.ui.charts import BarChart, Series, Trend, Value
from web.ui.documents import Cell, Document, Sheet, as_document
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    amount,
    answer,
    attempt,
    command_context,
    iso_instant,
    parse_day,
    text,
)
from web.ui.render import gettext, page_language, render
from web.ui.reports import report_reads
from web.ui.session import SUPERVISOR_PAGES, WHAT_IF_READERS, PageUser

router = APIRouter()
WRITES = [Depends(SUPERVISOR_PAGES)]
READS = [Depends(WHAT_IF_READERS)]

LINES = ("income_line.RURAL", "income_line.URBAN", "average_upper.RURAL", "average_upper.URBAN")
# Rows of the indicator table a draft is entered in: the base standard's, and room for more.
SPARE_ROWS = 3
STATUSES = (*LISTED, "NON_POOR", NONE)
CODES_AT_ONCE = 500
SHOWN_MOVERS = 200  # on the page; the download holds them all


def drawn_indicators(base: str | None, refused: Drawn) -> list[tuple[str, str]]:
    """The draft's indicators as the form draws them: as typed after a refusal, else the base
    standard's, each read from itself."""
    if refused.sent:
        rows = []
        for index in range(len(refused.typed)):
            key = refused.value(f"indicators[{index}].key", None)
            if key is None:
                break
            rows.append((str(key), str(refused.value(f"indicators[{index}].reads", ""))))
        return rows
    keys = catalogue().get(base).keys if base else ()
    return [(key, key) for key in keys] + [("", "")] * SPARE_ROWS


def entered(form: FormData) -> dict[str, Any]:
    """The draft as the service takes it, from the form: the rows with a key are its
    indicators."""
    body: dict[str, Any] = {
        "name": text(form, "name"),
        "poor_min_deprivations": amount(text(form, "poor_min_deprivations")),
    }
    for field in LINES:
        group, _, kind = field.partition(".")
        value = amount(text(form, field))
        if value is not None:
            body.setdefault(group, {})[kind] = value
    body.setdefault("income_line", {})
    indicators = []
    index = 0
    while f"indicators[{index}].key" in form:
        key = text(form, f"indicators[{index}].key")
        if key:
            indicators.append({"key": key, "reads": text(form, f"indicators[{index}].reads")})
        index += 1
    body["indicators"] = indicators
    return body


def standards_to_run(drafts: list[dict[str, Any]], lang: str) -> list[tuple[str, str]]:
    """The drafts of the user's area, then the adopted standards."""
    return [(d["id"], d["name"]) for d in drafts] + [
        (s.id, s.name(lang)) for s in catalogue().standards
    ]


def page(
    request: Request,
    system: System,
    user: Actor,
    base: str | None = None,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    lang = page_language(request)
    if base is not None and base not in {s.id for s in catalogue().standards}:
        raise NotFoundError("standard-unknown", field="base", standard_id=base)
    drafts = system.what_if.drafts(user.area_code)
    context = {
        "nav": "what_if",
        "drafts": drafts,
        "runs": system.what_if.runs(user.area_code),
        "standards": standards_to_run(drafts, lang),
        "bases": [(s.id, s.name(lang)) for s in catalogue().standards],
        "base": base,
        "base_standard": catalogue().get(base) if base else None,
        "rows": drawn_indicators(base, refused.of("draft")),
        "surveyed": [(key, in_language((i.vi, i.en), lang)) for key, i in SURVEYED.items()],
        "areas": areas_of(system, user, lang),
        "refused": refused,
    }
    return render(request, "ui/what_if/page.html", context, status=status)


def areas_of(system: System, user: Actor, lang: str) -> list[tuple[str, str]]:
    """The user's area and those just inside it, to run over."""
    day = today(system)
    own = (user.area_code, system.areas.name_of(user.area_code, day, lang))
    return [own, *system.areas.sub_areas(user.area_code, day)]


@router.get("/what-if", dependencies=READS)
def what_if(
    request: Request, system: SystemDep, user: PageUser, base: str | None = None
) -> Response:
    return page(request, system, user, base or None)


@router.post("/what-if/drafts", dependencies=WRITES)
def draft(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    body = entered(form)
    outcome = attempt(
        lambda ctx: system.what_if.draft(ctx, body),
        command_context(user, form),
        page_language(request),
    )
    _ = gettext(request)
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused("draft", form, refusal, [*form.keys(), "indicators"]),
        lambda drawn: page(request, system, user, None, drawn, drawn.status),
        lambda written: "/what-if",
        _("The draft was kept. Choose it to run it."),
    )


@router.post("/what-if/runs", dependencies=WRITES)
def run(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    standard = text(form, "standard") or ""
    area = text(form, "area") or user.area_code

    def action(ctx: Any) -> Any:
        readable_area(system, user, area, today(system))
        as_of = parse_day(text(form, "as_of"), today(system), "as_of")
        known_at = instant(text(form, "known_at"))
        return system.what_if.run(ctx, standard, area, as_of, known_at)

    outcome = attempt(action, command_context(user, form), page_language(request))
    _ = gettext(request)
    fields = ("standard", "area", "as_of", "known_at")
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused("run", form, refusal, fields),
        lambda drawn: page(request, system, user, None, drawn, drawn.status),
        lambda written: f"/what-if/runs/{written.answer['id']}",
        _("The run was kept: it is judged again as known at its instant whenever it is opened."),
    )


def instant(typed: str | None) -> datetime | None:
    if typed is None:
        return None
    try:
        return datetime.fromisoformat(iso_instant(typed))
    except ValueError:
        raise ValidationError("invalid-value", field="known_at", value=typed) from None


# ---- a run -------------------------------------------------------------------------------------


def shown_run(system: System, user: Actor, run_id: str, place: str | None) -> dict[str, Any]:
    """A kept run judged again, its report, and what the page needs beside it."""
    what_if: WhatIfService = system.what_if
    kept, judged = what_if.result(user.area_code, run_id)
    if place is not None and place not in {j.place for j in judged}:
        raise NotFoundError("area-not-found", field="place", area_code=place)
    rules = what_if.rules(kept.standard)
    figures = system.indicators.figures(kept.area_code, kept.as_of, kept.known_at)
    found = report(judged, place)
    codes = codes_of(system, judged)
    found["movers"].sort(key=lambda m: (m["place"], codes.get(m["household_id"], "")))
    return {
        "run": what_if.run_data(kept),
        "name": rules.standard.name(),
        "same": what_if.same_as_recorded(kept, judged),
        "report": found,
        "place": place,
        "sensitivity": what_if.sensitivity(rules, judged),
        "households_total": figures["poverty_rate"].denominator,
        "codes": codes,
        "indicators": {i.key: (i.vi, i.en) for i in rules.standard.indicators},
    }


def codes_of(system: System, judged: list[Any]) -> dict[str, str]:
    """The code of each household that would move, to name it by: no personal field is shown
    or downloaded. Read from the directory a few hundred at a time."""
    movers = sorted(j.household_id for j in judged if j.moves)
    found: dict[str, str] = {}
    for start in range(0, len(movers), CODES_AT_ONCE):
        chunk = movers[start : start + CODES_AT_ONCE]
        items = report_reads(system).households(chunk)
        found.update({key: item["household_code"] for key, item in items.items()})
    return found


def sensitivity_trend(request: Request, shown: Mapping[str, Any]) -> Trend:
    """The poor and near-poor under the draft with its lines from 80 % to 120 %, as a chart
    and a table."""
    _ = gettext(request)
    lang = page_language(request)
    points = shown["sensitivity"]
    labels = tuple(f"{percent} %" for percent, _p, _n in points)
    chart = BarChart(
        "sensitivity",
        _("Poor and near-poor households against the draft's income line"),
        _("Households"),
        labels,
        (
            Series(formats.term("POOR", lang), tuple(poor for _p, poor, _n in points)),
            Series(formats.term("NEAR_POOR", lang), tuple(near for _p, _q, near in points)),
        ),
        lambda value: formats.number(value, lang),
    )
    rows: list[tuple[str, list[tuple[Value, str | None]]]] = [
        (label, [(poor, None), (near, None)])
        for label, (_p, poor, near) in zip(labels, points, strict=True)
    ]
    return Trend(chart, _("Share of the draft's lines"), rows)


@router.get("/what-if/runs/{run_id}", dependencies=READS)
def run_page(
    request: Request, run_id: str, system: SystemDep, user: PageUser, place: str | None = None
) -> Response:
    shown = shown_run(system, user, run_id, place or None)
    lang = page_language(request)
    names = {key: in_language(words, lang) for key, words in shown["indicators"].items()}
    for mover in shown["report"]["movers"][:SHOWN_MOVERS]:
        mover["deprived_words"] = [names.get(key, key) for key in mover["deprived"]]
    places = {p["place"] for p in shown["report"]["by_place"]}
    context = {
        "nav": "what_if",
        **shown,
        "sensitivity": sensitivity_trend(request, shown),
        "statuses": STATUSES,
        "columns": (*STATUSES[:-1], UNJUDGED),
        "place_names": {
            code: system.areas.name_of(code, shown_day(shown), lang) for code in places
        },
        "percents": SENSITIVITY,
        "shown_movers": SHOWN_MOVERS,
    }
    return render(request, "ui/what_if/run.html", context)


def shown_day(shown: Mapping[str, Any]) -> date:
    return date.fromisoformat(shown["run"]["as_of"])


@router.get("/what-if/runs/{run_id}/result.xlsx", dependencies=READS)
def run_download(request: Request, run_id: str, system: SystemDep, user: PageUser) -> Response:
    shown = shown_run(system, user, run_id, None)
    body = as_document(run_document(request, system, shown))
    return Response(
        body,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="what-if-{run_id[:8]}.xlsx"'},
    )


def run_document(request: Request, system: System, shown: Mapping[str, Any]) -> Document:
    """The run as a document: the communes' counts, then every household that would move."""
    _ = gettext(request)
    lang = page_language(request)
    ran = shown["run"]
    day = shown_day(shown)
    area = system.areas.name_of(ran["area_code"], day, lang)

    def term(code: str) -> str:
        return formats.term(code, lang)

    def named(keys: list[str]) -> str:
        words = shown["indicators"]
        return ", ".join(in_language(words[key], lang) if key in words else key for key in keys)

    communes: list[list[Cell]] = [
        [
            system.areas.name_of(p["place"], day, lang), p["households"],
            p.get("now:POOR", 0), p.get("simulated:POOR", 0),
            p.get("now:NEAR_POOR", 0), p.get("simulated:NEAR_POOR", 0),
            p.get("entering", 0), p.get("leaving", 0), p.get(f"simulated:{UNJUDGED}", 0),
        ]
        for p in shown["report"]["by_place"]
    ]  # fmt: skip
    movers: list[list[Cell]] = [
        [
            shown["codes"].get(m["household_id"], m["household_id"]),
            system.areas.name_of(m["place"], day, lang), m["survey_id"], m["members"],
            term(m["current"]), term(m["simulated"]), m["income"], m["line"],
            named(m["deprived"]), named(m["unanswered"]),
        ]
        for m in shown["report"]["movers"]
    ]  # fmt: skip
    return Document(
        title=_("What-if run: %(standard)s") % {"standard": shown["name"]},
        issuer=area,
        motto=("", ""),
        lines=(
            _("%(area)s, as of %(day)s") % {"area": area, "day": formats.day(day)},
            _("As known at %(instant)s.") % {
                "instant": formats.instant(datetime.fromisoformat(ran["known_at"]))
            } + " " + _("Nothing of this run is recorded in the households' histories."),
        ),
        sheets=[
            Sheet(
                _("Communes"),
                [
                    _("Commune"), _("Households surveyed"), _("Poor now"),
                    _("Poor under the draft"), _("Near-poor now"), _("Near-poor under the draft"),
                    _("Would become poor or near-poor"), _("Would leave the lists"),
                    _("Not judged"),
                ],
                communes,
                day,
            ),
            Sheet(
                _("Households that would move"),
                [
                    _("Household code"), _("Commune"), _("Survey"), _("Members"), _("Status now"),
                    _("Under the draft"), _("Income per person a month"), _("The draft's line"),
                    _("Deprived under the draft"), _("Not asked by the survey"),
                ],
                movers,
                day,
            ),
        ],
        signature=(_("Drawn up by"), ran["ran_by"]),
    )  # fmt: skip

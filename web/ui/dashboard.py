"""The supervisor's dashboard: the plan's figures for an area against their targets, the yearly
trends as charts, and the sub-areas side by side. Every number links to its drill-down, so a
figure can always be traced to the households and the events behind it.

The view (area, as of, known at) is read here for the drill-down and the downloads as well:
the same pickers, the same scoping, the same links."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from application.lineage import Point
from application.reports import plan_year_ends
from application.system import System
from domain.area_registry import TERRITORY
from domain.dates import as_instant
from domain.errors import ValidationError
from domain.plan import Plan
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.values import CATEGORY_KEYS
from domain.words import in_language, programme_name
from projections.figures import (
    BY_ID,
    FIGURES,
    SURVEY_LISTS,
    Figure,
    counted_by,
    covers,
    plan_for,
    progress_known,
    territory_of,
)
from projections.sealing import fold_text
from web.deps import SystemDep, scoped, today
from web.ui import formats
from web.ui.charts import BarChart, Line, Series, Trend, Value
from web.ui.forms import EARLIEST, LATEST, iso_instant, parse_day
from web.ui.render import gettext, page_language, render
from web.ui.session import DASHBOARD_PAGES, REGISTRY_PAGES, PageUser

router = APIRouter(dependencies=[Depends(DASHBOARD_PAGES)])

# The households by status; the figures of the sub-area table; the window figures split per year.
STATUS_FIGURES = ("poor", "near_poor", "poverty_rate", "near_poverty_rate")
KEY_FIGURES = (*STATUS_FIGURES, "near_poor_reduction")
PERSONS = ("poor_persons", "near_poor_persons")
TRANSITIONS = ("escaped", "relapsed", "newly_poor")
STATUS_TREND = ("poor", "near_poor")
INDICATOR_NAMES = {i.key: (i.vi, i.en) for s in catalogue().standards for i in s.indicators}


@dataclass(frozen=True)
class View:
    """What a page is about: an area inside the reader's own, a date, and optionally the
    instant whose knowledge counts (`known_text` as typed, to carry it into links)."""

    area: str
    as_of: date
    known_at: datetime | None
    known_text: str = ""

    @property
    def point(self) -> Point:
        return Point(self.as_of, self.known_at)

    def params(self, **changes: object) -> str:
        params = {"area": self.area, "as_of": self.as_of.isoformat(), "known_at": self.known_text}
        params.update({key: str(value) for key, value in changes.items()})
        return urlencode({key: value for key, value in params.items() if value})

    def drill_down(self, figure_id: str, **changes: object) -> str:
        return f"/indicators/{quote(figure_id)}?{self.params(**changes)}"


# Dates a page accepts: anything else is a typing slip, refused before it reaches a query.
def parse_instant(text: str | None) -> datetime | None:
    """An instant typed dd/mm/yyyy hh:mm[:ss] (or ISO, as links write it) is Vietnam's time
    unless it names its zone; the recorded times it is compared with are UTC."""
    if not text:
        return None
    try:
        instant = datetime.fromisoformat(iso_instant(text.strip()))
    except ValueError:
        raise ValidationError("invalid-value", field="known_at", value=text) from None
    if not EARLIEST <= instant.date() <= LATEST:
        raise ValidationError("invalid-value", field="known_at", value=text)
    return as_instant(instant)


def chosen_view(
    actor: PageUser,
    system: SystemDep,
    area: str | None = None,
    as_of: str | None = None,
    known_at: str | None = None,
) -> View:
    """The pickers' values; an area outside the reader's own is the same 404 as an unknown
    one. By default the reader's own area today — for a scope whose unit ended, as it stood
    on its last day; for a commune that went wholly into a new unit, that unit — and an area
    that has ended, on its last day."""
    now = today(system)
    own, last = system.areas.scope_of(actor.area_code, now)
    ended = system.areas.registry().ended(area, now) if area else None
    default = ended - timedelta(days=1) if ended else last
    day = parse_day(as_of, default, "as_of")
    code = scoped(system, actor, area or own, day)
    system.reads.catch_up_if_embedded()
    return View(code, day, parse_instant(known_at), known_at or "")


ChosenView = Annotated[View, Depends(chosen_view)]


def area_choices(system: System, own: str, view: View, lang: str) -> list[tuple[str, str]]:
    """The reader's area and the areas just inside it (for the city, also the provinces'
    territories before the reorganisation, on which their plans are measured), and the area
    on show if it lies deeper."""
    own = system.areas.scope_of(own, view.as_of)[0]
    choices = [(own, system.areas.name_of(own, view.as_of, lang))]
    choices += system.areas.sub_areas(own, view.as_of)
    registry = system.areas.registry()
    if own == registry.province_code:
        territories = (TERRITORY + code for code in (own, *registry.provinces))
        choices += [(code, system.areas.name_of(code, view.as_of, lang)) for code in territories]
    if view.area not in {code for code, _ in choices}:
        choices.append((view.area, system.areas.name_of(view.area, view.as_of, lang)))
    return choices


def figure_namer(request: Request) -> Callable[[str], str]:
    """A figure's name in the reader's language: the plan's own names, and for the families of
    figures (deprivations, loan programmes) the indicator's or programme's name."""
    lang = page_language(request)
    _ = gettext(request)

    def name(figure_id: str) -> str:
        family, _dot, key = figure_id.partition(".")
        if family == "deprivation" and key in INDICATOR_NAMES:
            indicator = in_language(INDICATOR_NAMES[key], lang)
            return str(_("Deprived: %(indicator)s") % {"indicator": indicator})
        if family in SURVEY_LISTS:
            answer = formats.term(key, lang)
            label = _("Cause: %(cause)s") if family == "cause" else _("Need: %(need)s")
            return str(label % {family: answer})
        if family == "loans_outstanding":
            programme = programme_name(key, lang)
            return str(_("Outstanding loans: %(programme)s") % {"programme": programme})
        definition = BY_ID[figure_id]
        return in_language((definition.vi, definition.en), lang)

    return name


@dataclass(frozen=True)
class FigureRow:
    """One figure as a page shows it; `link` opens its drill-down."""

    id: str
    name: str
    unit: str
    value: Value
    numerator: int
    denominator: int | None
    target: float | None
    link: str

    @property
    def progress(self) -> float | None:
        """How far toward the target, for the progress bar (None: no bar)."""
        if self.target is None or self.value is None:
            return None
        return max(0.0, min(float(self.value), self.target))


def figure_rows(
    figures: dict[str, Figure], view: View, name: Callable[[str], str], wanted: list[str]
) -> list[FigureRow]:
    return [
        FigureRow(
            figure_id,
            name(figure_id),
            BY_ID[figure_id].unit,
            figures[figure_id].value,
            figures[figure_id].numerator,
            figures[figure_id].denominator,
            figures[figure_id].target,
            view.drill_down(figure_id),
        )
        for figure_id in wanted
    ]


def figure_groups(
    request: Request, figures: dict[str, Figure], view: View
) -> list[tuple[str, list[FigureRow]]]:
    _ = gettext(request)
    name = figure_namer(request)
    ids = [f.id for f in FIGURES]
    groups = [
        (_("Targets of the plan"), [i for i in ids if BY_ID[i].target]),
        (_("Poor and near-poor households"), [*STATUS_FIGURES, *PERSONS]),
        (_("Escapes, relapses and new cases since the start of the plan"), list(TRANSITIONS)),
        (
            _("Deprivations of poor and near-poor households"),
            [i for i in ids if i.startswith("deprivation.")],
        ),
        (
            _("Causes of poverty named by the surveys of poor and near-poor households"),
            [i for i in ids if i.startswith("cause.")],
        ),
        (
            _("Needs named by the surveys of poor and near-poor households"),
            [i for i in ids if i.startswith("need.")],
        ),
        (_("Outstanding loans"), [i for i in ids if i.startswith("loans_outstanding.")]),
    ]
    return [(title, figure_rows(figures, view, name, wanted)) for title, wanted in groups]


def trends(
    request: Request,
    system: System,
    view: View,
    figures: dict[str, Figure],
    plan: Plan | None,
) -> list[Trend]:
    """The poor and near-poor at the baseline of the plan the page shows and on 31 December of
    each year of the plan period holding the date, with the plan's target for the near-poor;
    and the escapes, relapses and new cases per calendar year."""
    _ = gettext(request)
    lang = page_language(request)
    name = figure_namer(request)
    period = programme_rules().period_on(view.as_of)
    days = plan_year_ends(period.start, period.end, view.as_of) if period else []
    baseline = plan.baseline_date if plan and progress_known(plan, view.as_of) else None
    if baseline is not None and (not days or baseline < days[0]):
        days = [baseline, *days]
    yearly = [system.indicators.figures(view.area, day, view.known_at) for day in days]
    reduction = figures["near_poor_reduction"]
    lines: tuple[Line, ...] = ()
    if reduction.target is not None and reduction.denominator:
        wanted = reduction.denominator * (1 - reduction.target / 100)
        lines = (Line(_("Plan's target for the near-poor"), math.floor(wanted)),)
    statuses = Trend(
        BarChart(
            "trend-status",
            _("Poor and near-poor households at the baseline and at the end of each year"),
            _("Households"),
            tuple(_("Baseline") if day == baseline else str(day.year) for day in days),
            tuple(
                Series(name(f), tuple(year[f].numerator for year in yearly)) for f in STATUS_TREND
            ),
            lambda value: formats.number(value, lang),
            lines,
        ),
        _("On"),
        [
            (
                formats.day(day),
                [
                    (year[f].numerator, view.drill_down(f, as_of=day.isoformat()))
                    for f in STATUS_TREND
                ],
            )
            for day, year in zip(days, yearly, strict=True)
        ],
    )
    years = list(figures[TRANSITIONS[0]].breakdown or {})
    transitions = Trend(
        BarChart(
            "trend-transitions",
            _("Escapes, relapses and new cases per year"),
            _("Households"),
            tuple(years),
            tuple(
                Series(name(f), tuple((figures[f].breakdown or {}).get(y, 0) for y in years))
                for f in TRANSITIONS
            ),
            lambda value: formats.number(value, lang),
        ),
        _("Year"),
        [(y, [((figures[f].breakdown or {}).get(y, 0), None) for f in TRANSITIONS]) for y in years],
    )
    return [statuses, transitions, by_category(request, figures)]


def by_category(request: Request, figures: dict[str, Figure]) -> Trend:
    """The poor and near-poor households on the date by category (a household may hold
    several, or none: the rows do not add up to the figure)."""
    _ = gettext(request)
    lang = page_language(request)
    name = figure_namer(request)
    counts = {f: figures[f].breakdown or {} for f in STATUS_TREND}
    labels = [(key, formats.term(key, lang)) for key in CATEGORY_KEYS]
    return Trend(
        BarChart(
            "categories",
            _("Poor and near-poor households by category on the date"),
            _("Households"),
            tuple(words for _key, words in labels),
            tuple(
                Series(name(f), tuple(counts[f].get(k, 0) for k in CATEGORY_KEYS)) for f in counts
            ),
            lambda value: formats.number(value, lang),
        ),
        _("Category"),
        [(words, [(counts[f].get(key, 0), None) for f in counts]) for key, words in labels],
    )


@dataclass(frozen=True)
class SubArea:
    code: str
    name: str
    rows: dict[str, FigureRow]


def sub_area_table(
    request: Request, system: System, view: View, sort: str | None, descending: bool
) -> list[SubArea]:
    """The areas just inside the one on show with their key figures, sorted by a column (by
    code unless asked); missing values sort last either way."""
    name = figure_namer(request)
    table = []
    sub_areas = system.areas.sub_areas(view.area, view.as_of)
    counted = system.indicators.figures_of_areas(
        [c for c, _ in sub_areas], view.as_of, view.known_at, only=KEY_FIGURES
    )
    for code, area_name in sub_areas:
        inside = View(code, view.as_of, view.known_at, view.known_text)
        rows = figure_rows(counted[code], inside, name, list(KEY_FIGURES))
        table.append(SubArea(code, area_name, {row.id: row for row in rows}))
    if sort == "name":
        table.sort(key=lambda sub: fold_text(sub.name), reverse=descending)
    elif sort in KEY_FIGURES:
        known = [sub for sub in table if sub.rows[sort].value is not None]
        known.sort(key=lambda sub: float(sub.rows[sort].value or 0), reverse=descending)
        table = known + [sub for sub in table if sub.rows[sort].value is None]
    return table


@dataclass(frozen=True)
class PlanMention:
    """A plan named on the page: its reference, period and the territory it is measured on."""

    reference: str
    start: date
    end: date
    baseline: date
    territory: str
    territory_name: str
    ended: bool
    standard_name: str | None  # the province's own standard its figures count by, if named


@dataclass(frozen=True)
class PlanNote:
    """What the page says of the plans beside the figures: the plan that speaks for the area on
    the date (None: no plan's territory holds it), whether the date is before its baseline or
    after its end, and the plans that speak that day for other territories — those in force, or
    when none speaks for the area, the last ones that ended there too — so a reader can go to
    them."""

    plan: PlanMention | None
    before_baseline: bool
    ended: bool
    others: list[PlanMention]


def plan_note(
    system: System, view: View, plans: list[Plan], chosen: Plan | None, lang: str
) -> PlanNote:
    """What the page says of the plan it shows (`chosen`) and of the other territories'."""
    registry = system.areas.registry()

    def mention(plan: Plan) -> PlanMention:
        territory = territory_of(plan, registry)
        name = system.areas.name_of(territory, view.as_of, lang)
        ended = view.as_of > plan.period_end
        return PlanMention(
            plan.reference,
            plan.period_start,
            plan.period_end,
            plan.baseline_date,
            territory,
            name,
            ended,
            (counted := counted_by(plan, view.as_of)) and catalogue().name_of(counted, lang),
        )

    territories = dict.fromkeys(territory_of(plan, registry) for plan in plans)
    speaking = {
        plan.reference: plan
        for territory in territories
        if (plan := plan_for(plans, registry, territory, view.as_of)) is not None
    }
    others = [
        mention(plan)
        for plan in speaking.values()
        if plan is not chosen
        and not covers(plan, registry, view.area, view.as_of)
        and (plan.in_force(view.as_of) or chosen is None)
    ]  # fmt: skip
    return PlanNote(
        mention(chosen) if chosen else None,
        chosen is not None and not progress_known(chosen, view.as_of),
        chosen is not None and view.as_of > chosen.period_end,
        others,
    )


@router.get("/dashboard")
def dashboard(
    request: Request,
    actor: PageUser,
    system: SystemDep,
    view: ChosenView,
    sort: str | None = None,
    dir: str | None = None,
) -> HTMLResponse:
    figures = system.indicators.figures(view.area, view.as_of, view.known_at)
    plans = system.indicators.plans(view.known_at)
    # The plan the page shows: in force, else the last ended, else the next.
    chosen = plan_for(plans, system.areas.registry(), view.area, view.as_of)
    column = sort if sort in ("name", *KEY_FIGURES) else None
    descending = dir == "desc"
    context: dict[str, Any] = {
        "nav": "dashboard",
        "view": view,
        "choices": area_choices(system, actor.area_code, view, page_language(request)),
        "groups": figure_groups(request, figures, view),
        "trends": trends(request, system, view, figures, chosen),
        "sub_areas": sub_area_table(request, system, view, column, descending),
        "plan": plan_note(system, view, plans, chosen, page_language(request)),
        "waiting": system.assignments.waiting(view.area, today(system)),
        "assignments_open": actor.role in REGISTRY_PAGES.roles,
        "missing_total": figures["poverty_rate"].denominator is None,
        "columns": [(f, figure_namer(request)(f)) for f in KEY_FIGURES],
        "sort": column,
        "descending": descending,
    }
    return render(request, "ui/dashboard/page.html", context)

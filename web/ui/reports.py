"""Downloads of the figures and the lists as xlsx and csv, for the supervisor's area or an area
inside it, with the column headers in the reader's language. csv is UTF-8 with a byte-order
mark, so Excel opens the Vietnamese names correctly; xlsx is written by openpyxl."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime
from io import BytesIO, StringIO
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from openpyxl import Workbook

from application.lineage import Point
from application.reports import STATUSES, ReportReads
from application.system import System
from domain.values import CATEGORY_KEYS
from domain.words import label
from projections.figures import BY_ID, FIGURES, LISTED_STATUSES, SURVEY_LISTS, Figure
from web.deps import SystemDep, readable_area
from web.ui import formats
from web.ui.dashboard import ChosenView, View, area_choices, figure_namer
from web.ui.documents import Cell, Document, Sheet, as_document, table
from web.ui.households.common import N_
from web.ui.render import gettext, page_language, render
from web.ui.session import SUPERVISOR_PAGES, PageUser, current_user

router = APIRouter(dependencies=[Depends(SUPERVISOR_PAGES)])

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def report_reads(system: System) -> ReportReads:
    return ReportReads(system.reads, system.lineage)


# A text cell starting with one of these is a formula to a spreadsheet: typed names and codes
# must never run (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: Cell) -> Cell:
    """Text that a spreadsheet would run, made plain text by a leading apostrophe."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


# How a spreadsheet of the reader's language reads a CSV: a Vietnamese one (Excel or LibreOffice
# with Vietnamese regional settings) takes ";" between cells and "," as the decimal mark.
CSV_MARKS = {"vi": (";", ","), "en": (",", ".")}


def as_csv(sheet: Sheet, lang: str) -> bytes:
    """Dates as dd/mm/yyyy, as Vietnamese readers write them; nothing for a missing value; the
    separator and decimal mark of a spreadsheet in the reader's language; a byte-order mark,
    so a spreadsheet reads UTF-8."""
    separator, mark = CSV_MARKS.get(lang, CSV_MARKS["vi"])
    text = StringIO()
    writer = csv.writer(text, delimiter=separator)
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(csv_cell(cell, mark) for cell in map(inert, row))
    return text.getvalue().encode("utf-8-sig")


def csv_cell(cell: Cell, mark: str) -> Cell:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float):
        return repr(cell).replace(".", mark)
    return cell


def as_xlsx(sheet: Sheet, lang: str) -> bytes:
    """Numbers as numbers and dates as dates (shown dd/mm/yyyy), the header row bold and
    frozen."""
    book = Workbook()
    page = book.active
    assert page is not None
    page.title = sheet.title[:31]
    table(page, sheet, 1)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WRITERS: dict[str, Callable[[Sheet, str], bytes]] = {"xlsx": as_xlsx, "csv": as_csv}


def figures_sheet(request: Request, system: System, view: View) -> Sheet:
    _ = gettext(request)
    name = figure_namer(request)
    units = {
        "households": _("households"), "members": _("people"), "models": _("models"),
        "officials": _("officials"), "%": "%", "VND": "VND",
    }  # fmt: skip
    figures = system.indicators.figures(view.area, view.as_of, view.known_at)
    headers = [_("Figure"), _("Code"), _("Value"), _("Counted"), _("Out of"), _("Target")]
    return Sheet(
        _("Figures"),
        [*headers, _("Unit")],
        [
            [
                name(f.id),
                f.id,
                figures[f.id].value,
                figures[f.id].numerator,
                figures[f.id].denominator,
                figures[f.id].target,
                units[BY_ID[f.id].unit],
            ]
            for f in FIGURES
        ],
        view.as_of,
    )


def area_today(request: Request, system: System, view: View) -> str:
    """The summary shows households as they stand today, so the area must be the reader's
    today (a commune that changed district since `as_of` is no longer theirs)."""
    return readable_area(system, current_user(request), view.area, system.runner.today())


def status_sheet(
    status: str, title: Callable[[Callable[[str], str]], str]
) -> Callable[[Request, System, View], Sheet]:
    """The area's households on the list on the chosen date, as known at the chosen instant;
    `title` given `_`."""

    def sheet(request: Request, system: System, view: View) -> Sheet:
        _ = gettext(request)
        point = Point(view.as_of, view.known_at)
        reads = report_reads(system)
        listed = reads.listed(view.area, status, point, reads.counted_by(view.area, point))
        system.readlog.record_many(
            current_user(request), [(item["id"], item["place"]) for item in listed],
            f"download:{status}",
        )  # fmt: skip
        headers = [_("Household code"), _("Head of household"), _("Commune"), _("Village")]
        return Sheet(
            title(_),
            [*headers, _("Status since")],
            [
                [
                    item["household_code"],
                    item["head_name"],
                    system.areas.name_of(item["place"], view.as_of),
                    item["village"],
                    date.fromisoformat(item["listed_since"]),
                ]
                for item in listed
            ],
            view.as_of,
        )

    return sheet


def status_names(request: Request) -> list[str]:
    lang = page_language(request)
    return [label(status, lang).capitalize() for status in STATUSES]


def summary_sheet(request: Request, system: System, view: View) -> Sheet:
    """Households by status today in each sub-area, and the area's total."""
    _ = gettext(request)
    today = system.runner.today()
    counts = report_reads(system).status_counts(area_today(request, system, view))
    rows: list[list[Cell]] = [
        [system.areas.name_of(code, today), *by_status.values(), sum(by_status.values())]
        for code, by_status in counts.items()
    ]
    totals = [sum(by_status[status] for by_status in counts.values()) for status in STATUSES]
    area = system.areas.name_of(view.area, today)
    rows.append([_("Total: %(area)s") % {"area": area}, *totals, sum(totals)])
    headers = [_("Area"), *status_names(request), _("Total")]
    return Sheet(_("Review summary"), headers, rows, today)


# Report name in the URL → how to make its sheet.
REPORTS: dict[str, Callable[[Request, System, View], Sheet]] = {
    "figures": figures_sheet,
    "poor": status_sheet("POOR", lambda _: _("Poor households")),
    "near-poor": status_sheet("NEAR_POOR", lambda _: _("Near-poor households")),
    "summary": summary_sheet,
}


@router.get("/reports")
def reports(request: Request, actor: PageUser, system: SystemDep, view: ChosenView) -> HTMLResponse:
    _ = gettext(request)
    both, xlsx = ("xlsx", "csv"), ("xlsx",)
    downloads = [
        ("figures", _("The plan's figures"), _("Every figure with its target, as of the date."),
         both),
        ("poor", _("Poor households"),
         _("Code, head, commune, village and since when; as of the date."), both),
        ("near-poor", _("Near-poor households"), _("The same list for near-poor households."),
         both),
        ("review-form", _("The review's summary form"),
         _("Households, poor and near-poor households and their rates in each area inside and "
           "in the whole, as of the date: the dashboard's figures, laid out to print and sign."),
         xlsx),
        ("programme-results", _("The programme's results"),
         _("Every figure of the plan with its target, as of the date: the dashboard's figures, "
           "laid out to print and sign."),
         xlsx),
        ("summary", _("Review summary"), _("Households by status in each area inside; today."),
         both),
    ]  # fmt: skip
    context: dict[str, Any] = {
        "nav": "reports",
        "view": view,
        "choices": area_choices(system, actor.area_code, view, page_language(request)),
        "downloads": downloads,
    }
    return render(request, "ui/reports/page.html", context)


def downloader(name: str, kind: str) -> Callable[[Request, System, View], Response]:
    """The route of one report in one format (a route each, so each declares its policy)."""

    def download(request: Request, system: SystemDep, view: ChosenView) -> Response:
        sheet = REPORTS[name](request, system, view)
        filename = f"{name}-{view.area}-{sheet.on.isoformat()}.{kind}"
        return Response(
            WRITERS[kind](sheet, page_language(request)),
            media_type=MEDIA_TYPES[kind],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return download


# ---- the review's summary form: the dashboard's figures by sub-area, as a document ------------

ANSWERS = tuple(figure.id for figure in FIGURES if figure.split == "statuses")
FORM_FIGURES = (
    "poor", "near_poor", "poverty_rate", "near_poverty_rate", "poor_persons",
    "near_poor_persons", *ANSWERS,
)  # fmt: skip
KIND_ROWS = {
    "URBAN": N_("Of which in urban areas"),
    "RURAL": N_("Of which in rural areas"),
    "AWAITING": N_("Of which awaiting their new unit"),
}


def review_form(request: Request, system: System, view: View) -> Document:
    """Households and members, poor and near-poor households, their rates, categories, causes
    and needs, in each area just inside the one chosen, in its urban and its rural communes,
    and in the whole of it, as of the date and as known at the instant: the dashboard's own
    figures, read as it reads them (the areas inside in one read, the whole in another), so
    the form and the dashboard never disagree."""
    _ = gettext(request)
    lang = page_language(request)
    inside = system.areas.sub_areas(view.area, view.as_of)
    counted = system.indicators.figures_of_areas(
        [code for code, _name in inside], view.as_of, view.known_at, only=FORM_FIGURES
    )
    kinds = system.indicators.by_area_kind(view.area, view.as_of, view.known_at, FORM_FIGURES)
    whole = system.indicators.figures(view.area, view.as_of, view.known_at)
    area = system.areas.name_of(view.area, view.as_of, lang)
    areas = [
        *((name, counted[code]) for code, name in inside),
        *((_(KIND_ROWS[kind]), figures) for kind, figures in kinds.items()),
        (_("Total: %(area)s") % {"area": area}, whole),
    ]
    answers = {
        _("Causes"): answer_headers(request, "cause"),
        _("Needs"): answer_headers(request, "need"),
    }
    sheets = [
        Sheet(_("Summary"), form_headers(request), [form_row(*a) for a in areas], view.as_of),
        *(
            Sheet(title, headers, [answer_row(*a, family) for a in areas], view.as_of)
            for (title, headers), family in zip(answers.items(), SURVEY_LISTS, strict=True)
        ),
    ]
    title = _("Summary of the review of poor and near-poor households")
    return area_form(request, system, view, title, sheets)


def programme_results(request: Request, system: System, view: View) -> Document:
    """The plan's figures with their targets, as the figures download gives them, as a form
    to print and sign (Circular 10/2022's "Kết quả thực hiện Chương trình" by its title only:
    its columns were not found)."""
    _ = gettext(request)
    title = _("Results of the national target programme for sustainable poverty reduction")
    return area_form(request, system, view, title, [figures_sheet(request, system, view)])


def area_form(
    request: Request, system: System, view: View, title: str, sheets: list[Sheet]
) -> Document:
    """A form of the chosen area as of the date and as known at the instant (or when drawn
    up), issued by the area's People's Committee, to print and sign."""
    _ = gettext(request)
    area = system.areas.name_of(view.area, view.as_of, page_language(request))
    known = (
        _("As known at %(instant)s.") % {"instant": formats.instant(view.known_at)}
        if view.known_at
        else _("As known when drawn up, %(instant)s.") % {
            "instant": formats.instant(datetime.now(UTC))
        }
    )  # fmt: skip
    return Document(
        title=title,
        issuer=_("People's Committee of %(commune)s") % {"commune": area},
        motto=(_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")),
        lines=(
            _("%(area)s, as of %(day)s") % {"area": area, "day": formats.day(view.as_of)},
            known,
        ),
        sheets=sheets,
        signature=(_("For the People's Committee"), ""),
    )


def form_row(name: str, figures: dict[str, Figure]) -> list[Cell]:
    """An area's row: households, the poor, their rate, their members and then by category, the
    near-poor likewise."""
    households = figures["poverty_rate"].denominator
    row: list[Cell] = [name, households]
    for status, rate in (("poor", "poverty_rate"), ("near_poor", "near_poverty_rate")):
        breakdown = figures[status].breakdown or {}
        persons = figures[f"{status}_persons"].numerator
        row += [figures[status].numerator, figures[rate].value, persons]
        row += [breakdown.get(key, 0) for key in CATEGORY_KEYS]
    return row


def form_headers(request: Request) -> list[str]:
    _ = gettext(request)
    lang = page_language(request)
    categories = [formats.term(key, lang) for key in CATEGORY_KEYS]
    return [
        _("Area"), _("Households"),
        _("Poor households"), _("Poverty rate (%)"), _("Members of poor households"),
        *(_("Poor: %(category)s") % {"category": c} for c in categories),
        _("Near-poor households"), _("Near-poverty rate (%)"), _("Members of near-poor households"),
        *(_("Near-poor: %(category)s") % {"category": c} for c in categories),
    ]  # fmt: skip


def answer_row(name: str, figures: dict[str, Figure], family: str) -> list[Cell]:
    """An area's row of causes (or needs): the poor, then the near-poor households whose
    survey named each."""
    row: list[Cell] = [name]
    for key in SURVEY_LISTS[family]:
        breakdown = figures[f"{family}.{key.value}"].breakdown or {}
        row += [breakdown.get(status.value, 0) for status in LISTED_STATUSES]
    return row


def answer_headers(request: Request, family: str) -> list[str]:
    _ = gettext(request)
    lang = page_language(request)
    headers = [_("Area")]
    for key in SURVEY_LISTS[family]:
        term = formats.term(key.value, lang)
        headers += [_("Poor: %(category)s") % {"category": term}]
        headers += [_("Near-poor: %(category)s") % {"category": term}]
    return headers


# Form name in the URL → how to make it; each is an xlsx document.
FORMS: dict[str, Callable[[Request, System, View], Document]] = {
    "review-form": review_form,
    "programme-results": programme_results,
}


def form_downloader(name: str) -> Callable[[Request, System, View], Response]:
    def download(request: Request, system: SystemDep, view: ChosenView) -> Response:
        body = as_document(FORMS[name](request, system, view))
        filename = f"{name}-{view.area}-{view.as_of.isoformat()}.xlsx"
        return Response(
            body,
            media_type=MEDIA_TYPES["xlsx"],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return download


for _name in REPORTS:
    for _kind in WRITERS:
        router.add_api_route(f"/reports/{_name}.{_kind}", downloader(_name, _kind), methods=["GET"])
for _name in FORMS:
    router.add_api_route(f"/reports/{_name}.xlsx", form_downloader(_name), methods=["GET"])

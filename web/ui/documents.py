"""Official documents as xlsx, laid out as a commune prints them: the issuing body and the
national motto at the top, the title, what the document is of and as known when, the table,
and the signature block; A4, landscape, fitted to the page's width, the table's header repeated
on every printed page. One sheet a table (a village's posting list, a decision's annex). The
table itself is the one every download writes (`table`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Sheet:
    """One table to download: a title (the xlsx sheet's name), the headers, the rows and the
    day they are as of."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    on: date  # the day its content is as of, which the file's name carries


def table(page: Worksheet, sheet: Sheet, first: int) -> None:
    """The sheet's table from row `first`: its header bold and frozen above the rows, text
    kept as text, dates shown dd/mm/yyyy, each column as wide as its longest cell."""
    for index, header in enumerate(sheet.headers, start=1):
        page.cell(first, index, header).font = Font(bold=True)
    for offset, row in enumerate(sheet.rows, start=1):
        for index, value in enumerate(row, start=1):
            cell = page.cell(first + offset, index, value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
    for index, header in enumerate(sheet.headers):
        width = max([len(header), *(len(str(row[index] or "")) for row in sheet.rows)])
        page.column_dimensions[get_column_letter(index + 1)].width = min(width + 2, 60)
    page.freeze_panes = f"A{first + 1}"


HEADER_ROW = 7  # the table's header: below the motto, the title and the lines under it


@dataclass(frozen=True)
class Document:
    """`issuer`: the body that issues it ("UBND Xã Nam Sách"); `motto`: the national motto's
    two lines; `lines`: what it is of, on what date, as known when; `signature`: the signer's
    title and name (the name left blank for a hand signature)."""

    title: str
    issuer: str
    motto: tuple[str, str]
    lines: tuple[str, str]
    sheets: Sequence[Sheet]
    signature: tuple[str, str]


def as_document(document: Document) -> bytes:
    book = Workbook()
    for index, sheet in enumerate(document.sheets):
        page = book.active if index == 0 else book.create_sheet()
        assert page is not None
        page.title = sheet.title[:31]
        heading(page, document, max(len(sheet.headers), 4))
        table(page, sheet, HEADER_ROW)
        signed(page, document, HEADER_ROW + len(sheet.rows) + 2, len(sheet.headers))
        printed(page)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def heading(page: Worksheet, document: Document, width: int) -> None:
    """The issuer on the left and the motto on the right, then the title and its lines."""
    half = max(width // 2, 1)
    page.cell(1, 1, document.issuer).font = Font(bold=True)
    page.cell(1, half + 1, document.motto[0]).font = Font(bold=True)
    page.cell(2, half + 1, document.motto[1]).font = Font(bold=True, italic=True)
    page.cell(4, 1, document.title).font = Font(bold=True, size=14)
    page.merge_cells(start_row=4, start_column=1, end_row=4, end_column=width)
    page.cell(4, 1).alignment = Alignment(horizontal="center")
    for offset, line in enumerate(document.lines):
        page.cell(5 + offset, 1, line).alignment = Alignment(horizontal="center")
        page.merge_cells(start_row=5 + offset, start_column=1, end_row=5 + offset, end_column=width)


def signed(page: Worksheet, document: Document, row: int, width: int) -> None:
    """The signer's title, room for the signature and the seal, and the name."""
    column = max(width - 1, 1)
    page.cell(row, column, document.signature[0]).font = Font(bold=True)
    page.cell(row + 4, column, document.signature[1]).font = Font(bold=True)


def printed(page: Worksheet) -> None:
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = page.PAPERSIZE_A4
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    page.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

"""An import on each backend: a file's surveys written by the bulk path, read back as the
households' own entries; a spreadsheet reads as its csv does."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from application.commands import Actor, context
from application.system import System
from tests.application.desk import Desk
from tests.features.conftest import CITY_CASEWORKER

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
GOOD = EXAMPLES / "surveys-nam-sach-2026.csv"
OFFICER = Actor("canbo.namsach", "caseworker", "10606")
CITY_OFFICER = Actor("canbo.thanhpho", "caseworker", "31")


def households(system: System) -> dict[str, str]:
    desk = Desk(system, CITY_CASEWORKER)
    registered = {
        code: desk.register(date(2025, 8, 1), commune_code="10606", code=code).id
        for code in ("NS-0001", "NS-0002", "NS-0003")
    }
    system.reads.catch_up()  # the worker's part on PostgreSQL
    return registered


def as_spreadsheet(source: Path, target: Path) -> Path:
    """The csv as a spreadsheet program keeps it: dates as dates, money as numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with source.open(encoding="utf-8") as lines:
        for number, row in enumerate(csv.reader(lines, delimiter=";")):
            if number:
                row[1] = datetime.strptime(row[1], "%d/%m/%Y")  # type: ignore[call-overload]
                row[3] = int(row[3].replace(".", ""))  # type: ignore[call-overload]
            sheet.append(row)
    book.save(target)
    return target


def test_an_imported_survey_is_the_households_own_entry(any_backend: System) -> None:
    ids = households(any_backend)

    done = any_backend.imports.run(context(OFFICER), "10606", GOOD, False, "vi")

    assert done["recorded"] == 3
    entries = any_backend.households.history(ids["NS-0003"], lang="vi")["entries"]
    survey = entries[-1]
    assert (survey["type"], survey["actor"]) == ("HouseholdSurveyed", "canbo.namsach")
    assert survey["data"]["income_per_capita_vnd"] == 1_500_000
    assert survey["data"]["causes"] == ["CAPITAL", "SKILLS"]


def test_a_spreadsheet_imports_as_its_csv_does(any_backend: System, tmp_path: Path) -> None:
    ids = households(any_backend)
    sheet = as_spreadsheet(GOOD, tmp_path / "surveys.xlsx")

    done = any_backend.imports.run(context(OFFICER), "10606", sheet, False, "vi")
    any_backend.reads.catch_up()
    again = any_backend.imports.run(context(OFFICER), "10606", GOOD, False, "vi")

    assert (done["recorded"], done["problems"]) == (3, [])
    assert again["already_recorded"] == 3
    statuses = {
        code: any_backend.households.get(hid)["surveys_awaiting_recognition"][0]["leads_to"]
        for code, hid in ids.items()
    }
    assert statuses == {"NS-0001": "NON_POOR", "NS-0002": "NEAR_POOR", "NS-0003": "POOR"}


def test_a_citys_file_names_each_rows_commune(any_backend: System, tmp_path: Path) -> None:
    desk = Desk(any_backend, CITY_CASEWORKER)
    for commune in ("10606", "11602"):
        desk.register(date(2025, 8, 1), commune_code=commune, code="HP-0001")
    any_backend.reads.catch_up()
    city = tmp_path / "city.csv"
    with GOOD.open(encoding="utf-8") as lines:
        headings, first, *_ = csv.reader(lines, delimiter=";")
    with city.open("w", encoding="utf-8", newline="") as out:
        rows = [
            ["Mã xã", *headings],
            ["10606", "HP-0001", *first[1:]],
            ["11602", "HP-0001", *first[1:]],
        ]
        csv.writer(out, delimiter=";").writerows(rows)

    done = any_backend.imports.run(context(CITY_OFFICER), "31", city, False, "vi")

    assert (done["recorded"], done["problems"]) == (2, [])

"""Importing a commune's survey results from a file laid out like the survey form: one row a
household, found by its code in the commune. Every row is checked first — its cells parsed into
the survey command, the household found, the survey applied to the household in memory, so
each rule of the domain is checked as on a form — and each problem is named by its row and its
column in the user's language. Nothing is recorded unless every row passes; then the events
the check made are saved, a few thousand a transaction (docs/spec/review-round.md, "Import").

A row's survey id is drawn from what the row says (its commune, household, date, kind and
answers), so importing the same file again finds every survey recorded and records nothing.

The file is the importing user's: a commune outside their area, named by the form or by a row,
is refused (the operator's command line imports as the whole city)."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID
from zipfile import BadZipFile

from eventsourcing.persistence import IntegrityError
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from application.admin_scope import ForbiddenError, check_inside, inside
from application.commands import CommandContext
from application.households import HouseholdService
from application.infrastructure.store import CaseStore
from application.inputs import RecordSurvey
from application.readmodels import ReadModels
from application.readscope import read_scope
from domain.errors import ConflictError, DomainError, ValidationError
from domain.fields import FIELD_LABELS
from domain.standards import catalogue
from domain.words import LABELS, in_language

# The columns of a survey row, each by its key, its Vietnamese and its English heading.
COLUMNS: dict[str, tuple[str, str]] = {
    "commune_code": ("Mã xã", "Commune code"),
    "household_code": ("Mã hộ", "Household code"),
    "effective_date": ("Ngày khảo sát", "Survey date"),
    "kind": ("Loại rà soát", "Review kind"),
    "income_per_capita_vnd": FIELD_LABELS["income_per_capita_vnd"],
    "causes": ("Nguyên nhân", "Causes"),
    "needs": ("Nhu cầu", "Needs"),
    "surveyor": ("Người khảo sát", "Surveyor"),
}
INDICATORS: dict[str, tuple[str, str]] = {
    indicator.key: (indicator.vi, indicator.en)
    for standard in catalogue().standards
    for indicator in standard.indicators
}
REQUIRED = ("household_code", "effective_date", "kind", "income_per_capita_vnd")
YES = {"x", "1", "có", "co", "yes", "true", "đúng"}
NO = {"", "0", "không", "khong", "no", "false"}
CHUNK = 5000  # events a transaction
FORMATS = (".xlsx", ".csv")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: its row (as the spreadsheet numbers it, the headings
    being row 1), its column's heading, and the refusal."""

    row: int
    column: str
    error: DomainError

    def data(self, lang: str) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.error.code,
            "message": self.error.message(lang),
        }


@dataclass(frozen=True)
class Row:
    """A row of the file: its number, its household (by commune and code), and its survey,
    parsed (or the refusal of its cells)."""

    number: int
    commune_code: str
    code: str
    given: RecordSurvey | None
    refusal: DomainError | None


@dataclass
class Tally:
    """What the import records, or would: the surveys new to their households and those found
    recorded already, and what is wrong with the file."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    recorded: int = 0
    already: int = 0
    headings: dict[str | None, str] = field(default_factory=dict)  # by column key, as in the file

    def note(self, row: Row, error: DomainError) -> None:
        for refusal in error.refusals:
            self.problems.append(
                Problem(row.number, column_of(refusal.field, self.headings), refusal)
            )


def heading_key(heading: object) -> str | None:
    """The column a heading names: its key, or its Vietnamese or English heading."""
    text = str(heading or "").strip().casefold()
    for key, names in (*COLUMNS.items(), *INDICATORS.items()):
        if text in {key.casefold(), names[0].casefold(), names[1].casefold()}:
            return key
    return None


def read_table(path: Path) -> list[list[Any]]:
    """The file's rows as lists of cells: an xlsx's first sheet, or a csv (UTF-8, with `,` or
    `;` between cells, as a spreadsheet in either language saves it). Any other file, or one
    that is not what its name says, is refused as a whole (`import-format`)."""
    suffix = path.suffix.casefold()
    if suffix not in FORMATS:
        raise ValidationError("import-format", field="file", file=path.name)
    try:
        return read_xlsx(path) if suffix == ".xlsx" else read_csv(path)
    except (UnicodeDecodeError, BadZipFile, InvalidFileException, KeyError, csv.Error):
        raise ValidationError("import-format", field="file", file=path.name) from None


def read_xlsx(path: Path) -> list[list[Any]]:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def read_csv(path: Path) -> list[list[Any]]:
    with path.open(encoding="utf-8-sig", newline="") as lines:
        first = lines.readline()
        lines.seek(0)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        return [list(row) for row in csv.reader(lines, delimiter=delimiter)]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_date(value: object) -> object:
    """A date cell, an ISO date or dd/mm/yyyy as typed; anything else as it is, to be named."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    parts = text.split("/")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        day, month, year = parts
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}"
    return text or None


def cell_amount(value: object) -> object:
    """A whole number as a cell holds it or as typed with thousands marks (1.200.000)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    text = cell_text(value).replace(".", "").replace(",", "").replace(" ", "")
    return int(text) if text.isdigit() else (cell_text(value) or None)


def cell_kind(value: object) -> object:
    """A review kind by its code or its name in either language."""
    text = cell_text(value)
    for code in ("PERIODIC", "REGULAR"):
        if text.casefold() in {code.casefold(), *(name.casefold() for name in LABELS[code])}:
            return code
    return text or None


def cell_tick(value: object) -> object:
    text = cell_text(value).casefold()
    return True if text in YES else False if text in NO else cell_text(value)


def cell_codes(value: object) -> list[str]:
    text = cell_text(value).replace(",", ";")
    return [part.strip() for part in text.split(";") if part.strip()]


def survey_body(cells: dict[str, Any]) -> dict[str, Any]:
    """The survey command's body from a row's cells, by column."""
    body: dict[str, Any] = {
        "effective_date": cell_date(cells.get("effective_date")),
        "kind": cell_kind(cells.get("kind")),
        "income_per_capita_vnd": cell_amount(cells.get("income_per_capita_vnd")),
        "causes": cell_codes(cells.get("causes")),
        "needs": cell_codes(cells.get("needs")),
        "deprivations": {
            key: cell_tick(value) for key, value in cells.items() if key in INDICATORS
        },
    }
    surveyor = cell_text(cells.get("surveyor"))
    return {**body, "surveyor": surveyor} if surveyor else body


def survey_id(commune_code: str, code: str, body: dict[str, Any]) -> str:
    """The same row, the same survey: an id drawn from what the row says."""
    said = json.dumps([commune_code, code, body], sort_keys=True, default=str)
    return "import-" + hashlib.sha256(said.encode()).hexdigest()[:20]


class ImportService:
    def __init__(self, store: CaseStore, households: HouseholdService, reads: ReadModels) -> None:
        self.store = store
        self.households = households
        self.reads = reads

    def rows(self, commune_code: str, table: Sequence[list[Any]], checked: Tally) -> list[Row]:
        """The rows of the table, each parsed into its survey; problems of the headings go to
        `checked`. A `Mã xã` column names each row's commune (a city's file), else every row is
        of `commune_code`."""
        if not table:
            checked.problems.append(Problem(1, "", ValidationError("import-empty", field="file")))
            return []
        headings = [cell_text(heading) for heading in table[0]]
        keys = [heading_key(heading) for heading in headings]
        for key in (key for key in REQUIRED if key not in keys):
            column = in_language(COLUMNS[key], "vi")
            checked.problems.append(Problem(1, column, ValidationError("required", field=key)))
        if checked.problems:
            return []
        checked.headings = dict(zip(keys, headings, strict=True))
        found = []
        for number, cells in enumerate(table[1:], start=2):
            named = {key: value for key, value in zip(keys, cells, strict=False) if key}
            if not any(cell_text(value) for value in named.values()):
                continue
            commune = cell_text(named.get("commune_code")) or commune_code
            code = cell_text(named.get("household_code"))
            body = survey_body(named)
            try:
                given = RecordSurvey.parse({**body, "survey_id": survey_id(commune, code, body)})
                found.append(Row(number, commune, code, given, None))
            except DomainError as error:
                found.append(Row(number, commune, code, None, error))
        checked.rows = len(found)
        return found

    def ours(self, ctx: CommandContext, rows: list[Row], checked: Tally) -> list[Row]:
        """The rows of communes inside the user's area; a row naming another is a problem of
        its commune column."""
        areas, day, own = self.households.areas, self.households.runner.today(), ctx.actor.area_code
        allowed = {
            code: inside(areas, ctx.actor, code, day) for code in {r.commune_code for r in rows}
        }
        for row in rows:
            if not allowed[row.commune_code]:
                error = ForbiddenError(
                    "outside-area", field="commune_code", area_code=row.commune_code, own_area=own
                )
                checked.note(row, error)
        return [row for row in rows if allowed[row.commune_code]]

    def households_of(self, rows: list[Row]) -> dict[tuple[str, str], str]:
        """The id of each row's household, by commune and code, from the directory once it has
        seen the whole log."""
        if not self.reads.wait_for(self.store.recorder.max_notification_id()):
            # A household registered a moment ago would be reported unknown: refuse the file.
            raise ConflictError("views-behind")
        communes: dict[str, list[str]] = {}
        for row in rows:
            communes.setdefault(row.commune_code, []).append(row.code)
        return {
            (commune, code): household_id
            for commune, codes in communes.items()
            for code, household_id in self.reads.coded(commune, codes).items()
        }

    def apply(
        self,
        ctx: CommandContext,
        rows: list[Row],
        ids: dict[tuple[str, str], str],
        checked: Tally,
        made: list[Any] | None = None,
    ) -> None:
        """Each household's rows applied in the file's order to the household in memory, one
        household at a time; the events they make kept in `made`, when it is given, to be
        saved once every row has passed."""
        for household_id, own in grouped(rows, ids, checked).items():
            household = self.households.load(UUID(household_id))
            for row in own:
                assert row.given is not None
                if household.survey(row.given.survey_id) is not None:
                    checked.already += 1
                    continue
                try:
                    self.households.survey_onto(ctx, household, row.given)
                    checked.recorded += 1
                except DomainError as error:
                    checked.note(row, error)
            if made is not None:
                made.extend(household.collect_events())

    def run(
        self, ctx: CommandContext, commune_code: str, path: Path, dry_run: bool, lang: str
    ) -> dict[str, Any]:
        """Check every row, keeping the events they make (one household in memory at a time);
        then, unless it is a dry run and if nothing is wrong, save the events, a few thousand a
        transaction. A household changed by someone else meanwhile is a lost race: the chunks
        before it are recorded, and importing the file again records the rest."""
        day = self.households.runner.today()
        check_inside(self.households.areas, ctx.actor, commune_code, "commune_code", day)
        checked = Tally()
        rows = self.ours(ctx, self.rows(commune_code, read_table(path), checked), checked)
        ids = self.households_of(rows) if rows else {}
        made: list[Any] = []
        with read_scope():
            self.apply(ctx, rows, ids, checked, None if dry_run else made)
        valid = not checked.problems
        would = checked.recorded
        if valid:
            for start in range(0, len(made), CHUNK):
                try:
                    self.store.save(*made[start : start + CHUNK])
                except IntegrityError:
                    raise ConflictError("concurrent-write") from None
        return {
            "file": path.name,
            "commune_code": commune_code,
            "rows": checked.rows,
            "valid": valid,
            "dry_run": dry_run,
            "recorded": would if valid and not dry_run else 0,
            "would_record": would if valid and dry_run else 0,
            "already_recorded": checked.already,
            "problems": [
                problem.data(lang) for problem in sorted(checked.problems, key=lambda p: p.row)
            ],
        }


def grouped(
    rows: list[Row], ids: dict[tuple[str, str], str], checked: Tally
) -> dict[str, list[Row]]:
    """The parsed rows by household id, in the file's order; the others noted as problems."""
    by_household: dict[str, list[Row]] = {}
    for row in rows:
        household_id = ids.get((row.commune_code, row.code))
        if row.refusal is not None:
            checked.note(row, row.refusal)
        elif household_id is None:
            checked.note(row, ValidationError(
                "household-code-unknown", field="household_code", household_code=row.code or "—"
            ))  # fmt: skip
        else:
            by_household.setdefault(household_id, []).append(row)
    return by_household


def column_of(field: str | None, headings: dict[str | None, str]) -> str:
    """The heading of the column a refused field was read from, as the file has it."""
    key = (field or "").split(".")[-1].split("[")[0]
    if key in headings:
        return headings[key]
    return headings.get((field or "").split(".")[0], field or "")

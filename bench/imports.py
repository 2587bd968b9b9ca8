"""Issue 16.3: a city's survey file imported — one regular review for every household of the
demo history, in one csv naming each row's commune — checked (`--dry-run`), then recorded.
The writes go into the history: a kept one gains a survey dated yesterday on each household,
after the plan's end, so no figure of the plan's dates moves."""

from __future__ import annotations

import csv
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from application.commands import Actor, context
from application.system import System
from bench.backends import histories
from domain.area_registry import AWAITING
from domain.standards import catalogue
from domain.values import ReviewKind

OFFICER = Actor("bench-import", "caseworker", "31")


def city_file(system: System, folder: Path) -> tuple[Path, int]:
    """A row a household that counts in a commune: a regular review of yesterday, poor by its
    income, with every indicator of the standard in force answered."""
    day = system.runner.today() - timedelta(days=1)
    keys = catalogue().for_review(ReviewKind.REGULAR, day).keys
    reads = system.reads
    table = reads.directory.table(reads.generation(reads.directory.name))
    query = select(table.c.place, table.c.household_code).where(
        table.c.voided.is_(False), ~table.c.place.startswith(AWAITING)
    )
    with reads.sql.connect() as conn:
        households = conn.execute(query).all()
    path = folder / "city.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["commune_code", "household_code", "effective_date", "kind",
                       "income_per_capita_vnd", *keys])  # fmt: skip
        for place, code in households:
            ticks = ["x" if index < 3 else "" for index in range(len(keys))]
            rows.writerow([place, code, day.isoformat(), "REGULAR", 900_000, *ticks])
    return path, len(households)


def measure(system: System) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path, rows = city_file(system, Path(folder))
        start = time.perf_counter()
        checked = system.imports.run(context(OFFICER), "31", path, True, "vi")
        check_seconds = time.perf_counter() - start
        start = time.perf_counter()
        done = system.imports.run(context(OFFICER), "31", path, False, "vi")
        record_seconds = time.perf_counter() - start
    assert checked["problems"] == [], checked["problems"][:3]
    assert done["recorded"] == rows
    return f"{rows:,} | {check_seconds:.1f} | {record_seconds:.1f} | {rows / record_seconds:,.0f}"


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    print("\n## Import: a city's survey file, a row a household (seconds)")
    print("| backend | households | rows | dry run | import (check, then record) | rows/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for backend, size, system in histories(sizes, backends, keep):
        print(f"| {backend} | {size:,} | {measure(system)} |", flush=True)

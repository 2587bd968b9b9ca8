"""Issue 16: a commune's periodic review at the size of the demo history — the round opened on
the busiest commune (its list read from the views), the round's page, the posting list (which
reads each listed household's latest survey), a village's grid, and the commune's rounds. The
opening is recorded in the history; a kept history opened again measures its existing round."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from typing import Any

from application.commands import Actor, context
from application.inputs import OpenRound
from application.lineage import Point
from application.system import System
from bench.backends import histories
from domain.errors import ConflictError
from domain.review_round import ReviewRound
from web.ui.grid import rows_of
from web.ui.rounds import villages_of


def timed(action: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    done = action()
    return done, time.perf_counter() - start


def busiest(system: System) -> str:
    """The commune with the most poor and near-poor households today."""
    today = Point(system.runner.today(), None)
    places = Counter(
        item["place"]
        for status in ("POOR", "NEAR_POOR")
        for item in system.rounds.lists.listed("31", status, today)
    )
    return str(places.most_common(1)[0][0])


def opening_day(today: date) -> date:
    """The latest 3 September on or before today: a day of a periodic review's window."""
    year = today.year if today >= date(today.year, 9, 3) else today.year - 1
    return date(year, 9, 3)


def measure(system: System) -> str:
    commune = busiest(system)
    officer = Actor("bench-round", "caseworker", commune)
    day = opening_day(system.runner.today())
    given = OpenRound.parse({"effective_date": day.isoformat()})
    try:
        _, open_seconds = timed(
            lambda: system.rounds.open_periodic(context(officer), commune, given)
        )
    except ConflictError:
        open_seconds = float("nan")  # a kept history: the round is there already
    round_id = str(ReviewRound.periodic_id(commune, day.year))
    shown, page_seconds = timed(lambda: system.rounds.get(round_id, commune))
    _, posting_seconds = timed(lambda: system.rounds.posting_list(round_id, commune))
    village = max(villages_of(shown["households"]), key=lambda v: len(v["households"]))
    rows, grid_seconds = timed(lambda: rows_of(system, shown, village["name"]))
    _, list_seconds = timed(lambda: system.rounds.of_commune(commune, commune))
    listed = len(shown["households"])
    return (
        f"{commune} | {listed:,} | {open_seconds:.2f} | {page_seconds:.2f} | "
        f"{posting_seconds:.2f} | {len(rows):,} | {grid_seconds:.2f} | {list_seconds:.2f}"
    )


def run(sizes: list[int], backends: list[str], keep: Any = None) -> None:
    print("\n## Review round: the busiest commune's periodic review (seconds)")
    print(
        "| backend | households | commune | listed | open | round page | posting list "
        "| grid rows | grid | commune's rounds |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for backend, size, system in histories(sizes, backends, keep):
        print(f"| {backend} | {size:,} | {measure(system)} |", flush=True)

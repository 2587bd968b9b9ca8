"""Issue 14: a what-if run over the whole city — the 2027 national standard run as a draft over
every household's survey held today, read from the survey view (`projections/surveys.py`):
the run (judging and keeping it), the run read again as known at its instant, its report
(matrix, communes, movers) and the counts against the line from 80 % to 120 %."""

from __future__ import annotations

from typing import Any

from application.commands import Actor, context
from application.system import System
from application.what_if import report
from bench.backends import histories
from bench.rounds import timed

CITY_SUPERVISOR = Actor("bench-what-if", "supervisor", "31")


def measure(system: System) -> str:
    today = system.runner.today()
    ran, run_seconds = timed(
        lambda: system.what_if.run(context(CITY_SUPERVISOR), "VN-MDP-2027", "31", today, None)
    )
    run_id = ran.answer["id"]
    (kept, judged), again_seconds = timed(lambda: system.what_if.result("31", run_id))
    found, report_seconds = timed(lambda: report(judged))
    rules = system.what_if.rules(kept.standard)
    _, sensitivity_seconds = timed(lambda: system.what_if.sensitivity(rules, judged))
    same = system.what_if.same_as_recorded(kept, judged)
    return (
        f"{len(judged):,} | {len(found['movers']):,} | {run_seconds:.2f} | {again_seconds:.2f} | "
        f"{report_seconds:.2f} | {sensitivity_seconds:.2f} | {'yes' if same else 'NO'}"
    )


def run(sizes: list[int], backends: list[str], keep: Any = None) -> None:
    print("\n## What-if: the 2027 standard run over the city (seconds)")
    print(
        "| backend | households | surveys judged | would move | run | read again | report "
        "| sensitivity (9 lines) | same answer |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for backend, size, system in histories(sizes, backends, keep):
        print(f"| {backend} | {size:,} | {measure(system)} |", flush=True)

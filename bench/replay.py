"""P4: the yardstick's cost. Every figure of the city as of the plan's end by a full replay of
the raw log, in seconds and peak memory — measured in a fresh process, so that what this one
loaded before does not count, beside that process's memory once the system is open (the replay
folds one aggregate at a time, so the difference must not grow with the log) — and `verify`:
the city, every district and every commune on the plan's dates, replay against projection, as
`giamngheo verify` runs it."""

from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from application.infrastructure.settings import Settings
from application.registries import PLAN_55
from application.system import System
from bench.backends import histories
from projections.replay import replay_figures


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def replay_city(database_url: str, as_of: date) -> tuple[float, float, float, int]:
    """In a fresh process: seconds, peak MB, MB once the system was open, figures replayed."""
    system = System.open(Settings(database_url=database_url))
    try:
        city = system.areas.registry().province_code
        opened = peak_megabytes()
        start = time.perf_counter()
        figures = replay_figures(system.store, city, as_of, None)
        seconds = time.perf_counter() - start
    finally:
        system.close()
    return seconds, peak_megabytes(), opened, len(figures)


def in_fresh_process(database_url: str, as_of: date) -> tuple[float, float, float, int]:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as fresh:
        return fresh.submit(replay_city, database_url, as_of).result()


def verified(system: System) -> tuple[float, int, str]:
    """Seconds, figures compared, and the differences (with the projections' faults, if any)."""
    start = time.perf_counter()
    report = system.audit.verify(dates=system.audit.checked_dates())
    seconds = time.perf_counter() - start
    differences = str(len(report["differences"]))
    if report["projection_faults"]:
        differences += f" (+{len(report['projection_faults'])} faults)"
    return seconds, report["figures_checked"], differences


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    print("\n## P4 replay: the city's figures from the raw log, and verify on the plan's dates")
    print(
        "| backend | households | events | replay city s | replay peak MB | open MB "
        "| verify s | figures compared | differences |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, size, system in histories(sizes, backends, keep):
        events = system.store.recorder.max_notification_id() or 0
        as_of = date.fromisoformat(system.plans.get(PLAN_55)["period_end"])
        seconds, peak, opened, _ = in_fresh_process(system.settings.database_url, as_of)
        verify_seconds, compared, differences = verified(system)
        print(
            f"| {backend} | {size:,} | {events:,} | {seconds:.2f} | {peak:,.0f} | "
            f"{opened:,.0f} | {verify_seconds:.1f} | {compared:,} | {differences} |",
            flush=True,
        )

"""P5: `giamngheo demo` load rate in households/s and events/s, and whether its cost per
household grows with the size of the history already stored: the first and the last chunk
(one transaction each) in milliseconds a household, and the process's peak memory, which must
not grow with the size either (each chunk's aggregates are dropped once written)."""

from __future__ import annotations

import resource
from pathlib import Path

from application.demo import DemoSummary, load_demo
from application.infrastructure.settings import Settings
from application.system import System
from bench.backends import SEED, Shape, fresh_database


def per_household(summary: DemoSummary, index: int) -> float:
    chunk = summary.chunks[index]
    return chunk.seconds / chunk.households * 1000


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    """Always into a fresh database: the load is what is measured (`keep` is not used)."""
    print("\n## P5 demo load rate")
    print(
        "| backend | households | events | seconds | households/s | events/s "
        "| first chunk ms/household | last chunk ms/household | peak MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend in backends:
        for size in sizes:
            with fresh_database(backend) as url:
                system = System.open(Settings(database_url=url))
                try:
                    summary = load_demo(system, size, seed=SEED, listed=Shape.listed)
                finally:
                    system.close()
            print(
                f"| {backend} | {summary.households:,} | {summary.events:,} | "
                f"{summary.seconds:.1f} | {summary.households_per_second:,.0f} | "
                f"{summary.events / summary.seconds:,.0f} | {per_household(summary, 0):.2f} | "
                f"{per_household(summary, -1):.2f} | {peak_megabytes():,.0f} |",
                flush=True,
            )

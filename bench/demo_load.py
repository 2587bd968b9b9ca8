"""P5: `giamngheo demo` load rate in households/s, and whether its cost per household grows
with the size of the history already stored."""

from __future__ import annotations

from application.demo import load_demo
from application.settings import Settings
from application.system import System
from bench.backends import fresh_database


def run(sizes: list[int], backends: list[str]) -> None:
    print("\n## P5 demo load rate")
    print("| backend | households | events | seconds | households/s | ms/household | vs smallest |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for backend in backends:
        baseline: float | None = None
        for size in sizes:
            with fresh_database(backend) as url:
                system = System.open(Settings(database_url=url))
                try:
                    summary = load_demo(system, size, seed=7)
                finally:
                    system.close()
            per_household = summary.seconds / summary.households * 1000
            baseline = baseline or per_household
            print(
                f"| {backend} | {summary.households:,} | {summary.events:,} | "
                f"{summary.seconds:.1f} | {summary.households / summary.seconds:.0f} | "
                f"{per_household:.2f} | {per_household / baseline:.2f}× |",
                flush=True,
            )

"""The demo history of Hai Phong and Hải Dương from the late-2021 periodic review to the end of
2026 (docs/spec/interfaces.md, reorganisation.md): both provinces' communes until 1 July 2025, then
the new city — households of whole units in their successors, those of split units assigned by their
new commune (a few still awaiting), the periodic review of late 2026 under VN-MDP-2027.

Every fact is made by the aggregate's own method, the one the caseworker's command calls, after
the checks that command makes against the registry (a commune that exists that day, a model open
that day, no date after today), so the demo obeys every rule: a refusal is a bug of this
generator, never something to skip. What a command would read back from the store (the
household's status, a model, whether a code is taken) is read from the aggregates held in
memory, and each chunk of households is written by a unit of work in one transaction
(application/bulk.py): thousands of households a second instead of tens.

Each household is acted out on its own in effective-date order from its own random stream, so
the same seed gives the same facts, and the cost of a household does not depend on how many
came before it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from application.bulk import UnitOfWork
from application.demo.city import Demo
from application.demo.tables import EXAMPLE_PLANS, STATISTICS_OFFICES
from application.system import System

__all__ = ["CITY_LISTED", "EXAMPLE_PLANS", "STATISTICS_OFFICES", "DemoSummary", "load_demo"]


@dataclass(frozen=True)
class Chunk:
    """One transaction of a load: its households and the seconds they took, played and written
    (benchmark P5 compares the first with the last)."""

    households: int
    seconds: float


@dataclass(frozen=True)
class DemoSummary:
    """What a load recorded and how long it took (the CLI prints it, benchmark P5 reports it)."""

    households: int
    events: int
    models: int
    officials: int
    seconds: float
    chunks: tuple[Chunk, ...] = ()

    @property
    def households_per_second(self) -> float:
        return self.households / self.seconds if self.seconds else 0.0


# The share of a city's households whose stories the reviews follow: with the stories' first
# statuses (tables.FIRST_STATUSES) the poor are then about 0.8 % and the near-poor about 1.5 %
# of all households at the start of 2022 (docs/spec/interfaces.md, "The demo history").
CITY_LISTED = 0.05

# Households written a transaction: large enough that a commit costs little beside the domain
# work, small enough that a chunk's aggregates stay a few tens of megabytes.
CHUNK_HOUSEHOLDS = 1000


def load_demo(
    system: System,
    households: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK_HOUSEHOLDS,
    listed: float = 1.0,
) -> DemoSummary:
    """Record `households` households' history (and their models and officials) with one
    transaction per `chunk` households; `progress(n)` is told each time n more are written.
    Each chunk's aggregates are dropped once written, so memory does not grow with the size.
    `listed`: the share of households whose stories the reviews follow, the rest registered
    only (`CITY_LISTED`: the city's proportions)."""
    started = time.perf_counter()
    unit = UnitOfWork(system.store)
    demo = Demo(system, seed, unit)
    clusters = demo.plan_clusters(households, listed)
    demo.register_officials(clusters)
    events, chunks, held, since = 0, [], 0, started
    for index, cluster in enumerate(clusters):
        demo.play(cluster)
        held += cluster.households
        if held >= chunk or index == len(clusters) - 1:
            events += unit.commit()
            now = time.perf_counter()
            chunks.append(Chunk(held, now - since))
            if progress is not None:
                progress(held)
            held, since = 0, now
    demo.record_household_totals(clusters)
    demo.adopt_plans()
    events += unit.commit()
    return DemoSummary(
        households=households,
        events=events,
        models=demo.models,
        officials=demo.officials,
        seconds=time.perf_counter() - started,
        chunks=tuple(chunks),
    )

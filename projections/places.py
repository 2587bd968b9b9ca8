"""Where each livelihood model, official and plan belongs, and how it stands: one row each, so
the forms and lists of an area read the rows of its places instead of every creation event of
the city (which grows with the city, and would decode and fold each aggregate on every page)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, Text

from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from projections.aggregates import AggregateCache
from projections.latest import replace_latest
from projections.log import Positioned

KINDS: dict[type[Any], str] = {LivelihoodModel: "model", Official: "official", Plan: "plan"}
PREFIXES = (
    "giamngheo:Model", "giamngheo:Official",
    Plan.Adopted.TOPIC, Plan.TargetRevised.TOPIC, Plan.PeriodClosed.TOPIC,
)  # fmt: skip
Placed = LivelihoodModel | Official | Plan


def places_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        f"places_g{generation}",
        metadata,
        Column("aggregate_id", String(36), primary_key=True),
        Column("kind", String(10), nullable=False),
        Column("place", String(10), nullable=False, index=True),
        Column("created_on", Date, nullable=False),
        Column("summary", Text, nullable=False),
    )


def place_row(aggregate: Placed) -> dict[str, Any]:
    """A plan's place is its area, and it counts from its period's start."""
    if isinstance(aggregate, LivelihoodModel):
        place, created_on = aggregate.commune_code, aggregate.established_on
    elif isinstance(aggregate, Plan):
        place, created_on = aggregate.area_code, aggregate.period_start
    else:
        place, created_on = aggregate.area_code, aggregate.registered_on
    return {
        "aggregate_id": str(aggregate.id),
        "kind": KINDS[type(aggregate)],
        "place": place,
        "created_on": created_on,
        "summary": json.dumps(aggregate.summary(), ensure_ascii=False),
    }


class PlacesProjection:
    name = "places"
    # 2: plans have their rows too (issue 9).
    revision = 2

    def __init__(self, cache: AggregateCache) -> None:
        self.cache = cache

    def define(self, generation: int) -> MetaData:
        metadata = MetaData()
        places_table(metadata, generation)
        return metadata

    @staticmethod
    @lru_cache(maxsize=8)
    def table(generation: int) -> Table:
        """One Table object a generation: every read asks for it."""
        return places_table(MetaData(), generation)

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        """The rows of the models, officials and plans the batch touched, as they stand after
        it."""
        latest: dict[str, dict[str, Any]] = {}
        for item in events:
            if not item.topic.startswith(PREFIXES):
                continue
            aggregate = self.cache.apply(item.event)
            if isinstance(aggregate, Placed):
                latest[str(aggregate.id)] = place_row(aggregate)
        table = self.table(generation)
        replace_latest(conn, table, table.c.aggregate_id, latest)

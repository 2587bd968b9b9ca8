"""The household directory: one row per household with what a caseworker searches and filters
on (code, head's name, village; commune, status, newly escaped, needs), kept current."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    update,
)

from domain.area_registry import AreaRegistry
from domain.household import Household
from domain.timeline import SurveyEntry
from projections.aggregates import AggregateCache, RegistryLog
from projections.latest import replace_latest
from projections.log import Positioned
from projections.sealing import Sealer

HOUSEHOLD_TOPICS_PREFIX = "giamngheo:"


def directory_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        f"directory_g{generation}",
        metadata,
        Column("household_id", String(36), primary_key=True),
        Column("household_code", String(40), nullable=False, index=True),
        # Where it was recorded, from when; and where it is after the reorganisations the
        # registry knows (a split unit's household awaiting assignment: AWAITING + old code).
        Column("commune_code", String(10), nullable=False, index=True),
        Column("located_on", Date, nullable=False),
        Column("place", String(11), nullable=False, index=True),
        # Personal text, sealed under the cipher key (projections/sealing.py); the search
        # matches the index, never the text.
        Column("village", Text, nullable=False),
        Column("address", Text, nullable=False),
        Column("head_name", Text, nullable=False),
        Column("search_text", Text, nullable=False),
        Column("status", String(12), index=True),
        Column("status_since", Date),
        Column("newly_escaped_until", Date),
        Column("needs", String(300), nullable=False),
        Column("members", Integer, nullable=False),
        Column("registered_on", Date, nullable=False),
        # A registration voided by mistake stays findable by code, and out of every list.
        Column("voided", Boolean, nullable=False),
        Column("version", Integer, nullable=False),
        Column("position", BigInteger, nullable=False),
        # The households awaiting assignment in an area, counted on every dashboard, are read
        # from the index alone (20 ms a count at 1,400,000 households without it, SQLite).
        Index(f"ix_directory_g{generation}_place_voided", "place", "voided"),
    )


def directory_row(
    household: Household, position: int, registry: AreaRegistry | None, sealer: Sealer
) -> dict[str, Any]:
    """The household as it stands after its latest event (no event is dated in the future)."""
    today = date.max
    location = household.current_location()
    place = location.commune_code
    if registry is not None:
        place = registry.place_on(place, location.effective_date, today)
    members = household.members_on(today)
    head_id = household.head_on(today)
    head = next((m.full_name for m in members if m.member_id == head_id), "")
    latest = household.latest_classification()
    since = household.status_since(today)
    surveys = household.standing(SurveyEntry)
    needs = surveys[-1].needs if surveys else []
    # The window as it stands after the latest recognition (a later relapse closes it).
    until = household.newly_escaped_until(latest.effective_date) if latest else None
    return {
        "household_id": str(household.id),
        "household_code": household.household_code,
        "commune_code": location.commune_code,
        "located_on": location.effective_date,
        "place": place,
        "village": sealer.seal(location.village),
        "address": sealer.seal(location.address),
        "head_name": sealer.seal(head),
        "search_text": sealer.index(
            [household.household_code, location.village, *(m.full_name for m in members)]
        ),
        "status": latest.status.value if latest else None,
        "status_since": since.effective_date if since else None,
        "newly_escaped_until": until,
        "needs": "," + ",".join(needs) + "," if needs else "",
        "members": len(members),
        "registered_on": household.registered_on,
        "voided": household.voiding() is not None,
        "version": household.version,
        "position": position,
    }


class DirectoryProjection:
    name = "directory"
    # 2: voided registrations (issue 10); 3: personal text sealed under the cipher key.
    revision = 3

    def __init__(self, cache: AggregateCache, registries: RegistryLog, sealer: Sealer) -> None:
        self.cache = cache
        self.registries = registries
        self.sealer = sealer

    def define(self, generation: int) -> MetaData:
        metadata = MetaData()
        directory_table(metadata, generation)
        return metadata

    @staticmethod
    @lru_cache(maxsize=8)
    def table(generation: int) -> Table:
        """One Table object a generation: every read asks for it."""
        return directory_table(MetaData(), generation)

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        """Rows of the households the batch touched, as they stand after it: each household's
        row is made once, from its state after its last event of the batch, placed by the
        registry as it stands then. A change of the registry places every row again."""
        if not events:
            return
        self.registries.begin(events[0].position)
        touched: dict[str, tuple[Household, int]] = {}
        placed_again = False
        for item in events:
            if self.registries.observe(item):
                placed_again = True
                continue
            if not item.topic.startswith(HOUSEHOLD_TOPICS_PREFIX):
                continue
            aggregate = self.cache.apply(item.event)
            if isinstance(aggregate, Household):
                touched[str(aggregate.id)] = (aggregate, item.position)
        registry = self.registries.registry
        latest = {
            key: directory_row(*state, registry, self.sealer) for key, state in touched.items()
        }
        table = self.table(generation)
        if placed_again and registry is not None:
            self.place_again(conn, table, registry)
        replace_latest(conn, table, table.c.household_id, latest)

    @staticmethod
    def place_again(conn: Connection, table: Table, registry: AreaRegistry) -> None:
        """Every row recorded in a unit that has ended, placed where the registry now says:
        through each unit it went into since (Tràng Minh, then Bắc Hà, then Phù Liễn)."""
        for code, succession in registry.successions.items():
            conn.execute(
                update(table)
                .where(table.c.commune_code == code, table.c.located_on < succession.day)
                .values(place=registry.place_on(code, date.min, date.max))
            )

"""Each household's support history: every event in words (Vietnamese and English), with its
effective date, recorded time, actor and position; retracted entries stay, marked with who
retracted them and why."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.narrative import Names, describe
from domain.timeline import ClassificationEntry
from projections.aggregates import AggregateCache, EventsLoader, RegistryLog
from projections.log import Positioned
from projections.sealing import Sealer

RETRACTED = Household.EntryRetracted.TOPIC
ERASED = Household.PersonalDataErased.TOPIC
SUMMARY_MAX = 500


def history_table(metadata: MetaData, generation: int) -> Table:
    return Table(
        f"history_g{generation}",
        metadata,
        Column("household_id", String(36), primary_key=True),
        Column("version", Integer, primary_key=True),
        Column("position", BigInteger, nullable=False),
        Column("type", String(40), nullable=False),
        Column("effective_date", Date, nullable=False, index=True),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("actor", String(80), nullable=False, index=True),
        # The lines name members and places: sealed under the cipher key (projections/sealing.py).
        Column("summary_vi", Text, nullable=False),
        Column("summary_en", Text, nullable=False),
        Column("retracted_by", Integer),
        Column("retraction_reason", Text),
        Column("retraction_actor", String(80)),
    )


def models_table(metadata: MetaData, generation: int) -> Table:
    """The models' names as the log established them, for the lines that name a model: the
    view keeps them itself, so a line is written without a read of the event store."""
    return Table(
        f"history_models_g{generation}",
        metadata,
        Column("model_id", String(36), primary_key=True),
        Column("name", String(200), nullable=False),
    )


class ModelNames:
    """The names a batch needs: the models it establishes, and the stored ones, each read once."""

    def __init__(self, conn: Connection, table: Table) -> None:
        self.conn, self.table = conn, table
        self.known: dict[str, str | None] = {}
        self.new: dict[str, str] = {}

    def observe(self, model: LivelihoodModel) -> None:
        key = str(model.id)
        if key not in self.known:
            self.new[key] = model.name
        self.known[key] = model.name

    def name(self, model_id: str) -> str | None:
        if model_id not in self.known:
            query = select(self.table.c.name).where(self.table.c.model_id == model_id)
            self.known[model_id] = self.conn.execute(query).scalar()
        return self.known[model_id]

    def save(self) -> None:
        """The models this batch established (a model's later events change no name)."""
        stored = select(self.table.c.model_id).where(self.table.c.model_id.in_(list(self.new)))
        fresh = set(self.new) - set(self.conn.execute(stored).scalars()) if self.new else set()
        if fresh:
            self.conn.execute(
                insert(self.table), [{"model_id": k, "name": self.new[k]} for k in sorted(fresh)]
            )


def retracted_versions(household: Household, target: int) -> list[int]:
    """A retracted classification takes its EscapedPoverty or Relapsed along."""
    entry = household.entries[target]
    if isinstance(entry, ClassificationEntry) and entry.companion_version:
        return [target, entry.companion_version]
    return [target]


class HistoryProjection:
    name = "history"
    # 3: lines name communes, models, loans and entries instead of their codes (issue 10),
    # the models' names kept beside them; 4: sealed under the cipher key.
    revision = 4

    def __init__(
        self,
        cache: AggregateCache,
        registries: RegistryLog,
        sealer: Sealer,
        events: EventsLoader,
    ) -> None:
        self.cache = cache
        self.registries = registries
        self.sealer = sealer
        self.events = events

    def define(self, generation: int) -> MetaData:
        metadata = MetaData()
        history_table(metadata, generation)
        models_table(metadata, generation)
        return metadata

    @staticmethod
    @lru_cache(maxsize=8)
    def table(generation: int) -> Table:
        """One Table object a generation: every read asks for it."""
        return history_table(MetaData(), generation)

    def apply(self, conn: Connection, generation: int, events: Sequence[Positioned]) -> None:
        table = self.table(generation)
        rows: list[dict[str, Any]] = []
        retractions: list[tuple[str, list[int], dict[str, Any]]] = []
        erased: list[tuple[Household, Names]] = []
        models = ModelNames(conn, models_table(MetaData(), generation))
        if events:
            self.registries.begin(events[0].position)
        for item in events:
            if self.registries.observe(item):
                continue
            household = (
                self.cache.apply(item.event) if item.topic.startswith("giamngheo:") else None
            )
            if isinstance(household, LivelihoodModel):
                models.observe(household)
            if not isinstance(household, Household):
                continue
            event = item.event
            names = Names(household, self.registries.registry, models.name)
            rows.append(
                {
                    "household_id": str(household.id),
                    "version": event.originator_version,
                    "position": item.position,
                    "type": item.topic.split(":", 1)[1],
                    "effective_date": event.effective_date,
                    "recorded_at": event.timestamp,
                    "actor": event.actor,
                    **self.summaries(event, names),
                }
            )
            if item.topic == ERASED:
                erased.append((household, names))
            if item.topic == RETRACTED:
                marks = {
                    "retracted_by": event.originator_version,
                    "retraction_reason": self.sealer.seal(event.reason),
                    "retraction_actor": event.actor,
                }
                targets = retracted_versions(household, event.target_version)
                retractions.append((str(household.id), targets, marks))
        models.save()
        if rows:
            conn.execute(insert(table), rows)
        self.amend(conn, table, retractions, erased)

    def amend(
        self,
        conn: Connection,
        table: Table,
        retractions: list[tuple[str, list[int], dict[str, Any]]],
        erased: list[tuple[Household, Names]],
    ) -> None:
        """The earlier lines a batch changes: those it retracted, marked; those of a household
        it erased, described again."""
        for household_id, versions, marks in retractions:
            conn.execute(
                update(table)
                .where(table.c.household_id == household_id, table.c.version.in_(versions))
                .values(**marks)
            )
        for household, names in erased:
            self.describe_again(conn, table, household, names)

    def summaries(self, event: Any, names: Names) -> dict[str, str]:
        return {
            f"summary_{lang}": self.sealer.seal(clip(describe(event, lang, names)))
            for lang in ("vi", "en")
        }

    def describe_again(
        self, conn: Connection, table: Table, household: Household, names: Names
    ) -> None:
        """After an erasure, every earlier line of the household as its events now read: the
        names and addresses they quoted are gone with the household's key."""
        for event in self.events(household.id, household.version - 1):
            conn.execute(
                update(table)
                .where(
                    table.c.household_id == str(household.id),
                    table.c.version == event.originator_version,
                )
                .values(**self.summaries(event, names))
            )


def clip(summary: str) -> str:
    """A summary quotes what was typed (names, reasons); it fits its column however long."""
    return summary if len(summary) <= SUMMARY_MAX else summary[: SUMMARY_MAX - 1] + "…"

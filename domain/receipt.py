"""Aggregates that make uniqueness and idempotency atomic with the write they guard: each is
saved in the same transaction as the aggregate it protects, so a duplicate loses the race in
the database instead of slipping through a check-then-write gap."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, deterministic_id


class CommandReceipt(EventSourced):
    """Proof that an actor's command with an idempotency key was carried out, with its answer."""

    TOPIC = f"{TOPIC_PREFIX}CommandReceipt"

    class Accepted(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}CommandAccepted"
        command: str
        fingerprint: str
        result: dict[str, Any]

        def apply(self, aggregate: CommandReceipt) -> None:
            aggregate.command = self.command
            aggregate.fingerprint = self.fingerprint
            aggregate.result = dict(self.result)

    def __init__(self) -> None:
        self.command = ""
        self.fingerprint = ""
        self.result: dict[str, Any] = {}

    @staticmethod
    def id_for(actor: str, key: str) -> UUID:
        return deterministic_id("CommandReceipt", actor, key)

    @classmethod
    def accept(
        cls, key: str, command: str, fingerprint: str, result: dict[str, Any], by: Recorded
    ) -> CommandReceipt:
        return cls._create(
            cls.Accepted,
            id=cls.id_for(by.actor, key),
            command=command,
            fingerprint=fingerprint,
            result=result,
            **by.fields(),
        )


class UniqueKey(EventSourced):
    """Claims a business key (a household code in a commune, a model code) for one aggregate."""

    TOPIC = f"{TOPIC_PREFIX}UniqueKey"

    class Claimed(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}UniqueKeyClaimed"
        scope: str
        key: str
        owner_id: UUID

        def apply(self, aggregate: UniqueKey) -> None:
            aggregate.owner_id = self.owner_id

    def __init__(self) -> None:
        self.owner_id: UUID | None = None

    @staticmethod
    def id_for(scope: str, key: str) -> UUID:
        return deterministic_id("UniqueKey", scope, key)

    @classmethod
    def claim(cls, scope: str, key: str, owner_id: UUID, by: Recorded) -> UniqueKey:
        return cls._create(
            cls.Claimed,
            id=cls.id_for(scope, key),
            scope=scope,
            key=key,
            owner_id=owner_id,
            **by.fields(),
        )

"""Bulk writes: a unit of work holds many aggregates in memory and writes them with one
`store.save(*aggregates)`, one transaction, per commit. A load of thousands of households (the
demo) then costs a transaction per chunk instead of one per command, and a reload of
each household per command.

The aggregates' own methods still make every event, so every domain rule is checked as on the
command path. What the services check against the store, the unit checks in memory: a business
key (a household code in a commune, a model code) is claimed by a `UniqueKey` saved in the same
transaction as its owner, so a key claimed twice in one unit is refused at once and one already
stored is refused by the database at the commit, which then writes nothing.

No command receipts: a receipt lets a repeated HTTP request under an idempotency key get its
first answer back. A bulk load is not repeated request by request; run again, it is refused
whole at its first commit by the keys it already claimed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import IntegrityError

from application.infrastructure.store import CaseStore, exists
from domain.base import Recorded
from domain.errors import ConflictError
from domain.receipt import UniqueKey

A = TypeVar("A", bound=BaseAggregate[UUID])
Refusal = Callable[[], ConflictError]


class UnitOfWork:
    """Aggregates changed in memory since the last commit, in the order first added: their
    events are written in that order, each aggregate's together."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.held: dict[UUID, BaseAggregate[UUID]] = {}
        self.claims: dict[UUID, Refusal] = {}

    def add(self, aggregate: A) -> A:
        self.held.setdefault(aggregate.id, aggregate)
        return aggregate

    def claim(
        self, scope: str, key: str, owner: BaseAggregate[UUID], by: Recorded, taken: Refusal
    ) -> None:
        """Hold `owner` and, after it, a business key claimed for it; `taken()` is the refusal
        when the key is already claimed (made only then: most keys are free), and then the
        unit holds neither."""
        claim = UniqueKey.claim(scope, key, owner.id, by)
        if claim.id in self.claims:
            raise taken()
        self.add(owner)
        self.claims[claim.id] = taken
        self.add(claim)

    def pending(self) -> int:
        """Events made since the last commit."""
        return sum(len(aggregate.pending_events) for aggregate in self.held.values())

    def commit(self) -> int:
        """Write everything held in one transaction; the number of events written. A refusal
        by the database writes nothing and names the first key or id already taken."""
        aggregates = list(self.held.values())
        claims = self.claims
        events = self.pending()
        created = [a.id for a in aggregates if a.version == len(a.pending_events)]
        self.held, self.claims = {}, {}
        try:
            self.store.save(*aggregates)
        except IntegrityError:
            raise self.refusal(claims, created) from None
        return events

    def refusal(self, claims: dict[UUID, Refusal], created: list[UUID]) -> ConflictError:
        """Why a commit was refused, asked of the store only once it has been."""
        for claim_id, taken in claims.items():
            if exists(self.store, claim_id):
                return taken()
        for aggregate_id in created:
            if exists(self.store, aggregate_id):
                return ConflictError("id-taken", field="id", id=str(aggregate_id))
        return ConflictError("concurrent-write")

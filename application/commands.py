"""How every write is carried out: who asks, under which idempotency key, against which
version; the written aggregates and the receipt are saved in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import IntegrityError

from application.infrastructure.store import CaseStore, exists
from domain.base import Recorded
from domain.errors import ConflictError, ValidationError
from domain.receipt import CommandReceipt


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a command runs."""

    username: str
    role: str  # no default: who acts, and where, is always said (issue 13, fail closed)
    area_code: str


@dataclass(frozen=True)
class CommandContext:
    actor: Actor
    idempotency_key: str | None = None
    expected_version: int | None = None
    note: str | None = None
    command_id: str = field(default="")

    @property
    def id(self) -> str:
        return self.idempotency_key or self.command_id

    def recorded(self, effective_date: date) -> Recorded:
        return Recorded(effective_date, self.actor.username, self.id, self.note)

    def check_version(self, current: int) -> None:
        if self.expected_version is not None and self.expected_version != current:
            raise ConflictError(
                "stale-version", field="If-Match", current=current, expected=self.expected_version
            )


def context(
    actor: Actor,
    idempotency_key: str | None = None,
    expected_version: int | None = None,
    note: str | None = None,
) -> CommandContext:
    return CommandContext(actor, idempotency_key, expected_version, note, command_id=str(uuid4()))


def fingerprint(command: str, payload: Any) -> str:
    text = json.dumps([command, payload], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Written:
    """The answer to give (the same on a repeat) and the log position written, if any, which a
    reader waits for to see its own write."""

    answer: dict[str, Any]
    position: int | None


Action = Callable[[], tuple[list[BaseAggregate[UUID]], dict[str, Any]]]


class CommandRunner:
    """Runs a command once per idempotency key; a lost race is a conflict, never an overwrite."""

    def __init__(self, store: CaseStore, today: Callable[[], date]) -> None:
        self.store = store
        self.today = today

    def check_effective_date(self, day: date) -> None:
        if day > self.today():
            raise ValidationError("future-date", field="effective_date", date=day.isoformat())

    def effective(self, day: date) -> date:
        """A command's `effective_date`, once it is seen not to be after today."""
        self.check_effective_date(day)
        return day

    def previous_answer(
        self, ctx: CommandContext, command: str, print_: str
    ) -> dict[str, Any] | None:
        if not ctx.idempotency_key:
            return None
        try:
            receipt: object = self.store.repository.get(
                CommandReceipt.id_for(ctx.actor.username, ctx.idempotency_key)
            )
        except AggregateNotFoundError:
            return None
        assert isinstance(receipt, CommandReceipt)
        if receipt.command != command or receipt.fingerprint != print_:
            raise ConflictError("idempotency-key-reused", field="Idempotency-Key")
        return dict(receipt.result)

    def answered(self, ctx: CommandContext) -> bool:
        """Has this actor's idempotency key already been answered? A repeat is then given the
        stored answer, so callers skip checks that the first request already passed."""
        if not ctx.idempotency_key:
            return False
        receipt_id = CommandReceipt.id_for(ctx.actor.username, ctx.idempotency_key)
        return exists(self.store, receipt_id)

    def run(self, ctx: CommandContext, command: str, payload: Any, action: Action) -> Written:
        print_ = fingerprint(command, payload)
        previous = self.previous_answer(ctx, command, print_)
        if previous is not None:
            return Written(previous, None)
        aggregates, result = action()
        if ctx.idempotency_key:
            aggregates.append(
                CommandReceipt.accept(
                    ctx.idempotency_key, command, print_, result, ctx.recorded(self.today())
                )
            )
        try:
            recordings = self.store.save(*aggregates)
        except IntegrityError:
            previous = self.previous_answer(ctx, command, print_)
            if previous is not None:
                return Written(previous, None)
            raise ConflictError("concurrent-write") from None
        return Written(result, recordings[-1].notification.id if recordings else None)

"""Poverty-reduction (livelihood) models: the plan counts those built and replicated."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, check_not_before
from domain.errors import RuleViolationError
from domain.values import ModelKind


class LivelihoodModel(EventSourced):
    TOPIC = f"{TOPIC_PREFIX}LivelihoodModel"

    class Established(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}ModelEstablished"
        code: str
        name: str
        kind: str
        sector: str
        commune_code: str
        budget_vnd: int
        replicated_from: str | None

        def apply(self, aggregate: LivelihoodModel) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.kind = ModelKind(self.kind)
            aggregate.sector = self.sector
            aggregate.commune_code = self.commune_code
            aggregate.budget_vnd = self.budget_vnd
            aggregate.replicated_from = self.replicated_from
            aggregate.established_on = self.effective_date

    class Closed(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ModelClosed"

        def apply(self, aggregate: LivelihoodModel) -> None:
            aggregate.closed_on = self.effective_date

    def __init__(self) -> None:
        self.code = ""
        self.name = ""
        self.kind = ModelKind.PRODUCTION
        self.sector = ""
        self.commune_code = ""
        self.budget_vnd = 0
        self.replicated_from: str | None = None
        self.established_on = date.min
        self.closed_on: date | None = None

    @staticmethod
    def code_claim(commune_code: str, code: str) -> tuple[str, str]:
        """The business key a model's code claims: unique in its commune, so that one commune
        can neither block nor probe another's codes (docs/spec/models-and-plans.md)."""
        return "model", f"{commune_code}/{code}"

    @classmethod
    def establish(
        cls,
        code: str,
        name: str,
        kind: ModelKind,
        sector: str,
        commune_code: str,
        budget_vnd: int,
        replicated_from: str | None,
        by: Recorded,
        model_id: UUID | None = None,
    ) -> LivelihoodModel:
        return cls._create(
            cls.Established,
            id=model_id or uuid4(),
            code=code,
            name=name,
            kind=kind.value,
            sector=sector,
            commune_code=commune_code,
            budget_vnd=budget_vnd,
            replicated_from=replicated_from,
            **by.fields(),
        )

    def is_open_on(self, on: date) -> bool:
        return self.established_on <= on and (self.closed_on is None or on < self.closed_on)

    def check_open_on(self, on: date) -> None:
        if not self.is_open_on(on):
            raise RuleViolationError(
                "model-closed", field="model_id", model_id=str(self.id), date=on.isoformat()
            )

    def close(self, by: Recorded) -> None:
        if self.closed_on is not None:
            raise RuleViolationError("model-already-closed", field="model_id")
        check_not_before(by.effective_date, self.established_on)
        self.record(self.Closed, by)

    def summary(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "sector": self.sector,
            "commune_code": self.commune_code,
            "budget_vnd": self.budget_vnd,
            "replicated_from": self.replicated_from,
            "established_on": self.established_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "version": self.version,
        }

"""Livelihood models, officials and plans: the other aggregates the plan's figures count."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate

from application.areas import AreaService
from application.commands import CommandContext, CommandRunner, Written
from application.households import Body, new_aggregate_id, parse_uuid
from application.store import EventStore, exists
from domain.base import Recorded
from domain.errors import ConflictError, NotFoundError, ValidationError
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from domain.receipt import UniqueKey
from domain.values import ModelKind, check_amount, check_date, check_text, parse_enum

A = TypeVar("A", bound=BaseAggregate[UUID])

PLAN_55 = "55/KH-UBND"
PLAN_55_TARGETS = {
    "near_poor_reduction": 50.0,
    "credit_access": 100.0,
    "models": 300.0,
    "production_support": 100.0,
    "sustainable_employment": 100.0,
    "officials_trained": 100.0,
}


def load(store: EventStore, kind: type[A], raw_id: object, code: str, field: str) -> A:
    aggregate_id = parse_uuid(raw_id, field)
    try:
        found: object = store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        found = None
    if not isinstance(found, kind):
        raise NotFoundError(code, field=field, **{field: str(aggregate_id)})
    return found


def change(
    runner: CommandRunner,
    ctx: CommandContext,
    command: str,
    body: Body,
    loader: Callable[[], A],
    apply: Callable[[A, Recorded], None],
) -> Written:
    """Load, check the caller's version and the effective date, apply, save once."""

    def action() -> Any:
        aggregate = loader()
        ctx.check_version(aggregate.version)
        day = check_date(body.get("effective_date"), "effective_date")
        runner.check_effective_date(day)
        apply(aggregate, ctx.recorded(day))
        return [aggregate], {"id": str(aggregate.id), "version": aggregate.version}

    return runner.run(ctx, command, dict(body), action)


class ModelService:
    def __init__(self, store: EventStore, runner: CommandRunner, areas: AreaService) -> None:
        self.store, self.runner, self.areas = store, runner, areas

    def establish(self, ctx: CommandContext, body: Body) -> Written:
        def action() -> Any:
            day = check_date(body.get("effective_date"), "effective_date")
            self.runner.check_effective_date(day)
            commune_code = check_text(body.get("commune_code"), "commune_code")
            self.areas.check_commune(commune_code, day)
            replicated_from = body.get("replicated_from")
            if replicated_from:
                load(
                    self.store,
                    LivelihoodModel,
                    replicated_from,
                    "model-not-found",
                    "replicated_from",
                )
            code = check_text(body.get("code"), "code")
            model = LivelihoodModel.establish(
                code=code,
                name=check_text(body.get("name"), "name"),
                kind=parse_enum(ModelKind, body.get("kind"), "kind"),
                sector=check_text(body.get("sector"), "sector", required=False),
                commune_code=commune_code,
                budget_vnd=check_amount(body.get("budget_vnd", 0), "budget_vnd"),
                replicated_from=str(replicated_from) if replicated_from else None,
                by=ctx.recorded(day),
                model_id=new_aggregate_id(self.store, body),
            )
            key = UniqueKey.claim("model", code, model.id, ctx.recorded(day))
            if exists(self.store, key.id):
                raise ConflictError("model-code-taken", field="code", model_code=code)
            return [model, key], {"id": str(model.id), "version": model.version}

        return self.runner.run(ctx, "establish_model", dict(body), action)

    def close(self, ctx: CommandContext, model_id: str, body: Body) -> Written:
        return change(
            self.runner, ctx, "close_model", {"id": model_id, **body},
            lambda: load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id"),
            lambda model, by: model.close(by),
        )  # fmt: skip

    def get(self, model_id: str) -> dict[str, Any]:
        return load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id").summary()


class OfficialService:
    def __init__(self, store: EventStore, runner: CommandRunner, areas: AreaService) -> None:
        self.store, self.runner, self.areas = store, runner, areas

    def register(self, ctx: CommandContext, body: Body) -> Written:
        def action() -> Any:
            day = check_date(body.get("effective_date"), "effective_date")
            self.runner.check_effective_date(day)
            area_code = check_text(body.get("area_code"), "area_code")
            self.areas.registry().check_area(area_code, day)
            official = Official.register(
                name=check_text(body.get("name"), "name"),
                area_code=area_code,
                position=check_text(body.get("position"), "position", required=False),
                by=ctx.recorded(day),
                official_id=new_aggregate_id(self.store, body),
            )
            return [official], {"id": str(official.id), "version": official.version}

        return self.runner.run(ctx, "register_official", dict(body), action)

    def official(self, official_id: str) -> Callable[[], Official]:
        return lambda: load(self.store, Official, official_id, "official-not-found", "official_id")

    def record_training(self, ctx: CommandContext, official_id: str, body: Body) -> Written:
        course = body.get("course")
        return change(
            self.runner, ctx, "record_training", {"id": official_id, **body},
            self.official(official_id),
            lambda official, by: official.record_training(check_text(course, "course"), by),
        )  # fmt: skip

    def leave(self, ctx: CommandContext, official_id: str, body: Body) -> Written:
        return change(
            self.runner, ctx, "official_left", {"id": official_id, **body},
            self.official(official_id), lambda official, by: official.leave(by),
        )  # fmt: skip

    def get(self, official_id: str) -> dict[str, Any]:
        return load(
            self.store, Official, official_id, "official-not-found", "official_id"
        ).summary()


class PlanService:
    def __init__(self, store: EventStore, runner: CommandRunner) -> None:
        self.store, self.runner = store, runner

    def bootstrap(self) -> bool:
        """A new database starts with plan 55/KH-UBND adopted for the city."""
        if exists(self.store, Plan.id_for(PLAN_55)):
            return False
        plan = Plan.adopt(
            reference=PLAN_55,
            area_code="31",
            period_start=date(2022, 1, 1),
            period_end=date(2025, 12, 31),
            baseline_date=date(2022, 1, 1),
            targets=PLAN_55_TARGETS,
            by=Recorded(date(2022, 3, 10), "system", "plan-55"),
        )
        self.store.save(plan)
        return True

    def get(self, reference: str = PLAN_55) -> dict[str, Any]:
        try:
            plan: object = self.store.repository.get(Plan.id_for(reference))
        except AggregateNotFoundError:
            raise NotFoundError("plan-not-found", plan=reference) from None
        assert isinstance(plan, Plan)
        return plan.summary()

    def revise_target(self, ctx: CommandContext, reference: str, body: Body) -> Written:
        def action() -> Any:
            plan: object = self.store.repository.get(Plan.id_for(reference))
            assert isinstance(plan, Plan)
            ctx.check_version(plan.version)
            day = check_date(body.get("effective_date"), "effective_date")
            value = body.get("value")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValidationError("invalid-value", field="value", value=value)
            plan.revise_target(
                check_text(body.get("target"), "target"), float(value), ctx.recorded(day)
            )
            return [plan], {"id": str(plan.id), "version": plan.version}

        return self.runner.run(ctx, "revise_target", {"plan": reference, **body}, action)

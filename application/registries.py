"""Livelihood models, officials and plans: the other aggregates the plan's figures count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate

from application.admin_scope import check_may_revise
from application.areas import AreaService
from application.commands import CommandContext, CommandRunner, Written
from application.households import load, new_aggregate_id
from application.infrastructure.store import CaseStore, exists
from application.inputs import (
    AdoptPlan,
    Dated,
    EstablishModel,
    RecordTraining,
    RegisterOfficial,
    ReviseTarget,
)
from application.readmodels import ReadModels
from domain.area_registry import TERRITORY, AreaRegistry
from domain.base import Recorded
from domain.errors import (
    ConflictError,
    FieldChecks,
    NotFoundError,
    RuleViolationError,
)
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from domain.receipt import UniqueKey
from projections.log import notifications

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


def events(store: CaseStore, topic: str) -> Iterator[Any]:
    """Every event of one topic, in the log's order."""
    for page in notifications(store.recorder, [topic]):
        yield from (store.mapper.to_domain_event(notification) for notification in page)


def inside(registry: AreaRegistry, area_code: str, code: str, days: Iterable[date]) -> bool:
    """Is the place inside the area on any of the days (a commune merged away since still
    belongs where it stood)?"""
    return any(registry.contains(area_code, code, day) for day in days)


def placed_in(
    reads: ReadModels, areas: AreaService, kind: str, area_code: str, day: date
) -> list[dict[str, Any]]:
    """The models or officials of a place inside the area, as it stands on `day` or stood
    when they were created: a model or an official never moves, so where it was created says
    where it belongs."""
    registry = areas.registry()
    return [
        summary
        for place, created_on, summary in reads.places_within(kind, area_code)
        if inside(registry, area_code, place, (day, created_on))
    ]


def household_totals(areas: AreaService) -> list[dict[str, Any]]:
    """The yearly total households recorded per area (the poverty rates' denominators),
    newest year first, then by area code."""
    totals = areas.registry().household_totals
    return [
        {"area_code": area_code, "year": year, "total": total}
        for (area_code, year), total in sorted(totals.items(), key=lambda t: (-t[0][1], t[0][0]))
    ]


def change(
    runner: CommandRunner,
    ctx: CommandContext,
    command: str,
    given: RecordTraining | Dated,
    loader: Callable[[], A],
    apply: Callable[[A, Recorded], None],
    aggregate_id: str,
) -> Written:
    """Load, check the caller's version and the effective date, apply, save once."""

    def action() -> Any:
        aggregate = loader()
        ctx.check_version(aggregate.version)
        day = runner.effective(given.effective_date)
        apply(aggregate, ctx.recorded(day))
        return [aggregate], {"id": str(aggregate.id), "version": aggregate.version}

    return runner.run(ctx, command, {"id": aggregate_id, **given.payload()}, action)


class ModelService:
    def __init__(
        self, store: CaseStore, runner: CommandRunner, areas: AreaService, reads: ReadModels
    ) -> None:
        self.store, self.runner, self.areas, self.reads = store, runner, areas, reads

    def establish(self, ctx: CommandContext, given: EstablishModel) -> Written:
        def action() -> Any:
            day, commune_code, code = given.effective_date, given.commune_code, given.code
            replicated_from = given.replicated_from
            with FieldChecks() as check:
                check(self.runner.check_effective_date, day)
                check(self.areas.check_commune, commune_code, day)
                if replicated_from:
                    check(
                        load, self.store, LivelihoodModel, replicated_from, "model-not-found",
                        "replicated_from",
                    )  # fmt: skip
            model = LivelihoodModel.establish(
                code=code,
                name=given.name,
                kind=given.kind,
                sector=given.sector,
                commune_code=commune_code,
                budget_vnd=given.budget_vnd,
                replicated_from=str(replicated_from) if replicated_from else None,
                by=ctx.recorded(day),
                model_id=new_aggregate_id(self.store, given.id),
            )
            claimed = LivelihoodModel.code_claim(commune_code, code)
            key = UniqueKey.claim(*claimed, model.id, ctx.recorded(day))
            if exists(self.store, key.id) or self.claimed_city_wide(commune_code, code):
                raise ConflictError("model-code-taken", field="code", model_code=code)
            return [model, key], {"id": str(model.id), "version": model.version}

        return self.runner.run(ctx, "establish_model", given.payload(), action)

    def claimed_city_wide(self, commune_code: str, code: str) -> bool:
        """Codes were claimed city-wide before they were claimed per commune: such a claim
        still takes the code in its own model's commune, and nowhere else."""
        claim_id = UniqueKey.id_for("model", code)
        if not exists(self.store, claim_id):
            return False
        claim = load(self.store, UniqueKey, claim_id, "model-code-taken", "code")
        owner = load(self.store, LivelihoodModel, claim.owner_id, "model-not-found", "code")
        return owner.commune_code == commune_code

    def close(self, ctx: CommandContext, model_id: str, given: Dated) -> Written:
        return change(
            self.runner, ctx, "close_model", given,
            lambda: load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id"),
            lambda model, by: model.close(by), model_id,
        )  # fmt: skip

    def get(self, model_id: str) -> dict[str, Any]:
        return load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id").summary()

    def get_within(self, area_code: str, model_id: str, day: date) -> dict[str, Any]:
        """A model of the area; one outside it is the same 404 as an unknown id."""
        model = self.get(model_id)
        days = (day, date.fromisoformat(model["established_on"]))
        if not inside(self.areas.registry(), area_code, model["commune_code"], days):
            raise NotFoundError("model-not-found", field="model_id", model_id=model_id)
        return model

    def within(self, area_code: str, day: date) -> list[dict[str, Any]]:
        """The models of the communes inside the area, by code (what a form offers to enrol
        in: no count of enrolments, which would read every enrolment of the city)."""
        models = placed_in(self.reads, self.areas, "model", area_code, day)
        return sorted(models, key=lambda row: row["code"])

    def listing(self, area_code: str, day: date) -> list[dict[str, Any]]:
        """`within`, each with the number of households enrolled in it (enrolments retracted
        since are not counted)."""
        models = self.within(area_code, day)
        enrolled = self.enrolled_households({model["id"] for model in models})
        return [{**model, "households": enrolled.get(model["id"], 0)} for model in models]

    def enrolled_households(self, model_ids: set[str]) -> dict[str, int]:
        """How many households have a standing enrolment in each of the models (a voided
        registration has none)."""
        if not model_ids:
            return {}
        enrolments: dict[tuple[UUID, int], str] = {}
        for event in events(self.store, Household.EnrolledInModel.TOPIC):
            if event.model_id in model_ids:
                enrolments[(event.originator_id, event.originator_version)] = event.model_id
        voids = {
            (event.originator_id, event.originator_version)
            for event in events(self.store, Household.RegistrationVoided.TOPIC)
        }
        for event in events(self.store, Household.EntryRetracted.TOPIC):
            enrolments.pop((event.originator_id, event.target_version), None)
            voids.discard((event.originator_id, event.target_version))
        voided = {household_id for household_id, _ in voids}
        households: dict[str, set[UUID]] = defaultdict(set)
        for (household_id, _), model_id in enrolments.items():
            if household_id not in voided:
                households[model_id].add(household_id)
        return {model_id: len(ids) for model_id, ids in households.items()}


class OfficialService:
    def __init__(
        self, store: CaseStore, runner: CommandRunner, areas: AreaService, reads: ReadModels
    ) -> None:
        self.store, self.runner, self.areas, self.reads = store, runner, areas, reads

    def register(self, ctx: CommandContext, given: RegisterOfficial) -> Written:
        def action() -> Any:
            day, area_code = given.effective_date, given.area_code
            with FieldChecks() as check:
                check(self.runner.check_effective_date, day)
                check(self.areas.registry().check_area, area_code, day)
            official = Official.register(
                name=given.name,
                area_code=area_code,
                position=given.position,
                by=ctx.recorded(day),
                official_id=new_aggregate_id(self.store, given.id),
            )
            return [official], {"id": str(official.id), "version": official.version}

        return self.runner.run(ctx, "register_official", given.payload(), action)

    def official(self, official_id: str) -> Callable[[], Official]:
        return lambda: load(self.store, Official, official_id, "official-not-found", "official_id")

    def record_training(
        self, ctx: CommandContext, official_id: str, given: RecordTraining
    ) -> Written:
        return change(
            self.runner, ctx, "record_training", given, self.official(official_id),
            lambda official, by: official.record_training(given.course, by), official_id,
        )  # fmt: skip

    def leave(self, ctx: CommandContext, official_id: str, given: Dated) -> Written:
        return change(
            self.runner, ctx, "official_left", given, self.official(official_id),
            lambda official, by: official.leave(by), official_id,
        )  # fmt: skip

    def get(self, official_id: str) -> dict[str, Any]:
        return load(
            self.store, Official, official_id, "official-not-found", "official_id"
        ).summary()

    def get_within(self, area_code: str, official_id: str, day: date) -> dict[str, Any]:
        """An official of the area; one outside it is the same 404 as an unknown id."""
        official = self.get(official_id)
        days = (day, date.fromisoformat(official["registered_on"]))
        if not inside(self.areas.registry(), area_code, official["area_code"], days):
            raise NotFoundError("official-not-found", field="official_id", official_id=official_id)
        return official

    def listing(self, area_code: str, day: date) -> list[dict[str, Any]]:
        """The officials of the area and of the places inside it, by name."""
        officials = placed_in(self.reads, self.areas, "official", area_code, day)
        return sorted(officials, key=lambda row: (row["name"], row["id"]))


class PlanService:
    """Plans per period and territory (docs/spec/reorganisation.md): 55/KH-UBND is there from the
    start; the others are adopted by administrators as their provinces or the city adopt them."""

    def __init__(
        self, store: CaseStore, runner: CommandRunner, areas: AreaService, reads: ReadModels
    ) -> None:
        self.store, self.runner, self.areas, self.reads = store, runner, areas, reads

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

    def adopt(self, ctx: CommandContext, given: AdoptPlan) -> Written:
        """PlanAdopted: a province's or the city's plan for one plan period, with its baseline
        and targets, by an administrator of that area (or of the city it merged into)."""

        def action() -> Any:
            day, reference, area_code = given.effective_date, given.reference, given.area_code
            with FieldChecks() as check:
                check(self.runner.check_effective_date, day)
                check(self.check_plan_area, area_code, given.period_start)
            check_may_revise(self.areas, ctx.actor, area_code, self.runner.today())
            plan = Plan.adopt(
                reference=reference,
                area_code=area_code,
                period_start=given.period_start,
                period_end=given.period_end,
                baseline_date=given.baseline_date,
                targets=given.targets,
                by=ctx.recorded(day),
                standard_id=given.standard_id or None,
            )
            if exists(self.store, plan.id):
                raise ConflictError("plan-exists", field="reference", plan=reference)
            return [plan], {"id": str(plan.id), "version": plan.version, "reference": reference}

        return self.runner.run(ctx, "adopt_plan", given.payload(), action)

    def check_plan_area(self, area_code: str, start: date) -> None:
        """A plan is a province's or the city's, standing when its period begins."""
        registry = self.areas.registry()
        standing = registry.province_on(area_code, start) is not None
        if not standing or area_code.startswith(TERRITORY):
            raise RuleViolationError(
                "plan-area", field="area_code", area_code=area_code, date=start.isoformat()
            )

    def listing(self) -> list[dict[str, Any]]:
        """Every plan, by period and reference."""
        return [plan.summary() for plan in self.reads.plans(None)]

    def get(self, reference: str = PLAN_55) -> dict[str, Any]:
        try:
            plan: object = self.store.repository.get(Plan.id_for(reference))
        except AggregateNotFoundError:
            raise NotFoundError("plan-not-found", plan=reference) from None
        assert isinstance(plan, Plan)
        return plan.summary()

    def revise_target(self, ctx: CommandContext, reference: str, given: ReviseTarget) -> Written:
        def action() -> Any:
            try:
                plan: object = self.store.repository.get(Plan.id_for(reference))
            except AggregateNotFoundError:
                raise NotFoundError("plan-not-found", field="reference", plan=reference) from None
            assert isinstance(plan, Plan)
            check_may_revise(self.areas, ctx.actor, plan.area_code, self.runner.today())
            ctx.check_version(plan.version)
            plan.revise_target(given.target, given.value, ctx.recorded(given.effective_date))
            return [plan], {"id": str(plan.id), "version": plan.version}

        return self.runner.run(ctx, "revise_target", {"plan": reference, **given.payload()}, action)

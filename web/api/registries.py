"""Livelihood models, officials and plans: the other aggregates the plan's figures count.

Writes are open to caseworkers and administrators within their area (403 `outside-area`
otherwise); reads to every role, unscoped: these registries hold no household's data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from application.commands import Written
from application.inputs import Dated, RecordTraining
from application.registries import PLAN_55
from web.api import answers, bodies
from web.deps import (
    ADMINISTER,
    READ,
    WRITE_REGISTRIES,
    Command,
    CommandDep,
    SystemDep,
    etag,
    require_area,
    today,
)

reads = APIRouter(tags=["registries"], dependencies=[Depends(READ)])
writes = APIRouter(tags=["registries"], dependencies=[Depends(WRITE_REGISTRIES)])
administers = APIRouter(tags=["registries"], dependencies=[Depends(ADMINISTER)])
routers = (reads, writes, administers)

ModelId = Annotated[UUID, Path(description="The model's id")]
OfficialId = Annotated[UUID, Path(description="The official's id")]
Reader = Callable[[str], dict[str, Any]]


def with_etag(data: dict[str, Any]) -> JSONResponse:
    return JSONResponse(data, headers=etag(data["version"]))


def change(
    cmd: Command,
    read: Reader,
    area_of: str,
    method: Callable[..., Written],
    aggregate_id: UUID,
    body: Dated | RecordTraining,
) -> JSONResponse:
    """A write to a registered model or official: scope by the area it belongs to (skipped for
    a repeat, which only replays its first answer); a lost race answers with its fresh state."""
    key = str(aggregate_id)
    if not cmd.is_repeat():
        require_area(cmd.system, cmd.actor, read(key)[area_of], area_of, today(cmd.system))
    return cmd.run(lambda ctx: method(ctx, key, body), fresh=lambda: read(key))


# ---- livelihood models ----------------------------------------------------------------------


@reads.get("/models/{model_id}", summary="A livelihood model")
def model(model_id: ModelId, system: SystemDep) -> JSONResponse:
    return with_etag(system.models.get(str(model_id)))


@writes.post(
    "/models",
    status_code=201,
    summary="Establish a model (ModelEstablished)",
    responses=answers.created(answers.Written),
)
def establish_model(body: bodies.Model, cmd: CommandDep) -> JSONResponse:
    """The code is unique; a replicated model names the one it copies."""
    code = body.commune_code
    require_area(cmd.system, cmd.actor, code, "commune_code", today(cmd.system))
    return cmd.run(lambda ctx: cmd.system.models.establish(ctx, body))


@writes.post(
    "/models/{model_id}/closure",
    status_code=201,
    summary="Close a model (ModelClosed)",
    responses=answers.created(answers.Written),
)
def close_model(model_id: ModelId, body: bodies.Dated, cmd: CommandDep) -> JSONResponse:
    models = cmd.system.models
    return change(cmd, models.get, "commune_code", models.close, model_id, body)


# ---- officials ------------------------------------------------------------------------------


@reads.get("/officials/{official_id}", summary="A poverty-reduction official")
def official(official_id: OfficialId, system: SystemDep) -> JSONResponse:
    return with_etag(system.officials.get(str(official_id)))


@writes.post(
    "/officials",
    status_code=201,
    summary="Register an official (OfficialRegistered)",
    responses=answers.created(answers.Written),
)
def register_official(body: bodies.Official, cmd: CommandDep) -> JSONResponse:
    require_area(cmd.system, cmd.actor, body.area_code, "area_code", today(cmd.system))
    return cmd.run(lambda ctx: cmd.system.officials.register(ctx, body))


@writes.post(
    "/officials/{official_id}/trainings",
    status_code=201,
    summary="Record a training completed",
    responses=answers.created(answers.Written),
)
def record_training(
    official_id: OfficialId, body: bodies.Training, cmd: CommandDep
) -> JSONResponse:
    """The effective date is the day the course was completed."""
    officials = cmd.system.officials
    return change(cmd, officials.get, "area_code", officials.record_training, official_id, body)


@writes.post(
    "/officials/{official_id}/departure",
    status_code=201,
    summary="Record an official leaving",
    responses=answers.created(answers.Written),
)
def record_departure(official_id: OfficialId, body: bodies.Dated, cmd: CommandDep) -> JSONResponse:
    officials = cmd.system.officials
    return change(cmd, officials.get, "area_code", officials.leave, official_id, body)


# ---- plans ----------------------------------------------------------------------------------


@reads.get("/plan", summary="Plan 55/KH-UBND, the plan the indicators are counted for")
def plan_55(system: SystemDep) -> JSONResponse:
    return with_etag(system.plans.get(PLAN_55))


@reads.get("/plans", summary="Every plan, by period and reference")
def plans(system: SystemDep) -> list[dict[str, Any]]:
    return system.plans.listing()


@administers.post(
    "/plans",
    status_code=201,
    summary="Adopt a province's or the city's plan (PlanAdopted)",
    responses=answers.created(answers.Written),
)
def adopt_plan(body: bodies.PlanAdoption, cmd: CommandDep) -> JSONResponse:
    """For one plan period; by an administrator of the plan's area or of the city it merged
    into (403 `plan-whole-area`)."""
    return cmd.run(lambda ctx: cmd.system.plans.adopt(ctx, body))


@reads.get("/plans/{reference:path}", summary="A plan by its reference (slash URL-encoded)")
def plan(reference: str, system: SystemDep) -> JSONResponse:
    """`/api/plans/55%2FKH-UBND`: the reference's slash may also be left as it is."""
    return with_etag(system.plans.get(reference))

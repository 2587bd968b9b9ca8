"""Households of split units after the reorganisation of 1 July 2025: the list of those awaiting
their new unit, one household's assignment, and a whole village's at once
(docs/spec/reorganisation.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from web.api import answers, bodies
from web.api.households import HouseholdId, change
from web.deps import (
    READ,
    WRITE_HOUSEHOLDS,
    CommandDep,
    CurrentActor,
    SystemDep,
    readable_area,
    today,
)

reads = APIRouter(tags=["reorganisation"], dependencies=[Depends(READ)])
writes = APIRouter(tags=["reorganisation"], dependencies=[Depends(WRITE_HOUSEHOLDS)])
routers = (reads, writes)


@reads.get("/assignments", summary="The households awaiting their new unit, by old unit")
def awaiting(actor: CurrentActor, system: SystemDep, area: str | None = None) -> dict[str, Any]:
    """The split units whose households the area may assign (a new unit sees those of its
    predecessors), with their successors, villages and households."""
    day = today(system)
    units = system.assignments.awaiting(readable_area(system, actor, area, day), day)
    return {"as_of": day.isoformat(), "units": units}


@writes.post(
    "/households/{household_id}/assignment",
    status_code=201,
    summary="Assign to its new unit",
    responses=answers.created(answers.Assigned),
)
def assign(household_id: HouseholdId, body: bodies.Assignment, cmd: CommandDep) -> JSONResponse:
    """Effective the day the old unit ended; only to one of the units that took part of it."""
    return change(cmd, household_id, cmd.system.households.assign, body)


@writes.post(
    "/assignments",
    status_code=201,
    summary="Assign a whole village to its new unit",
    responses=answers.created(answers.VillageAssigned),
)
def assign_village(body: bodies.VillageAssignment, cmd: CommandDep) -> JSONResponse:
    """Every household of the village still awaiting, in one transaction: all or none."""
    return cmd.run(lambda ctx: cmd.system.assignments.assign_village(ctx, body))

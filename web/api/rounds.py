"""A commune's review rounds (docs/spec/review-round.md, "The round"): caseworkers open the
periodic round and record its steps, or an application that opens a regular review; the
commune's chairman decides; every role that reads reads them. A round outside the caller's
area answers 404, as an unknown id; a lost race answers 409 with the round's fresh state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from application.commands import CommandContext, Written
from web.api import answers, bodies
from web.deps import (
    DECIDE,
    READ,
    WRITE_HOUSEHOLDS,
    Command,
    CommandDep,
    CurrentActor,
    SystemDep,
    read_complaints,
    readable_area,
    today,
)

reads = APIRouter(tags=["review rounds"], dependencies=[Depends(READ)])
writes = APIRouter(tags=["review rounds"], dependencies=[Depends(WRITE_HOUSEHOLDS)])
decides = APIRouter(tags=["review rounds"], dependencies=[Depends(DECIDE)])
routers = (reads, writes, decides)

CommuneCode = Annotated[str, Path(description="The commune's code", max_length=10)]
RoundId = Annotated[UUID, Path(description="The round's id")]


def step(cmd: Command, round_id: UUID, action: Callable[[CommandContext], Written]) -> JSONResponse:
    """A step of the round; a lost race answers with the round as it is now."""
    rounds = cmd.system.rounds
    return cmd.run(action, fresh=lambda: rounds.get(str(round_id), cmd.actor.area_code))


@reads.get(
    "/communes/{commune_code}/rounds",
    summary="The commune's review rounds",
    responses=answers.read(answers.Rounds),
)
def of_commune(
    commune_code: CommuneCode, system: SystemDep, actor: CurrentActor
) -> dict[str, object]:
    """Newest first, each with whether its decision is overdue today."""
    readable_area(system, actor, commune_code, today(system))
    return {"items": system.rounds.of_commune(commune_code, actor.area_code)}


@reads.get(
    "/rounds/{round_id}", summary="A review round", responses=answers.read(answers.RoundRead)
)
def one(round_id: RoundId, system: SystemDep, actor: CurrentActor) -> dict[str, object]:
    """Its list (each household with its code, head, village and status), its meetings, its
    posting, its complaints and its decision."""
    shown = system.rounds.get(str(round_id), actor.area_code)
    read_complaints(system, actor, shown, "api:round")
    return shown


@writes.post(
    "/communes/{commune_code}/rounds",
    status_code=201,
    summary="Open the year's periodic review",
    responses=answers.created(answers.Round),
)
def open_periodic(
    commune_code: CommuneCode, body: bodies.RoundOpening, cmd: CommandDep
) -> JSONResponse:
    """Between 1 September and 14 December; the list is the commune's poor and near-poor
    households on the day."""
    return cmd.run(lambda ctx: cmd.system.rounds.open_periodic(ctx, commune_code, body))


@writes.post(
    "/communes/{commune_code}/regular-reviews",
    status_code=201,
    summary="Receive an application that opens a regular review",
    responses=answers.created(answers.Round),
)
def open_regular(
    commune_code: CommuneCode, body: bodies.Application, cmd: CommandDep
) -> JSONResponse:
    return cmd.run(lambda ctx: cmd.system.rounds.open_regular(ctx, commune_code, body))


@writes.post(
    "/rounds/{round_id}/applications",
    status_code=201,
    summary="Receive an application into the periodic round",
    responses=answers.created(answers.Round),
)
def application(round_id: RoundId, body: bodies.Application, cmd: CommandDep) -> JSONResponse:
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.receive_application(ctx, str(round_id), body))


@writes.post(
    "/rounds/{round_id}/meetings",
    status_code=201,
    summary="Record a village meeting",
    responses=answers.created(answers.Round),
)
def meeting(round_id: RoundId, body: bodies.Meeting, cmd: CommandDep) -> JSONResponse:
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.hold_meeting(ctx, str(round_id), body))


@writes.post(
    "/rounds/{round_id}/posting",
    status_code=201,
    summary="Post the results publicly",
    responses=answers.created(answers.Round),
)
def posting(round_id: RoundId, body: bodies.Posting, cmd: CommandDep) -> JSONResponse:
    """The posting lasts the procedure's working days from the day after."""
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.post_list(ctx, str(round_id), body))


@writes.post(
    "/rounds/{round_id}/complaints",
    status_code=201,
    summary="Receive a complaint about a household's result",
    responses=answers.created(answers.Round),
)
def complaint(round_id: RoundId, body: bodies.Complaint, cmd: CommandDep) -> JSONResponse:
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.receive_complaint(ctx, str(round_id), body))


@writes.post(
    "/rounds/{round_id}/complaints/{complaint_id}/settlement",
    status_code=201,
    summary="Settle a complaint after its re-check",
    responses=answers.created(answers.Round),
)
def settlement(
    round_id: RoundId,
    complaint_id: Annotated[str, Path(max_length=40)],
    body: bodies.Settlement,
    cmd: CommandDep,
) -> JSONResponse:
    rounds = cmd.system.rounds
    return step(
        cmd, round_id, lambda ctx: rounds.settle_complaint(ctx, str(round_id), complaint_id, body)
    )


@writes.post(
    "/rounds/{round_id}/district-opinion",
    status_code=201,
    summary="Record the district chairman's opinion (until 30 June 2025)",
    responses=answers.created(answers.Round),
)
def district_opinion(round_id: RoundId, body: bodies.Opinion, cmd: CommandDep) -> JSONResponse:
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.consult_district(ctx, str(round_id), body))


@decides.post(
    "/rounds/{round_id}/decision",
    status_code=201,
    summary="Decide the round",
    responses=answers.created(answers.RoundDecided),
)
def decision(round_id: RoundId, body: bodies.RoundDecision, cmd: CommandDep) -> JSONResponse:
    """Every household the round agreed is recognised from its survey awaiting recognition,
    citing the decision; one that cannot be refuses the whole decision, naming it."""
    rounds = cmd.system.rounds
    return step(cmd, round_id, lambda ctx: rounds.decide(ctx, str(round_id), body))

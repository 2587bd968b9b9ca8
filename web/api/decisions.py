"""A commune's review decision: the chairman (or a delegate) names the households it
recognises by their codes; one call records the decision and every recognition in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from web.api import answers, bodies
from web.deps import DECIDE, CommandDep

writes = APIRouter(prefix="/communes", tags=["decisions"], dependencies=[Depends(DECIDE)])
routers = (writes,)

CommuneCode = Annotated[str, Path(description="The commune's code", max_length=10)]


@writes.post(
    "/{commune_code}/decisions",
    status_code=201,
    summary="Issue the review's decision",
    responses=answers.created(answers.DecisionIssued),
)
def issue(commune_code: CommuneCode, body: bodies.Decision, cmd: CommandDep) -> JSONResponse:
    """Each household named is recognised from its latest survey awaiting recognition, citing
    the decision; one that cannot be refuses the whole decision, naming it, and nothing is
    recorded."""
    return cmd.run(lambda ctx: cmd.system.decisions.issue(ctx, commune_code, body))

"""The plan's figures (docs/spec/figures.md) for an area as of a date, as known at an instant.

Every role may read them, for its own area and the areas inside it; any other area answers 404
`area-not-found`, the same as an unknown code, so probing codes reveals nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from application.indicators import Source
from web.deps import READ, CurrentActor, Day, Instant, SystemDep, readable_area, today

reads = APIRouter(tags=["indicators"], dependencies=[Depends(READ)])
routers = (reads,)


@reads.get("/indicators", summary="Every figure of the plan for an area as of a date")
def indicators(
    actor: CurrentActor,
    system: SystemDep,
    area: Annotated[str | None, Query(description="GSO code; the caller's area by default")] = None,
    as_of: Annotated[Day | None, Query(description="Effective date D; today by default")] = None,
    known_at: Annotated[
        Instant | None,
        Query(description="Count only what was recorded by then (Vietnam time if no zone)"),
    ] = None,
    source: Annotated[
        Source, Query(description="The projections, or a replay of the raw event log")
    ] = "projection",
) -> dict[str, Any]:
    """`value` is null where the denominator is zero or unknown; window figures also carry a
    `breakdown` (per calendar year of the plan period, or new and replicated models). `plan`
    names the plan whose targets hold for the area on D (null: none); `unplaced` says how many
    households of the area's split units still await their new unit (in no commune's figures)."""
    day = as_of or today(system)
    code = readable_area(system, actor, area, day)
    return system.indicators.answer(code, day, known_at, source)

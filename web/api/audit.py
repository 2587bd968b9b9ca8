"""What auditors read: the event feed, the figures' lineage (drill-down and changes) and the
replay-equals-projection check. Areas are scoped as for the figures: outside the caller's
area is the same 404 as an unknown code."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query

from application.lineage import Point
from domain.errors import NotFoundError
from projections.figures import BY_ID, FIGURES
from web.deps import (
    ADMINISTRATOR,
    AUDITOR,
    READ,
    CurrentActor,
    Day,
    Instant,
    Page,
    Roles,
    SystemDep,
    check_visible,
    scoped,
    today,
)

AUDIT = Roles((AUDITOR, ADMINISTRATOR))

lineage = APIRouter(prefix="/indicators", tags=["indicators"], dependencies=[Depends(READ)])
audit = APIRouter(tags=["audit"], dependencies=[Depends(AUDIT)])
routers = (lineage, audit)

Area = Annotated[str | None, Query(description="GSO code; the caller's area by default")]
KnownAt = Annotated[Instant | None, Query(description="Only what was recorded by then")]


@lineage.get("/changes", summary="Why the figures changed between two points")
def changes(
    actor: CurrentActor,
    system: SystemDep,
    from_date: Day,
    to_date: Day,
    area: Area = None,
    from_known: KnownAt = None,
    to_known: KnownAt = None,
    figure: Annotated[list[str] | None, Query(description="Figure ids; all by default")] = None,
    limit: Annotated[
        int, Query(ge=1, le=1000, description="At most this many of each way; `totals` has all")
    ] = 100,
) -> dict[str, Any]:
    """Households that entered or left each numerator and denominator, with the events between
    the points labelled new, late (back-dated), retraction or reclassification: the first
    `limit` of each way in subject order, and how many in all under `totals`."""
    code = scoped(system, actor, area, to_date)
    wanted = figure or [f.id for f in FIGURES]
    for figure_id in wanted:
        if figure_id not in BY_ID:
            raise NotFoundError("figure-not-found", field="figure", figure=figure_id)
    system.reads.catch_up_if_embedded()
    return system.lineage.changes(
        wanted, code, Point(from_date, from_known), Point(to_date, to_known), limit
    )


@lineage.get("/{figure_id}/households", summary="The households behind a figure")
def households(
    figure_id: Annotated[str, Path(description="A figure id, e.g. poor or credit_access")],
    actor: CurrentActor,
    system: SystemDep,
    area: Area = None,
    as_of: Day | None = None,
    known_at: KnownAt = None,
    page: Page = 1,
) -> dict[str, Any]:
    """The numerator's (and a percentage's denominator's) households, each with the events
    that put it there."""
    if figure_id not in BY_ID:
        raise NotFoundError("figure-not-found", field="figure_id", figure=figure_id)
    day = as_of or today(system)
    code = scoped(system, actor, area, day)
    system.reads.catch_up_if_embedded()
    return system.lineage.drill_down(figure_id, code, Point(day, known_at), page)


@audit.get("/events", summary="The event feed, in log order")
def events(
    actor: CurrentActor,
    system: SystemDep,
    after: Annotated[int, Query(ge=0, description="A log position; the feed starts after it")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    household: UUID | None = None,
    type: Annotated[str | None, Query(description="An event type, e.g. LoanGranted")] = None,
) -> dict[str, Any]:
    """The whole feed for the city's auditors; one household's events for an auditor whose
    area holds it (other households answer 404, as unknown ones do)."""
    if household is not None:
        check_visible(system, actor, household)
    elif actor.area_code != system.areas.registry().province_code:
        raise NotFoundError("area-not-found", field="household", area_code=actor.area_code)
    return system.audit.events(after, limit, household, type)


@audit.get(
    "/verify", summary="Do the projections equal a replay, and the events their checkpoints?"
)
def verify(actor: CurrentActor, system: SystemDep) -> dict[str, Any]:
    """For the city, every district and every commune on the plan's dates; each difference is
    listed. Then the integrity chain recomputed over the stored events: `integrity_ok`,
    `events_checked`, each signed checkpoint with `hash_ok` and `signature_ok`, and
    `first_bad_position` when one fails. A long request on a large history: the CLI
    `giamngheo verify` does the same. For the city's auditors, as it covers every area."""
    if actor.area_code != system.areas.registry().province_code:
        raise NotFoundError("area-not-found", field="area", area_code=actor.area_code)
    return {**system.audit.verify(), **system.integrity.status()}

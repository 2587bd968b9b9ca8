"""The container's health check and where the API describes itself."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from web.deps import PUBLIC, SystemDep

DOCS_URL = "/api/docs"
OPENAPI_URL = "/api/openapi.json"

router = APIRouter(dependencies=[Depends(PUBLIC)], include_in_schema=False)


@router.get("/healthz")
def health(system: SystemDep) -> dict[str, object]:
    """For the container's health check: the event store answers and the projections' lag."""
    head = system.reads.engine.log.head()
    return {
        "ok": True,
        "events": head,
        "projections_behind": head - system.reads.engine.lowest_position(),
    }

"""The container's health check and where the API describes itself."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from web.deps import PUBLIC, SystemDep

DOCS_URL = "/api/docs"
OPENAPI_URL = "/api/openapi.json"

router = APIRouter(dependencies=[Depends(PUBLIC)], include_in_schema=False)


@router.get("/healthz")
def health(system: SystemDep) -> JSONResponse:
    """For the container's health check: the event store answers, the projections are no more
    than `GIAMNGHEO_HEALTH_MAX_LAG` events behind and have passed over no event (else 503)."""
    report = system.reads.health(system.settings.health_max_lag)
    return JSONResponse(report, status_code=200 if report["ok"] else 503)

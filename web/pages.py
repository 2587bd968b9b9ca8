"""The container's health check and where the API describes itself: the OpenAPI document and
Swagger UI, served from this server (vendored, pinned: it works in an office without internet
and under the same CSP as every page, its start-up script a file of its own)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, JSONResponse

from web.deps import PUBLIC, SystemDep

DOCS_URL = "/api/docs"
OPENAPI_URL = "/api/openapi.json"
SWAGGER_UI = "/static/swagger-ui-5.35.0"
DOCS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>giamngheo API</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi="{OPENAPI_URL}"></div>
  <script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""

router = APIRouter(dependencies=[Depends(PUBLIC)], include_in_schema=False)


@router.get("/healthz")
def health(system: SystemDep) -> JSONResponse:
    """For the container's health check: the event store answers, the projections are no more
    than `GIAMNGHEO_HEALTH_MAX_LAG` events behind and have passed over no event (else 503)."""
    report = system.reads.health(system.settings.health_max_lag)
    return JSONResponse(report, status_code=200 if report["ok"] else 503)


@router.get(DOCS_URL)
def api_docs() -> HTMLResponse:
    return HTMLResponse(DOCS_PAGE)

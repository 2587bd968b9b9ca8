"""The web application: the JSON API under `/api` and the HTML pages, on one `System`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from application.system import System
from web import pages, problems
from web.api import api_router

DESCRIPTION = """Case management for Vietnam's National Target Program on Sustainable Poverty
Reduction (Hai Phong, plan 55/KH-UBND). Every household is a history of events that is never
altered: writes record events, reads replay them as of a date (`as_of`) and as known at an
instant (`known_at`).

Authenticate with `Authorization: Bearer <token>` (`giamngheo token create NAME`). Refusals are
`application/problem+json` with a stable `type` per rule, in Vietnamese unless
`Accept-Language` asks for English. Every write accepts `Idempotency-Key` (a repeat returns the
first answer and records nothing) and `If-Match` (the `ETag` of a read; a stale one gets 409
with the fresh state)."""


def create_app(system: System | None = None) -> FastAPI:
    """The app on the given system, or on one opened from the environment (and closed with it)."""
    owned = system is None
    running = system or System.open()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owned and running.backend.kind != "postgres":
            running.reads.follow_in_background()
        yield
        if owned:
            running.close()

    app = FastAPI(
        title="giamngheo",
        description=DESCRIPTION,
        version="0.1.0",
        openapi_url=pages.OPENAPI_URL,
        docs_url=pages.DOCS_URL,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.system = running
    problems.install(app)
    app.include_router(api_router())
    app.include_router(pages.router)
    return app

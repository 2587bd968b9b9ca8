"""The web application: the JSON API under `/api` and the HTML pages, on one `System`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starsessions import SessionAutoloadMiddleware, SessionMiddleware

from application.system import System
from web import pages
from web.api import api_router
from web.limits import BodyLimit
from web.scope import ReadScope
from web.ui import errors, ui_router
from web.ui.security import Csrf, SecurityHeaders, SignInLimit
from web.ui.session import COOKIE, IDLE, AccountSessionStore

STATIC = Path(__file__).parent / "static"
DESCRIPTION = """Case management for Vietnam's National Target Program on Sustainable Poverty
Reduction (Hai Phong, plan 55/KH-UBND). Every household is a history of events that is never
altered: writes record events, reads replay them as of a date (`as_of`) and as known at an
instant (`known_at`).

Authenticate with `Authorization: Bearer <token>` (`giamngheo token create NAME`). Refusals are
`application/problem+json` with a stable `type` per rule, in Vietnamese unless
`Accept-Language` asks for English. Every write accepts `Idempotency-Key` (a repeat returns the
first answer and records nothing) and `If-Match` (the `ETag` of a read; a stale one gets 409
with the fresh state)."""


def create_app(system: System | None = None, sign_in_limit: str = "10/minute;50/hour") -> FastAPI:
    """The app on the given system, or on one opened from the environment (and closed with it).
    Middleware, outermost first: security headers, the body limit, CSRF, server-side sessions,
    one state of the read side for each request that writes nothing."""
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
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.system = running
    app.state.sign_in_limit = SignInLimit(sign_in_limit)
    errors.install(app)
    app.include_router(api_router())
    app.include_router(pages.router)
    app.include_router(ui_router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    secure = running.settings.secure_cookies
    app.add_middleware(ReadScope)
    app.add_middleware(SessionAutoloadMiddleware)
    app.add_middleware(
        SessionMiddleware,
        store=AccountSessionStore(lambda: app.state.system.accounts),
        lifetime=IDLE,
        rolling=True,
        cookie_name=COOKIE,
        cookie_same_site="lax",
        cookie_https_only=secure,
    )
    app.add_middleware(Csrf, secret=running.settings.secret_key, secure=secure)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app

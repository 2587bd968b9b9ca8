"""The web pages of docs/spec/interfaces.md: server-rendered, htmx for the parts that refresh. One
router module per group of pages; every route declares its policy."""

from __future__ import annotations

from fastapi import APIRouter

from web.ui import (
    account,
    admin,
    assignments,
    audit,
    auth,
    dashboard,
    grid,
    households,
    imports,
    indicators,
    registries,
    reports,
    rounds,
    what_if,
)


def ui_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    features = (
        auth,
        account,
        households,
        assignments,
        imports,
        rounds,
        grid,
        dashboard,
        indicators,
        reports,
        audit,
        admin,
        registries,
        what_if,
    )
    for feature in features:
        router.include_router(feature.router)
    return router

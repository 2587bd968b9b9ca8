"""The JSON API under `/api` (docs/spec/interfaces.md), one router module per feature."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from web.api import (
    areas,
    assignments,
    audit,
    decisions,
    households,
    indicators,
    registries,
    rounds,
)

PROBLEM = {
    "description": "A refusal as application/problem+json (RFC 9457)",
    "content": {
        "application/problem+json": {
            "schema": {
                "type": "object",
                "required": ["type", "title", "status", "detail", "code"],
                "properties": {
                    "type": {"type": "string", "example": "/problems/loan-eligibility"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                    "field": {"type": ["string", "null"]},
                    "params": {"type": "object"},
                    "current": {"type": "object", "description": "The fresh state, on a lost race"},
                },
            }
        }
    },
}
PROBLEMS: dict[int | str, dict[str, Any]] = dict.fromkeys((400, 401, 403, 404, 409, 422), PROBLEM)


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api", responses=PROBLEMS)
    features = (households, assignments, decisions, rounds, registries, areas, audit, indicators)
    for feature in features:
        for sub in feature.routers:
            router.include_router(sub)
    return router

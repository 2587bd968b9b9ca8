"""The caseworker's household pages: search, registration, the household page and a form for every event."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

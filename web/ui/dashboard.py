"""The supervisor's dashboard: the plan's figures against their targets, trends and sub-areas."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

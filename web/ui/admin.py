"""The administrator's pages: users and roles, areas, plans and targets, household totals."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

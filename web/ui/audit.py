"""The auditor's pages: the event log, replay equals projection, changes between dates, integrity."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

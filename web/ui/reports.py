"""Downloads of the figures and the lists as xlsx and csv."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

"""The drill-down of a figure: the households behind it, then the events behind each."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

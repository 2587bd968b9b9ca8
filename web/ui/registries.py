"""The livelihood models and officials registries."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

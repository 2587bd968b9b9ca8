"""What the system holds about a household and its members, given to them on request (Law
91/2025/QH15 on personal data protection, Art. 4: the data subject's right to know about the
processing and to have their data provided), with the register of why it holds it
(`application/data/processing.json`; docs/spec/personal-data.md). The caller checks the scope
and writes the read log first, as for every showing of personal data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from application.households import HouseholdService
from application.rounds import RoundService

REGISTER = Path(__file__).parent / "data" / "processing.json"


@cache
def register_of_processing() -> dict[str, Any]:
    """The purposes the system processes personal data for: what data, on what basis, seen by
    whom, kept how long."""
    data: dict[str, Any] = json.loads(REGISTER.read_text(encoding="utf-8"))
    return data


def export(
    households: HouseholdService, rounds: RoundService, household_id: UUID, lang: str
) -> dict[str, Any]:
    """Everything recorded about the household as the system knows it now — its state, every
    entry of its history with who recorded it and when, the complaints about it in the review
    rounds — and the register of processing."""
    return {
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "household": households.get(household_id),
        "history": households.history(household_id, lang=lang),
        "complaints": rounds.complaints_about(str(household_id)),
        "processing": register_of_processing(),
    }

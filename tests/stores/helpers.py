"""Small builders shared by the store contract tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from application import inputs
from application.commands import Actor, context
from application.system import System
from domain.standards import catalogue
from domain.values import ReviewKind

CASEWORKER = Actor("canbo.quantoan", "caseworker", "11296")
HEAD_NAME = "Nguyễn Văn Đức"
HEAD_ID = "031078000123"


def register(
    system: System,
    code: str = "QT-001",
    key: str | None = None,
    actor: Actor = CASEWORKER,
    **extra: str,
) -> str:
    """A household of two in the actor's commune (extra fields added or overriding)."""
    body = {
        "household_code": code,
        "commune_code": actor.area_code,
        "village": "Tổ dân phố 3",
        "effective_date": "2021-09-20",
        "members": [
            {
                "full_name": HEAD_NAME,
                "sex": "M",
                "birth_date": "1978-05-02",
                "relationship_to_head": "HEAD",
                "national_id": HEAD_ID,
            },
            {
                "full_name": "Phạm Thị Lan",
                "sex": "F",
                "birth_date": "1981-07-11",
                "relationship_to_head": "SPOUSE",
            },
        ],
        **extra,
    }
    return str(
        system.households.register(
            context(actor, key), inputs.RegisterHousehold.parse(body)
        ).answer["id"]
    )


def survey_body(income: int, deprived: int, day: str = "2021-10-15") -> dict[str, Any]:
    keys = catalogue().get("VN-MDP-2022").keys
    return {
        "kind": "PERIODIC",
        "effective_date": day,
        "income_per_capita_vnd": income,
        "deprivations": {key: i < deprived for i, key in enumerate(keys)},
        "needs": ["CREDIT"],
    }


def surveyed(
    system: System,
    household_id: str,
    on: str,
    answers: tuple[int, int],
    kind: str = "PERIODIC",
    actor: Actor = CASEWORKER,
) -> str:
    """A survey of the review of that kind and date, answering its standard's indicators, the
    first of them deprived: answers are (income, how many deprived). Its id."""
    keys = catalogue().for_review(ReviewKind(kind), date.fromisoformat(on)).keys
    income, deprived = answers
    body = {
        "kind": kind,
        "effective_date": on,
        "income_per_capita_vnd": income,
        "deprivations": {key: i < deprived for i, key in enumerate(keys)},
    }
    given = inputs.RecordSurvey.parse(body)
    return str(
        system.households.record_survey(context(actor), household_id, given).answer["survey_id"]
    )

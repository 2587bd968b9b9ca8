"""Bindings for features/transitions.feature."""

from __future__ import annotations

from typing import Any

from pytest_bdd import scenarios, then

from tests.application.desk import Desk, HouseholdRef, Outcome
from tests.features.conftest import step

scenarios("transitions.feature")


def recognition_entries(
    desk: Desk, household: HouseholdRef, outcome: Outcome
) -> list[dict[str, Any]]:
    """The entries the latest recognition recorded: the classification and what came with it."""
    outcome.expect_accepted()
    entries = desk.entries(household.id)
    start = max(i for i, e in enumerate(entries) if e["type"] == "HouseholdClassified")
    assert entries[-1]["version"] == outcome.version_after
    return entries[start:]


@then(step("the recognition comes with {companion:EventType} from {before}"))
def recognition_comes_with(
    desk: Desk, household: HouseholdRef, outcome: Outcome, companion: str, before: str
) -> None:
    classified, *others = recognition_entries(desk, household, outcome)
    assert [e["type"] for e in others] == [companion]
    data = others[0]["data"]
    assert (data["from_status"], data["to_status"]) == (before, classified["data"]["status"])


@then("the recognition comes with nothing else")
def recognition_comes_alone(desk: Desk, household: HouseholdRef, outcome: Outcome) -> None:
    _, *others = recognition_entries(desk, household, outcome)
    assert others == []

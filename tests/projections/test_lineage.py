"""From a figure to the households behind it and the events that put them there; and why a
figure changed between two points."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

import application.lineage
from application import inputs
from application.commands import context
from application.demo import load_demo
from application.lineage import LineageService, Point
from application.system import System
from tests.projections.test_directory import classify
from tests.stores.helpers import CASEWORKER, register


def lineage(system: System) -> LineageService:
    system.reads.catch_up()
    return LineageService(system.reads)


def test_the_poor_households_of_a_figure_come_with_the_classification_behind_them(
    any_backend: System,
) -> None:
    poor = register(any_backend, "QT-001")
    register(any_backend, "QT-002")
    classify(any_backend, poor, 1_200_000, 4, "2021-10-15")
    found = lineage(any_backend).drill_down("poor", "31", Point(date(2022, 6, 30), None))
    [item] = found["numerator"]["items"]
    assert item["owner"] == poor
    assert [e["type"] for e in item["events"]] == ["HouseholdSurveyed", "HouseholdClassified"]
    assert all(e["position"] > 0 for e in item["events"])


def test_a_percentage_lists_its_denominator_as_well(any_backend: System) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    found = lineage(any_backend).drill_down("credit_access", "31", Point(date(2022, 6, 30), None))
    assert found["numerator"]["total"] == 0
    assert [i["owner"] for i in found["denominator"]["items"]] == [household_id]


def retract(system: System, household_id: str, version: int) -> None:
    body = {"target_version": version, "reason": "sai hộ"}
    system.households.retract(context(CASEWORKER), household_id, inputs.Retract.parse(body))


def void(system: System, household_id: str, version: int) -> None:
    system.households.void_registration(
        context(CASEWORKER), household_id, inputs.VoidRegistration.parse({"reason": "sai hộ"})
    )


@pytest.mark.parametrize(
    ("correct", "event_type"),
    [(retract, "EntryRetracted"), (void, "RegistrationVoided")],
    ids=["retraction", "voiding"],
)
def test_a_correction_between_two_points_is_named_as_the_cause(
    any_backend: System, correct: Callable[[System, str, int], None], event_type: str
) -> None:
    household_id = register(any_backend)
    version = classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    before = datetime.now(UTC)
    correct(any_backend, household_id, version)
    day = date(2022, 6, 30)
    changed = lineage(any_backend).changes(["poor"], "31", Point(day, before), Point(day, None))
    [left] = changed["figures"]["poor"]["numerator"]["left"]
    assert left["owner"] == household_id
    assert [(e["kind"], e["type"]) for e in left["events"]] == [("retraction", event_type)]


def test_a_back_dated_entry_is_named_late(any_backend: System) -> None:
    household_id = register(any_backend)
    before = datetime.now(UTC)
    classify(any_backend, household_id, 1_200_000, 4, "2021-10-15")
    day = date(2022, 6, 30)
    changed = lineage(any_backend).changes(["poor"], "31", Point(day, before), Point(day, None))
    [entered] = changed["figures"]["poor"]["numerator"]["entered"]
    assert {e["kind"] for e in entered["events"]} == {"late"}


def test_the_reduction_of_near_poor_lists_the_baseline_and_those_who_left(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    classify(any_backend, household_id, 1_900_000, 1, "2021-10-15")
    classify(any_backend, household_id, 2_600_000, 0, "2023-10-15")
    found = lineage(any_backend).drill_down(
        "near_poor_reduction", "31", Point(date(2024, 6, 30), None)
    )
    assert [i["owner"] for i in found["denominator"]["items"]] == [household_id]
    assert [i["owner"] for i in found["numerator"]["items"]] == [household_id]


def test_what_changed_for_the_city_lists_a_bounded_page_and_counts_every_household(
    any_backend: System,
) -> None:
    load_demo(any_backend, 150, seed=5)
    service = lineage(any_backend)
    before, after = Point(date(2022, 6, 30), None), Point(date(2024, 6, 30), None)
    with any_backend.reads.sql.connect() as conn:
        then = service.members_behind(conn, "near_poor", "num", "31", before)
        now = service.members_behind(conn, "near_poor", "num", "31", after)
    entered, left = sorted(set(now) - set(then)), sorted(set(then) - set(now))
    assert len(entered) > 2, "the demo brings households onto the near-poor list"
    assert len(left) > 2, "and takes others out"

    changed = service.changes(["near_poor"], "31", before, after, limit=2)

    assert changed["totals"]["near_poor"]["numerator"] == {
        "entered": len(entered),
        "left": len(left),
    }
    moved = changed["figures"]["near_poor"]["numerator"]
    assert [item["subject"] for item in moved["entered"]] == entered[:2]
    assert [item["subject"] for item in moved["left"]] == left[:2]


def test_a_drill_down_page_is_cut_by_the_database_in_subject_order(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(any_backend, 150, seed=5)
    service = lineage(any_backend)
    point = Point(date(2023, 12, 31), None)
    with any_backend.reads.sql.connect() as conn:
        members = service.members_behind(conn, "near_poor", "num", "31", point)
    monkeypatch.setattr(application.lineage, "PAGE_SIZE", 1)
    assert len(members) > 2, "the demo has near-poor households"

    second = service.drill_down("near_poor", "31", point, page=2)["numerator"]

    assert second["total"] == len(members)
    assert [i["subject"] for i in second["items"]] == sorted(members)[1:2]

"""The figures service and the replay of the raw log: every figure answered, areas and sources
checked, aggregates streamed one at a time on every backend, the plan as known at an instant."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from application import inputs
from application.commands import Actor, context
from application.registries import PLAN_55
from application.system import System
from domain.dates import VIETNAM
from domain.errors import NotFoundError, ValidationError
from domain.household import Household
from projections import replay
from projections.figures import FIGURES
from projections.replay import KnownLog
from tests.application.desk import Desk
from tests.conftest import TODAY

REGISTERED = date(2022, 1, 10)
RECOGNISED = date(2022, 3, 10)
CITY = "31"


@pytest.fixture
def desk(system: System) -> Desk:
    return Desk(system)


def figures(desk: Desk, area: str = CITY, **options: Any) -> dict[str, Any]:
    answer: dict[str, Any] = desk.system.indicators.answer(
        area, options.pop("as_of", TODAY), options.pop("known_at", None), "replay"
    )
    return answer


def poor_households(desk: Desk, count: int) -> list[str]:
    ids = []
    for _ in range(count):
        household = desk.register(REGISTERED)
        desk.recognise(household.id, "POOR", RECOGNISED).expect_accepted()
        ids.append(household.id)
    return ids


def test_every_figure_of_the_catalogue_is_answered_in_its_order(desk: Desk) -> None:
    answer = figures(desk, as_of=date(2025, 12, 31))

    assert list(answer["figures"]) == [figure.id for figure in FIGURES]
    assert {key: answer[key] for key in ("area", "as_of", "known_at", "source")} == {
        "area": CITY,
        "as_of": "2025-12-31",
        "known_at": None,
        "source": "replay",
    }


def test_an_unknown_area_is_refused(desk: Desk) -> None:
    with pytest.raises(NotFoundError) as refused:
        figures(desk, area="99999")

    assert (refused.value.code, refused.value.field) == ("area-not-found", "area")


def test_an_unknown_source_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError) as refused:
        desk.system.indicators.answer(CITY, TODAY, None, "guess")

    assert (refused.value.code, refused.value.field) == ("invalid-value", "source")


def test_an_instant_without_a_zone_is_taken_as_vietnam_time(desk: Desk) -> None:
    answer = figures(desk, known_at=datetime(2030, 1, 1, 8, 30))

    assert answer["known_at"] == "2030-01-01T01:30:00+00:00"


def test_a_household_recorded_after_the_instant_is_not_counted(desk: Desk) -> None:
    poor_households(desk, 1)
    noted = datetime.now(UTC)
    poor_households(desk, 2)

    assert figures(desk, known_at=noted)["figures"]["poor"]["numerator"] == 1
    assert figures(desk)["figures"]["poor"]["numerator"] == 3


def test_the_pages_read_and_the_answer_agree_on_an_instant_without_a_zone(desk: Desk) -> None:
    poor_households(desk, 1)
    hanoi_clock = datetime.now(VIETNAM).replace(tzinfo=None)
    poor_households(desk, 2)
    desk.system.reads.catch_up()

    read = desk.system.indicators.figures(CITY, TODAY, hanoi_clock)["poor"]
    answer = desk.system.indicators.answer(CITY, TODAY, hanoi_clock, "projection")

    assert read.numerator == answer["figures"]["poor"]["numerator"] == 1


def test_nothing_was_known_before_the_area_registry_was_recorded(desk: Desk) -> None:
    with pytest.raises(NotFoundError) as refused:
        figures(desk, known_at=datetime(2020, 1, 1, tzinfo=UTC))

    assert refused.value.code == "area-not-found"


def test_the_targets_are_the_plans_as_known_at_the_instant(desk: Desk) -> None:
    noted = datetime.now(UTC)
    body = {"target": "models", "value": 350, "effective_date": "2024-06-01"}
    city = Actor("quantri", "administrator", "31")
    desk.system.plans.revise_target(context(city), PLAN_55, inputs.ReviseTarget.parse(body))

    # Plan 55/KH-UBND is measured on old Hai Phong's territory, also after 2025-07-01.
    assert figures(desk, "^31", known_at=noted)["figures"]["models"]["target"] == 300
    assert figures(desk, "^31")["figures"]["models"]["target"] == 350


def test_a_count_target_belongs_to_the_plans_own_area_and_a_percentage_to_every_area(
    desk: Desk,
) -> None:
    district = figures(desk, area="311")["figures"]

    assert district["models"]["target"] is None
    assert district["credit_access"]["target"] == 100


def test_the_replay_folds_one_household_before_reading_the_next(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streaming: the first household is handed over after one read of the event table."""
    poor_households(desk, 3)
    reads: list[UUID | str] = []
    recorder = desk.system.store.recorder
    select_events = recorder.select_events

    def counted(originator_id: UUID | str, **options: Any) -> Any:
        reads.append(originator_id)
        return select_events(originator_id, **options)

    monkeypatch.setattr(recorder, "select_events", counted)
    households = KnownLog(desk.system.store, None).each(Household.Registered.TOPIC)

    next(households)
    assert len(reads) == 1
    assert len(list(households)) == 2
    assert len(reads) == 3


def test_the_replay_pages_through_the_log_alike_on_sqlite_and_postgresql(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = Desk(any_backend)
    monkeypatch.setattr(replay, "PAGE_SIZE", 2)
    ids = poor_households(desk, 5)
    desk.recognise(ids[0], "NEAR_POOR", date(2023, 3, 10)).expect_accepted()
    loan = desk.grant_loan(ids[1], date(2023, 5, 1), "POOR", 40_000_000).expect_accepted()
    desk.repay(ids[1], loan["loan_id"], date(2024, 5, 1), 15_000_000).expect_accepted()

    counted = figures(desk, as_of=date(2025, 12, 31))["figures"]

    assert counted["poor"]["numerator"] == 4
    assert counted["near_poor"]["numerator"] == 1
    assert counted["newly_poor"]["breakdown"] == {"2022": 5, "2023": 0, "2024": 0, "2025": 0}
    assert counted["escaped"]["numerator"] == 1
    assert counted["loans_outstanding.POOR"]["numerator"] == 25_000_000

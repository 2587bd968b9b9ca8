"""Official: trainings are counted while the official is in post."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolationError
from domain.official import Official
from tests.domain.builders import by

REGISTERED = date(2022, 2, 1)
LEFT = date(2024, 12, 31)


@pytest.fixture
def official() -> Official:
    return Official.register("Phạm Thị Hoa", "11485", "cán bộ LĐ-TB&XH", by(REGISTERED))


def test_a_training_is_recorded_with_its_completion_date(official: Official) -> None:
    official.record_training("Giảm nghèo bền vững 2023", by(date(2023, 5, 20)))

    assert official.trainings == [(date(2023, 5, 20), "Giảm nghèo bền vững 2023")]


@pytest.mark.parametrize(
    ("completed", "code"),
    [(date(2022, 1, 31), "date-before-registration"), (LEFT, "official-left")],
    ids=["before-registration", "after-leaving"],
)
def test_a_training_outside_the_time_in_post_is_refused(
    official: Official, completed: date, code: str
) -> None:
    official.leave(by(LEFT))

    with pytest.raises(RuleViolationError) as refused:
        official.record_training("Khóa học", by(completed))

    assert (refused.value.code, refused.value.field) == (code, "effective_date")
    assert official.trainings == []


def test_an_official_who_left_cannot_leave_again(official: Official) -> None:
    official.leave(by(LEFT))

    with pytest.raises(RuleViolationError) as refused:
        official.leave(by(date(2025, 1, 2)))

    assert refused.value.code == "official-left"
    assert official.left_on == LEFT


def test_the_summary_shows_the_trainings_and_the_day_of_leaving(official: Official) -> None:
    official.record_training("Khóa 1", by(date(2023, 5, 20)))
    official.leave(by(LEFT))

    summary = official.summary()

    assert summary["trainings"] == [{"completed_on": "2023-05-20", "course": "Khóa 1"}]
    assert (summary["left_on"], summary["version"]) == ("2024-12-31", 3)

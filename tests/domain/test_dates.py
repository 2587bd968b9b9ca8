"""Whole months and ages, as the working-age rule and the newly-escaped window count them."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dates import add_months, age_in_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 3, 10), 36, date(2026, 3, 10)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
    ],
    ids=["whole-years", "to-a-shorter-month", "to-a-leap-february", "across-a-year"],
)
def test_months_later_is_the_same_day_or_the_end_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2011, 6, 15), date(2026, 6, 14), 15 * 12 - 1),
        (date(2011, 6, 15), date(2026, 6, 15), 15 * 12),
        (date(2008, 2, 29), date(2023, 2, 28), 15 * 12),
        (date(1961, 1, 31), date(2021, 4, 30), 60 * 12 + 3),
    ],
    ids=["day-before-birthday", "birthday", "leap-day-birthday", "month-end-birthday"],
)
def test_an_age_counts_the_whole_months_lived(born: date, on: date, months: int) -> None:
    assert age_in_months(born, on) == months

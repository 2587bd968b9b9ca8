"""Working days in Vietnam, which the review procedure's time limits count: Monday to Friday,
less the public holidays and the days off the government moves them to (Labour Code 2019,
Art. 112), as the `holidays` library keeps them year by year. A Saturday worked to make up for
a moved day off is not in that library, and is not counted. A period counts from the day after
the event that starts it (Civil Code 2015, Art. 147)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def period_end(event: date, working_days: int) -> date:
    """The last day of a period of `working_days` working days that an event on `event`
    starts: a posting of 3 working days from Friday 5 December 2025 runs Monday the 8th to
    Wednesday the 10th."""
    day, seen = event, 0
    while seen < working_days:
        day += timedelta(days=1)
        seen += working(day)
    return day

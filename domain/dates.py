"""Date arithmetic the rules need: whole months, ages and working age (Decree 135/2020); and
what an instant given without its zone means."""

from __future__ import annotations

import calendar
from datetime import MINYEAR, UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.values import Member, Sex

WORKING_AGE_FROM_YEARS = 15

# Decree 135/2020/NĐ-CP: the statutory retirement age rises from 60y3m (men) and 55y4m (women)
# in 2021 by 3 and 4 months a year until 62 and 60 years.
_RETIREMENT = {
    Sex.M: (60 * 12, 3, 62 * 12),
    Sex.F: (55 * 12, 4, 60 * 12),
}


VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def as_instant(value: datetime) -> datetime:
    """An instant in UTC, the zone of the recorded times; one given without its zone is
    Vietnam's time, as the people who type it read clocks — for every caller, the pages, the
    API and the command line alike (docs/spec/time.md)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=VIETNAM)
    return aware.astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_in_months(birth_date: date, on: date) -> int:
    """Whole months lived on `on`."""
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    if on.day < birth_date.day and add_months(birth_date, months) > on:
        months -= 1
    return months


def retirement_age_months(sex: Sex, year: int) -> int:
    base, step, cap = _RETIREMENT[sex]
    return min(cap, base + step * max(0, year - 2020))


def has_reached_retirement_age(sex: Sex, birth_date: date, on: date) -> bool:
    """The age of a year applies to those who reach it in that year (Decree 135/2020), so one
    who reached it in an earlier year stays retired when the age rises on 1 January. The age
    rises by less than a year each year, so being past it at the end of the year before
    is enough to know."""
    if age_in_months(birth_date, on) >= retirement_age_months(sex, on.year):
        return True
    if on.year == MINYEAR:
        return False
    year_before = date(on.year - 1, 12, 31)
    return age_in_months(birth_date, year_before) >= retirement_age_months(sex, year_before.year)


def is_working_age(sex: Sex, birth_date: date, on: date) -> bool:
    """From 15 years old up to (not including) the statutory retirement age."""
    months = age_in_months(birth_date, on)
    return months >= WORKING_AGE_FROM_YEARS * 12 and not has_reached_retirement_age(
        sex, birth_date, on
    )


def retirement_date(sex: Sex, birth_date: date) -> date:
    """The first day on which `has_reached_retirement_age` holds: in the first year Y in which
    the person reaches that year's age, the day they reach it (or 1 January, if the age of Y was
    already behind them when the year began)."""
    year = birth_date.year + retirement_age_months(sex, MINYEAR) // 12
    while True:
        reached = add_months(birth_date, retirement_age_months(sex, year))
        if reached.year <= year:
            return max(reached, date(year, 1, 1))
        year += 1


def able_to_work(member: Member, on: date) -> bool:
    """A worker on `on`: of working age and not recorded as unable to work."""
    return member.working_capable and is_working_age(member.sex, member.birth_date, on)

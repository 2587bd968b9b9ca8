"""The retirement date in one step agrees with the day-by-day rule of Decree 135/2020."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.dates import add_months, has_reached_retirement_age, retirement_date
from domain.values import Sex


@settings(max_examples=60, deadline=None)
@given(
    sex=st.sampled_from(list(Sex)),
    birth=st.dates(min_value=date(1940, 1, 1), max_value=date(1990, 12, 31)),
)
def test_the_retirement_date_is_the_first_day_the_age_is_reached(sex: Sex, birth: date) -> None:
    found = retirement_date(sex, birth)
    assert has_reached_retirement_age(sex, birth, found)
    day = add_months(birth, 50 * 12)
    while day < found:
        assert not has_reached_retirement_age(sex, birth, day), day
        day += timedelta(days=7)
    assert not has_reached_retirement_age(sex, birth, found - timedelta(days=1))

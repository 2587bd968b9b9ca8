"""Sets of days as the projections keep them: taking one set out of another keeps exactly the
days of the first that are not in the second."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from projections.intervals import Spans, normalise, without

START = date(2022, 1, 1)
days = st.integers(min_value=0, max_value=60)
spans = st.lists(st.tuples(days, days), max_size=6).map(
    lambda pairs: normalise((START + timedelta(a), START + timedelta(b)) for a, b in pairs if a < b)
)


def each_day(found: Spans) -> set[date]:
    return {start + timedelta(n) for start, end in found for n in range((end - start).days)}


@given(spans, spans)
def test_taking_days_out_keeps_exactly_the_days_not_taken(kept: Spans, taken: Spans) -> None:
    left = without(kept, taken)

    assert each_day(left) == each_day(kept) - each_day(taken)
    assert left == normalise(left)

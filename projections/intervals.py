"""Sets of days as sorted, disjoint half-open intervals [start, end): the shape in which a
projection stores "this household counted from this date to that one"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

Span = tuple[date, date]  # [start, end); date.max stands for "still open"
Spans = list[Span]

OPEN = date.max


def normalise(spans: Iterable[Span]) -> Spans:
    """Sorted, non-empty, merged where they touch or overlap."""
    merged: Spans = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(left: Sequence[Span], right: Sequence[Span]) -> Spans:
    found: Spans = []
    i = j = 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            found.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return found


def union(*parts: Iterable[Span]) -> Spans:
    return normalise(span for part in parts for span in part)


def without(spans: Sequence[Span], removed: Sequence[Span]) -> Spans:
    """The days of `spans` outside `removed` (both normalised)."""
    found: Spans = []
    for start, end in spans:
        for cut_start, cut_end in removed:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                found.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            found.append((start, end))
    return found


def since(day: date) -> Spans:
    return [(day, OPEN)]


def first_day(spans: Sequence[Span], not_before: date) -> date | None:
    """The first day of the set on or after `not_before`."""
    for start, end in spans:
        if end > not_before:
            return max(start, not_before)
    return None


def steps(changes: Sequence[tuple[date, object]]) -> list[tuple[date, date, object]]:
    """Values that hold from their date until the next one's (the last stays open)."""
    ordered = list(changes)
    return [
        (day, ordered[i + 1][0] if i + 1 < len(ordered) else OPEN, value)
        for i, (day, value) in enumerate(ordered)
        if i + 1 >= len(ordered) or ordered[i + 1][0] > day
    ]

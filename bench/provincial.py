"""A standard of the city's own beside the national ones. Hai Phong has announced one for
2027-2030 that is not in the data (docs/spec/standards.md), so the tests that need one, and the
benchmarks that measure what a plan counting by it costs (`--provincial`), add one of their own
for as long as they run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain import standards


def add_city_standard(
    standard_id: str, on: date, rural: int, urban: int, until: date | None = None
) -> Callable[[], None]:
    """A standard of the city's own (scope 31) beside the national ones, in force from `on`
    to `until` (by default as long as the national standard in force on `on`), with that
    national standard's indicators and these lines; answers what takes it away again."""
    original = standards.standards_data
    data = original()
    (national,) = [
        s
        for s in data["standards"]
        if s["scope"] == "VN" and s["in_force_from"] <= on.isoformat() <= s["in_force_to"]
    ]
    data["standards"].append(
        {
            **national, "id": standard_id, "scope": "31", "in_force_from": on.isoformat(),
            "in_force_to": (until.isoformat() if until else national["in_force_to"]),
            "income_line": {"RURAL": rural, "URBAN": urban}, "average_upper": None,
            "name": {"vi": f"chuẩn nghèo {standard_id} của thành phố",
                     "en": f"the city's standard {standard_id}"},
        }
    )  # fmt: skip

    def restore() -> None:
        standards.standards_data = original
        standards.catalogue.cache_clear()

    standards.standards_data = lambda: data
    standards.catalogue.cache_clear()
    return restore

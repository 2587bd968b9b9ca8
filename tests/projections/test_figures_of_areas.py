"""The sub-areas of a dashboard are read in one query: each district's and each commune's
figures must equal what the one-area read gives for it, on every backend, before and after
the 2025 reorganisation and as known at an earlier instant."""

from __future__ import annotations

from datetime import date

import pytest

from application.demo import load_demo
from application.system import System
from tests.projections.instants import halfway


@pytest.fixture
def demo(any_backend: System) -> System:
    load_demo(any_backend, 60, seed=11)
    any_backend.reads.catch_up()
    return any_backend


@pytest.mark.parametrize("day", [date(2022, 12, 31), date(2024, 12, 31), date(2025, 6, 30)])
def test_every_districts_figures_read_together_equal_those_read_alone(
    demo: System, day: date
) -> None:
    districts = [code for code, _ in demo.areas.sub_areas("31", day)]

    together = demo.reads.figures_of_areas(districts, day, None)

    assert together == {code: demo.reads.figures(code, day, None) for code in districts}


@pytest.mark.parametrize("day", [date(2023, 6, 30), date(2025, 6, 30)])
def test_every_communes_figures_read_together_equal_those_read_alone(
    demo: System, day: date
) -> None:
    districts = [code for code, _ in demo.areas.sub_areas("31", day)]
    communes = [code for d in districts for code, _ in demo.areas.sub_areas(d, day)]
    counted = demo.reads.figures_of_areas(communes, day, None)

    assert any(f["poor"].numerator or f["near_poor"].numerator for f in counted.values())
    assert counted == {code: demo.reads.figures(code, day, None) for code in communes}


def test_figures_read_together_as_known_at_an_instant_equal_those_read_alone(
    demo: System,
) -> None:
    known_at = halfway(demo)
    day = date(2025, 6, 30)
    districts = [code for code, _ in demo.areas.sub_areas("31", day)]

    together = demo.reads.figures_of_areas(districts, day, known_at)

    assert together != demo.reads.figures_of_areas(districts, day, None)
    assert together == {code: demo.reads.figures(code, day, known_at) for code in districts}


@pytest.mark.parametrize("known", [False, True])
def test_a_few_figures_of_every_commune_equal_the_same_figures_read_in_full(
    demo: System, known: bool
) -> None:
    day = date(2024, 12, 31)
    known_at = halfway(demo) if known else None
    districts = [code for code, _ in demo.areas.sub_areas("31", day)]
    communes = [code for d in districts for code, _ in demo.areas.sub_areas(d, day)]
    wanted = ["poverty_rate", "near_poor", "near_poor_reduction", "deprivation.health_insurance"]

    few = demo.reads.figures_of_areas(communes, day, known_at, only=wanted)

    full = demo.reads.figures_of_areas(communes, day, known_at)
    assert any(f["poverty_rate"].numerator or f["near_poor"].numerator for f in few.values())
    assert few == {code: {f: full[code][f] for f in wanted} for code in communes}


# The counts an area's urban and rural parts add up to: what the whole area counts.
COUNTED = ["poor", "near_poor", "poor_persons", "near_poor_persons", "cause.CAPITAL", "need.CREDIT"]


@pytest.mark.parametrize("day", [date(2024, 12, 31), date(2025, 12, 31)])
def test_the_city_split_into_urban_and_rural_communes_adds_up_to_the_whole_city(
    demo: System, day: date
) -> None:
    kinds = demo.indicators.by_area_kind("31", day, None, COUNTED)

    whole = demo.indicators.figures("31", day, None)
    assert {"URBAN", "RURAL"} <= set(kinds)
    assert whole["poor"].numerator
    assert whole["poor_persons"].numerator
    for figure in COUNTED:
        assert sum(part[figure].numerator for part in kinds.values()) == whole[figure].numerator
        parts = [part[figure].breakdown or {} for part in kinds.values()]
        added = {key: sum(part.get(key, 0) for part in parts) for key in parts[0]}
        assert added == (whole[figure].breakdown or {})


def test_a_commune_counts_wholly_under_its_own_kind(demo: System) -> None:
    day = date(2024, 12, 31)
    registry = demo.areas.registry()
    commune = next(
        code
        for code in demo.areas.places_within("31", day)
        if demo.indicators.figures(code, day, None)["poor"].numerator
    )

    kinds = demo.indicators.by_area_kind(commune, day, None, COUNTED)

    kind = registry.check_commune(commune, day).area_kind
    assert list(kinds) == [kind]
    assert kinds[kind]["poor"] == demo.indicators.figures(commune, day, None)["poor"]

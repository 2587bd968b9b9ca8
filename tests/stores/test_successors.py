"""The communes dissolved on 1 January 2025 and the commune each joined (Resolution
1232/NQ-UBTVQH15; docs/spec/reorganisation.md, "The mergers of 1 January 2025"), on SQLite and
on PostgreSQL: a household of Phường Tràng Minh counts in Phường Bắc Hà and Quận Kiến An from
that day, and in Phường Phù Liễn from 1 July 2025, with nothing recorded on it — in the view
and in a replay alike; an older database that learns the successors after its households
moves them from then on, and still shows what it knew before."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from application import areas, inputs
from application.commands import Actor, context
from application.readmodels import DirectoryQuery
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import open_system
from tests.stores.helpers import register, surveyed

TRANG_MINH = Actor("canbo.trangminh", "caseworker", "11452")
CITY = Actor("quantri.thanhpho", "administrator", "31")
KIEN_AN, BAC_HA, PHU_LIEN = "307", "11449", "11446"
IN_THE_MERGED_HALF_YEAR = date(2025, 3, 31)
AFTER_THE_REORGANISATION = date(2025, 9, 30)
WHERE = [
    (IN_THE_MERGED_HALF_YEAR, "31"),
    (IN_THE_MERGED_HALF_YEAR, KIEN_AN),
    (IN_THE_MERGED_HALF_YEAR, BAC_HA),
    (AFTER_THE_REORGANISATION, "31"),
    (AFTER_THE_REORGANISATION, PHU_LIEN),
]


def poor_household(system: System, actor: Actor = TRANG_MINH, code: str = "TM-001") -> str:
    """A household of the actor's commune (Tràng Minh) recognised poor in 2021."""
    household_id = register(system, code, actor=actor)
    survey_id = surveyed(system, household_id, "2021-10-15", (900_000, 4), actor=actor)
    body = {"effective_date": "2021-11-01", "survey_id": survey_id, "decision_ref": "9/QĐ"}
    system.households.classify(context(actor), household_id, inputs.Classify.parse(body))
    return household_id


def poor(system: System, known_at: datetime | None = None, source: str = "projection") -> list[int]:
    return [
        system.indicators.figures(area, day, known_at, source)["poor"].numerator
        for day, area in WHERE
    ]


def listed_in(system: System, area: str) -> list[str]:
    """The household codes the directory lists in the area today."""
    return [item["household_code"] for item in system.reads.search(DirectoryQuery(area))["items"]]


def surveys_in(system: System, area: str, day: date) -> int:
    """How many households the survey view holds a survey of in the commune on the day."""
    return len(system.reads.surveys_held([area], day, None))


def assert_followed_into_its_successors(system: System) -> None:
    """Tràng Minh's household counts in Bắc Hà, Kiến An and Phù Liễn in the view as in a
    replay, and the directory and the survey view hold it there."""
    assert poor(system) == [1, 1, 1, 1, 1]
    assert poor(system, source="replay") == poor(system)
    assert listed_in(system, PHU_LIEN) == ["TM-001"]
    assert surveys_in(system, BAC_HA, IN_THE_MERGED_HALF_YEAR) == 1
    assert surveys_in(system, PHU_LIEN, AFTER_THE_REORGANISATION) == 1


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as found:
        yield found


def test_a_household_of_a_merged_commune_counts_in_the_commune_it_joined(url: str) -> None:
    with closing(open_system(url)) as system:
        poor_household(system)
        system.reads.catch_up()

        assert_followed_into_its_successors(system)


def test_an_older_database_that_learns_the_successors_later_moves_its_households(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = [step for step in areas.STEPS if step[0] not in areas.SUCCESSORS_2025]
    with monkeypatch.context() as before_the_upgrade:
        before_the_upgrade.setattr(areas, "STEPS", older)
        with closing(open_system(url)) as system:
            poor_household(system)
            system.reads.catch_up()
            counted_then = poor(system)
    time.sleep(0.01)
    known_before = datetime.now(UTC)
    time.sleep(0.01)

    with closing(open_system(url)) as system:  # the upgrade records the successors
        system.reads.catch_up()

        assert counted_then == [1, 0, 0, 1, 0]  # in the city only: in no district or commune
        assert_followed_into_its_successors(system)
        assert poor(system, known_before) == counted_then
        assert poor(system, known_before, "replay") == counted_then


def test_a_change_of_the_registry_derives_no_household_of_a_unit_that_kept_its_code_again(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    thanh_dong = Actor("canbo.thanhdong", "caseworker", "10507")  # Cẩm Thượng's code since July
    with closing(open_system(url)) as system:
        poor_household(system, thanh_dong, "CT-001")
        system.reads.catch_up()
        cache = system.reads.indicators.cache
        derived_again: list[object] = []
        folded = cache.before
        monkeypatch.setattr(cache, "before", lambda *at: derived_again.append(at) or folded(*at))

        system.areas.record_household_total(context(CITY), "31", 2026, 1_400_000)
        system.reads.catch_up()

        assert derived_again == []

"""AreaRegistry over Hai Phong's units: the 2022 catalogue, then its 2025 changes, so that a
commune's kind and district are right for any date (docs/spec/models-and-plans.md)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from application.areas import HAI_PHONG, load_catalogues
from domain.area_registry import AreaRegistry
from domain.errors import NotFoundError
from domain.values import AreaKind, CommuneKind, DistrictKind
from tests.domain.builders import by

DATA = Path(__file__).parents[2] / "application" / "data"
LAST_DAY_2024 = date(2024, 12, 31)
REFORM = date(2025, 1, 1)


@pytest.fixture(scope="module")
def registry() -> AreaRegistry:
    opened = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    load_catalogues(opened, HAI_PHONG)
    return opened


def communes_in(catalogue: str) -> set[str]:
    with (DATA / catalogue).open(encoding="utf-8") as rows:
        return {row["commune_code"] for row in csv.DictReader(rows) if row["commune_code"]}


def test_the_2022_catalogue_has_15_districts_and_217_communes(registry: AreaRegistry) -> None:
    assert len(registry.districts_on(date(2022, 1, 1))) == 15
    assert len(registry.communes_on(date(2022, 1, 1))) == 217


def test_from_2025_the_communes_are_those_of_the_2025_catalogue(registry: AreaRegistry) -> None:
    codes = {unit.code for unit in registry.communes_on(REFORM)}

    assert codes == communes_in("haiphong-admin-units-2025-03-01.csv")
    assert {u.code for u in registry.communes_on(LAST_DAY_2024)} == communes_in(
        "haiphong-admin-units-2022-04-10.csv"
    )


def test_no_commune_exists_before_the_2022_catalogue_took_effect(registry: AreaRegistry) -> None:
    assert registry.commune_on("11296", date(2019, 12, 31)) is None


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("11488", (CommuneKind.XA, AreaKind.RURAL), (CommuneKind.PHUONG, AreaKind.URBAN)),
        ("11473", (CommuneKind.THI_TRAN, AreaKind.URBAN), (CommuneKind.PHUONG, AreaKind.URBAN)),
        ("11485", (CommuneKind.XA, AreaKind.RURAL), (CommuneKind.XA, AreaKind.RURAL)),
        ("11629", (CommuneKind.THI_TRAN, AreaKind.URBAN), (CommuneKind.THI_TRAN, AreaKind.URBAN)),
    ],
    ids=["xa-became-phuong", "thi-tran-became-phuong", "xa-stayed", "thi-tran-stayed"],
)
def test_a_communes_kind_on_a_date_is_the_one_it_had_then(
    registry: AreaRegistry,
    code: str,
    before: tuple[CommuneKind, AreaKind],
    after: tuple[CommuneKind, AreaKind],
) -> None:
    old, new = registry.commune_on(code, LAST_DAY_2024), registry.commune_on(code, REFORM)

    assert old is not None
    assert new is not None
    assert (old.kind, old.area_kind) == before
    assert (new.kind, new.area_kind) == after


def test_a_commune_that_moved_district_is_counted_in_each_district_in_its_time(
    registry: AreaRegistry,
) -> None:
    # Xã Đại Bản of huyện An Dương (312) became Phường Đại Bản of quận Hồng Bàng (303).
    old, new = registry.commune_on("11587", LAST_DAY_2024), registry.commune_on("11587", REFORM)

    assert old is not None
    assert new is not None
    assert (old.parent_code, new.parent_code) == ("312", "303")
    assert registry.contains("312", "11587", LAST_DAY_2024)
    assert not registry.contains("312", "11587", REFORM)
    assert registry.contains("303", "11587", REFORM)


def test_a_renamed_commune_keeps_its_code(registry: AreaRegistry) -> None:
    old, new = registry.commune_on("11512", LAST_DAY_2024), registry.commune_on("11512", REFORM)

    assert old is not None
    assert new is not None
    assert (old.name, new.name) == ("Xã Kênh Giang", "Phường Trần Hưng Đạo")


def test_a_commune_read_before_a_later_change_reads_the_change_after_it() -> None:
    changing = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    load_catalogues(changing, HAI_PHONG)
    before = changing.commune_on("11512", date(2026, 3, 1))
    changing.rename_commune("11512", "Phường Trần Hưng Đạo mới", by(date(2026, 2, 1)))

    after = changing.commune_on("11512", date(2026, 3, 1))

    assert before is not None
    assert after is not None
    assert (before.name, after.name) == ("Phường Trần Hưng Đạo", "Phường Trần Hưng Đạo mới")


def test_a_dissolved_commune_exists_until_the_reform_and_not_after(registry: AreaRegistry) -> None:
    assert registry.commune_on("11308", LAST_DAY_2024) is not None

    with pytest.raises(NotFoundError) as refused:
        registry.check_commune("11308", REFORM)

    assert (refused.value.code, refused.value.field) == ("commune-not-found", "commune_code")


def test_a_commune_cannot_be_registered_in_an_unknown_district(registry: AreaRegistry) -> None:
    with pytest.raises(NotFoundError) as refused:
        registry.register_commune("99999", "Xã Mới", "999", CommuneKind.XA, by(REFORM))

    assert (refused.value.code, refused.value.field) == ("area-not-found", "district_code")


def test_the_kind_of_an_unknown_commune_cannot_change(registry: AreaRegistry) -> None:
    with pytest.raises(NotFoundError) as refused:
        registry.change_commune_kind("99999", CommuneKind.PHUONG, by(REFORM))

    assert refused.value.code == "commune-not-found"


@pytest.fixture
def small_registry() -> AreaRegistry:
    fresh = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    fresh.register_district("312", "Huyện An Dương", DistrictKind.HUYEN, by(date(2020, 1, 1)))
    return fresh


def test_household_totals_are_recorded_per_area_and_year(small_registry: AreaRegistry) -> None:
    small_registry.record_household_total("312", 2022, 51_234, by(date(2022, 1, 1)))

    assert small_registry.household_totals == {("312", 2022): 51_234}


def test_a_household_total_for_an_unknown_area_is_refused(small_registry: AreaRegistry) -> None:
    with pytest.raises(NotFoundError) as refused:
        small_registry.record_household_total("999", 2022, 1, by(date(2022, 1, 1)))

    assert (refused.value.code, refused.value.field) == ("area-not-found", "area_code")
    assert small_registry.household_totals == {}


def test_the_levels_of_the_areas(registry: AreaRegistry) -> None:
    assert [registry.level_of(code) for code in ("31", "312", "11587")] == [
        "city",
        "district",
        "commune",
    ]


def test_the_city_its_territory_and_its_districts_hold_places_and_a_commune_holds_none(
    registry: AreaRegistry,
) -> None:
    codes = ("31", "^31", "312", "11587", "?11587")
    assert [registry.holds_places(code) for code in codes] == [True, True, True, False, False]

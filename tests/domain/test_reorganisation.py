"""The registry across 1 July 2025 (docs/spec/reorganisation.md): Hải Dương's units beside Hai
Phong's before the date, the 114 new communes directly under the city after it, codes that name an
old unit before and a new one after, and where a household recorded in an old unit counts."""

from __future__ import annotations

from datetime import date

import pytest

from application.areas import (
    HAI_PHONG,
    STEPS,
    SUCCESSORS_2025,
    load_catalogues,
    read_catalogue,
)
from domain.area_registry import AWAITING, TERRITORY, AreaRegistry
from domain.errors import NotFoundError, RuleViolationError
from domain.values import AreaKind
from tests.domain.builders import by

EVE = date(2025, 6, 30)
DAY = date(2025, 7, 1)
LATER = date(2026, 11, 15)


@pytest.fixture(scope="module")
def registry() -> AreaRegistry:
    opened = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    for _, load in STEPS:
        load(opened)
    return opened


def test_before_the_date_both_provinces_stand_with_their_districts(registry: AreaRegistry) -> None:
    hai_duong = [u for u in registry.districts_on(EVE) if u.parent_code == "30"]
    hai_phong = [u for u in registry.districts_on(EVE) if u.parent_code == "31"]

    assert (len(hai_duong), len(hai_phong)) == (12, 15)
    assert len(registry.communes_on(EVE)) == 207 + 167


def test_hai_duongs_own_changes_of_1_january_2025_are_recorded(registry: AreaRegistry) -> None:
    codes_2025 = {r["commune_code"] for r in read_catalogue("haiduong-admin-units-2025-03-01.csv")}
    codes_2022 = {r["commune_code"] for r in read_catalogue("haiduong-admin-units-2022-04-10.csv")}

    def in_hai_duong(day: date) -> set[str]:
        return {u.code for u in registry.communes_on(day) if registry.contains("30", u.code, day)}

    assert in_hai_duong(date(2025, 1, 1)) == codes_2025
    assert in_hai_duong(date(2024, 12, 31)) == codes_2022


def test_from_the_date_there_are_114_communes_under_the_city_and_no_district(
    registry: AreaRegistry,
) -> None:
    communes = registry.communes_on(DAY)
    kinds = sorted({u.kind for u in communes})

    assert len(communes) == 114
    assert {u.parent_code for u in communes} == {"31"}
    assert registry.districts_on(DAY) == []
    assert kinds == ["DAC_KHU", "PHUONG", "XA"]
    assert registry.province_on("30", DAY) is None


def test_a_reused_code_names_the_old_commune_before_and_the_new_one_after(
    registry: AreaRegistry,
) -> None:
    old, new = registry.commune_on("10507", EVE), registry.commune_on("10507", DAY)

    assert old is not None
    assert new is not None
    assert (old.name, old.parent_code) == ("Phường Cẩm Thượng", "288")
    assert (new.name, new.parent_code) == ("Phường Thành Đông", "31")


def test_a_special_zone_is_rural_until_a_rule_says_otherwise(registry: AreaRegistry) -> None:
    zone = registry.commune_on("11948", DAY)

    assert zone is not None
    assert (zone.kind, zone.area_kind) == ("DAC_KHU", AreaKind.RURAL)


def test_an_old_code_after_the_date_is_refused_naming_the_unit_that_replaced_it(
    registry: AreaRegistry,
) -> None:
    with pytest.raises(NotFoundError) as refused:
        registry.check_commune("10510", LATER)

    assert (refused.value.code, refused.value.field) == ("commune-ended", "commune_code")
    assert "Phường Thành Đông (10507)" in refused.value.message("vi")


def test_hai_duong_counts_in_the_city_only_from_the_date(registry: AreaRegistry) -> None:
    assert registry.holders("10507", EVE) == {"10507", "288", "30", TERRITORY + "30"}
    assert registry.holders("10507", DAY) == {"10507", "31", TERRITORY + "30"}


def test_old_hai_phongs_territory_follows_its_communes_through_the_date(
    registry: AreaRegistry,
) -> None:
    # Phường Quán Toan of quận Hồng Bàng; and the island district without communes, since a
    # special zone.
    assert registry.contains(TERRITORY + "31", "11296", EVE)
    assert registry.contains(TERRITORY + "31", "11948", DAY)
    assert not registry.contains(TERRITORY + "31", "10507", DAY)


def test_a_household_of_a_whole_unit_counts_in_its_successor_from_the_date(
    registry: AreaRegistry,
) -> None:
    placed = registry.placed([(date(2023, 1, 1), date(2027, 1, 1), "10510")])

    assert placed == [
        (date(2023, 1, 1), DAY, "10510"),
        (DAY, date(2027, 1, 1), "10507"),
    ]


def test_a_household_of_a_split_unit_awaits_assignment_from_the_date(
    registry: AreaRegistry,
) -> None:
    placed = registry.placed([(date(2023, 1, 1), date(2027, 1, 1), "10570")])

    assert placed[-1] == (DAY, date(2027, 1, 1), AWAITING + "10570")
    assert registry.holders(AWAITING + "10570", DAY) == {AWAITING + "10570", "31", TERRITORY + "30"}


def test_a_household_recorded_in_a_new_unit_stays_where_it_was_recorded(
    registry: AreaRegistry,
) -> None:
    assert registry.placed([(DAY, date(2027, 1, 1), "10570")]) == [(DAY, date(2027, 1, 1), "10570")]


def test_an_older_database_gains_only_the_steps_it_lacks() -> None:
    older = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    load_catalogues(older, HAI_PHONG)
    recorded = older.version

    missing = [command for command, _load in STEPS if command not in older.loaded]

    assert recorded > 1
    assert missing == [
        "catalogue-haiduong-2022", "reorganisation-2025-07-01", *SUCCESSORS_2025,
    ]  # fmt: skip


def test_a_commune_merged_on_1_january_2025_is_followed_into_the_commune_it_joined_and_on(
    registry: AreaRegistry,
) -> None:
    placed = registry.placed([(date(2022, 1, 1), date(2027, 1, 1), "11452")])  # Tràng Minh

    assert [code for *_, code in placed] == ["11452", "11449", "11446"]
    assert registry.holders("11449", date(2025, 3, 31)) == {"11449", "307", "31", TERRITORY + "31"}


def test_a_hai_duong_commune_merged_on_1_january_2025_is_followed_into_the_one_it_joined(
    registry: AreaRegistry,
) -> None:
    placed = registry.placed([(date(2022, 1, 1), date(2027, 1, 1), "11032")])  # Tân Tiến

    assert [code for *_, code in placed] == ["11032", "11038", "10999"]  # Gia Tiến, Gia Lộc
    assert registry.holders("11038", date(2025, 3, 31)) == {"11038", "297", "30", TERRITORY + "30"}


def test_a_commune_whose_successor_no_source_names_has_none(registry: AreaRegistry) -> None:
    assert "11308" not in registry.successions  # Phường Hạ Lý
    assert "10849" not in registry.successions  # Xã Thanh Khê, Hải Dương
    assert registry.place_on("11308", date(2022, 1, 1), date(2025, 3, 31)) == "11308"


def test_a_successor_is_named_only_for_a_commune_dissolved_that_day_and_only_once() -> None:
    opened = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    load_catalogues(opened, HAI_PHONG)
    on = by(date(2025, 1, 1))

    with pytest.raises(NotFoundError) as standing:
        opened.name_successor("11296", "11299", on)  # Quán Toan stood on
    opened.name_successor("11452", "11449", on)
    with pytest.raises(RuleViolationError) as again:
        opened.name_successor("11452", "11446", on)

    assert standing.value.code == "commune-not-found"
    assert again.value.code == "successor-already-named"
    assert opened.successions["11452"].heir == "11449"

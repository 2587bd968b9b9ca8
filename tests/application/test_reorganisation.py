"""Who sees and assigns which household across the reorganisation of 1 July 2025: scopes of
units that ended, households of split communes awaiting their new unit, a village at a time
(docs/spec/reorganisation.md)."""

from __future__ import annotations

from datetime import date

import pytest

from application import inputs
from application.commands import Actor
from application.readmodels import DirectoryQuery
from application.system import System
from domain.errors import DomainError, NotFoundError
from tests.application.desk import Desk, HouseholdRef

BEFORE = date(2023, 5, 1)
CITY = Actor("canbo.thanhpho", "caseworker", "31")
# Xã Liên Xuân (11485) was split between Phường Lưu Kiếm (11488) and Xã Việt Khê (11503).
LUU_KIEM = Actor("canbo.luukiem", "caseworker", "11488")
VIET_KHE = Actor("canbo.vietkhe", "caseworker", "11503")
HONG_AN = Actor("canbo.hongan", "caseworker", "11602")


@pytest.fixture
def desk(system: System) -> Desk:
    return Desk(system, CITY)


def in_village(desk: Desk, commune: str, village: str) -> HouseholdRef:
    body = {**desk.registration(BEFORE, commune_code=commune), "village": village}
    answer = desk.attempt_registration(body).expect_accepted()
    return HouseholdRef(str(answer["id"]), {}, BEFORE)


def listed(system: System, area: str) -> set[str]:
    system.reads.catch_up()
    return {item["id"] for item in system.reads.search(DirectoryQuery(area))["items"]}


def test_a_household_of_a_split_commune_is_listed_for_each_successor_and_no_other(
    desk: Desk, system: System
) -> None:
    household = in_village(desk, "11485", "Thôn 3")

    assert household.id in listed(system, "11488")
    assert household.id in listed(system, "11503")
    assert household.id not in listed(system, "11602")


def test_a_caseworker_of_a_whole_communes_successor_sees_its_households(
    desk: Desk, system: System
) -> None:
    household = in_village(desk, "11296", "Tổ 3")  # Phường Quán Toan, wholly into Hồng An

    assert system.households.check_visible(HONG_AN, system.households.load(household.id)) == (
        "11602"
    )


def test_a_former_districts_scope_reads_its_households_as_on_its_last_day(
    desk: Desk, system: System
) -> None:
    household = in_village(desk, "11296", "Tổ 3")  # of quận Hồng Bàng (303) until 2025-06-30
    district = Actor("giamsat.303", "supervisor", "303")

    assert household.id in listed(system, "303")
    assert system.areas.scope_of("303", date(2026, 11, 28)) == ("303", date(2025, 6, 30))
    assert system.households.check_visible(district, system.households.load(household.id))


def test_a_whole_communes_scope_continues_as_its_successor(system: System) -> None:
    assert system.areas.scope_of("11296", date(2026, 11, 28)) == ("11602", date(2026, 11, 28))
    assert system.areas.scope_note("11296", date(2026, 11, 28)) == {"continues_as": "11602"}
    assert system.areas.scope_note("303", date(2026, 11, 28)) == {"reads_until": "2025-06-30"}


def test_a_village_is_assigned_at_once_and_the_other_villages_still_wait(
    desk: Desk, system: System
) -> None:
    first, second = in_village(desk, "11485", "Thôn 3"), in_village(desk, "11485", "Thôn 3")
    other = in_village(desk, "11485", "Thôn 5")
    system.reads.catch_up()
    body = {"old_commune_code": "11485", "village": "Thôn 3", "commune_code": "11503"}

    written = system.assignments.assign_village(
        Desk(system, VIET_KHE).ctx(), inputs.AssignVillage.parse(body)
    )

    assert written.answer == {"assigned": 2, "commune_code": "11503"}
    places = [system.households.get(h.id)["commune_code"] for h in (first, second, other)]
    assert places == ["11503", "11503", None]
    assert system.households.get(other.id)["awaiting_assignment_from"] == "11485"


def test_a_village_assignment_to_a_unit_that_took_no_part_records_nothing(
    desk: Desk, system: System
) -> None:
    household = in_village(desk, "11485", "Thôn 3")
    system.reads.catch_up()
    version = desk.version(household.id)
    body = {"old_commune_code": "11485", "village": "Thôn 3", "commune_code": "11602"}

    with pytest.raises(DomainError) as refused:
        system.assignments.assign_village(
            Desk(system, CITY).ctx(), inputs.AssignVillage.parse(body)
        )

    assert (refused.value.code, refused.value.field) == ("not-a-successor", "commune_code")
    assert desk.version(household.id) == version


def test_the_list_of_waiting_households_names_the_old_unit_its_successors_and_villages(
    desk: Desk, system: System
) -> None:
    in_village(desk, "11485", "Thôn 3")
    system.reads.catch_up()

    (unit,) = system.assignments.awaiting("11488", date(2026, 11, 28))

    assert (unit["code"], unit["name"], unit["ended"]) == ("11485", "Xã Liên Xuân", "2025-07-01")
    assert [s["code"] for s in unit["successors"]] == ["11488", "11503"]
    assert unit["villages"] == [{"village": "Thôn 3", "households": 1}]
    assert system.assignments.waiting("31", date(2026, 11, 28)) == 1


def test_a_household_that_awaits_nothing_cannot_be_assigned(desk: Desk, system: System) -> None:
    household = in_village(desk, "11296", "Tổ 3")

    outcome = desk.attempt(
        household.id,
        lambda ctx: system.households.assign(
            ctx, household.id, inputs.AssignHousehold.parse({"commune_code": "11602"})
        ),
    )

    outcome.expect_refused("household-not-awaiting", "commune_code")


def test_an_account_cannot_be_given_an_unknown_area(system: System) -> None:
    with pytest.raises(NotFoundError):
        system.accounts.add_user("canbo.moi", "caseworker", "99999")


def test_two_communes_of_the_same_name_are_told_apart_by_their_districts(system: System) -> None:
    day = date(2025, 3, 1)

    assert system.areas.name_of("11465", day) == "Phường Minh Đức (Quận Đồ Sơn)"
    assert system.areas.name_of("11473", day) == "Phường Minh Đức (Thành phố Thuỷ Nguyên)"
    assert system.areas.name_of("11296", day) == "Phường Quán Toan"

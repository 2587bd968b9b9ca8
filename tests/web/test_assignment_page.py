"""The page of households awaiting their new unit (`/assignments`, docs/spec/reorganisation.md): Xã
Liên Xuân (11485) was split on 1 July 2025 between Phường Lưu Kiếm (11488) and Xã Việt Khê (11503),
so its households registered before then wait until their commune records which new unit they
live in. The caseworkers of those new units see them by village and record a whole village at
once; supervisors only read; a refusal comes back marked and records nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from application import inputs
from application.commands import Actor, context
from tests.api.client import HEAD, registration
from tests.web.conftest import PASSWORD, Browser

OLD_UNIT = "11485"  # Xã Liên Xuân, split on 2025-07-01
LUU_KIEM, VIET_KHE = "11488", "11503"  # the new units that took part of it
UNRELATED = "11602"
# name: (role, area) of the accounts these tests add beside the API tests' cast.
ACCOUNTS = {
    "luukiem": ("caseworker", LUU_KIEM),
    "unrelated": ("caseworker", UNRELATED),
    "city_supervisor": ("supervisor", "31"),
    "city_auditor": ("auditor", "31"),
}


def sign_in(pages: Browser, who: str) -> Browser:
    role, area = ACCOUNTS[who]
    pages.api.system.accounts.add_user(who, role, area, password=PASSWORD)
    pages.sign_in(who, follow=False)
    return pages


def waiting_household(pages: Browser, code: str, village: str, head: str) -> str:
    """A household of Xã Liên Xuân registered in 2024, before the split: it awaits its unit."""
    system = pages.api.system
    body = registration(
        household_code=code,
        commune_code=OLD_UNIT,
        village=village,
        effective_date="2024-03-01",
        members=[{**HEAD, "full_name": head, "national_id": None}],
    )
    written = system.households.register(
        context(Actor("luukiem", "caseworker", LUU_KIEM)), inputs.RegisterHousehold.parse(body)
    )
    system.reads.wait_for(written.position)
    return str(written.answer["id"])


@pytest.fixture
def households(pages: Browser) -> dict[str, str]:
    """Two households of Thôn 3 and one of Thôn 5, all waiting; code: id."""
    return {
        "LX-0001": waiting_household(pages, "LX-0001", "Thôn 3", "Phạm Văn Khải"),
        "LX-0002": waiting_household(pages, "LX-0002", "Thôn 3", "Đỗ Thị Lan"),
        "LX-0003": waiting_household(pages, "LX-0003", "Thôn 5", "Vũ Văn Minh"),
    }


def village_row(html: str, village: str) -> str:
    """The row of the villages table for `village` (its first cell is the village's name)."""
    found = re.search(rf"<tr>\s*<td>{re.escape(village)}</td>(.*?)</tr>", html, re.S)
    assert found, f"no row for {village}"
    return found.group(1)


def assignment(village: str, commune_code: str) -> dict[str, Any]:
    return {"old_commune_code": OLD_UNIT, "village": village, "commune_code": commune_code}


def test_a_caseworker_of_a_new_unit_sees_the_waiting_households_under_their_old_unit_and_village(
    pages: Browser, households: dict[str, str]
) -> None:
    response = sign_in(pages, "luukiem").get("/assignments")

    assert response.status_code == 200
    assert "Xã Liên Xuân (11485)" in response.text
    assert "Được chia từ ngày 01/07/2025 cho: Phường Lưu Kiếm (11488), Xã Việt Khê (11503)." in (
        response.text
    )
    assert re.search(r'<td class="num">2</td>', village_row(response.text, "Thôn 3"))
    assert re.search(r'<td class="num">1</td>', village_row(response.text, "Thôn 5"))
    assert f'<a href="/households/{households["LX-0001"]}">LX-0001</a>' in response.text
    assert "Phạm Văn Khải" in response.text


def test_a_caseworker_of_an_unrelated_unit_is_told_nothing_awaits(
    pages: Browser, households: dict[str, str]
) -> None:
    response = sign_in(pages, "unrelated").get("/assignments")

    assert response.status_code == 200
    assert "LX-0001" not in response.text
    assert "Xã Liên Xuân" not in response.text
    assert "Không có hộ nào trên địa bàn này đang chờ ghi vào đơn vị mới." in response.text


def test_the_village_form_records_every_waiting_household_of_the_village_in_the_new_unit(
    pages: Browser, households: dict[str, str]
) -> None:
    sign_in(pages, "luukiem").post("/assignments", assignment("Thôn 3", VIET_KHE))

    get = pages.api.system.households.get
    assert get(households["LX-0001"])["commune_code"] == VIET_KHE
    assert get(households["LX-0002"])["commune_code"] == VIET_KHE
    assert get(households["LX-0003"])["awaiting_assignment_from"] == OLD_UNIT


def test_after_recording_a_village_the_page_says_so_and_lists_only_what_still_waits(
    pages: Browser, households: dict[str, str]
) -> None:
    response = sign_in(pages, "luukiem").post("/assignments", assignment("Thôn 3", VIET_KHE))

    assert response.url.path == "/assignments"
    assert "Đã ghi 2 hộ của Thôn 3 vào Xã Việt Khê." in response.text
    assert "LX-0001" not in response.text
    assert "LX-0002" not in response.text
    assert "LX-0003" in response.text


def test_the_household_page_shows_the_new_unit_after_its_village_was_recorded(
    pages: Browser, households: dict[str, str]
) -> None:
    sign_in(pages, "luukiem").post("/assignments", assignment("Thôn 3", LUU_KIEM))

    response = pages.get(f"/households/{households['LX-0001']}")

    assert response.status_code == 200
    assert "Thôn 3 · 12 Đường Quán Toan · Phường Lưu Kiếm" in response.text
    assert "đang chờ ghi vào đơn vị mới" not in response.text


def test_a_supervisor_sees_the_list_but_no_form(pages: Browser, households: dict[str, str]) -> None:
    response = sign_in(pages, "city_supervisor").get("/assignments")

    assert response.status_code == 200
    assert "LX-0001" in response.text
    assert 'action="/assignments"' not in response.text


def test_a_supervisor_posting_the_village_form_gets_403_and_nothing_is_recorded(
    pages: Browser, households: dict[str, str]
) -> None:
    sign_in(pages, "city_supervisor")

    with pages.api.records_nothing():
        response = pages.post("/assignments", assignment("Thôn 3", VIET_KHE))

    assert response.status_code == 403


def test_a_unit_that_took_no_part_of_the_old_one_is_refused_in_vietnamese_and_nothing_is_recorded(
    pages: Browser, households: dict[str, str]
) -> None:
    sign_in(pages, "luukiem")

    with pages.api.records_nothing():
        response = pages.post("/assignments", assignment("Thôn 3", UNRELATED))

    assert response.status_code == 422
    assert "không phải là đơn vị mới nhận một phần của" in response.text
    assert re.search(r'name="commune_code"[^>]*aria-invalid="true"', response.text)
    assert pages.api.system.households.get(households["LX-0001"])["commune_code"] is None


def test_a_village_with_nothing_left_waiting_is_refused_with_its_reason_shown(
    pages: Browser, households: dict[str, str]
) -> None:
    sign_in(pages, "luukiem")

    with pages.api.records_nothing():
        response = pages.post("/assignments", assignment("Thôn 9", VIET_KHE))

    assert response.status_code == 422
    assert "Thôn/tổ dân phố này không còn hộ nào chờ ghi vào đơn vị mới." in response.text


def test_the_households_page_links_to_the_households_awaiting_their_new_unit(
    pages: Browser,
) -> None:
    response = sign_in(pages, "luukiem").get("/households")

    assert '<a href="/assignments">Hộ chờ ghi vào đơn vị mới</a>' in response.text


@pytest.mark.parametrize(("who", "linked"), [("city_supervisor", True), ("city_auditor", False)])
def test_the_dashboard_links_the_waiting_households_only_for_those_who_may_open_them(
    pages: Browser, households: dict[str, str], who: str, linked: bool
) -> None:
    page = sign_in(pages, who).get("/dashboard", params={"area": "31"}).text

    note = page.split('id="awaiting-note">')[1].split("</p>")[0]
    assert "3" in note
    assert ('href="/assignments"' in note) is linked

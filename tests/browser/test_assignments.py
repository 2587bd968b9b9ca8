"""A caseworker of a new unit in a real browser clears the households awaiting it since the
reorganisation of 1 July 2025: the list of households awaiting their new unit (signing in on
the way), a new unit chosen for a whole village, the line saying what was recorded and nothing
left waiting."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Page, expect

from application import accounts, inputs
from application.commands import Actor, context
from tests.api.client import HEAD, registration
from tests.browser.conftest import PASSWORD, Site

pytestmark = pytest.mark.browser

OLD_UNIT = "11485"  # Xã Liên Xuân, split on 2025-07-01 between 11488 and 11503
LUU_KIEM = "11488"  # Phường Lưu Kiếm
USERNAME = "canbo.luukiem"


@pytest.fixture
def waiting_village(site: Site, monkeypatch: pytest.MonkeyPatch) -> str:
    """A caseworker of Phường Lưu Kiếm (password PASSWORD), and one household of Thôn Bến of
    Xã Liên Xuân registered before the split: the only one their area has waiting."""
    system = site.system
    assert system.assignments.awaiting(LUU_KIEM, system.runner.today()) == [], "the demo's"
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    system.accounts.add_user(USERNAME, "caseworker", LUU_KIEM, PASSWORD)
    body = registration(
        household_code="LX-0001",
        commune_code=OLD_UNIT,
        village="Thôn Bến",
        address="",
        effective_date="2024-03-01",
        members=[{**HEAD, "full_name": "Phạm Văn Khải", "national_id": None}],
    )
    written = system.households.register(
        context(Actor(USERNAME, "caseworker", LUU_KIEM)), inputs.RegisterHousehold.parse(body)
    )
    system.reads.wait_for(written.position)
    return "Thôn Bến"


def test_a_caseworker_records_a_whole_village_in_its_new_unit(
    page: Page, waiting_village: str
) -> None:
    page.goto("/assignments")
    page.get_by_label("Tên đăng nhập", exact=True).fill(USERNAME)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(re.compile(r"/assignments$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hộ chờ ghi vào đơn vị mới")
    expect(page.get_by_role("heading", name="Xã Liên Xuân (11485)")).to_be_visible()
    expect(page.get_by_role("link", name="LX-0001")).to_be_visible()
    form = page.get_by_role("form", name=f"Ghi các hộ của {waiting_village} vào đơn vị mới")
    form.get_by_label("Đơn vị mới").select_option(label="Phường Lưu Kiếm (11488)")
    form.get_by_role("button", name="Ghi vào đơn vị mới").click()
    expect(page.get_by_role("status")).to_have_text(
        f"Đã ghi 1 hộ của {waiting_village} vào Phường Lưu Kiếm."
    )
    expect(
        page.get_by_text("Không có hộ nào trên địa bàn này đang chờ ghi vào đơn vị mới.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="LX-0001")).to_have_count(0)

"""The administrator's pages (docs/spec/interfaces.md `/admin`): users and roles with a password
shown once, disabling and resets that take effect at once, the area registry as of a date, plan
55/KH-UBND's targets and the household totals; refused forms come back marked."""

from __future__ import annotations

import re

import httpx
import pytest

from application.commands import context
from application.registries import PLAN_55
from application.system import System
from domain.values import CommuneKind, DistrictKind
from tests.projections.test_faults import write_around_validation
from tests.web.conftest import PASSWORD, Browser
from web.ui.admin import unit_kinds
from web.ui.catalog import translations

PASSWORD_SHOWN = re.compile(r'<code class="password">([^<]+)</code>')
ADMIN_PATHS = ["/admin", "/admin/users", "/admin/areas", "/admin/plan", "/admin/totals"]


def signed_in_lands_on(browser: Browser, who: str, password: str) -> str | None:
    """Where signing in sends the user (without opening that page), or None if refused."""
    response = browser.sign_in(who, password, follow=False)
    return response.headers.get("location") if response.status_code == 303 else None


def shown_password(response: httpx.Response) -> str:
    found = PASSWORD_SHOWN.search(response.text)
    assert found, "the page shows no password"
    return found.group(1)


def add_user(pages: Browser, name: str, role: str = "caseworker", area: str = "11602") -> str:
    """Through the form, as the signed-in administrator; the password the answer shows. The
    form offers the units standing today: Phường Hồng An (11602) by default, the unit Phường Quán
    Toan (11296) went wholly into on 1 July 2025."""
    response = pages.post("/admin/users", {"username": name, "role": role, "area_code": area})
    assert response.status_code == 200, response.text
    return shown_password(response)


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "auditor"])
@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_only_an_administrator_may_open_the_admin_pages(
    pages: Browser, who: str, path: str
) -> None:
    pages.sign_in(who, follow=False)

    assert pages.get(path).status_code == 403


def test_a_caseworker_posting_the_user_form_gets_403_and_adds_no_one(pages: Browser) -> None:
    pages.sign_in("caseworker", follow=False)

    response = pages.post(
        "/admin/users", {"username": "x", "role": "administrator", "area_code": "31"}
    )

    assert response.status_code == 403
    assert "x" not in [u["username"] for u in pages.api.system.accounts.list_users()]


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_every_admin_page_opens_in_vietnamese_for_an_administrator(
    admin: Browser, path: str
) -> None:
    response = admin.get(path)

    assert response.status_code == 200
    assert "Người dùng và vai trò" in response.text


def test_an_added_user_signs_in_with_the_password_shown(
    admin: Browser, other_browser: Browser
) -> None:
    password = add_user(admin, "thu.ha")

    assert signed_in_lands_on(other_browser, "thu.ha", password) == "/households"


def test_the_password_is_shown_once_and_never_on_the_list_of_users(admin: Browser) -> None:
    # No district stands today (Quận Hồng Bàng ended on 1 July 2025): a ward's supervisor.
    password = add_user(admin, "thu.ha", role="supervisor", area="11311")

    listing = admin.get("/admin/users")

    assert password not in listing.text
    row = re.search(r"<tr>\s*<td>thu\.ha</td>(.*?)</tr>", listing.text, re.S)
    assert row, "thu.ha is not on the list of users"
    assert "Cán bộ giám sát" in row.group(1)
    assert "Phường Hồng Bàng (11311)" in row.group(1)


def test_a_bad_area_code_comes_back_422_with_the_field_marked_and_no_user(admin: Browser) -> None:
    response = admin.post(
        "/admin/users", {"username": "thu.ha", "role": "caseworker", "area_code": "99999"}
    )

    assert response.status_code == 422
    assert re.search(r'<select name="area_code"[^>]*aria-invalid="true"', response.text)
    assert 'class="field-error"' in response.text
    assert "Không có đơn vị hành chính mã 99999." in response.text
    assert "thu.ha" not in [u["username"] for u in admin.api.system.accounts.list_users()]


def test_a_taken_user_name_comes_back_422_with_the_field_marked(admin: Browser) -> None:
    add_user(admin, "thu.ha")

    response = admin.post(
        "/admin/users", {"username": "thu.ha", "role": "auditor", "area_code": "31"}
    )

    assert response.status_code == 422
    assert re.search(r'<input name="username"[^>]*aria-invalid="true"', response.text)


@pytest.mark.parametrize("name", ["", " "])
def test_an_empty_user_name_is_said_to_be_required(admin: Browser, name: str) -> None:
    response = admin.post("/admin/users", {"username": name, "role": "auditor", "area_code": "31"})

    assert response.status_code == 422
    assert re.search(r"Cần nhập “[^”]+”\.", response.text)
    assert "không có dấu cách: ." not in response.text


def test_disabling_a_signed_in_user_ends_their_session_at_once(
    admin: Browser, other_browser: Browser
) -> None:
    other_browser.sign_in("neighbour", follow=False)
    assert other_browser.get("/models").url.path == "/models"

    admin.post("/admin/users/disable", {"username": "neighbour"})

    assert other_browser.get("/models").url.path == "/login"


def test_a_disabled_user_shows_as_disabled_and_can_be_enabled_again(
    admin: Browser, other_browser: Browser
) -> None:
    password = add_user(admin, "thu.ha")
    disabled = admin.post("/admin/users/disable", {"username": "thu.ha"})
    assert "Đã khóa thu.ha" in disabled.text

    admin.post("/admin/users/enable", {"username": "thu.ha"})

    assert signed_in_lands_on(other_browser, "thu.ha", password) == "/households"


def test_an_administrator_cannot_disable_themself(admin: Browser) -> None:
    response = admin.post("/admin/users/disable", {"username": "administrator"})

    assert response.status_code == 403
    assert "Không thể tự khóa, mở khóa hay đặt lại mật khẩu tài khoản của chính mình" in (
        response.text
    )
    assert admin.get("/admin").status_code == 200


def test_a_reset_password_replaces_the_old_one(admin: Browser, other_browser: Browser) -> None:
    old = add_user(admin, "thu.ha")

    new = shown_password(admin.post("/admin/users/password", {"username": "thu.ha"}))

    assert signed_in_lands_on(other_browser, "thu.ha", old) is None
    assert signed_in_lands_on(other_browser, "thu.ha", new) == "/households"


def test_a_password_reset_ends_the_users_session(pages: Browser, other_browser: Browser) -> None:
    other_browser.sign_in("neighbour", follow=False)
    pages.sign_in("administrator", follow=False)

    pages.post("/admin/users/password", {"username": "neighbour"})

    assert other_browser.get("/models").url.path == "/login"


def test_the_areas_page_shows_the_2025_changes_by_date(admin: Browser) -> None:
    before = admin.get("/admin/areas", on="2024-12-31")
    after = admin.get("/admin/areas", on="2025-01-01")

    assert "Xã Lưu Kiếm" in before.text
    assert "Phường Lưu Kiếm" not in before.text
    assert "Phường Lưu Kiếm" in after.text
    assert "Xã Lưu Kiếm" not in after.text
    assert "Phường Hạ Lý" in before.text
    assert "Phường Hạ Lý" not in after.text


def test_a_new_date_on_the_areas_page_replaces_only_the_table(admin: Browser) -> None:
    response = admin.client.get(
        "/admin/areas", params={"on": "2024-12-31"}, headers={"HX-Request": "true"}
    )

    assert response.text.lstrip().startswith('<div id="units">')
    assert "Xã Lưu Kiếm" in response.text


def test_the_plan_page_shows_the_targets_of_plan_55(admin: Browser) -> None:
    response = admin.get("/admin/plan")

    assert "55/KH-UBND" in response.text
    assert "Mô hình giảm nghèo xây dựng, nhân rộng" in response.text


def test_revising_a_target_records_it(admin: Browser) -> None:
    version = admin.api.system.plans.get(PLAN_55)["version"]
    form = {"target": "models", "value": "350", "effective_date": "2024-01-02"}

    response = admin.post("/admin/plan", {**form, "version": str(version)})

    assert admin.api.system.plans.get(PLAN_55)["targets"]["models"] == 350
    assert response.url.path == "/admin/plan"
    assert "Đã điều chỉnh chỉ tiêu." in response.text


ADOPTION = {
    "reference": "VD-02/KH-UBND",
    "area_code": "31",
    "period": "2026-01-01/2030-12-31",
    "baseline_date": "01/01/2026",
    "effective_date": "20/03/2026",
    "target.models": "120",
    "target.credit_access": "100",
}


def test_an_administrator_adopts_the_citys_plan_for_2026_2030(admin: Browser) -> None:
    response = admin.post("/admin/plan/adopt", ADOPTION)

    adopted = admin.api.system.plans.get("VD-02/KH-UBND")
    assert (adopted["period_start"], adopted["baseline_date"]) == ("2026-01-01", "2026-01-01")
    assert adopted["targets"] == {"models": 120.0, "credit_access": 100.0}
    assert response.url.params["reference"] == "VD-02/KH-UBND"
    assert "Đã ghi nhận kế hoạch." in response.text


def test_a_plan_over_part_of_a_period_comes_back_marked_on_the_period(admin: Browser) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/plan/adopt", {**ADOPTION, "period": "2026-01-01/2027-12-31"})

    assert response.status_code == 422
    assert re.search(r'<select name="period"[^>]*aria-invalid="true"', response.text)
    assert "2022-2025, 2026-2030" in response.text


def test_a_percentage_target_over_100_comes_back_marked_on_its_input(admin: Browser) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/plan/adopt", {**ADOPTION, "target.credit_access": "120"})

    assert response.status_code == 422
    assert re.search(r'<input name="target.credit_access"[^>]*aria-invalid="true"', response.text)


def test_a_district_administrator_is_offered_no_form_to_adopt_a_plan(
    district_admin: Browser,
) -> None:
    response = district_admin.get("/admin/plan")

    assert 'action="/admin/plan/adopt"' not in response.text


def test_a_target_value_that_is_not_a_number_comes_back_marked(admin: Browser) -> None:
    form = {"target": "models", "value": "nhiều", "effective_date": "2024-01-02"}

    with admin.api.records_nothing():
        response = admin.post("/admin/plan", form)

    assert response.status_code == 422
    assert re.search(r'<input name="value"[^>]*aria-invalid="true"', response.text)


def marked(html: str, name: str) -> bool:
    return re.search(rf'<input name="{name}"[^>]*aria-invalid="true"', html) is not None


def test_a_revision_with_a_bad_date_and_a_bad_value_marks_both_at_once(admin: Browser) -> None:
    form = {"target": "models", "value": "năm mươi", "effective_date": "31/02/2024"}

    with admin.api.records_nothing():
        response = admin.post("/admin/plan", form)

    assert response.status_code == 422
    assert marked(response.text, "value")
    assert marked(response.text, "effective_date")


def test_a_revision_without_a_value_says_it_is_required(admin: Browser) -> None:
    form = {"target": "models", "value": "", "effective_date": "02/01/2024"}

    response = admin.post("/admin/plan", form)

    assert response.status_code == 422
    assert "không nhận giá trị None" not in response.text
    assert re.search(r"Cần nhập “[^”]+”", response.text)


def test_a_target_revision_on_a_stale_version_is_a_lost_race(admin: Browser) -> None:
    form = {"target": "models", "value": "350", "effective_date": "2024-01-02", "version": "0"}

    with admin.api.records_nothing():
        response = admin.post("/admin/plan", form)

    assert response.status_code == 409
    assert "Người khác vừa thay đổi bản ghi này." in response.text


def test_the_totals_page_names_the_areas_whose_total_of_the_year_is_missing(
    admin: Browser,
) -> None:
    admin.post("/admin/totals", {"area_code": "303", "year": "2024", "total": "52.140"})

    page = admin.get("/admin/totals", year="2024").text

    missing = re.search(r'<details class="warning" id="missing-totals">(.*?)</details>', page, re.S)
    assert missing
    assert "Chưa có tổng số hộ năm 2024" in missing.group(1)
    assert "Phường Quán Toan" in missing.group(1)
    assert "Quận Hồng Bàng" not in missing.group(1)


def test_recording_a_household_total_shows_it(admin: Browser) -> None:
    response = admin.post("/admin/totals", {"area_code": "303", "year": "2024", "total": "52.140"})

    assert response.url.path == "/admin/totals"
    row = re.search(r'<tr id="total-303">(.*?)</tr>', response.text, re.S)
    assert row
    assert "Quận Hồng Bàng" in row.group(1)
    assert "52.140" in row.group(1)


def test_a_household_total_for_a_future_year_marks_the_year(admin: Browser) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/totals", {"area_code": "303", "year": "2099", "total": "5"})

    assert response.status_code == 422
    assert re.search(r'<input name="year"[^>]*aria-invalid="true"', response.text)


def test_a_household_total_without_year_or_total_marks_both_at_once(admin: Browser) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/totals", {"area_code": "303", "year": "", "total": ""})

    assert response.status_code == 422
    assert marked(response.text, "year")
    assert marked(response.text, "total")


def test_a_household_total_that_is_not_a_number_marks_the_total(admin: Browser) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/totals", {"area_code": "303", "year": "2024", "total": "-3"})

    assert response.status_code == 422
    assert re.search(r'<input name="total"[^>]*aria-invalid="true"', response.text)


# ---- an administrator's scope: the outside probe of issue 12 ------------------------------------


@pytest.fixture
def district_admin(pages: Browser) -> Browser:
    """Signed in as the administrator of district 314 (Kiến Thuỵ), beside the city's
    administrator, the supervisors of districts 303 and 314 and a caseworker of Xã Hữu Bằng
    (11701), a commune of 314 until both ended on 2025-07-01."""
    accounts = pages.api.system.accounts
    pages.api.token("administrator")
    for name, role, area in [
        ("quantri.314", "administrator", "314"),
        ("giamsat.303", "supervisor", "303"),
        ("giamsat.314", "supervisor", "314"),
        ("canbo.11701", "caseworker", "11701"),
    ]:
        accounts.add_user(name, role, area, password=PASSWORD)
    pages.sign_in("quantri.314", follow=False)
    return pages


def test_a_district_administrator_cannot_reset_the_city_administrators_password(
    district_admin: Browser, other_browser: Browser
) -> None:
    response = district_admin.post("/admin/users/password", {"username": "administrator"})

    assert response.status_code == 404
    assert "Không có tài khoản administrator." in response.text
    assert not PASSWORD_SHOWN.search(response.text)
    assert signed_in_lands_on(other_browser, "administrator", PASSWORD) == "/admin"


def test_a_district_administrator_cannot_disable_another_districts_supervisor(
    district_admin: Browser, other_browser: Browser
) -> None:
    other_browser.sign_in("giamsat.303", follow=False)

    response = district_admin.post("/admin/users/disable", {"username": "giamsat.303"})

    assert response.status_code == 404
    assert other_browser.get("/dashboard").url.path == "/dashboard"


def test_a_district_administrator_cannot_enable_another_districts_supervisor(
    district_admin: Browser, other_browser: Browser
) -> None:
    district_admin.api.system.accounts.disable_user("giamsat.303")

    response = district_admin.post("/admin/users/enable", {"username": "giamsat.303"})

    assert response.status_code == 404
    assert signed_in_lands_on(other_browser, "giamsat.303", PASSWORD) is None


def test_a_district_administrator_cannot_revise_a_target_of_the_city_plan(
    district_admin: Browser,
) -> None:
    form = {"target": "models", "value": "1", "effective_date": "2024-01-02"}

    with district_admin.api.records_nothing():
        response = district_admin.post("/admin/plan", form)

    assert response.status_code == 403
    assert "Chỉ quản trị viên của toàn địa bàn kế hoạch (31) mới được điều chỉnh" in response.text
    assert 'action="/admin/plan"' not in response.text


def test_a_district_administrator_sees_only_the_accounts_of_their_district(
    district_admin: Browser,
) -> None:
    listing = district_admin.get("/admin/users")

    shown = re.findall(r"<tr>\s*<td>([^<]+)</td>", listing.text)
    assert shown == ["canbo.11701", "giamsat.314", "quantri.314"]


def test_a_district_administrator_is_offered_no_action_on_their_own_account(
    district_admin: Browser,
) -> None:
    listing = district_admin.get("/admin/users")

    assert 'name="username" value="giamsat.314"' in listing.text
    assert 'name="username" value="quantri.314"' not in listing.text


def test_a_district_administrator_sees_only_the_household_totals_of_their_district(
    district_admin: Browser,
) -> None:
    city = district_admin.api.system.accounts.actor_for_user("administrator")
    assert city is not None
    for area in ("31", "303", "314"):
        district_admin.api.system.areas.record_household_total(context(city), area, 2024, 9_000)

    response = district_admin.get("/admin/totals", year="2024")

    assert re.findall(r'<tr id="total-([0-9]+)">', response.text) == ["314"]


def refused_addition(
    pages: Browser, name: str, role: str, area: str, status: int = 403
) -> httpx.Response:
    """The user form sent, answered `status` with no one added."""
    response = pages.post("/admin/users", {"username": name, "role": role, "area_code": area})
    assert response.status_code == status
    assert pages.api.system.accounts.actor_for_user(name) is None
    return response


def test_a_district_administrator_cannot_add_an_administrator_of_their_district(
    district_admin: Browser,
) -> None:
    # Districts ended on 1 July 2025: the page refuses the district itself, whoever the role.
    response = refused_addition(district_admin, "quantri.moi", "administrator", "314", 422)

    assert re.search(r'<select name="area_code"[^>]*aria-invalid="true"', response.text)
    assert (
        "Huyện Kiến Thuỵ (mã 314) không còn từ ngày 01/07/2025: hãy chọn một đơn vị đang tồn tại."
        in response.text
    )


def test_a_district_administrator_cannot_add_a_user_of_another_district(
    district_admin: Browser,
) -> None:
    # Phường Hồng An (11602), a unit standing today, lies outside old district 314's territory.
    response = refused_addition(district_admin, "canbo.moi", "caseworker", "11602")

    assert re.search(r'<select name="area_code"[^>]*aria-invalid="true"', response.text)
    assert "Mã địa bàn 11602 nằm ngoài địa bàn được giao (314)." in response.text


def test_a_district_administrator_resets_the_password_of_a_caseworker_of_their_district(
    district_admin: Browser, other_browser: Browser
) -> None:
    response = district_admin.post("/admin/users/password", {"username": "canbo.11701"})

    assert signed_in_lands_on(other_browser, "canbo.11701", shown_password(response)) is not None


def test_the_overview_lists_an_event_the_projections_passed_over(
    admin: Browser, system: System
) -> None:
    assert "Không có: mọi sự kiện đã được mọi bảng tổng hợp áp dụng." in admin.get("/admin").text
    poison = write_around_validation(system, members=[{"full_name": "no id"}])
    system.reads.catch_up()
    page = admin.get("/admin").text
    assert "Sự kiện các bảng tổng hợp đã bỏ qua" in page
    assert f'<td class="num">{poison}</td>' in page
    assert "HouseholdRegistered (v1)" in page


def test_every_kind_of_unit_has_a_name_in_each_language() -> None:
    for lang in ("vi", "en"):
        named = unit_kinds(translations(lang).gettext)
        assert set(named) == {*DistrictKind, *CommuneKind}
        assert all(
            name not in {k.value for k in (*DistrictKind, *CommuneKind)} for name in named.values()
        )


def test_a_district_level_town_is_named_by_its_kind(admin: Browser) -> None:
    page = admin.get("/admin/areas", on="2024-12-31").text

    assert "THI_XA" not in page
    assert "Thị xã" in page


def test_a_plan_adopted_naming_the_citys_own_standard_says_it_counts_by_it(
    admin: Browser, city_standard: str
) -> None:
    form = admin.get("/admin/plan").text
    assert f'<option value="{city_standard}">' in form

    admin.post("/admin/plan/adopt", {**ADOPTION, "standard_id": city_standard})
    page = admin.get("/admin/plan", reference="VD-02/KH-UBND").text

    assert admin.api.system.plans.get("VD-02/KH-UBND")["standard_id"] == city_standard
    assert re.search(r'id="counted-by">[^<]*HP-2026 của thành phố', page)


def test_a_plan_without_a_standard_of_its_own_counts_by_the_national_one(admin: Browser) -> None:
    admin.post("/admin/plan/adopt", ADOPTION)
    page = admin.get("/admin/plan", reference="VD-02/KH-UBND").text

    assert admin.api.system.plans.get("VD-02/KH-UBND")["standard_id"] is None
    assert re.search(r'id="counted-by">Chuẩn nghèo đa chiều quốc gia<', page)


def test_a_plan_naming_a_standard_not_its_provinces_own_comes_back_marked_on_it(
    admin: Browser, city_standard: str
) -> None:
    with admin.api.records_nothing():
        response = admin.post("/admin/plan/adopt", {**ADOPTION, "standard_id": "VN-MDP-2027"})

    assert response.status_code == 422
    assert re.search(r'<select name="standard_id"[^>]*aria-invalid="true"', response.text)
    assert "VN-MDP-2027 không phải chuẩn như vậy" in response.text

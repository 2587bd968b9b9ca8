"""Accounts as an administrator manages them (docs/spec/access.md): generated passwords kept only as
argon2id hashes, disabling and password resets that end the user's sessions at once, and a
list of users that never shows a hash. An administrator acts only within their scope (issue
12): accounts of their own area, below their rank, never their own; the city's plan revised
only by an administrator of the city; household totals of their area only — on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from application import accounts, inputs
from application.accounts import AccountService, users
from application.admin_scope import ForbiddenError, totals_within
from application.commands import Actor, context
from application.registries import PLAN_55, household_totals
from application.system import System
from domain.errors import DomainError, NotFoundError, ValidationError

PASSWORD = "mật-khẩu-thử"

# The probe's cast: the city's administrator and another of the city, the administrators of
# district 314 (Kiến Thuỵ) and of district 303 (Hồng Bàng) and a second one of 303, a commune
# administrator of Quán Toan (11296, in 303), and supervisors and a caseworker.
CAST = {
    "quantri": Actor("quantri", "administrator", "31"),
    "quantri.hai": Actor("quantri.hai", "administrator", "31"),
    "quantri.314": Actor("quantri.314", "administrator", "314"),
    "quantri.303": Actor("quantri.303", "administrator", "303"),
    "quantri.303b": Actor("quantri.303b", "administrator", "303"),
    "quantri.11296": Actor("quantri.11296", "administrator", "11296"),
    "giamsat.303": Actor("giamsat.303", "supervisor", "303"),
    "giamsat.314": Actor("giamsat.314", "supervisor", "314"),
    "canbo.11296": Actor("canbo.11296", "caseworker", "11296"),
}
CITY, DISTRICT, COMMUNE = CAST["quantri"], CAST["quantri.314"], CAST["quantri.11296"]


def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its cheapest cost, so the tests stay fast."""
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


@pytest.fixture
def service(system: System, monkeypatch: pytest.MonkeyPatch) -> AccountService:
    """The system's accounts, hashing at argon2id's cheapest cost so the tests stay fast."""
    cheap_hashes(monkeypatch)
    return system.accounts


@pytest.fixture
def staff(any_backend: System, monkeypatch: pytest.MonkeyPatch) -> AccountService:
    """The cast's accounts (password PASSWORD) on SQLite, then on PostgreSQL."""
    cheap_hashes(monkeypatch)
    for actor in CAST.values():
        any_backend.accounts.add_user(actor.username, actor.role, actor.area_code, PASSWORD)
    return any_backend.accounts


def signed_in_session(service: AccountService, username: str) -> str:
    session_id = f"session-of-{username}"
    service.write_session(session_id, b'{"username": "%s"}' % username.encode(), username, 1800)
    return session_id


def test_a_generated_password_is_kept_only_as_its_argon2id_hash(service: AccountService) -> None:
    password = service.add_user("thu.ha", "caseworker", "11296")

    with service.engine.connect() as conn:
        stored: str = conn.execute(select(users.c.password_hash)).scalar_one()

    assert stored.startswith("$argon2id$")
    assert password not in stored


def test_the_list_of_users_gives_role_area_state_and_creation_but_no_hash(
    service: AccountService,
) -> None:
    before = time.time()
    service.add_user("thu.ha", "caseworker", "11296")
    service.add_user("an.nguyen", "supervisor", "31")
    service.disable_user("an.nguyen")

    listed = service.list_users()

    assert [(u["username"], u["role"], u["area_code"], u["disabled"]) for u in listed] == [
        ("an.nguyen", "supervisor", "31", True),
        ("thu.ha", "caseworker", "11296", False),
    ]
    assert all(u["created_at"].timestamp() >= before - 1 for u in listed)
    assert all("password_hash" not in u for u in listed)


def test_disabling_a_user_ends_their_sessions(service: AccountService) -> None:
    service.add_user("thu.ha", "caseworker", "11296")
    session_id = signed_in_session(service, "thu.ha")

    service.disable_user("thu.ha")

    assert service.read_session(session_id) == b""
    assert service.actor_for_user("thu.ha") is None


def test_an_enabled_user_can_sign_in_again(service: AccountService) -> None:
    password = service.add_user("thu.ha", "caseworker", "11296")
    service.disable_user("thu.ha")

    service.enable_user("thu.ha")

    actor = service.authenticate("thu.ha", password)
    assert actor is not None
    assert actor.area_code == "11296"


def test_a_reset_password_replaces_the_old_one(service: AccountService) -> None:
    old = service.add_user("thu.ha", "caseworker", "11296")

    new = service.reset_password("thu.ha")

    assert new != old
    assert service.authenticate("thu.ha", old) is None
    assert service.authenticate("thu.ha", new) is not None


def test_a_password_reset_ends_the_users_sessions(service: AccountService) -> None:
    service.add_user("thu.ha", "caseworker", "11296")
    session_id = signed_in_session(service, "thu.ha")

    service.reset_password("thu.ha")

    assert service.read_session(session_id) == b""


@pytest.mark.parametrize("change", ["disable_user", "enable_user", "reset_password"])
def test_changing_an_unknown_user_is_refused(service: AccountService, change: str) -> None:
    with pytest.raises(NotFoundError):
        getattr(service, change)("nobody")


# ---- an administrator's scope ------------------------------------------------------------------

Change = Callable[[AccountService, Actor, str], object]
CHANGES: dict[str, Change] = {
    "disable": lambda staff, caller, name: staff.disable_user_as(caller, name),
    "enable": lambda staff, caller, name: staff.enable_user_as(caller, name),
    "reset": lambda staff, caller, name: staff.reset_password_as(caller, name),
}


def stored(staff: AccountService, username: str) -> tuple[str, bool]:
    with staff.engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
    return row.password_hash, row.disabled


def refusal(change: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as refused:
        change()
    return refused.value


def test_a_district_administrator_cannot_reset_the_city_administrators_password(
    staff: AccountService,
) -> None:
    with pytest.raises(NotFoundError):
        staff.reset_password_as(DISTRICT, "quantri")

    assert staff.authenticate("quantri", PASSWORD) is not None


def test_a_district_administrator_cannot_disable_another_districts_supervisor(
    staff: AccountService,
) -> None:
    with pytest.raises(NotFoundError):
        staff.disable_user_as(DISTRICT, "giamsat.303")

    assert staff.actor_for_user("giamsat.303") is not None


def test_a_district_administrator_cannot_enable_another_districts_supervisor(
    staff: AccountService,
) -> None:
    staff.disable_user("giamsat.303")

    with pytest.raises(NotFoundError):
        staff.enable_user_as(DISTRICT, "giamsat.303")

    assert staff.actor_for_user("giamsat.303") is None


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_account_of_another_area_is_refused_as_if_it_did_not_exist(
    staff: AccountService, change: str
) -> None:
    unseen = refusal(lambda: CHANGES[change](staff, DISTRICT, "giamsat.303"))
    unknown = refusal(lambda: CHANGES[change](staff, DISTRICT, "giamsat.999"))

    assert isinstance(unseen, NotFoundError)
    assert (
        (unseen.code, unseen.field)
        == (unknown.code, unknown.field)
        == (
            "account-not-found",
            "username",
        )
    )


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_refused_change_changes_nothing_and_ends_no_session(
    staff: AccountService, change: str
) -> None:
    staff.write_session("s-1", b'{"username": "quantri"}', "quantri", 1800)
    before = stored(staff, "quantri")

    refusal(lambda: CHANGES[change](staff, DISTRICT, "quantri"))

    assert stored(staff, "quantri") == before
    assert staff.read_session("s-1") != b""


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_administrator_cannot_change_their_own_account_here(
    staff: AccountService, change: str
) -> None:
    refused = refusal(lambda: CHANGES[change](staff, CITY, "quantri"))

    assert isinstance(refused, ForbiddenError)
    assert refused.code == "own-account"


@pytest.mark.parametrize(
    ("caller", "target"),
    [("quantri", "quantri.hai"), ("quantri.303", "quantri.303b")],
    ids=["city", "district"],
)
def test_an_administrator_cannot_change_another_administrator_of_their_own_area(
    staff: AccountService, caller: str, target: str
) -> None:
    refused = refusal(lambda: staff.reset_password_as(CAST[caller], target))

    assert isinstance(refused, ForbiddenError)
    assert refused.code == "administrator-scope"
    assert staff.authenticate(target, PASSWORD) is not None


def test_an_administrator_of_a_wider_area_is_unseen_from_below(staff: AccountService) -> None:
    with pytest.raises(NotFoundError):
        staff.disable_user_as(COMMUNE, "quantri.303")


@pytest.mark.parametrize("target", ["quantri.303", "quantri.11296", "giamsat.303"])
def test_a_city_administrator_resets_the_accounts_below_them(
    staff: AccountService, target: str
) -> None:
    password = staff.reset_password_as(CITY, target)

    assert staff.authenticate(target, password) is not None


def test_a_district_administrator_disables_a_commune_administrator_of_their_district(
    staff: AccountService,
) -> None:
    staff.disable_user_as(CAST["quantri.303"], "quantri.11296")

    assert staff.actor_for_user("quantri.11296") is None


def test_a_district_administrator_sees_only_the_accounts_of_their_district(
    staff: AccountService,
) -> None:
    seen = staff.users_seen_by(CAST["quantri.303"])

    assert [account["username"] for account in seen] == [
        "canbo.11296",
        "giamsat.303",
        "quantri.11296",
        "quantri.303",
        "quantri.303b",
    ]


def test_the_accounts_seen_are_marked_with_whether_the_caller_may_manage_them(
    staff: AccountService,
) -> None:
    seen = staff.users_seen_by(CAST["quantri.303"])

    manageable = {account["username"]: account["manageable"] for account in seen}
    assert manageable == {
        "canbo.11296": True,
        "giamsat.303": True,
        "quantri.11296": True,
        "quantri.303": False,
        "quantri.303b": False,
    }


def test_a_commune_administrator_adds_a_caseworker_of_their_commune(
    staff: AccountService,
) -> None:
    # Phường Quán Toan (11296) went wholly into Phường Hồng An (11602) on 2025-07-01.
    password = staff.add_user_as(COMMUNE, "canbo.moi", "caseworker", "11602")

    assert staff.authenticate("canbo.moi", password) is not None


def test_an_administrator_cannot_add_a_user_outside_their_area(staff: AccountService) -> None:
    refused = refusal(lambda: staff.add_user_as(DISTRICT, "canbo.moi", "caseworker", "11602"))

    assert isinstance(refused, ForbiddenError)
    assert (refused.code, refused.field) == ("outside-area", "area_code")
    assert "canbo.moi" not in [account["username"] for account in staff.list_users()]


@pytest.mark.parametrize(
    ("caller", "area"),
    [("quantri", "31"), ("quantri.11296", "11602")],
    ids=["city", "commune-continued-as-its-successor"],
)
def test_an_administrator_cannot_add_an_administrator_of_their_own_area(
    staff: AccountService, caller: str, area: str
) -> None:
    refused = refusal(lambda: staff.add_user_as(CAST[caller], "quantri.moi", "administrator", area))

    assert (refused.code, refused.field) == ("administrator-scope", "role")
    assert "quantri.moi" not in [account["username"] for account in staff.list_users()]


def test_no_account_is_added_for_a_district_since_districts_ended(staff: AccountService) -> None:
    refused = refusal(lambda: staff.add_user_as(DISTRICT, "quantri.moi", "administrator", "314"))

    assert (refused.code, refused.field) == ("area-ended", "area_code")
    assert "01/07/2025" in refused.message("vi")


def test_a_city_administrator_adds_an_administrator_of_a_commune(staff: AccountService) -> None:
    staff.add_user_as(CITY, "quantri.moi", "administrator", "11680")

    assert staff.actor_for_user("quantri.moi") == Actor("quantri.moi", "administrator", "11680")


def test_a_former_districts_administrator_cannot_add_one_in_a_new_unit_under_an_old_code(
    staff: AccountService,
) -> None:
    # 11680 was Thị trấn Núi Đối of huyện Kiến Thụy (314) until 2025-06-30; since then it is the
    # code of Xã Kiến Thụy, a new unit the ended district never held.
    refused = refusal(lambda: staff.add_user_as(DISTRICT, "quantri.moi", "administrator", "11680"))

    assert (refused.code, refused.field) == ("outside-area", "area_code")


def test_an_unknown_area_is_named_as_unknown_whoever_adds(staff: AccountService) -> None:
    refused = refusal(lambda: staff.add_user_as(DISTRICT, "canbo.moi", "caseworker", "99999"))

    assert refused.code == "area-not-found"


def test_a_district_administrator_cannot_revise_a_target_of_the_city_plan(
    any_backend: System,
) -> None:
    before = any_backend.plans.get(PLAN_55)
    body = {"target": "models", "value": 350, "effective_date": "2024-01-02"}

    with pytest.raises(ForbiddenError):
        any_backend.plans.revise_target(context(DISTRICT), PLAN_55, inputs.ReviseTarget.parse(body))

    assert any_backend.plans.get(PLAN_55) == before


def test_an_administrator_of_the_city_revises_a_target_of_the_city_plan(
    any_backend: System,
) -> None:
    body = {"target": "models", "value": 350, "effective_date": "2024-01-02"}

    any_backend.plans.revise_target(context(CITY), PLAN_55, inputs.ReviseTarget.parse(body))

    assert any_backend.plans.get(PLAN_55)["targets"]["models"] == 350


def test_a_district_administrator_cannot_record_a_total_of_another_district(
    any_backend: System,
) -> None:
    with pytest.raises(ForbiddenError):
        any_backend.areas.record_household_total(context(DISTRICT), "303", 2024, 52_140)

    assert household_totals(any_backend.areas) == []


def test_an_administrator_sees_only_the_household_totals_of_their_area(
    any_backend: System,
) -> None:
    for area in ("31", "303", "314", "11680"):
        any_backend.areas.record_household_total(context(CITY), area, 2024, 1_000)

    seen = totals_within(any_backend.areas, DISTRICT, household_totals(any_backend.areas))

    assert [row["area_code"] for row in seen] == ["11680", "314"]


@pytest.mark.parametrize("area", ["31", "303"], ids=["the city", "a district"])
def test_a_chairman_is_the_chairman_of_a_commune(service: AccountService, area: str) -> None:
    with pytest.raises(ValidationError) as refused:
        service.add_user("chutich", "chairman", area)

    assert (refused.value.code, refused.value.field) == ("chairman-of-a-commune", "area_code")
    assert "chutich" not in {user["username"] for user in service.list_users()}


def test_a_chairman_of_a_commune_is_added(service: AccountService) -> None:
    service.add_user("chutich.namsach", "chairman", "10606")

    assert ("chutich.namsach", "chairman", "10606") in {
        (user["username"], user["role"], user["area_code"]) for user in service.list_users()
    }

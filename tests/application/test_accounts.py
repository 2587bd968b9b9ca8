"""Accounts as an administrator manages them (quality.md §3): generated passwords kept only as
argon2id hashes, disabling and password resets that end the user's sessions at once, and a
list of users that never shows a hash."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from application import accounts
from application.accounts import AccountService, users
from application.system import System
from domain.errors import NotFoundError


@pytest.fixture
def service(system: System, monkeypatch: pytest.MonkeyPatch) -> AccountService:
    """The system's accounts, hashing at argon2id's cheapest cost so the tests stay fast."""
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    return system.accounts


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

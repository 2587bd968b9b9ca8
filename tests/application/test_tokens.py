"""API tokens end: each works for a set number of days, can be revoked by its id, and is
revoked with its user's password (reset or changed) and when the user is disabled; a user's
tokens are listed without the tokens themselves — on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from application.accounts import AccountService, api_tokens, token_id
from application.system import System
from cli.main import main
from domain.errors import NotFoundError, ValidationError
from tests.application.test_accounts import PASSWORD, cheap_hashes


@pytest.fixture
def accounts(any_backend: System, monkeypatch: pytest.MonkeyPatch) -> AccountService:
    cheap_hashes(monkeypatch)
    any_backend.accounts.add_user("canbo.quantoan", "caseworker", "11296", PASSWORD)
    return any_backend.accounts


def test_a_new_token_works_for_ninety_days_by_default(accounts: AccountService) -> None:
    token = accounts.create_token("canbo.quantoan")
    [listed] = accounts.tokens_of("canbo.quantoan")

    assert accounts.actor_for_token(token) is not None
    assert listed["id"] == token_id(token)
    assert abs(listed["expires_at"] - (listed["created_at"] + timedelta(days=90))) < timedelta(
        seconds=1
    )
    assert token not in str(listed)


def test_a_token_past_its_expiry_no_longer_works(accounts: AccountService) -> None:
    token = accounts.create_token("canbo.quantoan", days=1)
    with accounts.engine.begin() as conn:
        conn.execute(update(api_tokens).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))

    assert accounts.actor_for_token(token) is None
    assert [t["works"] for t in accounts.tokens_of("canbo.quantoan")] == [False]


def test_a_token_made_before_tokens_expired_no_longer_works(accounts: AccountService) -> None:
    token = accounts.create_token("canbo.quantoan")
    with accounts.engine.begin() as conn:
        conn.execute(update(api_tokens).values(expires_at=None))

    assert accounts.actor_for_token(token) is None


@pytest.mark.parametrize("days", [0, 366, -5])
def test_a_lifetime_outside_one_day_to_a_year_is_refused_naming_days(
    accounts: AccountService, days: int
) -> None:
    with pytest.raises(ValidationError) as refused:
        accounts.create_token("canbo.quantoan", days=days)
    assert (refused.value.code, refused.value.field) == ("token-days", "days")
    assert accounts.tokens_of("canbo.quantoan") == []


def test_a_revoked_token_stops_working_and_the_others_go_on(accounts: AccountService) -> None:
    kept, revoked = (accounts.create_token("canbo.quantoan") for _ in range(2))

    assert accounts.revoke_token(token_id(revoked)) == "canbo.quantoan"

    assert accounts.actor_for_token(revoked) is None
    assert accounts.actor_for_token(kept) is not None
    states = {t["id"]: t["revoked_at"] is not None for t in accounts.tokens_of("canbo.quantoan")}
    assert states == {token_id(kept): False, token_id(revoked): True}


@pytest.mark.parametrize("token_id_given", ["0123456789ab", "not-an-id", ""])
def test_revoking_an_unknown_token_is_refused_naming_it(
    accounts: AccountService, token_id_given: str
) -> None:
    with pytest.raises(NotFoundError) as refused:
        accounts.revoke_token(token_id_given)
    assert refused.value.code == "token-not-found"


def test_a_password_reset_revokes_the_users_tokens(accounts: AccountService) -> None:
    token = accounts.create_token("canbo.quantoan")
    accounts.reset_password("canbo.quantoan")
    assert accounts.actor_for_token(token) is None


def test_changing_ones_own_password_revokes_ones_tokens(accounts: AccountService) -> None:
    token = accounts.create_token("canbo.quantoan")
    accounts.change_own_password(
        "canbo.quantoan", PASSWORD, "một-mật-khẩu-mới", "một-mật-khẩu-mới", None
    )
    assert accounts.actor_for_token(token) is None


def test_enabling_a_disabled_user_again_does_not_bring_their_tokens_back(
    accounts: AccountService,
) -> None:
    token = accounts.create_token("canbo.quantoan")
    accounts.disable_user("canbo.quantoan")
    accounts.enable_user("canbo.quantoan")

    assert accounts.actor_for_token(token) is None
    assert accounts.actor_for_token(accounts.create_token("canbo.quantoan")) is not None


def test_the_command_line_creates_lists_and_revokes_tokens(
    accounts: AccountService, any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", any_backend.settings.database_url)
    runner = CliRunner()

    created = runner.invoke(main, ["token", "create", "canbo.quantoan", "--days", "30"])
    token = created.output.splitlines()[-1]
    listed = runner.invoke(main, ["token", "list", "canbo.quantoan"])
    revoked = runner.invoke(main, ["token", "revoke", token_id(token)])
    after = runner.invoke(main, ["token", "list", "canbo.quantoan"])

    assert created.exit_code == 0, created.output
    assert token_id(token) in created.output
    assert f"{token_id(token)}  made" in listed.output
    assert "works" in listed.output
    assert token not in listed.output
    assert revoked.exit_code == 0
    assert "revoked" in after.output
    assert accounts.actor_for_token(token) is None

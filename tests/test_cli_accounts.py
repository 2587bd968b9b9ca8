"""`giamngheo user`: the operator's account commands, unscoped — the only way to reset or
re-enable an account no administrator of the pages may touch, such as the city administrator's."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from application import accounts
from application.infrastructure.settings import Settings
from application.system import System
from cli.main import main
from tests.conftest import TODAY


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite database named by the environment as in use, holding the city administrator."""
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    with opened(url) as system:
        system.accounts.add_user("quantri", "administrator", "31", "mật-khẩu-cũ")
    return url


def opened(url: str) -> closing[System]:
    return closing(System.open(Settings(database_url=url), today=lambda: TODAY))


def test_the_operator_resets_the_city_administrators_password(database: str) -> None:
    result = CliRunner().invoke(main, ["user", "password", "quantri"])

    assert result.exit_code == 0, result.output
    password = result.output.strip().rsplit(": ", 1)[1]
    with opened(database) as system:
        assert system.accounts.authenticate("quantri", password) is not None
        assert system.accounts.authenticate("quantri", "mật-khẩu-cũ") is None


def test_the_operator_enables_a_disabled_account_again(database: str) -> None:
    CliRunner().invoke(main, ["user", "disable", "quantri"])

    result = CliRunner().invoke(main, ["user", "enable", "quantri"])

    assert result.output == "User quantri enabled.\n"
    with opened(database) as system:
        assert system.accounts.actor_for_user("quantri") is not None

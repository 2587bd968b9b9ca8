"""`giamngheo keys rotate`: the operator replaces the master key; the store then opens with the
new key alone (docs/spec/personal-data.md, "Keys")."""

from __future__ import annotations

import base64
import os
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.infrastructure.settings import Settings
from application.system import System
from cli.main import main
from tests.conftest import TODAY
from tests.stores.helpers import HEAD_NAME, register

OLD, NEW = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))


def test_the_operator_rotates_the_master_key_and_the_old_one_is_no_longer_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    with closing(System.open(Settings(database_url=url, cipher_key=OLD), lambda: TODAY)) as old:
        household_id = register(old)
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)
    monkeypatch.setenv("GIAMNGHEO_CIPHER_KEY", NEW)
    monkeypatch.setenv("GIAMNGHEO_CIPHER_PREVIOUS_KEYS", OLD)

    result = CliRunner().invoke(main, ["keys", "rotate"])

    assert result.exit_code == 0, result.output
    assert "0 unchanged" in result.output
    with closing(System.open(Settings(database_url=url, cipher_key=NEW), lambda: TODAY)) as new:
        assert new.households.get(household_id)["members"][0]["full_name"] == HEAD_NAME

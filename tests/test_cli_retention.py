"""`giamngheo retention`: the operator lists the households whose retention has run out, then
erases them (docs/spec/personal-data.md, "Retention")."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.infrastructure.settings import Settings
from application.system import System
from cli.main import main
from tests.stores.helpers import register
from tests.stores.test_retention import recognised


def test_the_operator_lists_then_erases_the_households_past_their_retention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    with closing(System.open(Settings(database_url=url))) as system:
        household_id = register(system, "QT-001")
        recognised(system, household_id, 3_000_000, 0, 2021)
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)
    monkeypatch.setenv("GIAMNGHEO_RETENTION_YEARS", "3")

    listed = CliRunner().invoke(main, ["retention"])
    erased = CliRunner().invoke(main, ["retention", "--erase"])
    again = CliRunner().invoke(main, ["retention"])

    assert listed.exit_code == 0, listed.output
    assert f"QT-001  last entry 2021-12-10  {household_id}" in listed.output
    assert "1 households erased" in erased.output
    assert "0 households due for erasure" in again.output

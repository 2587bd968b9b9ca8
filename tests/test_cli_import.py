"""`giamngheo import`: the operator imports a commune's survey file, checks it first with
--dry-run, and is told each problem of a broken file by row and column."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.infrastructure.settings import Settings
from application.system import System
from cli.main import main
from domain.errors import ValidationError
from tests.application.desk import Desk
from tests.features.conftest import CITY_CASEWORKER

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"


@pytest.fixture
def commune(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store whose commune 10606 has the households of the example files."""
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    with closing(System.open(Settings(database_url=url))) as system:
        desk = Desk(system, CITY_CASEWORKER)
        for code in ("NS-0001", "NS-0002", "NS-0003", "NS-0004"):
            desk.register(date(2025, 8, 1), commune_code="10606", code=code)
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)


@pytest.mark.usefixtures("commune")
def test_the_operator_checks_a_file_then_imports_it_once() -> None:
    good = str(EXAMPLES / "surveys-nam-sach-2026.csv")

    checked = CliRunner().invoke(main, ["import", good, "--commune", "10606", "--dry-run"])
    imported = CliRunner().invoke(main, ["import", good, "--commune", "10606"])
    again = CliRunner().invoke(main, ["import", good, "--commune", "10606"])

    assert checked.exit_code == 0, checked.output
    assert "0 surveys recorded, 3 would be recorded" in checked.output
    assert "3 surveys recorded" in imported.output
    assert "0 surveys recorded, 0 would be recorded, 3 already recorded" in again.output


@pytest.mark.usefixtures("commune")
def test_a_broken_file_is_refused_with_each_problem_by_row_and_column() -> None:
    broken = str(EXAMPLES / "surveys-broken.csv")

    refused = CliRunner().invoke(main, ["import", broken, "--commune", "10606"])

    assert refused.exit_code == 1
    assert "surveys-broken.csv:3: [Mã hộ] Không có hộ nào mang mã NS-9999." in refused.output
    assert "0 surveys recorded" in refused.output
    assert "5 problems" in refused.output


@pytest.mark.usefixtures("commune")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("khao-sat.ods", b"PK\x03\x04 an OpenDocument sheet"),
        ("khao-sat.xlsx", b"Ma ho;Ngay khao sat\n"),
        ("khao-sat.csv", "Mã hộ;Ngày khảo sát\n".encode("utf-16")),
    ],
)
def test_a_file_that_is_not_an_xlsx_or_a_utf8_csv_is_refused_as_a_whole(
    tmp_path: Path, name: str, content: bytes
) -> None:
    given = tmp_path / name
    given.write_bytes(content)

    refused = CliRunner().invoke(main, ["import", str(given), "--commune", "10606"])

    assert isinstance(refused.exception, ValidationError)
    assert refused.exception.code == "import-format"
    assert name in refused.exception.message("vi")

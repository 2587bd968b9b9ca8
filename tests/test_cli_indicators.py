"""`giamngheo indicators`: the figures as a table or as JSON, from the projections (caught up
first on the embedded database) or by replay."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.infrastructure.settings import Settings
from application.system import System
from cli.main import main
from projections.figures import FIGURES
from tests.application.desk import Desk
from tests.conftest import TODAY

ASKED = ["indicators", "--area", "31", "--as-of", "2025-12-31"]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SQLite database holding one poor household, named by the environment as in use."""
    url = f"sqlite:///{tmp_path / 'giamngheo.db'}"
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", url)
    system = System.open(Settings(database_url=url), today=lambda: TODAY)
    desk = Desk(system)
    household = desk.register(date(2022, 1, 10))
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()
    system.close()


@pytest.mark.usefixtures("database")
def test_the_figures_are_printed_one_a_line_with_a_dash_for_no_value() -> None:
    result = CliRunner().invoke(main, ASKED)

    assert result.exit_code == 0, result.output
    header, columns, *rows = result.output.splitlines()
    assert header == "Area 31 as of 2025-12-31, as known at now (projection)"
    assert columns.split() == ["id", "value", "numerator", "denominator", "target"]
    assert [row.split()[0] for row in rows] == [figure.id for figure in FIGURES]
    assert rows[0].split() == ["poor", "1", "1", "—", "—"]
    assert rows[2].split() == ["poverty_rate", "—", "1", "—", "—"]


@pytest.mark.usefixtures("database")
def test_the_replayed_figures_are_printed_as_json() -> None:
    result = CliRunner().invoke(main, [*ASKED, "--replay", "--json"])

    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert (answer["source"], answer["area"]) == ("replay", "31")
    assert answer["figures"]["poor"]["numerator"] == 1


@pytest.mark.parametrize(
    "option", [["--as-of", "2025-02-30"], ["--as-of", "31/12/2025"], ["--known-at", "hôm qua"]]
)
def test_a_date_that_is_not_iso_8601_is_a_usage_error(option: list[str]) -> None:
    result = CliRunner().invoke(main, [*ASKED, *option])

    assert result.exit_code == 2
    assert "is not ISO 8601" in result.output


@pytest.mark.usefixtures("database")
def test_backup_writes_a_copy_that_answers_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.db"
    taken = CliRunner().invoke(main, ["backup", str(copy)])
    before = CliRunner().invoke(main, [*ASKED, "--json"])
    monkeypatch.setenv("GIAMNGHEO_DATABASE_URL", f"sqlite:///{copy}")
    after = CliRunner().invoke(main, [*ASKED, "--json"])

    assert taken.exit_code == 0, taken.output
    assert taken.output.startswith(f"{copy}: ")
    assert json.loads(after.output)["figures"] == json.loads(before.output)["figures"]

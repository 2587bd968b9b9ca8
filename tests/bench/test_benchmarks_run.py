"""The benchmarks of issue 8 that nothing else runs keep working: each one, on a tiny history,
prints its table with a row per measurement and no error or difference in it. Their figures are
not judged here (a test machine is no benchmark machine), only that they can be taken."""

from __future__ import annotations

import pytest

import bench.backends
from application.audit import AuditService
from bench import commands
from bench.__main__ import BENCHMARKS
from tests.backends import BACKENDS, PG_ADMIN_URL, require_postgres

HOUSEHOLDS = 40  # enough for 32 clients to write to households of their own


def table(printed: str) -> list[dict[str, str]]:
    """The rows of the markdown table in the printed text, as header → cell."""
    lines = [line for line in printed.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in lines[2:]
    ]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    kind: str = request.param
    if kind == "postgres":
        require_postgres()
        monkeypatch.setattr(bench.backends, "PG_URL", PG_ADMIN_URL)
    return kind


@pytest.mark.slow
def test_commands_answer_every_request(
    backend: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "REQUESTS", 16)
    BENCHMARKS["commands"]([HOUSEHOLDS], [backend])
    rows = table(capsys.readouterr().out)
    assert [row["clients"] for row in rows] == [str(c) for c in commands.CLIENTS]
    for row in rows:
        assert row["backend"] == backend
        assert row["requests"] == "16"
        assert row["errors"] == "0", row


def test_replay_equals_projection(
    backend: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On today only: every commune on each of the plan's dates takes tens of seconds even on
    a tiny history."""
    every_date = AuditService.checked_dates
    monkeypatch.setattr(AuditService, "checked_dates", lambda self: every_date(self)[-1:])
    BENCHMARKS["replay"]([HOUSEHOLDS], [backend])
    (row,) = table(capsys.readouterr().out)
    assert row["backend"] == backend
    assert int(row["figures compared"].replace(",", "")) > 0
    assert row["differences"] == "0", row


def test_the_review_round_is_measured_on_its_listed_households(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    BENCHMARKS["rounds"]([HOUSEHOLDS], [backend])
    (row,) = table(capsys.readouterr().out)
    assert row["backend"] == backend
    assert int(row["listed"]) > 0
    assert 0 < int(row["grid rows"]) <= int(row["listed"])


def test_the_what_if_run_is_measured_over_the_citys_surveys_and_gives_its_answer_again(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    BENCHMARKS["what_if"]([HOUSEHOLDS], [backend])
    (row,) = table(capsys.readouterr().out)
    assert row["backend"] == backend
    assert int(row["surveys judged"]) > 0
    assert row["same answer"] == "yes"

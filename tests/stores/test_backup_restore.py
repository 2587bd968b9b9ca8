"""R6, backup and restore: a copy taken by `giamngheo backup` (SQLite's online backup, or
pg_dump) and restored into a new database gives, after its projections are rebuilt, every
figure, every household's history and the integrity chain of the original — on both backends."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import psycopg
import pytest

from application.demo import load_demo
from application.infrastructure.backup import back_up
from application.system import System
from domain.errors import ValidationError
from tests.backends import PG_ADMIN_URL
from tests.conftest import TODAY, open_system

DATES = (date(2023, 12, 31), date(2025, 6, 30), date(2025, 12, 31), TODAY)


@contextmanager
def restored(system: System, tmp_path: Path) -> Iterator[System]:
    """The backup restored as an operator would (docs/deployment.md), opened on its own."""
    target = tmp_path / "giamngheo.backup"
    back_up(system.backend, target)
    if system.backend.kind == "sqlite":
        copy = tmp_path / "restored.db"
        shutil.copyfile(target, copy)
        with closing(open_system(f"sqlite:///{copy}", bootstrap=False)) as opened:
            yield opened
        return
    database = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={base}/{database}", str(target)],
            check=True,
            capture_output=True,
        )
        url = f"{base}/{database}?schema={system.backend.schema}"
        with closing(open_system(url, bootstrap=False)) as opened:
            yield opened
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def every_figure(system: System) -> dict[tuple[date, str], object]:
    """The city's and each of its sub-areas' on each date (districts before 1 July 2025)."""
    found: dict[tuple[date, str], object] = {}
    for day in DATES:
        areas = ["31", *(code for code, _ in system.areas.sub_areas("31", day))]
        for area, figures in system.indicators.figures_of_areas(areas, day, None).items():
            found[(day, area)] = figures
    return found


def rebuilt(system: System) -> System:
    engine = system.reads.engine
    for name in sorted(engine.projections):
        engine.rebuild(name)
    return system


@pytest.fixture
def history(any_backend: System) -> System:
    load_demo(any_backend, 25, seed=3)
    any_backend.reads.catch_up()
    return any_backend


def test_a_restored_backup_rebuilt_gives_every_figure_of_the_original(
    history: System, tmp_path: Path
) -> None:
    with restored(history, tmp_path) as copy:
        assert every_figure(rebuilt(copy)) == every_figure(history)
        assert copy.audit.verify(dates=[TODAY])["differences"] == []


def test_a_restored_backup_holds_every_households_history_and_the_same_chain(
    history: System, tmp_path: Path
) -> None:
    households = history.households.list_registered()
    with restored(history, tmp_path) as copy:
        assert [copy.households.history(h) for h in households] == [
            history.households.history(h) for h in households
        ]
        status = copy.integrity.status()
        assert status["integrity_ok"] is True
        assert status["head"] == history.integrity.status()["head"]


def test_a_backup_never_overwrites_a_file(history: System, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("an earlier backup")

    with pytest.raises(ValidationError) as refused:
        back_up(history.backend, taken)

    assert refused.value.code == "backup-exists"
    assert taken.read_text() == "an earlier backup"

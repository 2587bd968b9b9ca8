"""Shared fixtures: a system on the in-memory store for fast tests, and `any_backend` for the
contract tests that must hold on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from application.commands import Actor
from application.infrastructure.settings import Settings
from application.system import System
from tests.backends import BACKENDS, database_url

TODAY = date(2026, 11, 28)

# The API client and its worlds, shared by the API's, the pages' and the browser's tests.
pytest_plugins = ["tests.api.client"]


def open_system(url: str, bootstrap: bool = True) -> System:
    return System.open(Settings(database_url=url), today=lambda: TODAY, bootstrap=bootstrap)


@pytest.fixture
def system() -> Iterator[System]:
    """The whole application on the library's in-memory store."""
    opened = open_system("memory://")
    yield opened
    opened.close()


@pytest.fixture(params=BACKENDS)
def any_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[System]:
    """The whole application on SQLite, then on PostgreSQL."""
    with database_url(request.param, tmp_path) as url:
        opened = open_system(url)
        yield opened
        opened.close()


@pytest.fixture
def caseworker() -> Actor:
    return Actor("canbo.quantoan", "caseworker", "11296")

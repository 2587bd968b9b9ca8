"""Databases the store and projection tests run on: SQLite always, PostgreSQL when one answers
on 127.0.0.1:5432 — and under CI=true a missing PostgreSQL is a failure, never a skip."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get(
    "GIAMNGHEO_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def postgres_answers() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            PG_ADMIN_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=3
        ):
            return True
    except psycopg.OperationalError:
        return False


def require_postgres() -> None:
    if postgres_answers():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but no PostgreSQL answers on 127.0.0.1:5432", pytrace=False)
    pytest.skip("no PostgreSQL answers on 127.0.0.1:5432")


@contextmanager
def postgres_url() -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards (DROP is not refused by the guards)."""
    import psycopg

    require_postgres()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        yield f"{PG_ADMIN_URL}?schema={schema}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "postgres":
        with postgres_url() as url:
            yield url
    elif kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'giamngheo.db'}"
    else:
        yield "memory://"


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]

"""A copy of the whole store taken while it serves (reliability R6, docs/deployment.md): on
SQLite by the database's own online backup, on PostgreSQL by `pg_dump` of the store's schema.
Nothing is hand-copied row by row: each database's tool knows what a consistent copy is."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from application.infrastructure.store import Backend
from domain.errors import ValidationError


def back_up(backend: Backend, target: Path) -> dict[str, Any]:
    """Write a consistent copy of the store to `target` (refused if it exists, so a backup
    never overwrites another); what was written, as plain data."""
    if target.exists():
        raise ValidationError("backup-exists", field="target", path=str(target))
    if backend.kind == "sqlite":
        copy_sqlite(backend.env["SQLITE_DBNAME"], target)
        kind = "sqlite"
    elif backend.kind == "postgres":
        dump_postgres(backend, target)
        kind = "pg_dump"
    else:
        raise ValidationError("backup-unsupported", field="database_url", kind=backend.kind)
    return {"target": str(target), "format": kind, "bytes": target.stat().st_size}


def copy_sqlite(source: str, target: Path) -> None:
    """SQLite's online backup: a consistent copy while writers go on (they wait for a page
    step, never see a half-copied file)."""
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy, pages=1024)


def dump_postgres(backend: Backend, target: Path) -> None:
    """`pg_dump` of the store's schema in its custom format (restored with `pg_restore`), in
    one snapshot: the events, the integrity chain and the read models as of one instant."""
    if shutil.which("pg_dump") is None:
        raise ValidationError("pg-dump-missing", field="pg_dump")
    env = backend.env
    command = [
        "pg_dump",
        "--format=custom",
        f"--schema={backend.schema or 'public'}",
        f"--file={target}",
        f"--host={env['POSTGRES_HOST']}",
        f"--port={env['POSTGRES_PORT']}",
        f"--username={env['POSTGRES_USER']}",
        env["POSTGRES_DBNAME"],
    ]
    password = {"PGPASSWORD": env["POSTGRES_PASSWORD"]} if env["POSTGRES_PASSWORD"] else {}
    done = subprocess.run(
        command, env={**os.environ, **password}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise ValidationError("pg-dump-failed", field="database_url", error=done.stderr.strip())

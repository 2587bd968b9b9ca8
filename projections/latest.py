"""Views of one row per aggregate, as it stands after the batch: the rows of the aggregates a
batch touched are replaced in two statements, however many events touched each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Table, delete, insert


def replace_latest(
    conn: Connection, table: Table, key: Column[Any], latest: dict[str, Any]
) -> None:
    if not latest:
        return
    conn.execute(delete(table).where(key.in_(list(latest))))
    conn.execute(insert(table), list(latest.values()))

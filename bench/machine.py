"""The machine and date a benchmark ran on, printed with its figures."""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import UTC, datetime


def describe_machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kib = int(info.readline().split()[1])
            memory = f", {kib / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.machine()}, {os.cpu_count()} cores"
        f"{memory}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )

"""P3: the city's dashboard and a household page, p50 / p95 over repeated requests through the
whole web stack (sessions, CSRF middleware, templates), beside the bare figures query the
dashboard starts from, measured in the same run; then the dashboard as known at an earlier
instant: one in an hour after the history was written (the running totals alone), and one in
the middle of its writing (the totals and that hour's rows — a bench history is written within
an hour or two, a city's over years)."""

from __future__ import annotations

import contextlib
import re
import statistics
import time
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from application.system import System
from bench.backends import histories
from domain.errors import ConflictError
from projections.bitemporal import utc
from web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPEATS = 30
PASSWORD = "bench-password-1"


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """p50 and p95 in milliseconds, after one warm-up call."""
    call()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def signed_in(client: TestClient, username: str) -> None:
    token = re.search(r'name="csrftoken" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {"username": username, "password": PASSWORD, "csrftoken": token.group(1)}
    assert client.post("/login", data=form).url.path != "/login"


def measure(system: System) -> str:
    """One database's row of the table, after its demo history is loaded."""
    city = system.areas.registry().province_code
    first = system.households.list_registered()[0]
    commune = system.households.current_commune(first)
    for username, role, area in (
        ("bench-sup", "supervisor", city),
        ("bench-cw", "caseworker", commune),
    ):
        with contextlib.suppress(ConflictError):  # a kept history has them from an earlier run
            system.accounts.add_user(username, role, area, PASSWORD)
    today = system.runner.today()
    figures, _ = timed(lambda: system.indicators.figures(city, today, None))
    app = create_app(system, sign_in_limit="1000/second")
    with TestClient(app) as supervisor, TestClient(app) as caseworker:
        signed_in(supervisor, "bench-sup")
        signed_in(caseworker, "bench-cw")
        board = timed(lambda: shown(supervisor, "/dashboard"))
        page = timed(lambda: shown(caseworker, f"/households/{first}"))
        then = [
            timed(partial(shown, supervisor, "/dashboard", known_at=k.isoformat()))
            for k in instants(system)
        ]
    known = " | ".join(f"{p50:.0f} | {p95:.0f}" for p50, p95 in then)
    return (
        f"{figures:.0f} | {board[0]:.0f} | {board[1]:.0f} | {page[0]:.0f} | {page[1]:.0f} | {known}"
    )


def shown(client: TestClient, path: str, **params: str) -> None:
    """A page, which must be answered: a refusal measured would be no figure."""
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, params, response.status_code)


def instants(system: System) -> list[datetime]:
    """An hour after the history's last write, and the middle of its writing."""
    rows, _ = system.reads.indicators.tables(system.reads.generation("indicators"))
    with system.engine.connect() as conn:
        span = conn.execute(select(func.min(rows.c.rec_from), func.max(rows.c.rec_from))).one()
    first, last = (utc(at) for at in span)
    return [last + timedelta(hours=1), first + (last - first) / 2]


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    print("\n## P3 pages: the city's dashboard and a household page (ms)")
    print(
        "| backend | households | figures query p50 | dashboard p50 | dashboard p95 "
        "| household page p50 | household page p95 | dashboard known at, a quiet hour p50 "
        "| p95 | dashboard known at, inside the writing p50 | p95 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, size, system in histories(sizes, backends, keep):
        print(f"| {backend} | {size:,} | {measure(system)} |", flush=True)

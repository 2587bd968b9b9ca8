"""The web server killed with SIGKILL while a client writes to it, and started again, many times
(issue 13's probe: `kill -9` of the server): every write it answered 201 is in the store after
the restart, recorded once with its receipt, and the views still equal a replay — on SQLite and
PostgreSQL. A few kills in CI; `make reliability` runs many more (GIAMNGHEO_RELIABILITY=full)
and prints the count for docs/reliability.md."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from application.infrastructure.settings import Settings
from application.infrastructure.store import exists
from application.system import System
from domain.receipt import CommandReceipt
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import CASEWORKER, register
from tests.test_cli_serve import free_port

pytestmark = pytest.mark.slow
KILLS = 42 if os.environ.get("GIAMNGHEO_RELIABILITY") == "full" else 4
SUPPORT = {"kind": "NUTRITION", "amount_vnd": 500_000, "effective_date": "2024-01-02"}


def opened(url: str) -> closing[System]:
    return closing(System.open(Settings(database_url=url), today=lambda: TODAY))


@pytest.fixture(params=BACKENDS)
def prepared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A database with one household and a caseworker's token: url, household id, token."""
    with database_url(request.param, tmp_path) as url, opened(url) as system:
        household_id = register(system)
        system.accounts.add_user(CASEWORKER.username, "caseworker", "11296", "mật-khẩu-thử-1")
        token = system.accounts.create_token(CASEWORKER.username)
        system.close()
        yield url, household_id, token


def launched(url: str, *arguments: str, log: Path | None = None) -> subprocess.Popen[bytes]:
    """The CLI in a process of its own; what it writes to stderr kept in `log`, if given."""
    env = {**os.environ, "GIAMNGHEO_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", *arguments],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if log is None else log.open("wb"),
    )


def started(url: str, logs: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A server answering on a free port, and the port. A port another test took between its
    choice and the server's bind makes the server exit at once: another port is tried then.
    A server that does not answer fails the test with what it wrote."""
    for _ in range(3):
        port = free_port()
        log = logs / f"serve-{port}.log"
        server = launched(url, "serve", "--port", str(port), "--demo-households", "0", log=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code < 500:
                    return server, port
            except httpx.HTTPError:
                time.sleep(0.05)
        server.kill()
        server.wait()
    pytest.fail(f"the server did not start; it wrote:\n{log.read_text(errors='replace')[-3000:]}")


def write_until_stopped(
    port: int,
    household_id: str,
    token: str,
    stop: threading.Event,
    sent: list[str],
    acknowledged: list[str],
) -> None:
    """One write after another, each with its own idempotency key: the keys sent, and those
    answered 201."""
    url = f"http://127.0.0.1:{port}/api/households/{household_id}/supports"
    with httpx.Client(timeout=10) as client:
        while not stop.is_set():
            key = uuid.uuid4().hex
            sent.append(key)
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
            try:
                response = client.post(url, json=SUPPORT, headers=headers)
            except httpx.HTTPError:
                continue
            if response.status_code == 201:
                acknowledged.append(key)


def test_every_write_answered_before_a_kill_is_in_the_store_once(
    prepared: tuple[str, str, str], tmp_path: Path
) -> None:
    url, household_id, token = prepared
    sent: list[str] = []
    acknowledged: list[str] = []
    chance = random.Random(13)
    worker = launched(url, "project")  # as deployed: the views kept by their own process
    for _ in range(KILLS):
        server, port = started(url, tmp_path)
        stop = threading.Event()
        writer = threading.Thread(
            target=write_until_stopped, args=(port, household_id, token, stop, sent, acknowledged)
        )
        writer.start()
        answered(acknowledged, before=len(acknowledged))
        time.sleep(chance.uniform(0.2, 1.2))
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        writer.join()
    worker.terminate()
    worker.wait()

    with opened(url) as system:
        recorded = {key for key in sent if exists(system.store, receipt_of(key))}
        system.reads.catch_up()
        history = system.households.history(household_id)["entries"]
        supports = sum(entry["type"] == "SupportProvided" for entry in history)
        differences = system.audit.verify(dates=[TODAY])["differences"]
    lost = [key for key in acknowledged if key not in recorded]
    print(
        f"\nserver kills: {KILLS}, writes sent: {len(sent)}, answered 201: {len(acknowledged)}, "
        f"recorded: {len(recorded)}, acknowledged and lost: {len(lost)}"
    )
    assert acknowledged, "no write was answered between the kills"
    assert lost == []
    assert supports == len(recorded)  # each recorded write once, with its receipt
    assert differences == []


def answered(acknowledged: list[str], before: int) -> None:
    """Wait, for a bounded while, until the new server has answered a write: under a loaded
    machine a fixed delay could kill every server before its first answer, and the test would
    prove nothing. A server that answers none in time is killed all the same."""
    deadline = time.monotonic() + 30
    while len(acknowledged) == before and time.monotonic() < deadline:
        time.sleep(0.02)


def receipt_of(key: str) -> uuid.UUID:
    return CommandReceipt.id_for(CASEWORKER.username, key)

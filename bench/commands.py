"""P2: a survey then its classification through the JSON API, at 1, 8 and 32 concurrent
clients. The server runs as production runs it — one uvicorn process on the history's database
(its projections followed in-process on SQLite; beside it the `giamngheo project` worker on
PostgreSQL, as docker-compose sets it up) — and the load comes from another process, so the
clients' own work does not share the server's interpreter. Each client writes to households of
its own, so a 409 means two writers met where none should; it is counted, not fatal.

The writes go into the history: a kept one (`--keep`) gains a survey and a classification dated
today on each household written, after the plan's end, so no figure of the plan's dates moves."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import httpx

from application.system import System
from bench.backends import histories
from domain.area_registry import AWAITING
from domain.errors import ConflictError
from domain.standards import catalogue
from domain.values import ReviewKind

CLIENTS = (1, 8, 32)
REQUESTS = 200  # per concurrency level: half surveys, half classifications
WARM_UP_PAIRS = 4
STARTUP_SECONDS = 90.0
OK = range(200, 300)
ROOT = Path(__file__).resolve().parent.parent
USERNAME = "bench-api"
PASSWORD = "bench-password-1"

Sample = tuple[int | str, float]  # HTTP status (or why there was no answer) and seconds


# ---- the load generator (runs in its own process) ------------------------------------------


async def post(
    http: httpx.AsyncClient, path: str, body: dict[str, Any], samples: list[Sample]
) -> Any:
    """One write with its own idempotency key, as the pages send one; timed to the answer."""
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    start = time.perf_counter()
    try:
        response = await http.post(path, json=body, headers=headers)
    except httpx.HTTPError as error:
        samples.append((type(error).__name__, time.perf_counter() - start))
        return None
    samples.append((response.status_code, time.perf_counter() - start))
    return response.json() if response.status_code == 201 else None


async def clients_writing(
    base_url: str,
    token: str,
    households: list[str],
    clients: int,
    requests: int,
    survey: dict[str, Any],
    classification: dict[str, Any],
) -> tuple[list[Sample], float]:
    """`clients` loops sharing one budget of survey-then-classify pairs; client c writes only
    to households[c::clients]. Returns every request's sample and the wall time."""
    samples: list[Sample] = []
    budget = [requests // 2]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base_url, headers=auth, limits=limits, timeout=60.0
    ) as http:

        async def client(own: list[str]) -> None:
            turn = 0
            while budget[0] > 0:
                budget[0] -= 1
                path = f"/api/households/{own[turn % len(own)]}"
                turn += 1
                answer = await post(http, f"{path}/surveys", survey, samples)
                if answer is not None:
                    body = {**classification, "survey_id": answer["survey_id"]}
                    await post(http, f"{path}/classifications", body, samples)

        shares = [
            households[c::clients] or [households[c % len(households)]] for c in range(clients)
        ]
        start = time.perf_counter()
        await asyncio.gather(*(client(own) for own in shares))
        return samples, time.perf_counter() - start


def load_loop() -> None:
    """The client process: one job a line on stdin (the arguments of `clients_writing`), its
    samples and wall time a line on stdout."""
    for line in sys.stdin:
        samples, seconds = asyncio.run(clients_writing(**json.loads(line)))
        print(json.dumps({"samples": samples, "seconds": seconds}), flush=True)


Driver = Callable[..., tuple[list[Sample], float]]


@contextlib.contextmanager
def load_process() -> Iterator[Driver]:
    """The client process, started once (its imports are not measured), and a function that
    hands it a job and waits for the answer."""
    command = [sys.executable, "-c", "from bench.commands import load_loop; load_loop()"]
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    sink, source = cast(IO[bytes], process.stdin), cast(IO[bytes], process.stdout)

    def drive(**job: Any) -> tuple[list[Sample], float]:
        sink.write(json.dumps(job).encode() + b"\n")
        sink.flush()
        line = source.readline()
        if not line:
            raise RuntimeError("the benchmark's client process ended")
        answer = json.loads(line)
        return [(status, seconds) for status, seconds in answer["samples"]], answer["seconds"]

    try:
        yield drive
    finally:
        sink.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---- the server (its own processes) --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base_url: str, processes: list[subprocess.Popen[bytes]], log: IO[bytes]) -> None:
    """Until the server answers `/healthz` (whatever it says), or a process died."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            break
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{base_url}/healthz", timeout=2.0)
            return
        time.sleep(0.2)
    log.seek(0)
    tail = log.read().decode(errors="replace")[-3000:]
    raise RuntimeError(f"the benchmark's server did not start:\n{tail}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as an operator stops it; killed if it does not end."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serving(system: System) -> Iterator[str]:
    """The web server (and on PostgreSQL the projection worker) on the system's database, as
    separate processes; yields the server's base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIAMNGHEO_")}
    env["GIAMNGHEO_DATABASE_URL"] = system.settings.database_url
    server = [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port"]
    server += [str(port), "--host", "127.0.0.1", "--no-access-log", "--log-level", "warning"]
    commands = [server]
    if system.backend.kind == "postgres":
        commands.append([sys.executable, "-m", "cli.main", "project"])
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryFile() as log:
        try:
            for command in commands:
                processes.append(
                    subprocess.Popen(
                        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log
                    )
                )
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url, processes, log)
            yield base_url
        finally:
            for process in processes:
                stop(process)


# ---- the measurement -----------------------------------------------------------------------


def bodies(system: System) -> tuple[dict[str, Any], dict[str, Any]]:
    """A regular review dated today (a periodic one has its autumn window) under the standard in
    force, and its classification the same day: valid after any demo history."""
    day = system.runner.today()
    keys = catalogue().for_review(ReviewKind.REGULAR, day).keys
    survey = {
        "kind": "REGULAR",
        "effective_date": day.isoformat(),
        "income_per_capita_vnd": 1_500_000,
        "deprivations": {key: i < 3 for i, key in enumerate(keys)},
        "causes": ["CAPITAL"],
        "needs": ["CREDIT"],
    }
    return survey, {"decision_ref": "99/QĐ-UBND", "effective_date": day.isoformat()}


def api_token(system: System) -> str:
    """A city-wide caseworker's bearer token: every household is theirs to write to."""
    city = system.areas.registry().province_code
    with contextlib.suppress(ConflictError):  # a kept history has the user from an earlier run
        system.accounts.add_user(USERNAME, "caseworker", city, PASSWORD)
    return system.accounts.create_token(USERNAME)


def row(samples: list[Sample], seconds: float) -> str:
    """requests | p50 ms | p95 ms | requests/s | errors, each non-2xx status (or transport
    error) counted beside their total."""
    latencies = sorted(s * 1000 for _, s in samples)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    failed = Counter(str(status) for status, _ in samples if status not in OK)
    errors = str(sum(failed.values()))
    if failed:
        errors += " (" + ", ".join(f"{s}: {n}" for s, n in sorted(failed.items())) + ")"
    return (
        f"{len(samples)} | {statistics.median(latencies):.0f} | {p95:.0f} | "
        f"{len(samples) / seconds:,.1f} | {errors}"
    )


def awaiting_places(system: System) -> list[str]:
    """Where the households of split units wait for their new unit: they cannot be recognised
    for a survey dated after the reorganisation, so the benchmark leaves them out."""
    successions = system.areas.registry().successions
    return [AWAITING + code for code, succession in successions.items() if succession.heir is None]


def measure(system: System, backend: str, size: int) -> None:
    """One table row a concurrency level, against one server started for this history."""
    awaiting = {item["id"] for item in system.reads.awaiting(awaiting_places(system))}
    households = [str(h) for h in system.households.list_registered() if str(h) not in awaiting]
    random.Random(size).shuffle(households)
    survey, classification = bodies(system)
    job = {
        "token": api_token(system),
        "households": households,
        "survey": survey,
        "classification": classification,
    }
    with serving(system) as base_url, load_process() as drive:
        drive(**job, base_url=base_url, clients=1, requests=WARM_UP_PAIRS * 2)  # not counted
        for clients in CLIENTS:
            samples, seconds = drive(**job, base_url=base_url, clients=clients, requests=REQUESTS)
            print(f"| {backend} | {size:,} | {clients} | {row(samples, seconds)} |", flush=True)


def run(sizes: list[int], backends: list[str], keep: Path | None = None) -> None:
    print("\n## P2 commands: a survey then its classification over HTTP, per request")
    print("| backend | households | clients | requests | p50 ms | p95 ms | requests/s | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for backend, size, system in histories(sizes, backends, keep):
        measure(system, backend, size)

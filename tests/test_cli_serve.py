"""`giamngheo serve` says where it serves only once the port answers, and a port already taken
is said, never announced as served."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ANNOUNCED = "Serving on"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(tmp_path: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The command and environment of `giamngheo serve` on a new database, without demo."""
    env = {**os.environ, "GIAMNGHEO_DATABASE_URL": f"sqlite:///{tmp_path}/serve.db"}
    command = [sys.executable, "-m", "cli.main", "serve", "--port", str(port)]
    return [*command, "--demo-households", "0"], env


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    command, env = serve(tmp_path, port)
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    yield process, port
    process.terminate()
    process.wait(timeout=10)


def test_the_announced_address_answers_at_once(serving: tuple[subprocess.Popen[str], int]) -> None:
    process, port = serving
    assert process.stdout is not None
    for line in process.stdout:
        if ANNOUNCED in line:
            break
    else:
        pytest.fail("the server never said where it serves")
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    assert f"http://127.0.0.1:{port}/" in line


def test_a_port_already_taken_is_not_announced(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        command, env = serve(tmp_path, taken.getsockname()[1])
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)

    assert ANNOUNCED not in finished.stdout
    assert "address already in use" in (finished.stdout + finished.stderr).lower()

"""R1, concurrent writers: writers racing on one household, each retrying when its expected
version is taken, lose nothing and double nothing — the versions end contiguous and every
survey is there once; writers on different households never collide. Both backends; reduced
counts here, the full ones (20 writers × 20 commands; 8 households) with `make reliability`,
which prints the figures for docs/reliability.md."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass

import pytest

from application import inputs
from application.commands import context
from application.system import System
from domain.errors import ConflictError
from tests.stores.helpers import CASEWORKER, register, survey_body

FULL = os.environ.get("GIAMNGHEO_RELIABILITY") == "full"
ONE_HOUSEHOLD = (20, 20) if FULL else (6, 4)  # writers, commands each
APART = (8, 20) if FULL else (4, 4)  # households (one writer each), commands each


@dataclass
class Race:
    """What the writers did: commands accepted, conflicts met and retried, the time taken."""

    accepted: int = 0
    conflicts: int = 0
    seconds: float = 0.0


def run(system: System, work: list[tuple[str, str]], commands: int) -> Race:
    """Each (household, writer) records `commands` surveys, reading the version and retrying
    on a conflict, all writers at once."""
    race, lock = Race(), threading.Lock()

    def write(household_id: str, writer: str) -> None:
        for n in range(commands):
            while True:
                current = system.households.get(household_id)["version"]
                try:
                    system.households.record_survey(
                        context(CASEWORKER, expected_version=current),
                        household_id,
                        inputs.RecordSurvey.parse(
                            {**survey_body(1_900_000, 1), "survey_id": f"{writer}-{n}"}
                        ),
                    )
                except ConflictError:
                    with lock:
                        race.conflicts += 1
                    continue
                with lock:
                    race.accepted += 1
                break

    threads = [threading.Thread(target=write, args=job) for job in work]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    race.seconds = time.perf_counter() - started
    return race


def surveys_of(system: System, household_id: str) -> tuple[list[int], Counter[str]]:
    entries = system.households.history(household_id)["entries"]
    surveys = Counter(e["data"]["survey_id"] for e in entries if e["type"] == "HouseholdSurveyed")
    return [e["version"] for e in entries], surveys


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n{line}")


def test_writers_racing_on_one_household_lose_and_double_nothing(
    any_backend: System, capsys: pytest.CaptureFixture[str]
) -> None:
    writers, commands = ONE_HOUSEHOLD
    household_id = register(any_backend)
    work = [(household_id, f"w{w}") for w in range(writers)]

    race = run(any_backend, work, commands)

    versions, surveys = surveys_of(any_backend, household_id)
    assert versions == list(range(1, writers * commands + 2))
    assert surveys == Counter({f"w{w}-{n}": 1 for w in range(writers) for n in range(commands)})
    report(
        capsys,
        f"R1 {any_backend.backend.kind}: {writers} writers × {commands} surveys on one "
        f"household: {race.accepted} recorded, versions 1..{versions[-1]} contiguous, "
        f"{race.conflicts} conflicts retried, {race.seconds:.1f} s",
    )


def test_writers_on_different_households_never_collide(
    any_backend: System, capsys: pytest.CaptureFixture[str]
) -> None:
    households, commands = APART
    ids = [register(any_backend, code=f"QT-{n:03d}") for n in range(households)]

    race = run(any_backend, [(h, f"h{n}") for n, h in enumerate(ids)], commands)

    assert race.conflicts == 0
    assert all(surveys_of(any_backend, h)[0] == list(range(1, commands + 2)) for h in ids)
    report(
        capsys,
        f"R1 {any_backend.backend.kind}: {households} writers on {households} households × "
        f"{commands} surveys: {race.accepted} recorded, no conflict, {race.seconds:.1f} s",
    )

"""Steps of features/survey_import.feature: the example files of docs/examples/ imported into
a commune whose households are registered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.commands import Actor, context
from application.system import System
from tests.application.desk import Desk, HouseholdRef, open_system
from tests.features.conftest import CITY_CASEWORKER, step

scenarios("survey_import.feature")

TODAY = date(2026, 11, 28)
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


@dataclass
class Commune:
    system: System
    households: dict[str, HouseholdRef] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    done: dict[str, Any] = field(default_factory=dict)

    def versions_now(self) -> dict[str, int]:
        desk = Desk(self.system, CITY_CASEWORKER)
        return {code: desk.version(ref.id) for code, ref in self.households.items()}

    def imports(self, commune: str, name: str, dry_run: bool = False) -> dict[str, Any]:
        """The file imported by the officer of `commune` (the city's, when it is the city)."""
        self.versions = self.versions_now()
        officer = Actor(f"canbo.{commune}", "caseworker", commune)
        self.done = self.system.imports.run(
            context(officer), commune, EXAMPLES / name, dry_run, "vi"
        )
        return self.done


@pytest.fixture
def commune() -> Iterator[Commune]:
    system = open_system(TODAY)
    yield Commune(system)
    system.close()


@given(step("households {codes} registered in commune {code} on {on:Date}"))
def registered(commune: Commune, codes: str, code: str, on: date) -> None:
    desk = Desk(commune.system, CITY_CASEWORKER)
    for household in codes.split(", "):
        commune.households[household] = desk.register(on, commune_code=code, code=household)


@given(step('the officer of commune {code} imported "{name}"'))
def imported(commune: Commune, code: str, name: str) -> None:
    assert commune.imports(code, name)["valid"]


@when(step('the officer of commune {code} imports "{name}"'))
def imports(commune: Commune, code: str, name: str) -> None:
    commune.imports(code, name)


@when(step('the city\'s officer imports "{name}"'))
def city_imports(commune: Commune, name: str) -> None:
    commune.imports(commune.system.areas.registry().province_code, name)


@when(step('the officer of commune {code} checks "{name}" without recording'))
def checks(commune: Commune, code: str, name: str) -> None:
    commune.imports(code, name, dry_run=True)


@then(step("{count:d} surveys are recorded"))
def recorded(commune: Commune, count: int) -> None:
    assert commune.done["problems"] == []
    assert commune.done["recorded"] == count


@then(step("{count:d} surveys would be recorded"))
def would_record(commune: Commune, count: int) -> None:
    assert (commune.done["would_record"], commune.done["recorded"]) == (count, 0)


@then(step("{count:d} surveys are found already recorded"))
def already(commune: Commune, count: int) -> None:
    assert commune.done["already_recorded"] == count


@then("no household of the commune has a new entry")
def nothing_new(commune: Commune) -> None:
    assert commune.versions_now() == commune.versions


@then(parsers.parse("the surveys awaiting recognition lead to:"))
def leading_to(commune: Commune, datatable: list[list[str]]) -> None:
    desk = Desk(commune.system, CITY_CASEWORKER)
    for code, status in datatable[1:]:
        awaiting = desk.view(commune.households[code].id)["surveys_awaiting_recognition"]
        assert [survey["leads_to"] for survey in awaiting] == [status], code


@then(parsers.parse("the problems are:"))
def problems(commune: Commune, datatable: list[list[str]]) -> None:
    found = [[str(p["row"]), p["column"], p["code"]] for p in commune.done["problems"]]
    assert found == datatable[1:]
    assert all(p["message"] for p in commune.done["problems"])

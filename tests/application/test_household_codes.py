"""A household's code is unique in its commune, also after a move: a move into a commune where
the code is taken is refused naming the code, and goes through under the destination's own
numbering; a retracted move gives the old code back (docs/spec/households.md, "Codes")."""

from __future__ import annotations

from datetime import date

import pytest

from application import inputs
from application.commands import Actor, context
from application.readmodels import DirectoryQuery
from application.system import System
from domain.errors import ConflictError
from tests.stores.helpers import CASEWORKER, register

NEIGHBOUR = Actor("canbo.quanthe", "caseworker", "11299")
MOVE = {"commune_code": "11299", "village": "Tổ 2", "effective_date": "2022-06-01"}


@pytest.fixture
def mover(system: System) -> str:
    """QT-001 of Quán Toan, with a QT-001 of its own already in Quán Thế (11299)."""
    register(system, "QT-001", actor=NEIGHBOUR)
    return register(system, "QT-001")


def move(system: System, household_id: str, **extra: object) -> dict[str, object]:
    return system.households.move(
        context(CASEWORKER), household_id, inputs.MoveHousehold.parse({**MOVE, **extra})
    ).answer


def test_a_move_into_a_commune_where_the_code_is_taken_is_refused_naming_it(
    system: System, mover: str
) -> None:
    before = system.store.recorder.max_notification_id()
    with pytest.raises(ConflictError) as refused:
        move(system, mover)
    assert (refused.value.code, refused.value.field) == ("household-code-taken", "household_code")
    assert system.store.recorder.max_notification_id() == before


def test_a_move_under_the_destinations_own_code_goes_through(system: System, mover: str) -> None:
    answer = move(system, mover, household_code="QTH-0107")

    household = system.households.get(mover)
    system.reads.catch_up_if_embedded()
    listed = system.reads.search(DirectoryQuery(area="11299", q="QTH-0107"))["items"]
    assert (answer["household_code"], household["household_code"]) == ("QTH-0107", "QTH-0107")
    assert [item["id"] for item in listed] == [mover]


def test_the_household_as_of_a_day_before_the_move_has_its_old_code(
    system: System, mover: str
) -> None:
    move(system, mover, household_code="QTH-0107")
    before = system.households.get(mover, as_of=date(2022, 5, 31))
    assert before["household_code"] == "QT-001"


def test_a_retracted_move_gives_the_old_code_back(system: System, mover: str) -> None:
    moved = move(system, mover, household_code="QTH-0107")
    system.households.retract(
        context(NEIGHBOUR),  # the household is Quán Thế's now
        mover,
        inputs.Retract.parse(
            {
                "target_version": moved["version"],
                "reason": "Nhầm hộ",
                "effective_date": "2022-06-02",
            }
        ),
    )
    assert system.households.get(mover)["household_code"] == "QT-001"


def test_the_new_code_is_then_taken_in_the_destination(system: System, mover: str) -> None:
    move(system, mover, household_code="QTH-0107")
    with pytest.raises(ConflictError):
        register(system, "QTH-0107", actor=NEIGHBOUR)


def test_a_household_may_move_back_under_a_code_it_had_there(system: System) -> None:
    household = register(system, "QT-009")
    move(system, household)
    back = {"commune_code": "11296", "village": "Tổ dân phố 3", "effective_date": "2023-01-05"}
    assert system.households.move(
        context(NEIGHBOUR), household, inputs.MoveHousehold.parse(back)
    ).answer["version"]


def test_a_new_code_given_on_the_day_of_the_registration_is_claimed_too(system: System) -> None:
    """Once the claim was judged after the move, on a day that then already held the new code."""
    household = register(system, "QT-010")
    system.households.move(
        context(CASEWORKER),
        household,
        inputs.MoveHousehold.parse({"commune_code": "11296", "village": "Tổ 9",
                                    "household_code": "QT-011", "effective_date": "2021-09-20"}),
    )  # fmt: skip
    with pytest.raises(ConflictError):
        register(system, "QT-011")

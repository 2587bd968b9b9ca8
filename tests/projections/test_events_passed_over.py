"""The indicator view does not derive a household again after an event no membership reads
(a change of head, an enrolment, a support other than production capacity): that is only
right if the derivation after such an event is the one before it, which this checks on every
such event of a demo history."""

from __future__ import annotations

from collections import Counter
from typing import Any

from application.demo import load_demo
from application.system import System
from domain.household import Household
from projections.memberships import changes_memberships, household_rows


def test_an_event_passed_over_leaves_the_household_deriving_the_same_memberships(
    system: System,
) -> None:
    load_demo(system, 40, seed=11)
    passed_over: Counter[str] = Counter()
    for household_id in system.households.list_registered():
        household: Any = None
        for stored in system.store.recorder.select_events(household_id):
            event = system.store.mapper.to_domain_event(stored)
            before = household_rows(household) if household else None
            household = event.mutate(household)
            if not changes_memberships(event):
                assert household_rows(household) == before, event
                passed_over[type(event).__name__] += 1
    assert isinstance(household, Household)
    assert set(passed_over) == {"HeadChanged", "EnrolledInModel", "SupportProvided"}

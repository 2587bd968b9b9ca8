"""Events stored by earlier code stay readable: when the shape of an event changes, the new class
upcasts the old state as it is read (the library's `class_version`), and the stored row is never
rewritten. The old rows are written here as the earlier code wrote them, on every backend."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import StoredEvent

from application.commands import context
from application.system import System
from domain.values import EntrustingOrganisation, LoanProgramme
from tests.stores.helpers import CASEWORKER, register


def stored_with_state(system: System, event: Any, state: dict[str, Any]) -> StoredEvent:
    """`event` stored with `state` in place of its own, through the store's codec."""
    mapper = system.store.mapper
    data = mapper.transcoder.encode(state)
    if mapper.compressor:
        data = mapper.compressor.compress(data)
    if mapper.cipher:
        data = mapper.cipher.encrypt(data)
    stored = mapper.to_stored_event(event)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, data)


def store_a_loan_of_version_1(system: System, household_id: str, channel: str) -> None:
    """A loan as version 1 of `LoanGranted` stored it: a channel, no organisation or group."""
    household = system.households.load(household_id)
    household.grant_loan(
        "L-OLD", LoanProgramme.JOB_CREATION, 20_000_000, 36, None, "Chăn nuôi",
        EntrustingOrganisation.FARMERS_UNION, "", context(CASEWORKER).recorded(date(2022, 3, 1)),
    )  # fmt: skip
    (event,) = household.collect_events()
    state = {
        k: v for k, v in vars(event).items() if k not in ("originator_id", "originator_version")
    }
    del state["organisation"], state["savings_group"]
    state["channel"] = channel
    system.store.recorder.insert_events([stored_with_state(system, event, state)])


def test_a_loan_stored_with_a_channel_reads_with_its_organisation_and_group_not_recorded(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    store_a_loan_of_version_1(any_backend, household_id, "SAVINGS_GROUP")

    (loan,) = any_backend.households.get(household_id)["loans"]

    assert (loan["loan_id"], loan["amount_vnd"], loan["term_months"]) == ("L-OLD", 20_000_000, 36)
    assert (loan["organisation"], loan["savings_group"]) == (None, "")

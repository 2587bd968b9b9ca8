"""Events stored by earlier code stay readable: when the shape of an event changes, the new class
upcasts the old state as it is read (the library's `class_version`), and the stored row is never
rewritten. The old rows are written here as the earlier code wrote them, on every backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eventsourcing.persistence import StoredEvent

from application import inputs
from application.commands import context
from application.system import System
from domain.base import EventSourced
from domain.standards import catalogue
from domain.values import AreaKind, EntrustingOrganisation, LoanProgramme
from tests.stores.helpers import CASEWORKER, register, survey_body
from tests.stores.test_erasure import complaint_open, poor_household

State = dict[str, Any]


def stored_with_state(system: System, event: Any, state: State) -> StoredEvent:
    """`event` stored with `state` in place of its own, through the store's codec."""
    mapper = system.store.mapper
    data = mapper.transcoder.encode(state)
    if mapper.compressor:
        data = mapper.compressor.compress(data)
    if mapper.cipher:
        data = mapper.cipher.encrypt(data)
    stored = mapper.to_stored_event(event)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, data)


def store_as_version_1(
    system: System, aggregate: EventSourced, *earlier: Callable[[State], None]
) -> None:
    """The aggregate's pending events stored as version 1 wrote them: each state passed through
    the matching function of `earlier`, in order."""
    rows = []
    for event, edit in zip(aggregate.collect_events(), earlier, strict=True):
        kept = vars(event).items()
        state = {k: v for k, v in kept if k not in ("originator_id", "originator_version")}
        edit(state)
        rows.append(stored_with_state(system, event, state))
    system.store.recorder.insert_events(rows)


def with_a_channel(state: State) -> None:
    """Version 1 of `LoanGranted`: a channel, no organisation or group."""
    del state["organisation"], state["savings_group"]
    state["channel"] = "SAVINGS_GROUP"


def as_average(state: State) -> None:
    """Version 1 of `HouseholdClassified`: an income in the band was the status AVERAGE."""
    assert state.pop("average_band") is True
    state["status"] = "AVERAGE"


def naming_no_household(state: State) -> None:
    """Version 1 of `ReviewComplaintSettled`: the complaint only, its finding as written."""
    del state["household_id"]


def test_a_complaint_settled_without_naming_its_household_reads_its_finding_as_written(
    any_backend: System,
) -> None:
    poor_household(any_backend)
    round_id, complaint = complaint_open(any_backend)
    round_ = any_backend.rounds.round(round_id)
    by = context(CASEWORKER).recorded(date(2026, 10, 28))
    round_.settle_complaint(complaint, False, "Xe tải đã bán", by)
    store_as_version_1(any_backend, round_, naming_no_household)

    (settled,) = any_backend.rounds.get(round_id, CASEWORKER.area_code)["complaints"]

    assert (settled["finding"], settled["outcome"]) == ("Xe tải đã bán", "REJECTED")


def test_a_loan_stored_with_a_channel_reads_with_its_organisation_and_group_not_recorded(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    household = any_backend.households.load(household_id)
    household.grant_loan(
        "L-OLD", LoanProgramme.JOB_CREATION, 20_000_000, 36, None, "Chăn nuôi",
        EntrustingOrganisation.FARMERS_UNION, "", context(CASEWORKER).recorded(date(2022, 3, 1)),
    )  # fmt: skip
    store_as_version_1(any_backend, household, with_a_channel)

    (loan,) = any_backend.households.get(household_id)["loans"]

    assert (loan["loan_id"], loan["amount_vnd"], loan["term_months"]) == ("L-OLD", 20_000_000, 36)
    assert (loan["organisation"], loan["savings_group"]) == (None, "")


def test_a_recognition_stored_as_average_reads_as_non_poor_inside_the_average_band(
    any_backend: System,
) -> None:
    household_id = register(any_backend)
    written = any_backend.households.record_survey(
        context(CASEWORKER), household_id, inputs.RecordSurvey.parse(survey_body(2_500_000, 0))
    )
    household = any_backend.households.load(household_id)
    household.classify(
        written.answer["survey_id"], "12/QĐ-UBND", catalogue().get("VN-MDP-2022"),
        AreaKind.URBAN, context(CASEWORKER).recorded(date(2021, 12, 20)),
    )  # fmt: skip
    store_as_version_1(any_backend, household, as_average)

    view = any_backend.households.get(household_id)
    (recognition,) = [
        e for e in any_backend.households.history(household_id)["entries"]
        if e["type"] == "HouseholdClassified"
    ]  # fmt: skip

    assert view["status"] == "NON_POOR"
    assert (recognition["data"]["status"], recognition["data"]["average_band"]) == (
        "NON_POOR",
        True,
    )

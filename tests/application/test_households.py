"""The household services on the in-memory store: reads as of a date and as known at a
moment, the history, idempotent repeats, stale versions, unique codes and effective dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from application.commands import Actor
from application.system import System
from domain.errors import NotFoundError
from tests.application.desk import SPOUSE, Desk, HouseholdRef, Outcome
from tests.conftest import TODAY

REGISTERED = date(2022, 1, 10)


@pytest.fixture
def desk(system: System) -> Desk:
    return Desk(system)


@pytest.fixture
def household(desk: Desk) -> HouseholdRef:
    return desk.register(REGISTERED)


def recorded_at(desk: Desk, household: HouseholdRef) -> datetime:
    """When the household's latest entry was recorded."""
    return datetime.fromisoformat(desk.entries(household.id)[-1]["recorded_at"])


# ---- as of a date ---------------------------------------------------------------------------


def test_the_status_as_of_a_day_before_the_first_classification_is_none(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()

    assert desk.view(household.id, as_of=date(2022, 3, 9))["status"] is None
    assert desk.view(household.id, as_of=date(2022, 3, 10))["status"] == "POOR"


def test_the_status_as_of_a_day_is_the_one_recognised_by_then(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()
    desk.recognise(household.id, "NEAR_POOR", date(2023, 3, 10)).expect_accepted()

    before = desk.view(household.id, as_of=date(2023, 3, 9))
    after = desk.view(household.id, as_of=date(2023, 3, 10))

    assert (before["status"], before["status_since"]) == ("POOR", "2022-03-10")
    assert (after["status"], after["status_since"]) == ("NEAR_POOR", "2023-03-10")


def test_a_read_as_of_a_day_before_registration_is_refused(
    desk: Desk, household: HouseholdRef
) -> None:
    with pytest.raises(NotFoundError) as refused:
        desk.view(household.id, as_of=date(2022, 1, 9))

    assert refused.value.code == "household-not-registered-yet"


def test_a_read_as_of_a_day_sees_what_was_recorded_later_but_effective_by_then(
    desk: Desk, household: HouseholdRef
) -> None:
    granted = desk.grant_loan(household.id, date(2022, 6, 1), "JOB_CREATION", 40_000_000)
    desk.repay(household.id, granted.expect_accepted()["loan_id"], date(2023, 1, 5), 10_000_000)

    (loan,) = desk.view(household.id, as_of=date(2023, 1, 5))["loans"]
    (earlier,) = desk.view(household.id, as_of=date(2023, 1, 4))["loans"]

    assert (loan["outstanding_vnd"], earlier["outstanding_vnd"]) == (30_000_000, 40_000_000)


# ---- as known at a moment -------------------------------------------------------------------


def test_a_read_as_known_at_a_moment_hides_what_was_recorded_after_it(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()
    known_at = recorded_at(desk, household)
    desk.recognise(household.id, "NEAR_POOR", date(2023, 3, 10)).expect_accepted()

    then = desk.view(household.id, known_at=known_at)
    now = desk.view(household.id)

    assert (then["status"], now["status"]) == ("POOR", "NEAR_POOR")
    assert then["version"] < now["version"]


def test_a_backdated_entry_is_hidden_from_a_read_as_known_before_it_was_recorded(
    desk: Desk, household: HouseholdRef
) -> None:
    """Both times at once: the loan took effect in 2022 but was only recorded later."""
    known_at = recorded_at(desk, household)
    desk.grant_loan(household.id, date(2022, 6, 1), "JOB_CREATION", 40_000_000).expect_accepted()

    as_known = desk.view(household.id, as_of=date(2023, 1, 1), known_at=known_at)
    as_now = desk.view(household.id, as_of=date(2023, 1, 1))

    assert as_known["loans"] == []
    assert [loan["amount_vnd"] for loan in as_now["loans"]] == [40_000_000]


def test_the_history_as_known_at_a_moment_lists_only_what_was_recorded_by_then(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()
    known_at = recorded_at(desk, household)
    desk.recognise(household.id, "NEAR_POOR", date(2023, 3, 10)).expect_accepted()

    types = [e["type"] for e in desk.entries(household.id, known_at=known_at)]

    assert types == ["HouseholdRegistered", "HouseholdSurveyed", "HouseholdClassified"]


# ---- the history ----------------------------------------------------------------------------


def test_the_history_lists_every_entry_oldest_first_with_both_its_times(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.recognise(household.id, "POOR", date(2022, 3, 10)).expect_accepted()
    desk.recognise(household.id, "NON_POOR", date(2023, 3, 10)).expect_accepted()

    entries = desk.entries(household.id)

    assert [e["version"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["type"] for e in entries] == [
        "HouseholdRegistered",
        *["HouseholdSurveyed", "HouseholdClassified"],
        *["HouseholdSurveyed", "HouseholdClassified", "EscapedPoverty"],
    ]
    effective = [e["effective_date"] for e in entries]
    assert effective == sorted(effective)
    recorded = [datetime.fromisoformat(e["recorded_at"]) for e in entries]
    assert recorded == sorted(recorded)
    assert {e["actor"] for e in entries} == {desk.actor.username}
    assert all(e["summary"] and e["retracted_by"] is None for e in entries)


def test_the_history_marks_a_retracted_entry_with_the_retraction_who_and_why(
    desk: Desk, household: HouseholdRef
) -> None:
    granted = desk.grant_loan(household.id, date(2022, 6, 1), "JOB_CREATION", 10_000_000)
    loan_version = granted.expect_accepted()["version"]
    retraction = desk.retract(household.id, loan_version, "wrong household").expect_accepted()

    by_version = {e["version"]: e for e in desk.entries(household.id)}

    assert by_version[loan_version]["retracted_by"] == {
        "version": retraction["version"],
        "reason": "wrong household",
        "actor": desk.actor.username,
    }
    assert by_version[retraction["version"]]["type"] == "EntryRetracted"
    assert by_version[retraction["version"]]["retracted_by"] is None


# ---- idempotency ----------------------------------------------------------------------------

Send = Callable[[Desk, HouseholdRef, str], Outcome]


def send_survey(desk: Desk, household: HouseholdRef, key: str) -> Outcome:
    return desk.survey(household.id, desk.survey_body(date(2022, 3, 1), 1_200_000, 3), key=key)


def send_loan(desk: Desk, household: HouseholdRef, key: str) -> Outcome:
    return desk.grant_loan(household.id, date(2022, 6, 1), "JOB_CREATION", 5_000_000, key=key)


@pytest.mark.parametrize(
    ("send", "event_type"),
    [(send_survey, "HouseholdSurveyed"), (send_loan, "LoanGranted")],
    ids=["survey", "loan"],
)
def test_a_repeat_with_the_same_key_gives_the_same_answer_and_records_once(
    desk: Desk, household: HouseholdRef, send: Send, event_type: str
) -> None:
    first = send(desk, household, "key-1")
    again = send(desk, household, "key-1")

    assert again.expect_accepted() == first.expect_accepted()
    assert again.version_after == again.version_before == first.version_after
    assert len(desk.entries_of(household.id, event_type)) == 1


def test_a_repeated_registration_gives_the_same_household(desk: Desk) -> None:
    body = desk.registration(REGISTERED)

    first = desk.attempt_registration(body, desk.ctx(key="register-1")).expect_accepted()
    again = desk.attempt_registration(body, desk.ctx(key="register-1")).expect_accepted()

    assert again == first
    assert [str(i) for i in desk.households.list_registered()] == [first["id"]]


def test_a_different_body_under_a_used_key_is_refused(desk: Desk, household: HouseholdRef) -> None:
    send_survey(desk, household, "key-1").expect_accepted()
    other = desk.survey_body(date(2022, 3, 1), 2_500_000, 0)

    desk.survey(household.id, other, key="key-1").expect_refused(
        "idempotency-key-reused", "Idempotency-Key"
    )
    assert len(desk.entries_of(household.id, "HouseholdSurveyed")) == 1


def test_the_same_key_from_another_caseworker_is_another_command(
    system: System, desk: Desk, household: HouseholdRef
) -> None:
    colleague = Desk(system, Actor("canbo.khac", "caseworker", "11680"))  # the desk's commune now

    send_survey(desk, household, "key-1").expect_accepted()
    send_survey(colleague, household, "key-1").expect_accepted()

    assert len(desk.entries_of(household.id, "HouseholdSurveyed")) == 2


def test_a_caseworker_of_another_commune_cannot_change_the_household_and_nothing_is_recorded(
    system: System, desk: Desk, household: HouseholdRef
) -> None:
    stranger = Desk(system, Actor("canbo.quantoan", "caseworker", "11296"))

    outcome = send_survey(stranger, household, "key-1")

    outcome.expect_refused("household-not-found", None)
    assert desk.entries_of(household.id, "HouseholdSurveyed") == []


# ---- versions -------------------------------------------------------------------------------


def test_a_stale_expected_version_is_refused_and_records_nothing(
    desk: Desk, household: HouseholdRef
) -> None:
    desk.grant_loan(household.id, date(2022, 6, 1), "JOB_CREATION", 5_000_000).expect_accepted()
    stale = desk.version(household.id) - 1
    body = desk.survey_body(date(2022, 7, 1), 1_200_000, 3)

    outcome = desk.survey(household.id, body, expected_version=stale)

    error = outcome.expect_refused("stale-version", "If-Match")
    assert error.params == {"current": stale + 1, "expected": stale}


def test_the_current_expected_version_is_accepted(desk: Desk, household: HouseholdRef) -> None:
    body = desk.survey_body(date(2022, 7, 1), 1_200_000, 3)

    outcome = desk.survey(household.id, body, expected_version=desk.version(household.id))

    assert outcome.expect_accepted()["version"] == outcome.version_before + 1


# ---- household codes ------------------------------------------------------------------------


def test_a_household_code_is_unique_within_its_commune(desk: Desk) -> None:
    desk.register(REGISTERED, code="HP-0001", commune_code="11485")

    outcome = desk.attempt_registration(
        desk.registration(REGISTERED, code="HP-0001", commune_code="11485")
    )

    error = outcome.expect_refused("household-code-taken", "household_code")
    assert error.params == {"household_code": "HP-0001", "commune_code": "11485"}
    assert len(desk.households.list_registered()) == 1


def test_the_same_household_code_may_be_used_in_another_commune(desk: Desk) -> None:
    first = desk.register(REGISTERED, code="HP-0001", commune_code="11485")
    second = desk.register(REGISTERED, code="HP-0001", commune_code="11296")

    assert first.id != second.id
    assert desk.view(second.id, as_of=REGISTERED)["commune_code"] == "11296"


# ---- effective dates ------------------------------------------------------------------------

TOMORROW = date.fromordinal(TODAY.toordinal() + 1)


def test_a_registration_dated_after_today_is_refused(desk: Desk) -> None:
    outcome = desk.attempt_registration(desk.registration(TOMORROW))

    outcome.expect_refused("future-date", "effective_date")
    assert desk.households.list_registered() == []


Record = Callable[[Desk, HouseholdRef, date], Outcome]


def survey_on(desk: Desk, household: HouseholdRef, day: date) -> Outcome:
    return desk.survey(household.id, desk.survey_body(day, 1_200_000, 3))


def loan_on(desk: Desk, household: HouseholdRef, day: date) -> Outcome:
    return desk.grant_loan(household.id, day, "JOB_CREATION", 5_000_000)


def head_change_on(desk: Desk, household: HouseholdRef, day: date) -> Outcome:
    return desk.change_head(household.id, household.member_ids[SPOUSE["full_name"]], day)


def job_on(desk: Desk, household: HouseholdRef, day: date) -> Outcome:
    return desk.secure_employment(household.id, household.member_ids[SPOUSE["full_name"]], day)


@pytest.mark.parametrize("record", [survey_on, loan_on, head_change_on, job_on])
def test_an_entry_dated_after_today_is_refused(
    desk: Desk, household: HouseholdRef, record: Record
) -> None:
    record(desk, household, TOMORROW).expect_refused("future-date", "effective_date")


@pytest.mark.parametrize("record", [survey_on, loan_on, head_change_on, job_on])
def test_an_entry_dated_today_is_accepted(
    desk: Desk, household: HouseholdRef, record: Record
) -> None:
    record(desk, household, TODAY).expect_accepted()


def test_a_classification_dated_after_today_is_refused(desk: Desk, household: HouseholdRef) -> None:
    survey = desk.survey(household.id, desk.survey_body(TODAY, 1_200_000, 3)).expect_accepted()

    desk.classify(household.id, TOMORROW, survey["survey_id"]).expect_refused(
        "future-date", "effective_date"
    )

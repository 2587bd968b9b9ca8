"""A household's personal data erased at the data subject's request (docs/spec/personal-data.md):
the names, citizen ids and addresses leave its state, its facts stay, and nothing more is
recorded about it."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import RuleViolationError
from domain.values import ERASED, EntrustingOrganisation, LoanProgramme, Status
from tests.domain.builders import by, household, recognise, refused

ERASED_ON = date(2026, 12, 1)


def test_an_erasure_leaves_no_name_citizen_id_or_address_in_the_household() -> None:
    h = household()
    h.move("11485", "Thôn 2", "Số 9 đường Lạch Tray", by(date(2023, 1, 5)))
    h.erase_personal_data("Đơn yêu cầu của chủ hộ", by(ERASED_ON))

    members = h.members_on(ERASED_ON)
    assert {m.full_name for m in members} == {ERASED}
    assert {m.national_id for m in members} == {None}
    assert {loc.address for loc in h.standing(type(h.current_location()))} == {ERASED}


def test_an_erasure_keeps_the_households_facts() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 12, 1))
    h.erase_personal_data("Đơn yêu cầu của chủ hộ", by(ERASED_ON))

    assert h.status_on(ERASED_ON) is Status.POOR
    assert h.current_location().village == "Thôn 1"
    assert len(h.members_on(ERASED_ON)) == 3


def test_nothing_more_is_recorded_about_an_erased_household() -> None:
    h = household()
    h.erase_personal_data("Đơn yêu cầu của chủ hộ", by(ERASED_ON))

    version = h.version
    with pytest.raises(RuleViolationError) as caught:
        recognise(h, "POOR", date(2026, 12, 2))
    assert caught.value.code == "household-erased"
    assert (h.version, h.pending_events[-1].originator_version) == (version, version)


def test_an_erasure_needs_its_reason() -> None:
    h = household()
    error = refused(h, lambda: h.erase_personal_data("  ", by(ERASED_ON)))
    assert (error.code, error.field) == ("erasure-reason-required", "reason")


def test_an_erasure_cannot_be_retracted() -> None:
    h = household()
    h.erase_personal_data("Đơn yêu cầu của chủ hộ", by(ERASED_ON))
    erasure = h.erasure()
    assert erasure is not None

    error = refused(h, lambda: h.retract(erasure.version, "nhầm", by(ERASED_ON)))
    assert error.code == "entry-not-retractable"


# ---- retention (docs/spec/personal-data.md, "Retention") -----------------------------------


def test_a_household_off_the_lists_is_kept_the_retention_years_after_its_last_entry() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NON_POOR", date(2023, 12, 20))

    assert h.kept_until(5) == date(2028, 12, 20)


def test_a_household_on_the_lists_is_kept_whatever_its_age() -> None:
    h = household()
    recognise(h, "NEAR_POOR", date(2022, 3, 10))

    assert h.kept_until(5) is None


def test_a_household_that_owes_a_loan_is_kept_until_it_is_repaid() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    h.grant_loan(
        "L-1", LoanProgramme.POOR, 30_000_000, 60, None, "",
        EntrustingOrganisation.WOMENS_UNION, "",
        by(date(2022, 4, 1)),
    )  # fmt: skip
    recognise(h, "NON_POOR", date(2023, 12, 20))
    assert h.kept_until(5) is None

    h.repay_loan("L-1", 30_000_000, by(date(2024, 6, 1)))
    assert h.kept_until(5) == date(2029, 6, 1)


def test_an_erased_household_has_nothing_left_to_keep() -> None:
    h = household()
    h.erase_personal_data("Đơn yêu cầu của chủ hộ", by(ERASED_ON))

    assert h.kept_until(5) is None

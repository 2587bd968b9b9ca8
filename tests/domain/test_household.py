"""The Household aggregate: each command's happy path, and each refusal with its code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.errors import DomainError, RuleViolationError
from domain.household import Household
from domain.timeline import EnrolmentEntry, SupportEntry
from domain.values import (
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Member,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
    SupportKind,
    Transition,
)
from tests.domain.builders import (
    CHILD,
    HEAD,
    REGISTERED,
    SPOUSE,
    by,
    classify,
    household,
    person,
    recognise,
    refused,
    standard,
    survey,
)
from tests.domain.spec import LOAN_CEILING, MAX_TERM_MONTHS, SPEC_INDICATORS

DAY = date(2023, 5, 1)
BEFORE_REGISTRATION = date(2022, 1, 9)


def grant(
    h: Household,
    loan_id: str = "loan-1",
    programme: LoanProgramme = LoanProgramme.JOB_CREATION,
    amount: int = 20_000_000,
    term: int = 60,
    on: date = DAY,
) -> None:
    h.grant_loan(
        loan_id,
        programme,
        amount,
        term,
        None,
        "chăn nuôi",
        EntrustingOrganisation.FARMERS_UNION,
        "",
        by(on),
    )


def employ(h: Household, member_id: str = "spouse", on: date = DAY) -> None:
    h.secure_employment(member_id, EmploymentKind.WAGE_CONTRACT, "Công ty May", by(on))


def support(h: Household, kind: SupportKind, member_id: str | None, project: int | None) -> None:
    h.provide_support(kind, project, member_id, 1_000_000, "Hội Phụ nữ", by(DAY))


def latest_version(h: Household, entry_type: str) -> int:
    return max(e.version for e in h.entries.values() if e.type == entry_type)


def registration_refused(members: list[Member]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        Household.register("HP-1", "11485", "Thôn 1", "", members, {}, by(REGISTERED))
    return caught.value


# ---- registration -------------------------------------------------------------------------


def test_registration_records_the_location_the_members_and_the_head() -> None:
    h = household(HEAD, SPOUSE)

    assert h.version == 1
    assert (h.household_code, h.current_location().commune_code) == ("HP-0001", "11485")
    assert [m.member_id for m in h.members_on(REGISTERED)] == ["head", "spouse"]
    assert h.head_on(REGISTERED) == "head"
    assert h.status_on(REGISTERED) is None


def test_registration_gives_every_category_as_yes_or_no() -> None:
    h = Household.register(
        "HP-1", "11485", "Thôn 1", "", [HEAD], {"ethnic_minority": True}, by(REGISTERED)
    )

    assert h.categories_on(REGISTERED) == {
        "ethnic_minority": True,
        "revolutionary_merit": False,
        "no_labour_capacity": False,
        "social_protection": False,
        "agricultural": False,
    }


def test_a_change_of_categories_counts_from_its_date_and_leaves_the_others() -> None:
    h = Household.register(
        "HP-1", "11485", "Thôn 1", "", [HEAD], {"ethnic_minority": True}, by(REGISTERED)
    )
    later = date(2023, 5, 1)
    h.change_categories({"agricultural": True, "ethnic_minority": True}, by(later))

    assert h.categories_on(later - timedelta(days=1))["agricultural"] is False
    assert h.categories_on(later)["agricultural"] is True
    assert h.categories_on(later)["ethnic_minority"] is True
    assert h.entries[h.version].categories == {"agricultural": True}  # type: ignore[attr-defined]


def test_a_household_whose_members_cannot_work_is_without_labour_capacity_though_not_recorded() -> (
    None
):
    retired = Member.parse(
        {"member_id": "m1", "full_name": "Đỗ Văn Hải", "sex": "M", "birth_date": "1962-05-01",
         "relationship_to_head": "HEAD"}
    )  # fmt: skip
    h = Household.register("HP-1", "11485", "Thôn 1", "", [retired], {}, by(REGISTERED))

    assert h.categories_on(date(2022, 10, 31))["no_labour_capacity"] is False
    assert h.categories_on(date(2022, 11, 1))["no_labour_capacity"] is True
    assert h.recorded_categories_on(date(2022, 11, 1))["no_labour_capacity"] is False


def test_a_change_that_changes_nothing_records_nothing() -> None:
    h = Household.register("HP-1", "11485", "Thôn 1", "", [HEAD], {}, by(REGISTERED))

    with pytest.raises(RuleViolationError, match="categories"):
        h.change_categories({"agricultural": False}, by(date(2023, 5, 1)))
    assert h.version == 1


@pytest.mark.parametrize(
    ("members", "code", "field"),
    [
        ([], "members-required", "members"),
        ([SPOUSE, CHILD], "one-head-required", "members"),
        ([HEAD, person("second", Relationship.HEAD)], "one-head-required", "members"),
        ([HEAD, SPOUSE, SPOUSE], "duplicate-member", "members"),
        ([HEAD, person("baby", born=date(2022, 1, 11))], "birth-after-event", "members.birth_date"),
    ],
    ids=["no-members", "no-head", "two-heads", "same-member-twice", "born-later"],
)
def test_registration_needs_exactly_one_head_and_distinct_members_born_by_then(
    members: list[Member], code: str, field: str
) -> None:
    error = registration_refused(members)

    assert (error.code, error.field) == (code, field)


# ---- members and head -----------------------------------------------------------------------


def test_an_added_member_belongs_to_the_household_from_the_day_of_the_entry() -> None:
    h = household()
    h.add_member(person("grandchild", Relationship.GRANDCHILD, born=date(2023, 1, 1)), by(DAY))

    assert "grandchild" not in {m.member_id for m in h.members_on(date(2023, 4, 30))}
    assert "grandchild" in {m.member_id for m in h.members_on(DAY)}


@pytest.mark.parametrize(
    ("member", "on", "code", "field"),
    [
        (person("new", Relationship.HEAD), DAY, "head-relationship-on-add", "relationship_to_head"),
        (person("spouse", Relationship.OTHER), DAY, "duplicate-member", "member_id"),
        (person("baby", born=date(2023, 5, 2)), DAY, "birth-after-event", "birth_date"),
        (person("new"), BEFORE_REGISTRATION, "date-before-registration", "effective_date"),
    ],
    ids=["second-head", "same-id", "born-later", "before-registration"],
)
def test_adding_a_member_is_refused(member: Member, on: date, code: str, field: str) -> None:
    h = household()

    error = refused(h, lambda: h.add_member(member, by(on)))

    assert (error.code, error.field) == (code, field)


def test_a_removed_member_no_longer_belongs_to_the_household_from_that_day() -> None:
    h = household()
    h.remove_member("child", RemovalReason.MOVED_OUT, by(DAY))

    assert "child" in {m.member_id for m in h.members_on(date(2023, 4, 30))}
    assert "child" not in {m.member_id for m in h.members_on(DAY)}


def test_the_head_cannot_be_removed() -> None:
    h = household()

    error = refused(h, lambda: h.remove_member("head", RemovalReason.DECEASED, by(DAY)))

    assert (error.code, error.field) == ("head-cannot-be-removed", "member_id")


def test_the_head_cannot_be_removed_before_a_later_change_of_head() -> None:
    h = household()
    h.change_head("spouse", by(DAY))

    error = refused(
        h, lambda: h.remove_member("head", RemovalReason.DECEASED, by(date(2023, 4, 1)))
    )

    assert error.code == "head-cannot-be-removed"


def test_the_former_head_can_be_removed_after_the_change_of_head() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    h.remove_member("head", RemovalReason.DECEASED, by(DAY))

    assert h.head_on(DAY) == "spouse"
    assert {m.member_id for m in h.members_on(DAY)} == {"spouse", "child"}


def test_a_member_named_head_and_replaced_the_same_day_can_leave_that_day() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    h.change_head("child", by(DAY))
    h.remove_member("spouse", RemovalReason.DECEASED, by(DAY))

    assert h.head_on(DAY) == "child"
    assert "spouse" not in {m.member_id for m in h.members_on(DAY)}


def test_removing_someone_who_is_not_a_member_is_refused() -> None:
    h = household()

    error = refused(h, lambda: h.remove_member("stranger", RemovalReason.OTHER, by(DAY)))

    assert (error.code, error.field) == ("member-not-found", "member_id")


def test_a_change_of_head_takes_effect_on_its_date() -> None:
    h = household()
    h.change_head("spouse", by(DAY))

    assert (h.head_on(date(2023, 4, 30)), h.head_on(DAY)) == ("head", "spouse")


@pytest.mark.parametrize(
    ("member_id", "code"),
    [("head", "already-head"), ("stranger", "member-not-found")],
)
def test_a_change_of_head_is_refused(member_id: str, code: str) -> None:
    h = household()

    error = refused(h, lambda: h.change_head(member_id, by(DAY)))

    assert (error.code, error.field) == (code, "member_id")


# ---- location -------------------------------------------------------------------------------


def test_a_move_changes_the_location_from_its_date() -> None:
    h = household()
    h.move("11296", "Tổ 3", "Số 9", by(DAY))

    before, after = h.location_on(date(2023, 4, 30)), h.location_on(DAY)

    assert before is not None
    assert after is not None
    assert (before.commune_code, after.commune_code) == ("11485", "11296")


def test_a_move_to_the_same_address_is_refused() -> None:
    h = household()

    error = refused(h, lambda: h.move("11485", "Thôn 1", "Số 1", by(DAY)))

    assert (error.code, error.field) == ("same-location", "address")


# ---- surveys --------------------------------------------------------------------------------


def test_a_survey_records_an_answer_to_every_indicator_of_its_standard() -> None:
    h = household()
    survey(h, "s-1", DAY, 1_200_000, 3)

    recorded = h.survey("s-1")

    assert recorded is not None
    assert recorded.standard_id == "VN-MDP-2022"
    assert set(recorded.deprivations) == set(SPEC_INDICATORS["VN-MDP-2022"])
    assert sum(recorded.deprivations.values()) == 3


def test_a_survey_id_is_used_once() -> None:
    h = household()
    survey(h, "s-1", DAY, 1_200_000, 3)

    error = refused(h, lambda: survey(h, "s-1", DAY, 2_000_000, 0))

    assert (error.code, error.field) == ("survey-id-taken", "survey_id")


def test_a_survey_with_another_standards_indicators_is_refused() -> None:
    h = household()
    answers = dict.fromkeys(SPEC_INDICATORS["VN-MDP-2027"], False)

    error = refused(
        h,
        lambda: h.record_survey(
            "s-1", ReviewKind.REGULAR, standard(), 1_000_000, None, answers, [], [], "x", by(DAY)
        ),
    )

    assert (error.code, error.field) == ("deprivation-keys", "deprivations")


def test_a_survey_dated_before_registration_is_refused() -> None:
    h = household()

    error = refused(h, lambda: survey(h, "s-1", BEFORE_REGISTRATION, 1_000_000, 0))

    assert (error.code, error.field) == ("date-before-registration", "effective_date")


# ---- classification -------------------------------------------------------------------------


def test_a_classification_computes_the_status_from_the_survey() -> None:
    h = household()
    survey(h, "s-1", DAY, 1_500_000, 3)

    outcome = classify(h, "s-1", DAY)

    assert (outcome.status, outcome.transition, outcome.previous_status) == (
        Status.POOR,
        Transition.NEW,
        None,
    )
    latest = h.latest_classification()
    assert h.status_on(DAY) is Status.POOR
    assert latest is not None
    assert (latest.income_threshold_vnd, latest.deprivation_count) == (1_500_000, 3)


def test_an_escape_is_recorded_with_its_companion_event() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))

    outcome = recognise(h, "NEAR_POOR", DAY)

    assert outcome.transition is Transition.ESCAPED
    assert [e.type for e in h.entries.values()][-2:] == ["HouseholdClassified", "EscapedPoverty"]


def test_a_relapse_is_recorded_with_its_companion_event() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NEAR_POOR", date(2022, 9, 10))

    outcome = recognise(h, "POOR", DAY)

    assert (outcome.transition, outcome.previous_status) == (Transition.RELAPSED, Status.NEAR_POOR)
    assert [e.type for e in h.entries.values()][-1] == "Relapsed"


def test_a_newly_escaped_window_runs_its_months_and_a_relapse_ends_it_early() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NON_POOR", date(2022, 9, 10))
    recognise(h, "NEAR_POOR", DAY)

    assert h.newly_escaped_windows() == [(date(2022, 9, 10), DAY)]
    assert h.newly_escaped_until(date(2023, 4, 30)) == date(2025, 9, 10)
    assert h.newly_escaped_until(DAY) is None


@pytest.mark.parametrize(
    ("survey_id", "surveyed", "classified", "code", "field"),
    [
        ("missing", DAY, DAY, "survey-not-found", "survey_id"),
        ("s-1", DAY, date(2023, 4, 30), "classification-before-survey", "effective_date"),
        ("s-1", date(2023, 1, 1), date(2023, 2, 28), "classification-backwards", "effective_date"),
    ],
    ids=["unknown-survey", "before-its-survey", "before-the-latest"],
)
def test_a_classification_is_refused(
    survey_id: str, surveyed: date, classified: date, code: str, field: str
) -> None:
    h = household()
    recognise(h, "POOR", date(2023, 3, 1))
    survey(h, "s-1", surveyed, 2_500_000, 0)

    error = refused(h, lambda: classify(h, survey_id, classified))

    assert (error.code, error.field) == (code, field)


def test_a_survey_is_classified_once() -> None:
    h = household()
    survey(h, "s-1", DAY, 1_500_000, 3)
    classify(h, "s-1", DAY)

    error = refused(h, lambda: classify(h, "s-1", DAY))

    assert (error.code, error.field) == ("survey-already-classified", "survey_id")


# ---- loans ----------------------------------------------------------------------------------


def test_a_granted_loan_carries_the_reference_rate_and_is_owed_in_full() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    grant(h, programme=LoanProgramme.POOR, amount=LOAN_CEILING, term=MAX_TERM_MONTHS)

    (loan,) = h.loans_on(DAY)

    assert (loan.annual_rate_pct, loan.outstanding_vnd) == ("6.6", LOAN_CEILING)


@pytest.mark.parametrize(
    ("programme", "amount", "term", "code", "field"),
    [
        (LoanProgramme.NEAR_POOR, 10_000_000, 60, "loan-eligibility", "programme"),
        (LoanProgramme.NEWLY_ESCAPED, 10_000_000, 60, "loan-eligibility", "programme"),
        (LoanProgramme.POOR, LOAN_CEILING + 1, 60, "loan-ceiling", "amount_vnd"),
        (LoanProgramme.POOR, 10_000_000, MAX_TERM_MONTHS + 1, "loan-term", "term_months"),
    ],
    ids=["not-near-poor", "not-newly-escaped", "over-the-ceiling", "over-the-term"],
)
def test_a_loan_breaking_a_rule_is_refused(
    programme: LoanProgramme, amount: int, term: int, code: str, field: str
) -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))

    error = refused(h, lambda: grant(h, programme=programme, amount=amount, term=term))

    assert (error.code, error.field) == (code, field)


def test_a_loan_id_is_used_once() -> None:
    h = household()
    grant(h)

    error = refused(h, lambda: grant(h))

    assert (error.code, error.field) == ("loan-id-taken", "loan_id")


def test_a_repayment_lowers_the_outstanding_balance_from_its_date() -> None:
    h = household()
    grant(h, amount=20_000_000)
    h.repay_loan("loan-1", 5_000_000, by(date(2023, 6, 1)))

    assert h.loans_on(DAY)[0].outstanding_vnd == 20_000_000
    assert h.loans_on(date(2023, 6, 1))[0].outstanding_vnd == 15_000_000


@pytest.mark.parametrize(
    ("loan_id", "amount", "on", "code", "field"),
    [
        ("loan-2", 1_000_000, date(2023, 6, 1), "loan-not-found", "loan_id"),
        ("loan-1", 20_000_001, date(2023, 6, 1), "repayment-exceeds-balance", "amount_vnd"),
        ("loan-1", 1_000_000, date(2023, 4, 30), "repayment-before-grant", "effective_date"),
    ],
    ids=["unknown-loan", "over-the-balance", "before-the-grant"],
)
def test_a_repayment_is_refused(loan_id: str, amount: int, on: date, code: str, field: str) -> None:
    h = household()
    grant(h, amount=20_000_000)

    error = refused(h, lambda: h.repay_loan(loan_id, amount, by(on)))

    assert (error.code, error.field) == (code, field)


# ---- models, support and employment ---------------------------------------------------------


def test_an_enrolment_names_each_member_once() -> None:
    h = household()
    h.enrol_in_model("model-1", ["spouse", "head", "spouse"], 3_000_000, by(DAY))

    (entry,) = (e for e in h.entries.values() if isinstance(e, EnrolmentEntry))

    assert entry.member_ids == ["head", "spouse"]


def test_an_enrolment_of_a_stranger_is_refused() -> None:
    h = household()

    error = refused(h, lambda: h.enrol_in_model("model-1", ["stranger"], None, by(DAY)))

    assert (error.code, error.field) == ("member-not-found", "member_ids")


@pytest.mark.parametrize(
    ("kind", "member_id", "project"),
    [
        (SupportKind.VOCATIONAL_TRAINING, "spouse", 3),
        (SupportKind.HEALTH_INSURANCE, None, None),
    ],
    ids=["for-a-member", "for-the-household"],
)
def test_support_is_recorded(kind: SupportKind, member_id: str | None, project: int | None) -> None:
    h = household()
    support(h, kind, member_id, project)

    assert [e.type for e in h.entries.values()][-1] == "SupportProvided"


@pytest.mark.parametrize(
    ("kind", "member_id", "project", "code", "field"),
    [
        (SupportKind.PRODUCTION_CAPACITY, None, 2, "member-required-for-support", "member_id"),
        (SupportKind.VOCATIONAL_TRAINING, None, None, "member-required-for-support", "member_id"),
        (SupportKind.HOUSING, None, 8, "project-range", "project"),
        (SupportKind.HOUSING, None, 0, "project-range", "project"),
        (SupportKind.EDUCATION, "stranger", None, "member-not-found", "member_id"),
    ],
    ids=[
        "production-without-member",
        "training-without-member",
        "project-8",
        "project-0",
        "stranger",
    ],
)
def test_support_is_refused(
    kind: SupportKind, member_id: str | None, project: int | None, code: str, field: str
) -> None:
    h = household()

    error = refused(h, lambda: support(h, kind, member_id, project))

    assert (error.code, error.field) == (code, field)


@pytest.mark.parametrize(
    ("on", "accepted"),
    [(date(2025, 12, 31), True), (date(2026, 1, 1), False)],
    ids=["last day of the 2021-2025 programme", "first day of the 2026-2035 programme"],
)
def test_a_support_names_a_project_of_the_programme_in_force_on_its_date(
    on: date, accepted: bool
) -> None:
    h = household()

    def give() -> None:
        h.provide_support(SupportKind.HOUSING, 5, None, 1_000_000, "UBND xã", by(on))

    if accepted:
        give()
        assert h.standing(SupportEntry)[-1].project == 5
    else:
        error = refused(h, give)
        assert (error.code, error.field) == ("project-range", "project")
        assert "2026 - 2035" in error.message("vi")


def test_a_support_of_2026_without_a_project_names_no_component() -> None:
    h = household()

    h.provide_support(SupportKind.HOUSING, None, None, 1_000_000, "UBND xã", by(date(2026, 3, 1)))

    assert h.standing(SupportEntry)[-1].project is None


def test_a_job_is_recorded_for_a_member_of_working_age_and_ended() -> None:
    h = household()
    employ(h)
    assert h.open_employment("spouse") is not None

    h.end_employment("spouse", by(date(2024, 1, 1)))

    assert h.open_employment("spouse") is None


@pytest.mark.parametrize(
    ("member_id", "code"),
    [("child", "not-working-age"), ("stranger", "member-not-found")],
)
def test_a_job_is_refused_for_someone_not_a_working_age_member(member_id: str, code: str) -> None:
    h = household()

    error = refused(h, lambda: employ(h, member_id))

    assert (error.code, error.field) == (code, "member_id")


def test_a_second_job_needs_the_first_one_ended() -> None:
    h = household()
    employ(h)

    error = refused(h, lambda: employ(h, on=date(2023, 6, 1)))

    assert (error.code, error.field) == ("already-employed", "member_id")


@pytest.mark.parametrize(
    ("employed", "ended_on", "code", "field"),
    [
        (False, DAY, "not-employed", "member_id"),
        (True, date(2023, 4, 30), "employment-end-before-start", "effective_date"),
    ],
    ids=["no-job", "before-the-start"],
)
def test_ending_a_job_is_refused(employed: bool, ended_on: date, code: str, field: str) -> None:
    h = household()
    if employed:
        employ(h)

    error = refused(h, lambda: h.end_employment("spouse", by(ended_on)))

    assert (error.code, error.field) == (code, field)


def test_a_man_who_retired_in_2020_is_not_of_working_age_again_in_2021() -> None:
    grandfather = person("grandfather", Relationship.PARENT, Sex.M, date(1960, 12, 10))
    h = household(HEAD, grandfather, on=date(2020, 6, 1))

    error = refused(h, lambda: employ(h, "grandfather", date(2021, 1, 10)))

    assert error.code == "not-working-age"


# ---- retraction -----------------------------------------------------------------------------


def test_a_retracted_entry_stays_in_the_timeline_marked_and_loses_its_effect() -> None:
    h = household()
    grant(h)
    loan_version = h.version
    h.retract(loan_version, "wrong household", by(DAY))

    assert h.entries[loan_version].retracted_by == h.version
    assert h.loans_on(DAY) == []


def test_retracting_a_classification_takes_its_companion_with_it() -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NON_POOR", DAY)
    classified, escaped = (
        latest_version(h, "HouseholdClassified"),
        latest_version(h, "EscapedPoverty"),
    )

    h.retract(classified, "wrong income", by(DAY))

    assert h.entries[escaped].retracted_by == h.version
    assert (h.status_on(DAY), h.newly_escaped_until(DAY)) == (Status.POOR, None)


def household_with_history() -> Household:
    """Registered, POOR then NEAR_POOR then POOR again, a repaid loan, a job for the spouse
    that has ended, and a loan since retracted."""
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NEAR_POOR", date(2022, 9, 10))
    recognise(h, "POOR", date(2023, 3, 10))
    grant(h, "loan-1")
    h.repay_loan("loan-1", 1_000_000, by(DAY))
    employ(h)
    h.end_employment("spouse", by(date(2023, 6, 1)))
    grant(h, "loan-2")
    h.retract(h.version, "duplicate", by(DAY))
    return h


def first_version(h: Household, entry_type: str) -> int:
    return min(e.version for e in h.entries.values() if e.type == entry_type)


@pytest.mark.parametrize(
    ("target", "code"),
    [
        (lambda h: 999, "entry-not-found"),
        (lambda h: first_version(h, "HouseholdRegistered"), "entry-not-retractable"),
        (lambda h: first_version(h, "EscapedPoverty"), "entry-not-retractable"),
        (lambda h: first_version(h, "Relapsed"), "entry-not-retractable"),
        (lambda h: first_version(h, "EntryRetracted"), "entry-not-retractable"),
        (lambda h: latest_version(h, "LoanGranted"), "entry-already-retracted"),
        (lambda h: first_version(h, "HouseholdClassified"), "classification-not-latest"),
        (lambda h: latest_version(h, "HouseholdSurveyed"), "survey-in-use"),
        (lambda h: first_version(h, "LoanGranted"), "loan-has-repayments"),
        (lambda h: first_version(h, "EmploymentSecured"), "member-in-use"),
    ],
    ids=[
        "unknown-version",
        "registration",
        "escape",
        "relapse",
        "retraction",
        "already-retracted",
        "earlier-classification",
        "survey-in-use",
        "loan-with-repayments",
        "job-that-ended",
    ],
)
def test_a_retraction_is_refused(target: Callable[[Household], int], code: str) -> None:
    h = household_with_history()
    version = target(h)

    error = refused(h, lambda: h.retract(version, "mistake", by(DAY)))

    assert (error.code, error.field) == (code, "target_version")


def test_a_member_referred_to_by_a_standing_entry_cannot_be_retracted() -> None:
    h = household()
    h.add_member(person("nephew", Relationship.OTHER, Sex.M, date(1990, 1, 1)), by(DAY))
    added = h.version
    employ(h, "nephew")

    error = refused(h, lambda: h.retract(added, "mistake", by(DAY)))

    assert (error.code, error.field) == ("member-in-use", "target_version")


def test_a_retraction_needs_a_reason() -> None:
    h = household()
    grant(h)

    error = refused(h, lambda: h.retract(h.version, "  ", by(DAY)))

    assert (error.code, error.field) == ("reason-required", "reason")


def test_a_change_of_head_is_not_retracted_while_the_former_heads_removal_stands() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    head_change = h.version
    h.remove_member("head", RemovalReason.DECEASED, by(date(2023, 6, 1)))

    error = refused(h, lambda: h.retract(head_change, "wrong member named", by(DAY)))

    assert (error.code, error.field) == ("member-in-use", "target_version")
    assert error.params["member_id"] == "head"


def test_a_change_of_head_can_be_retracted_while_the_former_head_is_still_a_member() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    h.retract(h.version, "wrong member named", by(DAY))

    assert h.head_on(date.max) == "head"


def test_a_backdated_change_of_head_cannot_name_a_member_who_has_left_since() -> None:
    h = household()
    h.remove_member("spouse", RemovalReason.MOVED_OUT, by(DAY))

    error = refused(h, lambda: h.change_head("spouse", by(date(2023, 4, 1))))

    assert (error.code, error.field) == ("member-not-found", "member_id")


def test_a_member_cannot_be_removed_before_a_time_when_they_are_head() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    h.change_head("head", by(date(2024, 5, 1)))

    error = refused(
        h, lambda: h.remove_member("spouse", RemovalReason.MOVED_OUT, by(date(2023, 1, 1)))
    )

    assert (error.code, error.field) == ("head-cannot-be-removed", "member_id")


def test_a_former_head_can_be_removed_once_another_member_heads_the_household() -> None:
    h = household()
    h.change_head("spouse", by(DAY))
    h.change_head("head", by(date(2024, 5, 1)))
    h.remove_member("spouse", RemovalReason.MOVED_OUT, by(date(2024, 5, 2)))

    assert {m.member_id for m in h.members_on(date(2024, 5, 2))} == {"head", "child"}


def test_the_events_of_one_recording_given_an_instant_share_it() -> None:
    h = household()
    at = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    recording = replace(by(REGISTERED), at=at)
    h.add_member(person("m-9"), recording)
    h.change_head(SPOUSE.member_id, recording)
    registered, *recorded = h.collect_events()
    assert [event.timestamp for event in recorded] == [at, at]
    assert registered.timestamp != at

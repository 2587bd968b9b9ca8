"""What a retraction may take back: an entry others stand on goes last, so what depends on it
must be retracted first (docs/spec/corrections.md). Apart from the aggregate, as the rules of a
correction are read apart from those of the events they correct."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.errors import RuleViolationError
from domain.timeline import (
    ClassificationEntry,
    EmploymentEndEntry,
    EmploymentEntry,
    EnrolmentEntry,
    Entry,
    HeadEntry,
    LoanEntry,
    MemberEntry,
    RemovalEntry,
    RepaymentEntry,
    SurveyEntry,
)

if TYPE_CHECKING:
    from domain.household import Household


def check_retractable(household: Household, target: Entry) -> None:
    """Entries that others stand on go last: what depends on them must be retracted first."""
    if isinstance(target, ClassificationEntry) and target is not household.latest_classification():
        raise RuleViolationError("classification-not-latest", field="target_version")
    if isinstance(target, SurveyEntry) and any(
        c.survey_id == target.survey_id for c in household.classifications()
    ):
        raise RuleViolationError("survey-in-use", field="target_version")
    if isinstance(target, LoanEntry) and any(
        r.loan_id == target.loan_id for r in household.standing(RepaymentEntry)
    ):
        raise RuleViolationError("loan-has-repayments", field="target_version")
    if isinstance(target, EmploymentEntry) and any(
        e.member_id == target.member_id and e.version > target.version
        for e in household.standing(EmploymentEndEntry)
    ):
        raise RuleViolationError(
            "member-in-use", field="target_version", member_id=target.member_id
        )
    if isinstance(target, MemberEntry) and member_in_use(household, target.member.member_id):
        raise RuleViolationError(
            "member-in-use", field="target_version", member_id=target.member.member_id
        )
    if isinstance(target, HeadEntry):
        for removal in household.standing(RemovalEntry):
            if household.head_on(removal.effective_date, without=target) == removal.member_id:
                raise RuleViolationError(
                    "member-in-use", field="target_version", member_id=removal.member_id
                )


def member_in_use(household: Household, member_id: str) -> bool:
    for entry in household.entries.values():
        if not entry.standing or isinstance(entry, MemberEntry):
            continue
        if getattr(entry, "member_id", None) == member_id:
            return True
        if isinstance(entry, EnrolmentEntry) and member_id in entry.member_ids:
            return True
    return False

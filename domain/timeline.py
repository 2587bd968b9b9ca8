"""A household's timeline: the entries its events leave in its state, each with its effective
date and whether it was retracted, and what callers read of it (docs/spec/households.md,
corrections.md). The aggregate (domain/household.py) rebuilds them from its events and queries
them; nothing else makes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.standards import Classification
from domain.values import (
    AreaKind,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Member,
    RemovalReason,
    ReviewKind,
    Status,
    SupportKind,
    Transition,
)

# ---- the timeline's entries (state, rebuilt from events by `apply`) -----------------------


@dataclass(kw_only=True)
class Entry:
    version: int
    type: str
    effective_date: date
    actor: str
    retracted_by: int | None = None

    @property
    def standing(self) -> bool:
        return self.retracted_by is None


@dataclass(kw_only=True)
class LocationEntry(Entry):
    commune_code: str
    village: str
    address: str
    # The code the household takes here, when a move gives it the destination's numbering.
    household_code: str | None = None


@dataclass(kw_only=True)
class MemberEntry(Entry):
    member: Member


@dataclass(kw_only=True)
class RemovalEntry(Entry):
    member_id: str
    reason: RemovalReason


@dataclass(kw_only=True)
class HeadEntry(Entry):
    member_id: str


@dataclass(kw_only=True)
class SurveyEntry(Entry):
    survey_id: str
    kind: ReviewKind
    standard_id: str
    income_per_capita_vnd: int
    b1_score: int | None
    deprivations: dict[str, bool]
    causes: list[str]
    needs: list[str]
    surveyor: str


@dataclass(kw_only=True)
class ClassificationEntry(Entry):
    survey_id: str
    standard_id: str
    area_kind: AreaKind
    status: Status
    previous_status: Status | None
    transition: Transition
    deprivation_count: int
    deprived: list[str]
    income_per_capita_vnd: int
    income_threshold_vnd: int
    average_band: bool
    decision_ref: str
    local_standard_id: str | None = None  # the province's own standard, where it has one
    local_status: Status | None = None  # under it: None where it could not judge the survey
    companion_version: int | None = None


@dataclass(kw_only=True)
class CompanionEntry(Entry):
    """EscapedPoverty or Relapsed: goes with the classification that caused it."""

    classification_version: int
    from_status: Status | None
    to_status: Status
    newly_escaped_until: date | None = None


@dataclass(kw_only=True)
class CategoryEntry(Entry):
    categories: dict[str, bool]  # only those it changed


@dataclass(kw_only=True)
class LoanEntry(Entry):
    loan_id: str
    programme: LoanProgramme
    amount_vnd: int
    term_months: int
    annual_rate_pct: str
    purpose: str
    organisation: EntrustingOrganisation | None  # None: recorded before it was asked
    savings_group: str  # "": not known


@dataclass(kw_only=True)
class RepaymentEntry(Entry):
    loan_id: str
    amount_vnd: int


@dataclass(kw_only=True)
class EnrolmentEntry(Entry):
    model_id: str
    member_ids: list[str]
    support_amount_vnd: int | None


@dataclass(kw_only=True)
class SupportEntry(Entry):
    kind: SupportKind
    project: int | None
    member_id: str | None
    amount_vnd: int | None
    provider: str


@dataclass(kw_only=True)
class EmploymentEntry(Entry):
    member_id: str
    kind: EmploymentKind
    employer: str


@dataclass(kw_only=True)
class EmploymentEndEntry(Entry):
    member_id: str


@dataclass(kw_only=True)
class RetractionEntry(Entry):
    target_version: int
    reason: str


@dataclass(kw_only=True)
class VoidEntry(Entry):
    reason: str


@dataclass(kw_only=True)
class ErasureEntry(Entry):
    """The household's personal data erased at a data subject's request: the names, citizen
    ids and addresses are gone from every event, the facts stay (docs/spec/personal-data.md)."""

    reason: str


# ---- what callers read --------------------------------------------------------------------


@dataclass(frozen=True)
class LoanPosition:
    loan_id: str
    programme: LoanProgramme
    granted_on: date
    amount_vnd: int
    repaid_vnd: int
    term_months: int
    annual_rate_pct: str
    organisation: EntrustingOrganisation | None
    savings_group: str

    @property
    def outstanding_vnd(self) -> int:
        return self.amount_vnd - self.repaid_vnd


@dataclass(frozen=True)
class ClassificationOutcome:
    version: int
    status: Status
    previous_status: Status | None
    transition: Transition
    classification: Classification
    newly_escaped_until: date | None

"""What the API answers, as the OpenAPI document describes it: one model per kind of answer,
each field with its JSON type. The application returns plain data (docs/decisions.md, "Typed
edges"); these models document it, and `tests/api/test_answers.py` checks real answers against
the document, so a field added to an answer without its description fails there, not in a
client. An answer may carry more than its model names (`extra="allow"`): a model says what a
client can rely on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


Day = str  # an ISO date, yyyy-mm-dd
Instant = str  # an ISO instant with its zone


class Written(Answer):
    """A write's answer, the same on a repeat under the same `Idempotency-Key`."""

    id: str = Field(description="The id of what was written")
    version: int = Field(description="Its version now: send it as `If-Match` with a change")
    views_behind: bool | None = Field(
        None, description="Recorded, but the views had not caught up within the bound"
    )


class Preview(Answer):
    """The classification a survey leads to."""

    status: str
    average_band: bool
    standard_id: str
    area_kind: str
    deprivation_count: int
    deprived: list[str]
    threshold: int
    average_upper: int | None


class SurveyRecorded(Written):
    survey_id: str
    standard_id: str
    preview: Preview


class Recognised(Written):
    status: str
    previous_status: str | None
    transition: str
    newly_escaped_until: Day | None
    classification: Preview


class Member(Answer):
    member_id: str
    full_name: str
    sex: str
    birth_date: Day
    relationship_to_head: str
    ethnicity: str
    national_id: str | None
    working_capable: bool


class RegisteredMember(Answer):
    member_id: str
    relationship_to_head: str


class Registered(Written):
    members: list[RegisteredMember] = Field(
        description="The members' ids, in the order given. A write's answer is kept with its "
        "receipt, so it holds no name or citizen id: those are read from the household, "
        "which logs the read"
    )


class LoanGranted(Written):
    loan_id: str


class Enrolled(Written):
    model_id: str


class MemberAdded(Written):
    member_id: str


class Moved(Written):
    household_code: str | None = Field(None, description="The code it took in its new commune")


class Assigned(Written):
    commune_code: str
    effective_date: Day


class VillageAssigned(Answer):
    assigned: int
    commune_code: str
    views_behind: bool | None = None


class NamedHousehold(Answer):
    id: str
    household_code: str
    version: int
    previous_status: str | None
    status: str


class DecisionIssued(Answer):
    id: str
    commune_code: str
    number: str
    signer: str
    lists: dict[str, list[str]] = Field(description="The ids of the households in each list")
    effective_date: Day
    households: list[NamedHousehold]
    views_behind: bool | None = None


class Loan(Answer):
    loan_id: str
    programme: str
    granted_on: Day
    amount_vnd: int
    repaid_vnd: int
    outstanding_vnd: int
    term_months: int
    annual_rate_pct: str | None
    organisation: str | None
    savings_group: str | None


class Household(Answer):
    """A household as it stood on `as_of`, as known at the instant asked."""

    id: str
    household_code: str
    commune_code: str | None
    awaiting_assignment_from: str | None
    village: str
    address: str
    categories: dict[str, bool]
    registered_on: Day
    as_of: Day
    status: str | None
    status_since: Day | None
    status_decision: dict[str, Any] | None
    newly_escaped_until: Day | None
    members: list[Member]
    loans: list[Loan]
    version: int
    surveys_awaiting_recognition: list[dict[str, Any]]


class ListedHousehold(Answer):
    id: str
    household_code: str
    commune_code: str | None
    village: str
    head_name: str | None
    status: str | None
    needs: list[str]
    members: int
    voided: bool
    version: int


class SearchPage(Answer):
    total: int
    page: int
    page_size: int
    items: list[ListedHousehold]


class Retraction(Answer):
    """The retraction that took an entry back."""

    version: int
    reason: str
    actor: str


class Entry(Answer):
    version: int
    position: int | None = Field(description="Its place in the whole event log")
    type: str
    effective_date: Day
    recorded_at: Instant
    actor: str
    summary: str
    data: dict[str, Any]
    retracted_by: Retraction | None


class History(Answer):
    id: str
    version: int
    entries: list[Entry]


class RoundDecision(Answer):
    decided_on: Day
    number: str
    id: str = Field(description="The decision's id")


class RoundHeading(Answer):
    """A review round as a list shows it."""

    id: str
    version: int
    commune_code: str
    kind: str = Field(description="PERIODIC or REGULAR")
    year: int
    opened_on: Day
    due: Day = Field(description="By when the decision is due")
    overdue: bool
    households_count: int
    applicant: str | None = Field(description="A regular review's household, by its code")
    decision: RoundDecision | None


class RoundHousehold(Answer):
    id: str
    household_code: str
    source: str = Field(description="listed (on the commune's lists) or applied (Mẫu số 01)")
    applied_on: Day | None
    agreed: bool | None = Field(description="The village meeting's word, or the re-check's")
    complaint: bool
    decided: bool


class RoundMeeting(Answer):
    held_on: Day
    village: str
    attendance: int
    minutes_ref: str
    agreed: list[str]
    disagreed: list[str]


class RoundPosting(Answer):
    posted_on: Day
    until: Day = Field(description="The posting's last day (working days)")
    places: list[str]


class RoundComplaint(Answer):
    id: str
    household_code: str
    received_on: Day
    settled_on: Day | None
    outcome: str | None


class RoundComplaintRead(RoundComplaint):
    """A complaint with its words, which a read gives (a write's answer is kept with its
    receipt, so it holds none: they name people)."""

    complainant: str
    grounds: str
    finding: str


class RoundOpinion(Answer):
    given_on: Day
    opinion_ref: str


class Round(RoundHeading):
    """A review round with its list and its steps."""

    households: list[RoundHousehold]
    meetings: list[RoundMeeting]
    posting: RoundPosting | None
    complaints: list[RoundComplaint]
    district_opinion: RoundOpinion | None
    district_step: bool = Field(
        description="Did the procedure when the round opened ask the district's opinion"
    )
    views_behind: bool | None = None


class RoundRead(Round):
    """A review round as read, the complaints with their words."""

    complaints: list[RoundComplaintRead]  # type: ignore[assignment]


class Rounds(Answer):
    items: list[RoundHeading]


class RoundDecided(DecisionIssued):
    round: Round


def created(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The 201 of a write, described by `model`."""
    return {201: {"model": model, "description": "Recorded"}}


def read(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": "Read"}}

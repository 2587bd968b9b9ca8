"""A commune's review round (Decision 24/2021/QĐ-TTg; docs/spec/review-round.md, "The round"):
periodic, once a year between 1 September and 14 December, over the households on the
commune's lists and those that applied; or regular, during the year, on one household's
application. Its events are the procedure's steps — the list, the applications, the village
meetings, the public posting, the complaints and their re-check, the district's opinion while
there were districts — and it ends in the chairman's decision, which the round checks it is
ready for. The households' own surveys and recognitions stay in their histories; the round
holds what the commune did and when.

The round's rules are the procedure's order. The posting's last day depends on Vietnam's
working days, which the application computes (`application.workdays`) and hands to the round
as a date; the procedure's figures are data with their sources (`procedure()`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, deterministic_id
from domain.errors import RuleViolationError, ValidationError
from domain.values import ReviewKind

# The words of a complaint, which name people and tell of a household's life: the store seals
# them under the key of the household complained about (the event's `household_id`), so the
# household's erasure erases them too (docs/spec/personal-data.md).
PERSONAL_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    f"{TOPIC_PREFIX}ReviewComplaintReceived": (("complainant",), ("grounds",)),
    f"{TOPIC_PREFIX}ReviewComplaintSettled": (("finding",),),
}


@dataclass(frozen=True)
class Procedure:
    """The procedure's figures and the day the district step ended, as data with their
    sources and how far each was checked (domain/data/review_procedure.json)."""

    posting_working_days: int
    regular_round_day: int
    regular_days: int
    district_step_ended: date
    meeting_required: dict[ReviewKind, bool]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Procedure:
        return cls(
            posting_working_days=data["posting_working_days"]["value"],
            regular_round_day=data["regular_round_day"]["value"],
            regular_days=data["regular_days"]["value"],
            district_step_ended=date.fromisoformat(data["district_step_ended"]["value"]),
            meeting_required={
                ReviewKind(kind): required
                for kind, required in data["meeting_required"]["value"].items()
            },
        )

    def district_step(self, day: date) -> bool:
        """Did the procedure in force on `day` ask the district chairman's opinion?"""
        return day < self.district_step_ended

    def regular_due(self, received_on: date) -> date:
        """A regular review is held once a month from the 15th: an application is taken up by
        the month's round if it comes by then, else by the next month's, and decided within
        the procedure's days of that round's start."""
        start = received_on.replace(day=self.regular_round_day)
        if received_on > start:
            start = (start.replace(day=1) + timedelta(days=32)).replace(day=self.regular_round_day)
        return start + timedelta(days=self.regular_days)


@cache
def procedure() -> Procedure:
    text = resources.files("domain.data").joinpath("review_procedure.json").read_text("utf-8")
    return Procedure.from_data(json.loads(text))


class ReviewRound(EventSourced):
    TOPIC = f"{TOPIC_PREFIX}ReviewRound"

    class Opened(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}ReviewRoundOpened"
        commune_code: str
        kind: str
        year: int
        listed: dict[str, str]  # id: code of the households on the commune's lists
        due: date  # by when the decision is due

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.commune_code = self.commune_code
            aggregate.kind = ReviewKind(self.kind)
            aggregate.year = self.year
            aggregate.opened_on = self.effective_date
            aggregate.due = self.due
            for household_id, code in self.listed.items():
                aggregate.add(household_id, code, "listed")

    class ApplicationReceived(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewApplicationReceived"
        household_id: str
        household_code: str

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.add(self.household_id, self.household_code, "applied")
            aggregate.applications[self.household_id] = self.effective_date

    class MeetingHeld(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewMeetingHeld"
        village: str
        attendance: int
        minutes_ref: str
        agreed: list[str]
        disagreed: list[str]

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.meetings.append(
                Meeting(self.effective_date, self.village, self.attendance, self.minutes_ref,
                        tuple(self.agreed), tuple(self.disagreed))
            )  # fmt: skip
            for household_id in self.agreed:
                aggregate.verdicts[household_id] = True
            for household_id in self.disagreed:
                aggregate.verdicts[household_id] = False

    class ListPosted(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewListPosted"
        places: list[str]
        until: date

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.posting = Posting(self.effective_date, self.until, tuple(self.places))

    class ComplaintReceived(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewComplaintReceived"
        complaint_id: str
        household_id: str
        complainant: str
        grounds: str

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.complaints[self.complaint_id] = Complaint(
                self.complaint_id, self.household_id, self.complainant, self.grounds,
                self.effective_date,
            )  # fmt: skip

    class ComplaintSettled(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewComplaintSettled"
        complaint_id: str
        household_id: str
        upheld: bool
        finding: str

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 did not name the household, so its finding was not sealed under the
            household's key: it reads as written."""
            state["household_id"] = ""

        def apply(self, aggregate: ReviewRound) -> None:
            complaint = aggregate.complaints[self.complaint_id]
            complaint.settled_on, complaint.upheld = self.effective_date, self.upheld
            complaint.finding = self.finding
            aggregate.verdicts[complaint.household_id] = True

    class DistrictConsulted(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewDistrictConsulted"
        reference: str

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.district_opinion = (self.effective_date, self.reference)

    class Decided(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ReviewRoundDecided"
        decision_id: str
        number: str
        households: list[str]

        def apply(self, aggregate: ReviewRound) -> None:
            aggregate.decision = (self.effective_date, self.number, self.decision_id)
            aggregate.decided = list(self.households)

    def __init__(self) -> None:
        self.commune_code = ""
        self.kind = ReviewKind.PERIODIC
        self.year = 0
        self.opened_on = date.min
        self.due = date.max
        self.households: dict[str, tuple[str, str]] = {}  # id: (code, "listed" or "applied")
        self.coded: dict[str, str] = {}  # code: id
        self.applications: dict[str, date] = {}
        self.meetings: list[Meeting] = []
        self.verdicts: dict[str, bool] = {}  # the latest word on each household: agreed or not
        self.posting: Posting | None = None
        self.complaints: dict[str, Complaint] = {}
        self.district_opinion: tuple[date, str] | None = None
        self.decision: tuple[date, str, str] | None = None
        self.decided: list[str] = []

    @staticmethod
    def periodic_id(commune_code: str, year: int) -> UUID:
        """A commune holds one periodic review a year."""
        return deterministic_id("ReviewRound", commune_code, "PERIODIC", str(year))

    @staticmethod
    def regular_id(commune_code: str, household_id: str, received_on: date) -> UUID:
        """One regular review per application: a household's, received on a day."""
        return deterministic_id("ReviewRound", commune_code, household_id, received_on.isoformat())

    def add(self, household_id: str, code: str, source: str) -> None:
        self.households[household_id] = (code, source)
        self.coded[code] = household_id

    @classmethod
    def open_periodic(
        cls, commune_code: str, year: int, listed: dict[str, str], due: date, by: Recorded
    ) -> ReviewRound:
        return cls._create(
            cls.Opened,
            id=cls.periodic_id(commune_code, year),
            commune_code=commune_code,
            kind=ReviewKind.PERIODIC.value,
            year=year,
            listed=listed,
            due=due,
            **by.fields(),
        )

    @classmethod
    def open_regular(
        cls, commune_code: str, household_id: str, code: str, due: date, by: Recorded
    ) -> ReviewRound:
        """A regular review is opened by the application it answers."""
        day = by.effective_date
        round_ = cls._create(
            cls.Opened,
            id=cls.regular_id(commune_code, household_id, day),
            commune_code=commune_code,
            kind=ReviewKind.REGULAR.value,
            year=day.year,
            listed={},
            due=due,
            **by.fields(),
        )
        round_.record(cls.ApplicationReceived, by, household_id=household_id, household_code=code)
        return round_

    # ---- the steps ---------------------------------------------------------------------------

    def receive_application(self, household_id: str, code: str, by: Recorded) -> None:
        self.check_step(by.effective_date)
        if household_id in self.households:
            raise RuleViolationError(
                "round-already-lists", field="household_code", household_code=code
            )
        self.record(self.ApplicationReceived, by, household_id=household_id, household_code=code)

    def hold_meeting(
        self,
        village: str,
        attendance: int,
        minutes_ref: str,
        agreed: list[str],
        disagreed: list[str],
        by: Recorded,
    ) -> None:
        """`agreed` and `disagreed`: the households by their codes, as the minutes name them."""
        self.check_step(by.effective_date)
        if set(agreed) & set(disagreed):
            raise RuleViolationError("meeting-verdict-twice", field="disagreed")
        if not agreed and not disagreed:
            raise RuleViolationError("meeting-empty", field="agreed")
        if attendance < 1:
            raise ValidationError("invalid-value", field="attendance", value=attendance)
        self.record(
            self.MeetingHeld, by, village=village, attendance=attendance,
            minutes_ref=minutes_ref, agreed=self.ids_of(agreed, "agreed"),
            disagreed=self.ids_of(disagreed, "disagreed"),
        )  # fmt: skip

    def post_list(self, places: list[str], until: date, by: Recorded) -> None:
        self.check_step(by.effective_date)
        if self.meeting_required() and not self.meetings:
            raise RuleViolationError("round-no-meeting", field="effective_date")
        last = max((meeting.held_on for meeting in self.meetings), default=self.opened_on)
        if by.effective_date < last:
            raise RuleViolationError(
                "round-posted-before-meeting", field="effective_date", date=last.isoformat()
            )
        self.record(self.ListPosted, by, places=places, until=until)

    def receive_complaint(
        self, complaint_id: str, code: str, complainant: str, grounds: str, by: Recorded
    ) -> None:
        """A complaint about a household's result, by its code, once the list is posted; the
        decision waits for its re-check (no time limit for it was found in the texts)."""
        self.check_step(by.effective_date)
        if self.posting is None:
            raise RuleViolationError("round-not-posted", field="effective_date")
        (household_id,) = self.ids_of([code], "household_code")
        self.record(
            self.ComplaintReceived, by, complaint_id=complaint_id, household_id=household_id,
            complainant=complainant, grounds=grounds,
        )  # fmt: skip

    def settle_complaint(self, complaint_id: str, upheld: bool, finding: str, by: Recorded) -> None:
        self.check_step(by.effective_date)
        complaint = self.complaints.get(complaint_id)
        if complaint is None or complaint.settled_on is not None:
            raise RuleViolationError("complaint-not-open", field="complaint_id")
        if by.effective_date < complaint.received_on:
            raise RuleViolationError(
                "round-date-before-step", field="effective_date",
                date=complaint.received_on.isoformat(),
            )  # fmt: skip
        self.record(
            self.ComplaintSettled, by, complaint_id=complaint_id,
            household_id=complaint.household_id, upheld=upheld, finding=finding,
        )  # fmt: skip

    def consult_district(self, reference: str, by: Recorded) -> None:
        """Until 1 July 2025 the commune reported to the district's chairman for an opinion
        before deciding; the procedure in force since has no district."""
        self.check_step(by.effective_date)
        if not procedure().district_step(by.effective_date):
            raise RuleViolationError(
                "district-step-ended", field="effective_date",
                date=procedure().district_step_ended.isoformat(),
            )  # fmt: skip
        if self.posting is None:
            raise RuleViolationError("round-not-posted", field="effective_date")
        self.record(self.DistrictConsulted, by, reference=reference)

    def check_ready(self, day: date) -> list[str]:
        """The households a decision on `day` recognises — those agreed at a village meeting
        or whose complaint was settled — once every step before it is done: the list posted
        and its posting over, every complaint settled, and the district's opinion where the
        procedure on `day` asked for it."""
        self.check_step(day)
        if self.posting is None:
            raise RuleViolationError("round-not-posted", field="effective_date")
        if day <= self.posting.until:
            raise RuleViolationError(
                "round-posting-open", field="effective_date", until=self.posting.until.isoformat()
            )
        open_ = [c for c in self.complaints.values() if c.settled_on is None]
        if open_:
            raise RuleViolationError("round-complaints-open", field="effective_date",
                                     count=len(open_))  # fmt: skip
        if procedure().district_step(day) and self.district_opinion is None:
            raise RuleViolationError("round-district-opinion-missing", field="effective_date")
        ready = [h for h in self.households if self.verdicts.get(h, not self.meeting_required())]
        if not ready:
            raise RuleViolationError("round-nothing-agreed", field="effective_date")
        return ready

    def decide(self, decision_id: UUID, number: str, households: list[str], by: Recorded) -> None:
        self.check_ready(by.effective_date)
        self.record(
            self.Decided, by, decision_id=str(decision_id), number=number, households=households
        )

    # ---- guards and reads ---------------------------------------------------------------------

    def meeting_required(self) -> bool:
        return procedure().meeting_required[self.kind]

    def check_step(self, day: date) -> None:
        """No step after the decision, nor before the round opened."""
        if self.decision is not None:
            raise RuleViolationError("round-decided", field="effective_date",
                                     number=self.decision[1])  # fmt: skip
        if day < self.opened_on:
            raise RuleViolationError(
                "round-date-before-step", field="effective_date", date=self.opened_on.isoformat()
            )

    def overdue(self, today: date) -> bool:
        return self.decision is None and today > self.due

    def ids_of(self, codes: list[str], field: str) -> list[str]:
        """The round's households of these codes; a code not on its list is refused, naming it."""
        for index, code in enumerate(codes):
            if code not in self.coded:
                named = field if field == "household_code" else f"{field}[{index}]"
                raise RuleViolationError(
                    "round-household-not-listed", field=named, household_code=code
                )
        return [self.coded[code] for code in codes]


@dataclass(frozen=True)
class Meeting:
    held_on: date
    village: str
    attendance: int
    minutes_ref: str
    agreed: tuple[str, ...]
    disagreed: tuple[str, ...]


@dataclass(frozen=True)
class Posting:
    posted_on: date
    until: date
    places: tuple[str, ...]


@dataclass
class Complaint:
    complaint_id: str
    household_id: str
    complainant: str
    grounds: str
    received_on: date
    settled_on: date | None = None
    upheld: bool | None = None
    finding: str = ""

"""The household: the aggregate at the heart of the programme (docs/spec/households.md, statuses.md,
loans.md, corrections.md).

Its state is its whole timeline: every entry keeps its effective date and whether it was
retracted, so the household "as it was on D" is a query over the same state, and a retraction
changes what counts without erasing anything."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from copy import copy
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.domain import AggregateCreated, AggregateEvent

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, check_not_before
from domain.dates import able_to_work, add_months, is_working_age
from domain.errors import ConflictError, NotFoundError, RuleViolationError, ValidationError
from domain.programme import Standing, programme_rules
from domain.retraction import check_retractable
from domain.standards import Classification, PovertyStandard
from domain.timeline import (
    CategoryEntry,
    ClassificationEntry,
    ClassificationOutcome,
    CompanionEntry,
    EmploymentEndEntry,
    EmploymentEntry,
    EnrolmentEntry,
    Entry,
    ErasureEntry,
    HeadEntry,
    LoanEntry,
    LoanPosition,
    LocationEntry,
    MemberEntry,
    RemovalEntry,
    RepaymentEntry,
    RetractionEntry,
    SupportEntry,
    SurveyEntry,
    VoidEntry,
)
from domain.values import (
    ADDRESS_MAX,
    CATEGORY_KEYS,
    CODE_MAX,
    ERASED,
    AreaKind,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Member,
    Relationship,
    RemovalReason,
    ReviewKind,
    Status,
    SupportKind,
    Transition,
    check_text,
)

# Far above any household seen in the census (the largest have about twenty members).
MAX_MEMBERS = 50
MEMBER_REQUIRED_FOR = (SupportKind.PRODUCTION_CAPACITY, SupportKind.VOCATIONAL_TRAINING)
E = TypeVar("E", bound=Entry)
AVERAGE = Status.AVERAGE.value


def below_the_band(status: str | None) -> str | None:
    """A status recorded by events of version 1, where AVERAGE meant only the income band."""
    return Status.NON_POOR.value if status == AVERAGE else status


# The fields of each event that identify a person, as paths into the event's stored
# values ("*": every item of a list). The store keeps them under the household's own key,
# which erasure destroys; everything else is a fact the figures are made of.
PERSONAL_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    f"{TOPIC_PREFIX}HouseholdRegistered": (
        ("address",), ("members", "*", "full_name"), ("members", "*", "national_id"),
    ),
    f"{TOPIC_PREFIX}MemberAdded": (("member", "full_name"), ("member", "national_id")),
    f"{TOPIC_PREFIX}HouseholdMoved": (("address",),),
}  # fmt: skip


class Household(EventSourced):
    """A household on a commune's books, from registration on."""

    TOPIC = f"{TOPIC_PREFIX}Household"
    NOT_RETRACTABLE = (
        "HouseholdRegistered", "EntryRetracted", "EscapedPoverty", "Relapsed",
        "PersonalDataErased",
    )  # fmt: skip
    # Entries whose effect reaches every date, whatever their own: a retraction takes an entry
    # back, a void takes the whole registration back (docs/spec/corrections.md).
    TIMELESS = ("EntryRetracted", "RegistrationVoided")

    # ---- events ---------------------------------------------------------------------------

    class Registered(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}HouseholdRegistered"
        household_code: str
        commune_code: str
        village: str
        address: str
        members: list[dict[str, Any]]
        flags: dict[str, bool]

        def apply(self, aggregate: Household) -> None:
            aggregate.registered_code = self.household_code
            aggregate.flags = dict(self.flags)
            aggregate.registered_on = self.effective_date
            common = aggregate.entry_fields(self, "HouseholdRegistered")
            aggregate.add_entry(
                LocationEntry(
                    **common,
                    commune_code=self.commune_code,
                    village=self.village,
                    address=self.address,
                )
            )
            for data in self.members:
                member = Member.from_data(data)
                aggregate.members[member.member_id] = MemberEntry(**common, member=member)
                if member.relationship is Relationship.HEAD:
                    aggregate.heads.append(HeadEntry(**common, member_id=member.member_id))

    class MemberAdded(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}MemberAdded"
        member: dict[str, Any]

        def apply(self, aggregate: Household) -> None:
            member = Member.from_data(self.member)
            entry = MemberEntry(**aggregate.entry_fields(self, "MemberAdded"), member=member)
            aggregate.members[member.member_id] = entry
            aggregate.add_entry(entry)

    class MemberRemoved(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}MemberRemoved"
        member_id: str
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                RemovalEntry(
                    **aggregate.entry_fields(self, "MemberRemoved"),
                    member_id=self.member_id,
                    reason=RemovalReason(self.reason),
                )
            )

    class HeadChanged(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HeadChanged"
        member_id: str

        def apply(self, aggregate: Household) -> None:
            entry = HeadEntry(
                **aggregate.entry_fields(self, "HeadChanged"), member_id=self.member_id
            )
            aggregate.heads.append(entry)
            aggregate.add_entry(entry)

    class Moved(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HouseholdMoved"
        commune_code: str
        village: str
        address: str
        # Stored only when the move gives the household a new code (older moves never did).
        household_code: str | None = None

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                LocationEntry(
                    **aggregate.entry_fields(self, "HouseholdMoved"),
                    commune_code=self.commune_code,
                    village=self.village,
                    address=self.address,
                    household_code=self.household_code,
                )
            )

    class Assigned(EventSourced.Event):
        """A household of a unit split in a reorganisation, assigned by its commune to the new
        unit it lives in, effective the day the old unit ended (docs/spec/reorganisation.md)."""

        TOPIC = f"{TOPIC_PREFIX}HouseholdAssigned"
        commune_code: str

        def apply(self, aggregate: Household) -> None:
            here = aggregate.location_on(self.effective_date) or aggregate.current_location()
            aggregate.add_entry(
                LocationEntry(
                    **aggregate.entry_fields(self, "HouseholdAssigned"),
                    commune_code=self.commune_code,
                    village=here.village,
                    address=here.address,
                )
            )

    class Surveyed(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HouseholdSurveyed"
        survey_id: str
        kind: str
        standard_id: str
        income_per_capita_vnd: int
        b1_score: int | None
        deprivations: dict[str, bool]
        causes: list[str]
        needs: list[str]
        surveyor: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                SurveyEntry(
                    **aggregate.entry_fields(self, "HouseholdSurveyed"),
                    survey_id=self.survey_id,
                    kind=ReviewKind(self.kind),
                    standard_id=self.standard_id,
                    income_per_capita_vnd=self.income_per_capita_vnd,
                    b1_score=self.b1_score,
                    deprivations=dict(self.deprivations),
                    causes=list(self.causes),
                    needs=list(self.needs),
                    surveyor=self.surveyor,
                )
            )

    class Classified(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HouseholdClassified"
        survey_id: str
        standard_id: str
        area_kind: str
        income_per_capita_vnd: int
        income_threshold_vnd: int
        deprivation_count: int
        deprived: list[str]
        average_band: bool
        status: str
        previous_status: str | None
        transition: str
        decision_ref: str
        local_standard_id: str | None
        local_status: str | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 recorded an income in the average band as the status AVERAGE, for
            every household: it is the fact `average_band` of a non-poor household (no
            household's occupation was known then, so none was recognised average-living).
            It classified under no province's own standard beside the national one."""
            state["average_band"] = state["status"] == AVERAGE
            state["status"] = below_the_band(state["status"])
            state["previous_status"] = below_the_band(state["previous_status"])
            state["local_standard_id"] = state["local_status"] = None

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                ClassificationEntry(
                    **aggregate.entry_fields(self, "HouseholdClassified"),
                    survey_id=self.survey_id,
                    standard_id=self.standard_id,
                    area_kind=AreaKind(self.area_kind),
                    status=Status(self.status),
                    previous_status=Status(self.previous_status) if self.previous_status else None,
                    transition=Transition(self.transition),
                    deprivation_count=self.deprivation_count,
                    deprived=list(self.deprived),
                    income_per_capita_vnd=self.income_per_capita_vnd,
                    income_threshold_vnd=self.income_threshold_vnd,
                    average_band=self.average_band,
                    decision_ref=self.decision_ref,
                    local_standard_id=self.local_standard_id,
                    local_status=Status(self.local_status) if self.local_status else None,
                )
            )

    class EscapedPoverty(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}EscapedPoverty"
        from_status: str
        to_status: str
        newly_escaped_until: date | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """As `Classified.upcast_v1_v2`."""
            state["to_status"] = below_the_band(state["to_status"])

        def apply(self, aggregate: Household) -> None:
            aggregate.add_companion(self, "EscapedPoverty", self.newly_escaped_until)

    class Relapsed(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}Relapsed"
        from_status: str
        to_status: str
        last_escape_date: date | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """As `Classified.upcast_v1_v2`."""
            state["from_status"] = below_the_band(state["from_status"])

        def apply(self, aggregate: Household) -> None:
            aggregate.add_companion(self, "Relapsed", None)

    class CategoriesChanged(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HouseholdCategoriesChanged"
        categories: dict[str, bool]

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                CategoryEntry(
                    **aggregate.entry_fields(self, "HouseholdCategoriesChanged"),
                    categories=dict(self.categories),
                )
            )

    class LoanGranted(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}LoanGranted"
        loan_id: str
        programme: str
        amount_vnd: int
        term_months: int
        annual_rate_pct: str
        purpose: str
        organisation: str | None
        savings_group: str

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 recorded only "entrusting organisation" or "savings group" as the
            channel, never which organisation or group: both are read as not recorded."""
            del state["channel"]
            state["organisation"] = None
            state["savings_group"] = ""

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                LoanEntry(
                    **aggregate.entry_fields(self, "LoanGranted"),
                    loan_id=self.loan_id,
                    programme=LoanProgramme(self.programme),
                    amount_vnd=self.amount_vnd,
                    term_months=self.term_months,
                    annual_rate_pct=self.annual_rate_pct,
                    purpose=self.purpose,
                    organisation=EntrustingOrganisation(self.organisation)
                    if self.organisation
                    else None,
                    savings_group=self.savings_group,
                )
            )

    class LoanRepaid(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}LoanRepaid"
        loan_id: str
        amount_vnd: int

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                RepaymentEntry(
                    **aggregate.entry_fields(self, "LoanRepaid"),
                    loan_id=self.loan_id,
                    amount_vnd=self.amount_vnd,
                )
            )

    class EnrolledInModel(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}EnrolledInModel"
        model_id: str
        member_ids: list[str]
        support_amount_vnd: int | None

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                EnrolmentEntry(
                    **aggregate.entry_fields(self, "EnrolledInModel"),
                    model_id=self.model_id,
                    member_ids=list(self.member_ids),
                    support_amount_vnd=self.support_amount_vnd,
                )
            )

    class SupportProvided(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}SupportProvided"
        kind: str
        project: int | None
        member_id: str | None
        amount_vnd: int | None
        provider: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                SupportEntry(
                    **aggregate.entry_fields(self, "SupportProvided"),
                    kind=SupportKind(self.kind),
                    project=self.project,
                    member_id=self.member_id,
                    amount_vnd=self.amount_vnd,
                    provider=self.provider,
                )
            )

    class EmploymentSecured(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}EmploymentSecured"
        member_id: str
        kind: str
        employer: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                EmploymentEntry(
                    **aggregate.entry_fields(self, "EmploymentSecured"),
                    member_id=self.member_id,
                    kind=EmploymentKind(self.kind),
                    employer=self.employer,
                )
            )

    class EmploymentEnded(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}EmploymentEnded"
        member_id: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                EmploymentEndEntry(
                    **aggregate.entry_fields(self, "EmploymentEnded"), member_id=self.member_id
                )
            )

    class EntryRetracted(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}EntryRetracted"
        target_version: int
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                RetractionEntry(
                    **aggregate.entry_fields(self, "EntryRetracted"),
                    target_version=self.target_version,
                    reason=self.reason,
                )
            )
            target = aggregate.entries[self.target_version]
            aggregate.retract_entry(target, self.originator_version)
            if isinstance(target, ClassificationEntry) and target.companion_version:
                aggregate.retract_entry(
                    aggregate.entries[target.companion_version], self.originator_version
                )

    class RegistrationVoided(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}RegistrationVoided"
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                VoidEntry(**aggregate.entry_fields(self, "RegistrationVoided"), reason=self.reason)
            )

    class PersonalDataErased(EventSourced.Event):
        """Names, citizen ids and addresses erased at the data subject's request; the store
        destroys the household's key, so they are gone from every earlier event too, while the
        facts and the figures stay (docs/spec/personal-data.md)."""

        TOPIC = f"{TOPIC_PREFIX}PersonalDataErased"
        reason: str

        def apply(self, aggregate: Household) -> None:
            aggregate.add_entry(
                ErasureEntry(
                    **aggregate.entry_fields(self, "PersonalDataErased"), reason=self.reason
                )
            )
            aggregate.forget_personal_data()

    # ---- state ----------------------------------------------------------------------------

    def __init__(self) -> None:
        self.registered_code = ""
        self.flags: dict[str, bool] = {}
        self.registered_on = date.min
        self.entries: dict[int, Entry] = {}
        # Standing entries by kind, in effective order: every rule asks for them, and the
        # timeline only changes through add_entry and retract_entry, which forget them.
        self.ordered: dict[type[Entry], list[Any]] = {}
        self.members: dict[str, MemberEntry] = {}
        self.heads: list[HeadEntry] = []

    def entry_fields(self, event: EventSourced.Event, type_: str) -> dict[str, Any]:
        return {
            "version": event.originator_version,
            "type": type_,
            "effective_date": event.effective_date,
            "actor": event.actor,
        }

    def add_entry(self, entry: Entry) -> None:
        self.entries[entry.version] = entry
        self.forget_order(entry)

    def retract_entry(self, entry: Entry, by_version: int) -> None:
        entry.retracted_by = by_version
        self.forget_order(entry)

    def forget_order(self, entry: Entry) -> None:
        for kind in [kind for kind in self.ordered if isinstance(entry, kind)]:
            del self.ordered[kind]

    def add_companion(
        self, event: EventSourced.Event, type_: str, newly_escaped_until: date | None
    ) -> None:
        classification = self.latest_classification()
        assert classification is not None
        classification.companion_version = event.originator_version
        self.add_entry(
            CompanionEntry(
                **self.entry_fields(event, type_),
                classification_version=classification.version,
                from_status=classification.previous_status,
                to_status=classification.status,
                newly_escaped_until=newly_escaped_until,
            )
        )

    # ---- queries over the timeline ---------------------------------------------------------

    def standing(self, kind: type[E], on: date | None = None) -> list[E]:
        """Standing entries of one kind, effective on or before `on`, in effective order."""
        ordered: list[E] | None = self.ordered.get(kind)
        if ordered is None:
            found = [e for e in self.entries.values() if isinstance(e, kind) and e.standing]
            ordered = sorted(found, key=lambda e: (e.effective_date, e.version))
            self.ordered[kind] = ordered
        if on is None:
            return list(ordered)
        return [e for e in ordered if e.effective_date <= on]

    def voiding(self) -> VoidEntry | None:
        """The standing void of the registration, if it was voided: the household then counts
        nowhere, on any date (docs/spec/corrections.md)."""
        voids = self.standing(VoidEntry)
        return voids[-1] if voids else None

    @staticmethod
    def code_claim(commune_code: str, code: str) -> tuple[str, str]:
        """The business key a household's code claims: unique in its commune."""
        return "household", f"{commune_code}/{code}"

    def code_on(self, on: date) -> str:
        """The household's code on a day: the one its latest move there gave it, else the one
        it was registered with (a retracted move gives its code back)."""
        codes = [e.household_code for e in self.standing(LocationEntry, on) if e.household_code]
        return codes[-1] if codes else self.registered_code

    @property
    def household_code(self) -> str:
        return self.code_on(date.max)

    def location_on(self, on: date) -> LocationEntry | None:
        locations = self.standing(LocationEntry, on)
        return locations[-1] if locations else None

    def current_location(self) -> LocationEntry:
        return self.standing(LocationEntry)[-1]

    def members_on(self, on: date) -> list[Member]:
        removed = {r.member_id for r in self.standing(RemovalEntry, on)}
        return [
            m.member
            for m in self.members.values()
            if m.standing and m.effective_date <= on and m.member.member_id not in removed
        ]

    def head_on(self, on: date, without: HeadEntry | None = None) -> str | None:
        """The head on `on`; `without` leaves one change of head out, to see what retracting
        it would leave."""
        heads = [
            h for h in self.heads if h.standing and h is not without and h.effective_date <= on
        ]
        heads.sort(key=lambda h: (h.effective_date, h.version))
        return heads[-1].member_id if heads else None

    def heads_from(self, on: date) -> set[str | None]:
        """Who heads the household on `on` or after any later change of head: a member named
        head and replaced on the same day heads it on no day."""
        days = days_from(on, (h for h in self.heads if h.standing))
        return {self.head_on(day) for day in days}

    def classifications(self, on: date | None = None) -> list[ClassificationEntry]:
        return self.standing(ClassificationEntry, on)

    def awaiting_recognition(self, on: date | None = None) -> list[SurveyEntry]:
        """The standing surveys no standing recognition has used yet."""
        used = {c.survey_id for c in self.classifications(on)}
        return [s for s in self.standing(SurveyEntry, on) if s.survey_id not in used]

    def latest_classification(self, on: date | None = None) -> ClassificationEntry | None:
        found = self.classifications(on)
        return found[-1] if found else None

    def status_on(self, on: date) -> Status | None:
        latest = self.latest_classification(on)
        return latest.status if latest else None

    def category_history(self) -> list[tuple[date, dict[str, bool]]]:
        """The categories as recorded: those given at registration from its date, then those
        after each standing change from the change's date, in effective order."""
        held = {key: bool(self.flags.get(key, False)) for key in CATEGORY_KEYS}
        history = [(self.registered_on, dict(held))]
        for change in self.standing(CategoryEntry):
            held.update(change.categories)
            history.append((change.effective_date, dict(held)))
        return history

    def recorded_categories_on(self, on: date) -> dict[str, bool]:
        """The categories as recorded on `on` (the registration's before any change)."""
        history = self.category_history()
        held = history[0][1]
        for day, categories in history[1:]:
            if day <= on:
                held = categories
        return held

    def categories_on(self, on: date) -> dict[str, bool]:
        """The categories the household holds on `on`: as recorded, and without labour capacity
        also when no member present is of working age and able to work (docs/spec/households.md,
        "Categories")."""
        categories = self.recorded_categories_on(on)
        if not any(able_to_work(member, on) for member in self.members_on(on)):
            categories["no_labour_capacity"] = True
        return categories

    def standing_on(self, on: date) -> Standing:
        """What the loan programmes ask of the household on `on`; of average living by the
        standard when its latest standing recognition found its income inside the average band
        (docs/spec/loans.md)."""
        latest = self.latest_classification(on)
        return Standing(
            latest.status if latest else None,
            self.newly_escaped_until(on) is not None,
            latest is not None and latest.average_band,
        )

    def status_since(self, on: date) -> ClassificationEntry | None:
        """The classification that started the run of the status held on `on`."""
        run: ClassificationEntry | None = None
        for entry in self.classifications(on):
            if run is None or entry.status is not run.status:
                run = entry
        return run

    def newly_escaped_windows(self, on: date | None = None) -> list[tuple[date, date]]:
        """[start, end) of each newly-escaped window, as recognised on `on` (all: None): opened
        by reaching level 0 from level 1 or 2 for the programme's months, ended early by a later
        raise of level (docs/spec/statuses.md)."""
        months = programme_rules().newly_escaped_months
        windows: list[tuple[date, date]] = []
        for entry in self.classifications(on):
            before = entry.previous_status.level if entry.previous_status else 0
            if entry.status.level == 0 and before > 0:
                windows.append((entry.effective_date, add_months(entry.effective_date, months)))
            elif entry.status.level > before and windows:
                start, end = windows[-1]
                windows[-1] = (start, min(end, entry.effective_date))
        return windows

    def newly_escaped_until(self, on: date) -> date | None:
        """End of the newly-escaped window open on `on`, if one is (the point query of
        `newly_escaped_windows`)."""
        return next(
            (end for start, end in reversed(self.newly_escaped_windows(on)) if start <= on < end),
            None,
        )

    def survey(self, survey_id: str) -> SurveyEntry | None:
        for entry in self.standing(SurveyEntry):
            if entry.survey_id == survey_id:
                return entry
        return None

    def owed_from(self, on: date, programmes: Collection[LoanProgramme]) -> int:
        """The most the household owes under these programmes on `on` or on any later day: a
        balance grows only when a loan is disbursed, so the days to look at are `on` and the
        later disbursements."""
        days = days_from(on, self.standing(LoanEntry))
        return max(
            sum(p.outstanding_vnd for p in self.loans_on(day) if p.programme in programmes)
            for day in days
        )

    def loans_on(self, on: date) -> list[LoanPosition]:
        repaid: dict[str, int] = {}
        for repayment in self.standing(RepaymentEntry, on):
            repaid[repayment.loan_id] = repaid.get(repayment.loan_id, 0) + repayment.amount_vnd
        return [
            LoanPosition(
                loan_id=loan.loan_id,
                programme=loan.programme,
                granted_on=loan.effective_date,
                amount_vnd=loan.amount_vnd,
                repaid_vnd=repaid.get(loan.loan_id, 0),
                term_months=loan.term_months,
                annual_rate_pct=loan.annual_rate_pct,
                organisation=loan.organisation,
                savings_group=loan.savings_group,
            )
            for loan in self.standing(LoanEntry, on)
        ]

    def open_employment(self, member_id: str, on: date | None = None) -> EmploymentEntry | None:
        ended = {e.member_id: e for e in self.standing(EmploymentEndEntry, on)}
        for job in reversed(self.standing(EmploymentEntry, on)):
            if job.member_id == member_id:
                end = ended.get(member_id)
                if end is None or end.version < job.version:
                    return job
                return None
        return None

    # ---- guards ---------------------------------------------------------------------------

    def check_date(self, on: date) -> None:
        check_not_before(on, self.registered_on)

    def check_member(self, member_id: str, on: date, field: str = "member_id") -> Member:
        for member in self.members_on(on):
            if member.member_id == member_id:
                return member
        raise NotFoundError(
            "member-not-found", field=field, member_id=member_id, date=on.isoformat()
        )

    @staticmethod
    def check_place(village: str, address: str) -> None:
        """Where a household lives is shown in every list: printable, and short enough."""
        check_text(village, "village")
        check_text(address, "address", required=False, max_length=ADDRESS_MAX)

    @staticmethod
    def check_members(members: list[Member], on: date) -> None:
        if not members:
            raise ValidationError("members-required", field="members")
        if len(members) > MAX_MEMBERS:
            raise ValidationError("too-many-members", field="members", limit=MAX_MEMBERS)
        heads = [m for m in members if m.relationship is Relationship.HEAD]
        if len(heads) != 1:
            raise ValidationError("one-head-required", field="members", count=len(heads))
        seen: set[str] = set()
        for member in members:
            if member.member_id in seen:
                raise ValidationError(
                    "duplicate-member", field="members", member_id=member.member_id
                )
            seen.add(member.member_id)
            if member.birth_date > on:
                raise ValidationError(
                    "birth-after-event", field="members.birth_date", name=member.full_name
                )

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def register(
        cls,
        household_code: str,
        commune_code: str,
        village: str,
        address: str,
        members: list[Member],
        flags: dict[str, bool],
        by: Recorded,
        household_id: UUID | None = None,
    ) -> Household:
        check_text(household_code, "household_code", max_length=CODE_MAX)
        cls.check_place(village, address)
        cls.check_members(members, by.effective_date)
        return cls._create(
            cls.Registered,
            id=household_id or uuid4(),
            household_code=household_code,
            commune_code=commune_code,
            village=village,
            address=address,
            members=[m.to_data() for m in members],
            flags={key: bool(flags.get(key, False)) for key in CATEGORY_KEYS},
            **by.fields(),
        )

    def add_member(self, member: Member, by: Recorded) -> None:
        self.check_date(by.effective_date)
        if member.relationship is Relationship.HEAD:
            raise RuleViolationError("head-relationship-on-add", field="relationship_to_head")
        if member.member_id in self.members:
            raise ConflictError("duplicate-member", field="member_id", member_id=member.member_id)
        if member.birth_date > by.effective_date:
            raise ValidationError("birth-after-event", field="birth_date", name=member.full_name)
        self.record(self.MemberAdded, by, member=member.to_data())

    def remove_member(self, member_id: str, reason: RemovalReason, by: Recorded) -> None:
        self.check_date(by.effective_date)
        self.check_member(member_id, by.effective_date)
        if member_id in self.heads_from(by.effective_date):
            raise RuleViolationError("head-cannot-be-removed", field="member_id")
        self.record(self.MemberRemoved, by, member_id=member_id, reason=reason.value)

    def change_head(self, member_id: str, by: Recorded) -> None:
        self.check_date(by.effective_date)
        self.check_member(member_id, by.effective_date)
        if self.head_on(by.effective_date) == member_id:
            raise RuleViolationError("already-head", field="member_id", member_id=member_id)
        for removal in self.standing(RemovalEntry):
            if removal.member_id == member_id:  # a backdated change must not name one who left
                raise NotFoundError(
                    "member-not-found",
                    field="member_id",
                    member_id=member_id,
                    date=removal.effective_date.isoformat(),
                )
        self.record(self.HeadChanged, by, member_id=member_id)

    def move(
        self,
        commune_code: str,
        village: str,
        address: str,
        by: Recorded,
        household_code: str | None = None,
    ) -> tuple[str, str] | None:
        """To another place; with `household_code`, under the code the destination gives it.
        Answers the commune and the code the household now holds there when that pair is new,
        for the caller to claim (`code_claim`), else None."""
        self.check_date(by.effective_date)
        self.check_place(village, address)
        if household_code is not None:
            check_text(household_code, "household_code", max_length=CODE_MAX)
        here = self.location_on(by.effective_date)
        before = self.code_on(by.effective_date)
        code = household_code or before
        if here and (here.commune_code, here.village, here.address, before) == (
            commune_code,
            village,
            address,
            code,
        ):
            raise RuleViolationError("same-location", field="address")
        recoded = {"household_code": household_code} if household_code else {}
        self.record(
            self.Moved, by, commune_code=commune_code, village=village, address=address, **recoded
        )
        if here and (here.commune_code, before) == (commune_code, code):
            return None
        return commune_code, code

    def assign(self, commune_code: str, by: Recorded) -> None:
        """Place the household in the new unit that took its part of a split unit; the caller
        has checked that the unit is one of the old unit's successors, and that the household
        awaits it on the effective date."""
        self.check_date(by.effective_date)
        self.record(self.Assigned, by, commune_code=commune_code)

    def record_survey(
        self,
        survey_id: str,
        kind: ReviewKind,
        standard: PovertyStandard,
        income_per_capita_vnd: int,
        b1_score: int | None,
        deprivations: dict[str, bool],
        causes: Iterable[str],
        needs: Iterable[str],
        surveyor: str,
        by: Recorded,
    ) -> None:
        self.check_date(by.effective_date)
        if any(
            isinstance(e, SurveyEntry) and e.survey_id == survey_id for e in self.entries.values()
        ):
            raise ConflictError("survey-id-taken", field="survey_id", survey_id=survey_id)
        self.record(
            self.Surveyed,
            by,
            survey_id=survey_id,
            kind=kind.value,
            standard_id=standard.id,
            income_per_capita_vnd=income_per_capita_vnd,
            b1_score=b1_score,
            deprivations=standard.check_deprivations(deprivations),
            causes=sorted(causes),
            needs=sorted(needs),
            surveyor=surveyor,
        )

    def check_classifiable(self, survey_id: str, on: date) -> SurveyEntry:
        survey = self.survey(survey_id)
        if survey is None:
            raise NotFoundError("survey-not-found", field="survey_id", survey_id=survey_id)
        if any(c.survey_id == survey_id for c in self.classifications()):
            raise ConflictError("survey-already-classified", field="survey_id", survey_id=survey_id)
        if on < survey.effective_date:
            raise RuleViolationError(
                "classification-before-survey",
                field="effective_date",
                date=on.isoformat(),
                survey_date=survey.effective_date.isoformat(),
            )
        latest = self.latest_classification()
        if latest is not None and on < latest.effective_date:
            raise RuleViolationError(
                "classification-backwards",
                field="effective_date",
                date=on.isoformat(),
                latest=latest.effective_date.isoformat(),
            )
        return survey

    def transition_to(self, status: Status) -> tuple[Status | None, Transition]:
        latest = self.latest_classification()
        previous = latest.status if latest else None
        held = max((c.status.level for c in self.classifications()), default=0)
        return previous, transition_between(previous, status, held)

    def classify(
        self,
        survey_id: str,
        decision_ref: str,
        standard: PovertyStandard,
        area_kind: AreaKind,
        by: Recorded,
        local: PovertyStandard | None = None,
    ) -> ClassificationOutcome:
        """Recognise the status the survey leads to under its standard; never typed in. A
        province's own standard (`local`) classifies the same survey a second time, beside it."""
        self.check_date(by.effective_date)
        survey = self.check_classifiable(survey_id, by.effective_date)
        result, status = self.recognition(
            standard, area_kind, survey.income_per_capita_vnd, survey.deprivations,
            survey.effective_date,
        )  # fmt: skip
        previous, transition = self.transition_to(status)
        last_escape = self.last_escape_date()
        self.record(
            self.Classified,
            by,
            survey_id=survey_id,
            standard_id=standard.id,
            area_kind=area_kind.value,
            income_per_capita_vnd=result.income_per_capita_vnd,
            income_threshold_vnd=result.income_threshold_vnd,
            deprivation_count=result.deprivation_count,
            deprived=list(result.deprived),
            average_band=result.average_band,
            status=status.value,
            previous_status=previous.value if previous else None,
            transition=transition.value,
            decision_ref=decision_ref,
            local_standard_id=local.id if local else None,
            local_status=self.local_status(local, survey, area_kind),
        )
        version = self.version
        until = None
        if transition is Transition.ESCAPED:
            assert previous is not None
            if status.level == 0:
                until = add_months(by.effective_date, programme_rules().newly_escaped_months)
            self.record(
                self.EscapedPoverty,
                by,
                from_status=previous.value,
                to_status=status.value,
                newly_escaped_until=until,
            )
        elif transition is Transition.RELAPSED:
            assert previous is not None
            self.record(
                self.Relapsed,
                by,
                from_status=previous.value,
                to_status=status.value,
                last_escape_date=last_escape,
            )
        return ClassificationOutcome(version, status, previous, transition, result, until)

    def local_status(
        self, local: PovertyStandard | None, survey: SurveyEntry, area_kind: AreaKind
    ) -> str | None:
        """The status under a province's own standard; none where it asks for an indicator the
        survey did not answer (docs/spec/standards.md, "Local standards")."""
        if local is None or not set(local.keys) <= set(survey.deprivations):
            return None
        answers = {key: survey.deprivations[key] for key in local.keys}
        _, status = self.recognition(
            local, area_kind, survey.income_per_capita_vnd, answers, survey.effective_date
        )
        return status.value

    def local_standards(self) -> list[str]:
        """The province's own standards its standing recognitions were also judged under."""
        found = (c.local_standard_id for c in self.classifications() if c.local_standard_id)
        return list(dict.fromkeys(found))

    def judged_by(self, standard: PovertyStandard) -> Household:
        """The household as one of the province's own standards judged it, for a plan that
        counts by that standard (docs/spec/standards.md, "A plan that names the province's
        standard"): each standing recognition carries its status under that standard, the
        indicators that standard found deprived, and the transition from the status it judged
        before. A recognition that standard did not judge (not in force, or a survey not asked
        its indicators) puts the household on no list, with no transition. A view to read,
        never saved: it records nothing."""
        view = copy(self)
        view.entries, view.ordered = dict(self.entries), {}
        previous: Status | None = None
        held = 0
        for entry in self.classifications():
            survey = self.survey(entry.survey_id)
            status = entry.local_status if entry.local_standard_id == standard.id else None
            if status is None or survey is None:
                view.entries[entry.version] = replace(
                    entry, status=Status.NON_POOR, previous_status=None,
                    transition=Transition.UNCHANGED, deprived=[], deprivation_count=0,
                    average_band=False,
                )  # fmt: skip
                continue
            deprived = [key for key in standard.keys if survey.deprivations.get(key)]
            view.entries[entry.version] = replace(
                entry, standard_id=standard.id, status=status, previous_status=previous,
                transition=transition_between(previous, status, held), deprived=deprived,
                deprivation_count=len(deprived), average_band=False,
            )  # fmt: skip
            previous, held = status, max(held, status.level)
        return view

    def recognition(
        self,
        standard: PovertyStandard,
        area_kind: AreaKind,
        income_per_capita: int,
        deprivations: dict[str, bool],
        surveyed_on: date,
    ) -> tuple[Classification, Status]:
        """A survey's classification under the standard, and the status a recognition of it
        gives: the survey's, except that a household of farming, forestry, fishing or
        salt-making whose income is in the average band on the survey's date is recognised
        average-living (Decision 24/2021/QĐ-TTg; docs/spec/statuses.md)."""
        result = standard.classify(area_kind, income_per_capita, deprivations)
        farming = self.recorded_categories_on(surveyed_on)["agricultural"]
        return result, Status.AVERAGE if result.average_band and farming else result.status

    def change_categories(self, categories: dict[str, bool], by: Recorded) -> None:
        """Record the categories that change from `by.effective_date` on; the others stay."""
        self.check_date(by.effective_date)
        current = self.recorded_categories_on(by.effective_date)
        changed = {key: value for key, value in categories.items() if current[key] != value}
        if not changed:
            raise RuleViolationError("categories-unchanged", field="categories")
        self.record(self.CategoriesChanged, by, categories=changed)

    def last_escape_date(self) -> date | None:
        escapes = [c for c in self.classifications() if c.transition is Transition.ESCAPED]
        return escapes[-1].effective_date if escapes else None

    def grant_loan(
        self,
        loan_id: str,
        programme: LoanProgramme,
        amount_vnd: int,
        term_months: int,
        annual_rate_pct: str | None,
        purpose: str,
        organisation: EntrustingOrganisation,
        savings_group: str,
        by: Recorded,
        area_kind: Callable[[], AreaKind] | None = None,
    ) -> None:
        """`area_kind`: of the household's commune on the disbursement date, asked only by a
        programme open to rural households alone (None: not known)."""
        self.check_date(by.effective_date)
        if any(isinstance(e, LoanEntry) and e.loan_id == loan_id for e in self.entries.values()):
            raise ConflictError("loan-id-taken", field="loan_id", loan_id=loan_id)
        rules = programme_rules().loans
        on = by.effective_date
        ceiling = rules.ceiling_of(programme)
        rules.check_loan(
            programme,
            amount_vnd,
            term_months,
            on.isoformat(),
            self.standing_on(on),
            self.owed_from(on, ceiling.programmes) if ceiling else 0,
            area_kind,
        )
        rate = annual_rate_pct or str(rules.reference_rate(programme))
        self.record(
            self.LoanGranted,
            by,
            loan_id=loan_id,
            programme=programme.value,
            amount_vnd=amount_vnd,
            term_months=term_months,
            annual_rate_pct=rate,
            purpose=purpose,
            organisation=organisation.value,
            savings_group=savings_group,
        )

    def repay_loan(self, loan_id: str, amount_vnd: int, by: Recorded) -> None:
        self.check_date(by.effective_date)
        loan = next((p for p in self.loans_on(date.max) if p.loan_id == loan_id), None)
        if loan is None:
            raise NotFoundError("loan-not-found", field="loan_id", loan_id=loan_id)
        if by.effective_date < loan.granted_on:
            raise RuleViolationError(
                "repayment-before-grant",
                field="effective_date",
                date=by.effective_date.isoformat(),
                granted=loan.granted_on.isoformat(),
            )
        if amount_vnd > loan.outstanding_vnd:
            raise RuleViolationError(
                "repayment-exceeds-balance",
                field="amount_vnd",
                amount=amount_vnd,
                balance=loan.outstanding_vnd,
                loan_id=loan_id,
            )
        self.record(self.LoanRepaid, by, loan_id=loan_id, amount_vnd=amount_vnd)

    def enrol_in_model(
        self, model_id: str, member_ids: list[str], support_amount_vnd: int | None, by: Recorded
    ) -> None:
        """The model's own guard (open on that date) is checked by the caller that loads it."""
        self.check_date(by.effective_date)
        for member_id in member_ids:
            self.check_member(member_id, by.effective_date, field="member_ids")
        self.record(
            self.EnrolledInModel,
            by,
            model_id=model_id,
            member_ids=sorted(set(member_ids)),
            support_amount_vnd=support_amount_vnd,
        )

    def provide_support(
        self,
        kind: SupportKind,
        project: int | None,
        member_id: str | None,
        amount_vnd: int | None,
        provider: str,
        by: Recorded,
    ) -> None:
        self.check_date(by.effective_date)
        if project is not None:
            programme_rules().check_component(project, by.effective_date)
        if member_id:
            self.check_member(member_id, by.effective_date)
        elif kind in MEMBER_REQUIRED_FOR:
            raise ValidationError("member-required-for-support", field="member_id", kind=kind.value)
        self.record(
            self.SupportProvided,
            by,
            kind=kind.value,
            project=project,
            member_id=member_id or None,
            amount_vnd=amount_vnd,
            provider=provider,
        )

    def secure_employment(
        self, member_id: str, kind: EmploymentKind, employer: str, by: Recorded
    ) -> None:
        self.check_date(by.effective_date)
        member = self.check_member(member_id, by.effective_date)
        if not is_working_age(member.sex, member.birth_date, by.effective_date):
            raise RuleViolationError(
                "not-working-age",
                field="member_id",
                member_id=member_id,
                date=by.effective_date.isoformat(),
            )
        if self.open_employment(member_id) is not None:
            raise RuleViolationError("already-employed", field="member_id", member_id=member_id)
        self.record(
            self.EmploymentSecured, by, member_id=member_id, kind=kind.value, employer=employer
        )

    def end_employment(self, member_id: str, by: Recorded) -> None:
        self.check_date(by.effective_date)
        job = self.open_employment(member_id)
        if job is None:
            raise RuleViolationError("not-employed", field="member_id", member_id=member_id)
        if by.effective_date < job.effective_date:
            raise RuleViolationError(
                "employment-end-before-start",
                field="effective_date",
                date=by.effective_date.isoformat(),
                started=job.effective_date.isoformat(),
            )
        self.record(self.EmploymentEnded, by, member_id=member_id)

    def record(self, event_class: type[AggregateEvent], by: Recorded, **fields: Any) -> None:
        """Nothing more is recorded about a voided registration but the retraction of its void,
        and nothing at all about a household whose personal data were erased."""
        erasure = self.erasure()
        if erasure is not None:
            raise RuleViolationError("household-erased", erased=erasure.effective_date.isoformat())
        void = self.voiding()
        if void is not None and not (
            event_class is self.EntryRetracted and fields.get("target_version") == void.version
        ):
            raise RuleViolationError(
                "household-voided", voided=void.effective_date.isoformat(), reason=void.reason
            )
        super().record(event_class, by, **fields)

    def void_registration(self, reason: str, by: Recorded) -> None:
        """Take a registration made by mistake out of every figure and list, on every date;
        the household and its history stay, marked void, and a retraction of the void
        restores it (docs/spec/corrections.md)."""
        if not reason.strip():
            raise ValidationError("reason-required", field="reason")
        self.check_date(by.effective_date)
        self.record(self.RegistrationVoided, by, reason=reason.strip())

    def erase_personal_data(self, reason: str, by: Recorded) -> None:
        """Erase the household's names, citizen ids and addresses at the data subject's
        request (Law 91/2025/QH15): recorded as an event naming who and why; the store then
        destroys the household's key. Nothing is recorded about the household after it."""
        if not reason.strip():
            raise ValidationError("erasure-reason-required", field="reason")
        self.record(self.PersonalDataErased, by, reason=reason.strip())

    def forget_personal_data(self) -> None:
        """What an erasure leaves of the household's identity: no name, citizen id or address
        in any entry, whatever the events were read with."""
        for entry in self.entries.values():
            if isinstance(entry, LocationEntry):
                entry.address = ERASED
        for member in self.members.values():  # the same entries as the timeline's
            member.member = replace(member.member, full_name=ERASED, national_id=None)

    def kept_until(self, years: int) -> date | None:
        """The last day its personal data are kept when a retention of `years` applies: that
        many years after its last entry, once it is off the poor and near-poor lists and owes
        nothing (docs/spec/personal-data.md, "Retention"). None while it is on the lists, owes
        a loan, or was erased already; a voided registration is kept the same years after its
        void."""
        if self.erasure() is not None:
            return None
        last = self.last_entry_date()
        latest = self.latest_classification()
        on_the_lists = latest is not None and latest.status in (Status.POOR, Status.NEAR_POOR)
        if self.voiding() is None and on_the_lists:
            return None
        if any(loan.outstanding_vnd > 0 for loan in self.loans_on(last)):
            return None
        return add_months(last, 12 * years)

    def last_entry_date(self) -> date:
        return max(entry.effective_date for entry in self.entries.values())

    def erasure(self) -> ErasureEntry | None:
        erasures = self.standing(ErasureEntry)
        return erasures[-1] if erasures else None

    def retract(self, target_version: int, reason: str, by: Recorded) -> None:
        """Take an entry's effect back, keeping it in the history (docs/spec/corrections.md)."""
        if not reason.strip():
            raise ValidationError("reason-required", field="reason")
        target = self.entries.get(target_version)
        if target is None:
            raise NotFoundError(
                "entry-not-found", field="target_version", target_version=target_version
            )
        if target.type in self.NOT_RETRACTABLE:
            raise RuleViolationError(
                "entry-not-retractable", field="target_version", event_type=target.type
            )
        if not target.standing:
            raise RuleViolationError(
                "entry-already-retracted", field="target_version", target_version=target_version
            )
        check_retractable(self, target)
        self.record(self.EntryRetracted, by, target_version=target_version, reason=reason.strip())


def days_from(on: date, entries: Iterable[Entry]) -> set[date]:
    """`on` and the later effective dates of the entries: the days from `on` on where what
    changes only at such an entry can differ."""
    return {on} | {entry.effective_date for entry in entries if entry.effective_date > on}


def transition_between(previous: Status | None, status: Status, held: int) -> Transition:
    """From the status held before to the one recognised: down is an escape; up is a relapse
    where the household held that level or a higher one before (`held`, the highest level it
    held), else a new entry."""
    before, after = (previous.level if previous else 0), status.level
    if after < before:
        return Transition.ESCAPED
    if after > before:
        return Transition.RELAPSED if held >= after else Transition.NEW
    return Transition.UNCHANGED

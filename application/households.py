"""Household commands and queries. Bodies arrive as plain JSON-like mappings; each field is
checked and turned into domain values here, so the API, the CLI and the demo share one path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate

from application.areas import AreaService
from application.commands import Actor, CommandContext, CommandRunner, Written
from application.infrastructure.store import Backend, CaseStore, exists, positions
from application.inputs import (
    AddMember,
    AssignHousehold,
    AssignVillage,
    ChangeCategories,
    ChangeHead,
    Classify,
    Dated,
    EnrolInModel,
    ErasePersonalData,
    GrantLoan,
    MoveHousehold,
    ProvideSupport,
    RecordSurvey,
    RegisterHousehold,
    RemoveMember,
    RepayLoan,
    Retract,
    SecureEmployment,
    VoidRegistration,
)
from application.typed import Input, parse_uuid
from domain.area_registry import AWAITING, AreaRegistry
from domain.base import EventSourced
from domain.errors import ConflictError, FieldChecks, NotFoundError, ValidationError
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.narrative import Names, describe
from domain.receipt import UniqueKey
from domain.standards import Classification, PovertyStandard, catalogue
from domain.timeline import ClassificationEntry, ErasureEntry, SurveyEntry, VoidEntry
from domain.values import (
    AreaKind,
    ReviewKind,
    Status,
)
from projections.log import notifications
from projections.replay import KnownLog, folded, known_instant

A = TypeVar("A", bound=BaseAggregate[UUID])


def load(store: CaseStore, kind: type[A], raw_id: object, code: str, field: str) -> A:
    """The aggregate of that kind the id names, or the refusal `code` on `field`."""
    aggregate_id = parse_uuid(raw_id, field)
    try:
        found: object = store.repository.get(aggregate_id)
    except AggregateNotFoundError:
        found = None
    if not isinstance(found, kind):
        raise NotFoundError(code, field=field, **{field: str(aggregate_id)})
    return found


def new_aggregate_id(store: CaseStore, chosen: UUID | None) -> UUID:
    """A client may choose the id of what it creates (an offline form, an import); otherwise
    the server does. A chosen id must be random (version 4): the ids the system derives from
    a name (a code's claim, a receipt, a plan, the registry) are version 5, so no client can
    take one ahead of its owner, nor learn from a refusal whether a code exists elsewhere. A
    chosen id already in use is refused."""
    if chosen is None:
        return uuid4()
    if chosen.version != 4:
        raise ValidationError("id-not-random", field="id", id=str(chosen))
    if exists(store, chosen):
        raise ConflictError("id-taken", field="id", id=str(chosen))
    return chosen


def survey_preview(
    household: Household,
    standard: PovertyStandard,
    area_kind: AreaKind,
    income: int,
    deprivations: dict[str, bool],
    surveyed_on: date,
) -> dict[str, Any]:
    """What a survey's recognition would give the household."""
    return classification_data(
        *household.recognition(standard, area_kind, income, deprivations, surveyed_on)
    )


def classification_data(result: Classification, status: Status) -> dict[str, Any]:
    """A survey's classification, with the status a recognition of it gives."""
    return {
        "status": status.value,
        "average_band": result.average_band,
        "standard_id": result.standard_id,
        "area_kind": result.area_kind.value,
        "deprivation_count": result.deprivation_count,
        "deprived": list(result.deprived),
        "threshold": result.income_threshold_vnd,
        "average_upper": result.average_upper_vnd,
    }


class HouseholdService:
    def __init__(
        self, store: CaseStore, backend: Backend, runner: CommandRunner, areas: AreaService
    ) -> None:
        self.store = store
        self.backend = backend
        self.runner = runner
        self.areas = areas

    # ---- loading --------------------------------------------------------------------------

    def load(self, household_id: UUID | str) -> Household:
        hid = parse_uuid(household_id, "household_id")
        try:
            household: object = self.store.repository.get(hid)
        except AggregateNotFoundError:
            raise NotFoundError("household-not-found", household_id=str(hid)) from None
        if not isinstance(household, Household):
            raise NotFoundError("household-not-found", household_id=str(hid))
        return household

    def known_events(
        self, household_id: UUID | str, known_at: datetime | None
    ) -> tuple[Household, list[EventSourced.Event]]:
        """The household as the store knew it at `known_at` (all it knows when None), with the
        events it was built from (`KnownLog`: an instant without its zone is Vietnam's time)."""
        hid = parse_uuid(household_id, "household_id")
        log = KnownLog(self.store, known_instant(known_at))
        events = log.events(hid)
        household = folded(events)
        if not isinstance(household, Household):
            raise NotFoundError("household-not-found", household_id=str(hid))
        return household, events

    def load_known_at(self, household_id: UUID | str, known_at: datetime | None) -> Household:
        if known_at is None:
            return self.load(household_id)
        return self.known_events(household_id, known_at)[0]

    def check_visible(self, actor: Actor, household: Household) -> str:
        """Outside the caller's area a household does not exist for them; inside, its place
        (`AreaService.sees`)."""
        place = self.areas.sees(actor.area_code, household, self.runner.today())
        if place is None:
            raise NotFoundError("household-not-found", household_id=str(household.id))
        return place

    def current_commune(self, household_id: UUID | str) -> str:
        """Where the household counts now (awaiting assignment: AWAITING + its old unit)."""
        household = self.load(household_id)
        place = self.areas.place_of(household, self.runner.today())
        return place or household.current_location().commune_code

    def change(
        self,
        ctx: CommandContext,
        household_id: UUID | str,
        command: str,
        given: Input,
        apply: Any,
        **targets: str,
    ) -> Written:
        """Load, check that it lies in the caller's area and the caller's version, apply the
        domain command, save with the receipt: one fold of the household, one call from the
        web. `apply` answers the extra fields of the answer, or those and the other aggregates
        saved with the household (a code's claim). A repeat is answered from its receipt before
        any of this."""

        def action() -> Any:
            household = self.load(household_id)
            self.check_visible(ctx.actor, household)
            ctx.check_version(household.version)
            result = apply(household)
            extra, also = result if isinstance(result, tuple) else (result or {}, [])
            answer = {"id": str(household.id), "version": household.version, **extra}
            return [household, *also], answer

        payload = {"id": str(household_id), **targets, **given.payload()}
        return self.runner.run(ctx, command, payload, action)

    def model(self, model_id: object) -> LivelihoodModel:
        return load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id")

    # ---- commands -------------------------------------------------------------------------

    def register(self, ctx: CommandContext, given: RegisterHousehold) -> Written:
        def action() -> Any:
            day, commune_code, code = given.effective_date, given.commune_code, given.household_code
            self.check_place(day, commune_code)
            household = Household.register(
                household_code=code,
                commune_code=commune_code,
                village=given.village,
                address=given.address,
                members=given.members,
                flags=given.flags,
                by=ctx.recorded(day),
                household_id=new_aggregate_id(self.store, given.id),
            )
            key = UniqueKey.claim(
                *Household.code_claim(commune_code, code), household.id, ctx.recorded(day)
            )
            if exists(self.store, key.id):
                raise ConflictError(
                    "household-code-taken",
                    field="household_code",
                    household_code=code,
                    commune_code=commune_code,
                )
            members = [
                {"member_id": m.member_id, "relationship_to_head": m.relationship.value}
                for m in given.members
            ]
            return [household, key], {
                "id": str(household.id),
                "version": household.version,
                "members": members,
            }

        return self.runner.run(ctx, "register_household", given.payload(), action)

    def model_name(self, model_id: str) -> str | None:
        try:
            return self.model(model_id).name
        except NotFoundError:
            return None

    def check_place(self, day: date, commune_code: str) -> None:
        """A registration or a move: from a day not after today, into a commune standing then."""
        with FieldChecks() as check:
            check(self.runner.check_effective_date, day)
            check(self.areas.check_commune, commune_code, day)

    def standard_for(self, kind: ReviewKind, day: date) -> PovertyStandard:
        return catalogue().for_review(kind, day)

    def survey_terms_of(
        self, household: Household, given: RecordSurvey
    ) -> tuple[PovertyStandard, dict[str, bool], AreaKind]:
        """The standard a survey is taken under (by its kind and date), its answers to that
        standard's indicators, and the household's area kind then."""
        day = given.effective_date
        with FieldChecks() as check:
            check(self.runner.check_effective_date, day)
            check(household.check_date, day)
            standard = check(self.standard_for, given.kind, day)
            deprivations = check(PovertyStandard.check_deprivations, standard, given.deprivations)
            area_kind = check(self.areas.area_kind_of, household, day)
        return standard, deprivations, area_kind

    def preview_survey(self, household_id: UUID | str, given: RecordSurvey) -> dict[str, Any]:
        """The classification a survey would lead to, without recording anything."""
        household = self.load(household_id)
        standard, deprivations, area_kind = self.survey_terms_of(household, given)
        return survey_preview(
            household, standard, area_kind, given.income_per_capita_vnd, deprivations,
            given.effective_date,
        )  # fmt: skip

    def record_survey(
        self, ctx: CommandContext, household_id: UUID | str, given: RecordSurvey
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            return self.survey_onto(ctx, household, given)

        return self.change(ctx, household_id, "record_survey", given, apply)

    def survey_onto(
        self, ctx: CommandContext, household: Household, given: RecordSurvey
    ) -> dict[str, Any]:
        """The survey recorded on the household in memory (saved by the caller: one command,
        or an import's unit of work); the answer, with the classification it leads to."""
        standard, deprivations, area_kind = self.survey_terms_of(household, given)
        day, income = given.effective_date, given.income_per_capita_vnd
        survey_id = given.survey_id or str(uuid4())
        household.record_survey(
            survey_id=survey_id,
            kind=given.kind,
            standard=standard,
            income_per_capita_vnd=income,
            b1_score=given.b1_score,
            deprivations=deprivations,
            causes=given.causes,
            needs=given.needs,
            surveyor=given.surveyor or ctx.actor.username,
            by=ctx.recorded(day),
        )
        preview = survey_preview(household, standard, area_kind, income, deprivations, day)
        return {"survey_id": survey_id, "standard_id": standard.id, "preview": preview}

    def classify(self, ctx: CommandContext, household_id: UUID | str, given: Classify) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            day = self.runner.effective(given.effective_date)
            survey = household.check_classifiable(given.survey_id, day)
            standard, area_kind = self.survey_terms(household, survey)
            outcome = household.classify(
                given.survey_id,
                given.decision_ref,
                standard,
                area_kind,
                ctx.recorded(day),
                self.local_standard(survey),
            )
            return {
                "status": outcome.status.value,
                "previous_status": outcome.previous_status.value
                if outcome.previous_status
                else None,
                "transition": outcome.transition.value,
                "newly_escaped_until": outcome.newly_escaped_until.isoformat()
                if outcome.newly_escaped_until
                else None,
                "classification": classification_data(outcome.classification, outcome.status),
            }

        return self.change(ctx, household_id, "classify", given, apply)

    def change_categories(
        self, ctx: CommandContext, household_id: UUID | str, given: ChangeCategories
    ) -> Written:
        def apply(household: Household) -> None:
            day = self.runner.effective(given.effective_date)
            household.change_categories(given.categories, ctx.recorded(day))

        return self.change(ctx, household_id, "change_categories", given, apply)

    def grant_loan(
        self, ctx: CommandContext, household_id: UUID | str, given: GrantLoan
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            day = self.runner.effective(given.effective_date)
            loan_id = given.loan_id or str(uuid4())
            household.grant_loan(
                loan_id=loan_id,
                programme=given.programme,
                amount_vnd=given.amount_vnd,
                term_months=given.term_months,
                annual_rate_pct=given.annual_rate_pct,
                purpose=given.purpose,
                organisation=given.organisation,
                savings_group=given.savings_group,
                by=ctx.recorded(day),
                area_kind=lambda: self.areas.area_kind_of(household, day),
            )
            return {"loan_id": loan_id}

        return self.change(ctx, household_id, "grant_loan", given, apply)

    def repay_loan(
        self, ctx: CommandContext, household_id: UUID | str, loan_id: str, given: RepayLoan
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            day = self.runner.effective(given.effective_date)
            household.repay_loan(loan_id, given.amount_vnd, ctx.recorded(day))
            return {"loan_id": loan_id}

        return self.change(ctx, household_id, "repay_loan", given, apply, loan_id=loan_id)

    def enrol_in_model(
        self, ctx: CommandContext, household_id: UUID | str, given: EnrolInModel
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            day = given.effective_date
            with FieldChecks() as check:
                check(self.runner.check_effective_date, day)
                model = check(self.model, given.model_id)
                check(LivelihoodModel.check_open_on, model, day)
            household.enrol_in_model(
                str(model.id), given.member_ids, given.support_amount_vnd, ctx.recorded(day)
            )
            return {"model_id": str(model.id)}

        return self.change(ctx, household_id, "enrol_in_model", given, apply)

    def provide_support(
        self, ctx: CommandContext, household_id: UUID | str, given: ProvideSupport
    ) -> Written:
        def apply(household: Household) -> None:
            household.provide_support(
                kind=given.kind,
                project=given.project,
                member_id=given.member_id or None,
                amount_vnd=given.amount_vnd,
                provider=given.provider,
                by=ctx.recorded(self.runner.effective(given.effective_date)),
            )

        return self.change(ctx, household_id, "provide_support", given, apply)

    def secure_employment(
        self, ctx: CommandContext, household_id: UUID | str, given: SecureEmployment
    ) -> Written:
        def apply(household: Household) -> None:
            household.secure_employment(
                member_id=given.member_id,
                kind=given.kind,
                employer=given.employer,
                by=ctx.recorded(self.runner.effective(given.effective_date)),
            )

        return self.change(ctx, household_id, "secure_employment", given, apply)

    def end_employment(
        self, ctx: CommandContext, household_id: UUID | str, member_id: str, given: Dated
    ) -> Written:
        def apply(household: Household) -> None:
            day = self.runner.effective(given.effective_date)
            household.end_employment(member_id, ctx.recorded(day))

        return self.change(ctx, household_id, "end_employment", given, apply, member_id=member_id)

    def move(self, ctx: CommandContext, household_id: UUID | str, given: MoveHousehold) -> Written:
        """To another place; into another commune under a code free there — the one it has, or
        the destination's `household_code` (docs/spec/households.md, "Codes")."""

        def apply(household: Household) -> tuple[dict[str, Any], list[UniqueKey]]:
            day, commune_code = given.effective_date, given.commune_code
            self.check_place(day, commune_code)
            claimed = household.move(
                commune_code, given.village, given.address, ctx.recorded(day),
                given.household_code or None,
            )  # fmt: skip
            if claimed is None:
                return {}, []
            key = UniqueKey.claim(*Household.code_claim(*claimed), household.id, ctx.recorded(day))
            if exists(self.store, key.id):
                claim = load(
                    self.store, UniqueKey, key.id, "household-code-taken", "household_code"
                )
                if claim.owner_id == household.id:
                    return {}, []  # back under a code it had there
                raise ConflictError(
                    "household-code-taken",
                    field="household_code",
                    household_code=claimed[1],
                    commune_code=commune_code,
                )
            return {"household_code": claimed[1]}, [key]

        return self.change(ctx, household_id, "move", given, apply)

    def assign(
        self, ctx: CommandContext, household_id: UUID | str, given: AssignHousehold
    ) -> Written:
        """A household of a split unit placed in the new unit it lives in, effective the day
        the old unit ended (docs/spec/reorganisation.md)."""

        def apply(household: Household) -> dict[str, Any]:
            return self.assign_one(ctx, household, given.commune_code)

        return self.change(ctx, household_id, "assign", given, apply)

    def assign_one(
        self, ctx: CommandContext, household: Household, commune_code: str
    ) -> dict[str, Any]:
        old, succession = self.areas.check_awaiting(household)
        self.areas.check_successor(old, succession, commune_code)
        household.assign(commune_code, ctx.recorded(succession.day))
        return {"commune_code": commune_code, "effective_date": succession.day.isoformat()}

    def assign_village(
        self, ctx: CommandContext, given: AssignVillage, ids: Sequence[str]
    ) -> Written:
        """The households of one village of a split unit still awaiting assignment (`ids`, as
        the directory lists them), all placed in one new unit in one transaction: each is
        checked as `assign` checks it, and none is saved unless all pass."""

        def action() -> Any:
            commune_code = given.commune_code
            households = [self.load(household_id) for household_id in ids]
            if not households:
                raise ValidationError("nothing-to-assign", field="village")
            for household in households:
                self.check_visible(ctx.actor, household)
                self.assign_one(ctx, household, commune_code)
            return households, {"assigned": len(households), "commune_code": commune_code}

        return self.runner.run(
            ctx, "assign_village", {**given.payload(), "ids": sorted(ids)}, action
        )

    def add_member(
        self, ctx: CommandContext, household_id: UUID | str, given: AddMember
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            day = self.runner.effective(given.effective_date)
            household.add_member(given.member, ctx.recorded(day))
            return {"member_id": given.member.member_id}

        return self.change(ctx, household_id, "add_member", given, apply)

    def remove_member(
        self, ctx: CommandContext, household_id: UUID | str, member_id: str, given: RemoveMember
    ) -> Written:
        def apply(household: Household) -> None:
            day = self.runner.effective(given.effective_date)
            household.remove_member(member_id, given.reason, ctx.recorded(day))

        return self.change(ctx, household_id, "remove_member", given, apply, member_id=member_id)

    def change_head(
        self, ctx: CommandContext, household_id: UUID | str, given: ChangeHead
    ) -> Written:
        def apply(household: Household) -> None:
            day = self.runner.effective(given.effective_date)
            household.change_head(given.member_id, ctx.recorded(day))

        return self.change(ctx, household_id, "change_head", given, apply)

    def retract(self, ctx: CommandContext, household_id: UUID | str, given: Retract) -> Written:
        def apply(household: Household) -> None:
            day = self.correction_day(given.effective_date)
            household.retract(given.target_version, given.reason, ctx.recorded(day))

        return self.change(ctx, household_id, "retract", given, apply)

    def void_registration(
        self, ctx: CommandContext, household_id: UUID | str, given: VoidRegistration
    ) -> Written:
        """A registration made by mistake, taken out of every figure and list."""

        def apply(household: Household) -> None:
            day = self.correction_day(given.effective_date)
            household.void_registration(given.reason, ctx.recorded(day))

        return self.change(ctx, household_id, "void_registration", given, apply)

    def erase_personal_data(
        self, ctx: CommandContext, household_id: UUID | str, given: ErasePersonalData
    ) -> Written:
        """A data subject's erasure (docs/spec/personal-data.md): the domain records who and why,
        then the household's key is destroyed before the event is saved, so no reader can see
        the names between the two. Repeating it after a lost race finds the key gone already
        and records the event."""

        def apply(household: Household) -> None:
            household.erase_personal_data(given.reason, ctx.recorded(self.runner.today()))
            self.store.keys.destroy(str(household.id), by=ctx.actor.username)

        return self.change(ctx, household_id, "erase_personal_data", given, apply)

    def correction_day(self, day: date | None) -> date:
        """A correction's date: today unless it gives one."""
        return self.runner.today() if day is None else self.runner.effective(day)

    # ---- queries --------------------------------------------------------------------------

    def get(
        self, household_id: UUID | str, as_of: date | None = None, known_at: datetime | None = None
    ) -> dict[str, Any]:
        household = self.load_known_at(household_id, known_at)
        on = as_of or self.runner.today()
        data = household_data(household, on, self.areas.place_of(household, on))
        registry = self.areas.registry()  # read once for every survey awaiting recognition
        data["surveys_awaiting_recognition"] = [
            self.survey_data(household, survey, registry)
            for survey in household.awaiting_recognition(on)
        ]
        return data

    def survey_terms(
        self, household: Household, survey: SurveyEntry, registry: AreaRegistry | None = None
    ) -> tuple[PovertyStandard, AreaKind]:
        """What a survey is recognised under: its standard and the household's area kind then."""
        return catalogue().get(survey.standard_id), self.areas.area_kind_of(
            household, survey.effective_date, registry
        )

    def local_standard(
        self, survey: SurveyEntry, registry: AreaRegistry | None = None
    ) -> PovertyStandard | None:
        """The province's own standard for the survey's review, if it has one."""
        province = (registry or self.areas.registry()).province_code
        return catalogue().local_for(survey.kind, survey.effective_date, province)

    def survey_data(
        self, household: Household, survey: SurveyEntry, registry: AreaRegistry | None = None
    ) -> dict[str, Any]:
        """A survey, and the status it leads to if it is recognised."""
        standard, area_kind = self.survey_terms(household, survey, registry)
        result, status = household.recognition(
            standard, area_kind, survey.income_per_capita_vnd, survey.deprivations,
            survey.effective_date,
        )  # fmt: skip
        return {
            "survey_id": survey.survey_id,
            "effective_date": survey.effective_date.isoformat(),
            "kind": survey.kind.value,
            "standard_id": survey.standard_id,
            "leads_to": status.value,
            "average_band": result.average_band,
            "income_per_capita_vnd": survey.income_per_capita_vnd,
            "deprived": list(result.deprived),
            "causes": list(survey.causes),
            "needs": list(survey.needs),
        }

    def history(
        self,
        household_id: UUID | str,
        as_of: date | None = None,
        known_at: datetime | None = None,
        lang: str = "vi",
    ) -> dict[str, Any]:
        """Every event, oldest first, with both its times, who recorded it and what it did."""
        hid = parse_uuid(household_id, "household_id")
        household, events = self.known_events(hid, known_at)
        names = Names(household, self.areas.registry(), self.model_name)
        where = positions(self.store, self.backend, hid)
        retracted: dict[int, int] = {}
        reasons: dict[int, tuple[str, str]] = {}
        entries = []
        for event in events:
            if type(event).__name__ == "EntryRetracted":
                data = vars(event)
                reasons[event.originator_version] = (data["reason"], data["actor"])
        for entry in household.entries.values():
            if entry.retracted_by is not None:
                retracted[entry.version] = entry.retracted_by
        for event in events:
            data = {k: v for k, v in vars(event).items() if k not in _META}
            if as_of is not None and data["effective_date"] > as_of:
                continue
            version = event.originator_version
            retracted_by = retracted.get(version)
            entries.append(
                {
                    "version": version,
                    "position": where.get(version),
                    "type": event.TOPIC.split(":", 1)[1],
                    "effective_date": data["effective_date"].isoformat(),
                    "recorded_at": event.timestamp.isoformat(),
                    "actor": data["actor"],
                    "summary": describe(event, lang, names),
                    "data": plain(data),
                    "retracted_by": None
                    if retracted_by is None
                    else {
                        "version": retracted_by,
                        "reason": reasons.get(retracted_by, ("", ""))[0],
                        "actor": reasons.get(retracted_by, ("", ""))[1],
                    },
                }
            )
        return {"id": str(hid), "version": household.version, "entries": entries}

    def list_registered(self) -> list[UUID]:
        """Every household id, in registration order (the directory projection replaces this)."""
        pages = notifications(self.store.recorder, [Household.Registered.TOPIC])
        return [UUID(str(n.originator_id)) for page in pages for n in page]


_META = {"originator_id", "originator_version", "timestamp", "originator_topic"}


def local_data(recognition: ClassificationEntry) -> dict[str, Any] | None:
    """The recognition under the province's own standard, where it has one."""
    if recognition.local_standard_id is None:
        return None
    status = recognition.local_status
    return {
        "standard_id": recognition.local_standard_id,
        "status": status.value if status else None,
        "differs": status is not recognition.status,
    }


def plain(value: Any) -> Any:
    """JSON values for an event's fields (dates, ids and nested lists and objects)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def marked(entry: VoidEntry | ErasureEntry | None) -> dict[str, Any] | None:
    """A void or an erasure as the household's answer shows it: which entry, when, why, who."""
    if entry is None:
        return None
    return {
        "version": entry.version,
        "effective_date": entry.effective_date.isoformat(),
        "reason": entry.reason,
        "actor": entry.actor,
    }


def household_data(household: Household, on: date, place: str | None) -> dict[str, Any]:
    """The household as it stood on `on`, as plain data: its commune is where it counted that
    day (`AreaService.place_of`); a household of a split unit not yet assigned to one of its
    new units has none, and names the old unit it awaits assignment from."""
    if on < household.registered_on:
        raise NotFoundError("household-not-registered-yet", date=on.isoformat())
    location = household.location_on(on) or household.current_location()
    place = place or location.commune_code
    awaiting = place.startswith(AWAITING)
    since = household.status_since(on)
    latest = household.latest_classification(on)
    survey = household.survey(latest.survey_id) if latest else None
    until = household.newly_escaped_until(on)
    head = household.head_on(on)
    return {
        "id": str(household.id),
        "household_code": household.code_on(on),
        "commune_code": None if awaiting else place,
        "awaiting_assignment_from": place.removeprefix(AWAITING) if awaiting else None,
        "village": location.village,
        "address": location.address,
        "categories": household.categories_on(on),
        "recorded_categories": household.recorded_categories_on(on),
        "registered_on": household.registered_on.isoformat(),
        "as_of": on.isoformat(),
        "status": latest.status.value if latest else None,
        "status_since": since.effective_date.isoformat() if since else None,
        "status_decision": {
            "version": latest.version,
            "decision_ref": latest.decision_ref,
            "transition": latest.transition.value,
            "standard_id": latest.standard_id,
            "local": local_data(latest),
            "survey_id": latest.survey_id,
            "survey_date": survey.effective_date.isoformat() if survey else None,
        }
        if latest
        else None,
        "newly_escaped_until": until.isoformat() if until else None,
        "voided": marked(household.voiding()),
        "erased": marked(household.erasure()),
        "members": [
            {**m.to_data(), "is_head": m.member_id == head} for m in household.members_on(on)
        ],
        "loans": [
            {
                "loan_id": p.loan_id,
                "programme": p.programme.value,
                "granted_on": p.granted_on.isoformat(),
                "amount_vnd": p.amount_vnd,
                "repaid_vnd": p.repaid_vnd,
                "outstanding_vnd": p.outstanding_vnd,
                "term_months": p.term_months,
                "annual_rate_pct": p.annual_rate_pct,
                "organisation": p.organisation.value if p.organisation else None,
                "savings_group": p.savings_group,
            }
            for p in household.loans_on(on)
        ],
        "version": household.version,
    }

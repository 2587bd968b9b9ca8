"""Household commands and queries. Bodies arrive as plain JSON-like mappings; each field is
checked and turned into domain values here, so the API, the CLI and the demo share one path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import BaseAggregate

from application.areas import AreaService
from application.commands import Actor, CommandContext, CommandRunner, Written
from application.infrastructure.store import Backend, CaseStore, exists, positions
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
    ADDRESS_MAX,
    CATEGORY_KEYS,
    CODE_MAX,
    REASON_MAX,
    AreaKind,
    Cause,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Member,
    Need,
    RemovalReason,
    ReviewKind,
    Status,
    SupportKind,
    check_amount,
    check_text,
    parse_enum,
    parse_enums,
)
from projections.log import notifications
from projections.replay import KnownLog, folded, known_instant

Body = Mapping[str, Any]


def optional_amount(body: Body, field: str) -> int | None:
    value = body.get(field)
    return None if value is None else check_amount(value, field)


def optional_rate(value: object, field: str) -> str | None:
    """A percentage from 0 to 100 as a number or a numeric string, kept as its decimal text."""
    if value is None:
        return None
    rate: Decimal | None = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            rate = Decimal(str(value).strip())
        except InvalidOperation:
            rate = None
    if rate is None or not rate.is_finite() or not 0 <= rate <= 100:
        raise ValidationError("not-a-rate", field=field, value=value, example="6.6")
    return str(rate)


def parse_uuid(value: object, field: str) -> UUID:
    if value is None or value == "":
        raise ValidationError("required", field=field)
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise ValidationError("invalid-value", field=field, value=value) from None


def parse_members(raw: object) -> list[Member]:
    """The members of a registration, every faulty field of every member named at once."""
    if not isinstance(raw, list):
        raise ValidationError("members-required", field="members")
    with FieldChecks() as check:
        members = [
            check(
                Member.parse,
                {"member_id": str(uuid4()), **m} if isinstance(m, dict) else m,
                f"members[{i}]",
            )
            for i, m in enumerate(raw)
        ]
    return members


def check_categories(categories: object, field: str = "flags") -> dict[str, bool]:
    """Some of the household's categories, each ticked or not."""
    if (
        not isinstance(categories, dict)
        or not set(categories) <= set(CATEGORY_KEYS)
        or not all(isinstance(value, bool) for value in categories.values())
    ):
        raise ValidationError("invalid-value", field=field, value=categories)
    return categories


def id_list(values: object, field: str) -> list[str]:
    if not isinstance(values, list):
        raise ValidationError("invalid-value", field=field, value=values)
    return [str(v) for v in values]


def project_number(project: object) -> int | None:
    """A component of the national programme, by its number."""
    if project is not None and (isinstance(project, bool) or not isinstance(project, int)):
        raise ValidationError("invalid-value", field="project", value=project)
    return project


def version_number(target: object) -> int:
    if isinstance(target, bool) or not isinstance(target, int):
        raise ValidationError("invalid-value", field="target_version", value=target)
    return target


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


def new_aggregate_id(store: CaseStore, body: Body) -> UUID:
    """A client may choose the id of what it creates (an offline form, an import); otherwise
    the server does. A chosen id must be random (version 4): the ids the system derives from
    a name (a code's claim, a receipt, a plan, the registry) are version 5, so no client can
    take one ahead of its owner, nor learn from a refusal whether a code exists elsewhere. A
    chosen id already in use is refused."""
    if body.get("id") is None:
        return uuid4()
    chosen = parse_uuid(body["id"], "id")
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
        body: Body,
        apply: Any,
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

        return self.runner.run(ctx, command, {"id": str(household_id), **body}, action)

    def model(self, model_id: object) -> LivelihoodModel:
        return load(self.store, LivelihoodModel, model_id, "model-not-found", "model_id")

    # ---- commands -------------------------------------------------------------------------

    def register(self, ctx: CommandContext, body: Body) -> Written:
        def action() -> Any:
            with FieldChecks() as check:
                day, commune_code, village, address = self.place(body, check)
                code = check(
                    check_text, body.get("household_code"), "household_code", max_length=CODE_MAX
                )
                members = check(parse_members, body.get("members"))
                flags = check(check_categories, body.get("flags") or {})
            household = Household.register(
                household_code=code,
                commune_code=commune_code,
                village=village,
                address=address,
                members=members,
                flags=flags,
                by=ctx.recorded(day),
                household_id=new_aggregate_id(self.store, body),
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
            return [household, key], {
                "id": str(household.id),
                "version": household.version,
                "members": [m.to_data() for m in members],
            }

        return self.runner.run(ctx, "register_household", dict(body), action)

    def model_name(self, model_id: str) -> str | None:
        try:
            return self.model(model_id).name
        except NotFoundError:
            return None

    def place(self, body: Body, check: FieldChecks) -> tuple[date, str, str, str]:
        """Where a registration or a move puts the household, and from when: the date, a
        commune standing on it, the village and the address."""
        day = check(self.runner.effective, body)
        commune_code = check(
            check_text, body.get("commune_code"), "commune_code", max_length=CODE_MAX
        )
        check(self.areas.check_commune, commune_code, day)
        village = check(check_text, body.get("village"), "village")
        address = check(
            check_text, body.get("address"), "address", required=False, max_length=ADDRESS_MAX
        )
        return day, commune_code, village, address

    def standard_for(self, kind: ReviewKind, day: date) -> PovertyStandard:
        return catalogue().for_review(kind, day)

    def survey_inputs(
        self, household: Household, body: Body, check: FieldChecks
    ) -> tuple[Any, ...]:
        day = check(self.runner.effective, body)
        check(household.check_date, day)
        kind = check(parse_enum, ReviewKind, body.get("kind"), "kind")
        standard = check(self.standard_for, kind, day)
        income = check(check_amount, body.get("income_per_capita_vnd"), "income_per_capita_vnd")
        deprivations = check(PovertyStandard.check_deprivations, standard, body.get("deprivations"))
        area_kind = check(self.areas.area_kind_of, household, day)
        return day, kind, standard, income, deprivations, area_kind

    def preview_survey(self, household_id: UUID | str, body: Body) -> dict[str, Any]:
        """The classification a survey would lead to, without recording anything."""
        household = self.load(household_id)
        with FieldChecks() as check:
            day, _, standard, income, deprivations, area_kind = self.survey_inputs(
                household, body, check
            )
        return survey_preview(household, standard, area_kind, income, deprivations, day)

    def record_survey(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            with FieldChecks() as check:
                day, kind, standard, income, deprivations, area_kind = self.survey_inputs(
                    household, body, check
                )
                survey_id = check(
                    check_text,
                    body.get("survey_id") or str(uuid4()),
                    "survey_id",
                    max_length=CODE_MAX,
                )
                b1 = check(optional_amount, body, "b1_score")
                causes = check(parse_enums, Cause, body.get("causes"), "causes")
                needs = check(parse_enums, Need, body.get("needs"), "needs")
                surveyor = check(check_text, body.get("surveyor") or ctx.actor.username, "surveyor")
            household.record_survey(
                survey_id=survey_id,
                kind=kind,
                standard=standard,
                income_per_capita_vnd=income,
                b1_score=b1,
                deprivations=deprivations,
                causes=causes,
                needs=needs,
                surveyor=surveyor,
                by=ctx.recorded(day),
            )
            preview = survey_preview(household, standard, area_kind, income, deprivations, day)
            return {"survey_id": survey_id, "standard_id": standard.id, "preview": preview}

        return self.change(ctx, household_id, "record_survey", body, apply)

    def classify(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            with FieldChecks() as check:
                day = check(self.runner.effective, body)
                survey_id = check(
                    check_text, body.get("survey_id"), "survey_id", max_length=CODE_MAX
                )
                decision_ref = check(check_text, body.get("decision_ref"), "decision_ref")
            survey = household.check_classifiable(survey_id, day)
            standard, area_kind = self.survey_terms(household, survey)
            outcome = household.classify(
                survey_id,
                decision_ref,
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

        return self.change(ctx, household_id, "classify", body, apply)

    def change_categories(
        self, ctx: CommandContext, household_id: UUID | str, body: Body
    ) -> Written:
        def apply(household: Household) -> None:
            with FieldChecks() as check:
                categories = check(check_categories, body.get("categories"), "categories")
                day = check(self.runner.effective, body)
            household.change_categories(categories, ctx.recorded(day))

        return self.change(ctx, household_id, "change_categories", body, apply)

    def grant_loan(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            with FieldChecks() as check:
                loan_id = check(
                    check_text, body.get("loan_id") or str(uuid4()), "loan_id", max_length=CODE_MAX
                )
                programme = check(parse_enum, LoanProgramme, body.get("programme"), "programme")
                amount = check(check_amount, body.get("amount_vnd"), "amount_vnd", positive=True)
                term = check(check_amount, body.get("term_months"), "term_months", positive=True)
                rate = check(optional_rate, body.get("annual_rate_pct"), "annual_rate_pct")
                purpose = check(check_text, body.get("purpose"), "purpose", required=False)
                organisation = check(
                    parse_enum, EntrustingOrganisation, body.get("organisation"), "organisation"
                )
                group = check(
                    check_text, body.get("savings_group"), "savings_group", required=False
                )
                day = check(self.runner.effective, body)
            household.grant_loan(
                loan_id=loan_id,
                programme=programme,
                amount_vnd=amount,
                term_months=term,
                annual_rate_pct=rate,
                purpose=purpose,
                organisation=organisation,
                savings_group=group,
                by=ctx.recorded(day),
                area_kind=lambda: self.areas.area_kind_of(household, day),
            )
            return {"loan_id": loan_id}

        return self.change(ctx, household_id, "grant_loan", body, apply)

    def repay_loan(
        self, ctx: CommandContext, household_id: UUID | str, loan_id: str, body: Body
    ) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            with FieldChecks() as check:
                amount = check(check_amount, body.get("amount_vnd"), "amount_vnd", positive=True)
                day = check(self.runner.effective, body)
            household.repay_loan(loan_id, amount, ctx.recorded(day))
            return {"loan_id": loan_id}

        return self.change(ctx, household_id, "repay_loan", {"loan_id": loan_id, **body}, apply)

    def enrol_in_model(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            with FieldChecks() as check:
                day = check(self.runner.effective, body)
                model = check(self.model, body.get("model_id"))
                check(LivelihoodModel.check_open_on, model, day)
                member_ids = check(id_list, body.get("member_ids") or [], "member_ids")
                support = check(optional_amount, body, "support_amount_vnd")
            household.enrol_in_model(str(model.id), member_ids, support, ctx.recorded(day))
            return {"model_id": str(model.id)}

        return self.change(ctx, household_id, "enrol_in_model", body, apply)

    def provide_support(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> None:
            with FieldChecks() as check:
                project = check(project_number, body.get("project"))
                kind = check(parse_enum, SupportKind, body.get("kind"), "kind")
                member_id = check(
                    check_text,
                    body.get("member_id"),
                    "member_id",
                    required=False,
                    max_length=CODE_MAX,
                )
                amount = check(optional_amount, body, "amount_vnd")
                provider = check(check_text, body.get("provider"), "provider", required=False)
                day = check(self.runner.effective, body)
            household.provide_support(
                kind=kind,
                project=project,
                member_id=member_id or None,
                amount_vnd=amount,
                provider=provider,
                by=ctx.recorded(day),
            )

        return self.change(ctx, household_id, "provide_support", body, apply)

    def secure_employment(
        self, ctx: CommandContext, household_id: UUID | str, body: Body
    ) -> Written:
        def apply(household: Household) -> None:
            with FieldChecks() as check:
                member_id = check(
                    check_text, body.get("member_id"), "member_id", max_length=CODE_MAX
                )
                kind = check(parse_enum, EmploymentKind, body.get("kind"), "kind")
                employer = check(check_text, body.get("employer"), "employer", required=False)
                day = check(self.runner.effective, body)
            household.secure_employment(
                member_id=member_id, kind=kind, employer=employer, by=ctx.recorded(day)
            )

        return self.change(ctx, household_id, "secure_employment", body, apply)

    def end_employment(
        self, ctx: CommandContext, household_id: UUID | str, member_id: str, body: Body
    ) -> Written:
        def apply(household: Household) -> None:
            household.end_employment(member_id, ctx.recorded(self.runner.effective(body)))

        return self.change(
            ctx, household_id, "end_employment", {"member_id": member_id, **body}, apply
        )

    def move(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        """To another place; into another commune under a code free there — the one it has, or
        the destination's `household_code` (docs/spec/households.md, "Codes")."""

        def apply(household: Household) -> tuple[dict[str, Any], list[UniqueKey]]:
            with FieldChecks() as check:
                day, commune_code, village, address = self.place(body, check)
                recode = check(
                    check_text,
                    body.get("household_code"),
                    "household_code",
                    required=False,
                    max_length=CODE_MAX,
                )
            claimed = household.move(
                commune_code, village, address, ctx.recorded(day), recode or None
            )
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

        return self.change(ctx, household_id, "move", body, apply)

    def assign(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        """A household of a split unit placed in the new unit it lives in, effective the day
        the old unit ended (docs/spec/reorganisation.md)."""

        def apply(household: Household) -> dict[str, Any]:
            commune_code = check_text(body.get("commune_code"), "commune_code", max_length=CODE_MAX)
            return self.assign_one(ctx, household, commune_code)

        return self.change(ctx, household_id, "assign", body, apply)

    def assign_one(
        self, ctx: CommandContext, household: Household, commune_code: str
    ) -> dict[str, Any]:
        old, succession = self.areas.check_awaiting(household)
        self.areas.check_successor(old, succession, commune_code)
        household.assign(commune_code, ctx.recorded(succession.day))
        return {"commune_code": commune_code, "effective_date": succession.day.isoformat()}

    def assign_village(self, ctx: CommandContext, body: Body, ids: Sequence[str]) -> Written:
        """The households of one village of a split unit still awaiting assignment (`ids`, as
        the directory lists them), all placed in one new unit in one transaction: each is
        checked as `assign` checks it, and none is saved unless all pass."""

        def action() -> Any:
            commune_code = check_text(body.get("commune_code"), "commune_code", max_length=CODE_MAX)
            households = [self.load(household_id) for household_id in ids]
            if not households:
                raise ValidationError("nothing-to-assign", field="village")
            for household in households:
                self.check_visible(ctx.actor, household)
                self.assign_one(ctx, household, commune_code)
            return households, {"assigned": len(households), "commune_code": commune_code}

        return self.runner.run(ctx, "assign_village", {**body, "ids": sorted(ids)}, action)

    def add_member(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> dict[str, Any]:
            data = {"member_id": str(uuid4()), **{k: v for k, v in body.items() if v is not None}}
            with FieldChecks() as check:
                member = check(Member.parse, data, "member")
                day = check(self.runner.effective, body)
            household.add_member(member, ctx.recorded(day))
            return {"member_id": member.member_id}

        return self.change(ctx, household_id, "add_member", body, apply)

    def remove_member(
        self, ctx: CommandContext, household_id: UUID | str, member_id: str, body: Body
    ) -> Written:
        def apply(household: Household) -> None:
            with FieldChecks() as check:
                reason = check(parse_enum, RemovalReason, body.get("reason"), "reason")
                day = check(self.runner.effective, body)
            household.remove_member(member_id, reason, ctx.recorded(day))

        return self.change(
            ctx, household_id, "remove_member", {"member_id": member_id, **body}, apply
        )

    def change_head(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> None:
            household.change_head(
                check_text(body.get("member_id"), "member_id", max_length=CODE_MAX),
                ctx.recorded(self.runner.effective(body)),
            )

        return self.change(ctx, household_id, "change_head", body, apply)

    def retract(self, ctx: CommandContext, household_id: UUID | str, body: Body) -> Written:
        def apply(household: Household) -> None:
            with FieldChecks() as check:
                target = check(version_number, body.get("target_version"))
                reason, day = self.correction(body, check)
            household.retract(target, reason, ctx.recorded(day))

        return self.change(ctx, household_id, "retract", body, apply)

    def void_registration(
        self, ctx: CommandContext, household_id: UUID | str, body: Body
    ) -> Written:
        """A registration made by mistake, taken out of every figure and list."""

        def apply(household: Household) -> None:
            with FieldChecks() as check:
                reason, day = self.correction(body, check)
            household.void_registration(reason, ctx.recorded(day))

        return self.change(ctx, household_id, "void_registration", body, apply)

    def erase_personal_data(
        self, ctx: CommandContext, household_id: UUID | str, body: Body
    ) -> Written:
        """A data subject's erasure (docs/spec/personal-data.md): the domain records who and why,
        then the household's key is destroyed before the event is saved, so no reader can see
        the names between the two. Repeating it after a lost race finds the key gone already
        and records the event."""

        def apply(household: Household) -> None:
            reason = check_text(body.get("reason"), "reason", max_length=REASON_MAX)
            household.erase_personal_data(reason, ctx.recorded(self.runner.today()))
            self.store.keys.destroy(str(household.id), by=ctx.actor.username)

        return self.change(ctx, household_id, "erase_personal_data", body, apply)

    def correction(self, body: Body, check: FieldChecks) -> tuple[str, date]:
        """A correction's reason, and its date: today unless the body gives one."""
        reason = check(check_text, body.get("reason"), "reason", max_length=REASON_MAX)
        given = body.get("effective_date")
        return reason, check(self.runner.effective, body) if given else self.runner.today()

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

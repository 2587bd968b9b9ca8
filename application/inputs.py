"""Every command's input, typed: what the API, the pages and the CLI parse a body into before
the application runs it. A field's type says how it is checked (`application.typed`); the rules
that need the store or the clock (an effective date not after today, a commune standing on the
date, a model open then) are the services' own, after the parse."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from uuid import uuid4

from pydantic import Field, model_validator

from application.typed import (
    Address,
    Amount,
    Checked,
    Code,
    Codes,
    Day,
    Input,
    Json,
    Number,
    OptionalAmount,
    OptionalCode,
    OptionalDay,
    OptionalNumber,
    OptionalText,
    OptionalUuid,
    PositiveAmount,
    Rate,
    Reason,
    Schema,
    Text,
    Uuid,
    choice,
    choice_schema,
    choices,
    day_schema,
    optional_schema,
    text_schema,
    ticks,
    ticks_schema,
)
from domain.errors import FieldChecks, ValidationError
from domain.household import MAX_MEMBERS
from domain.standards import catalogue
from domain.values import (
    CATEGORY_KEYS,
    CODE_MAX,
    TEXT_MAX,
    Cause,
    ComplaintOutcome,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Member,
    ModelKind,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    SupportKind,
    check_text,
)

# ---- the kinds of field of one command or two -------------------------------------------------

MEMBER_FIELDS: Schema = {
    "member_id": text_schema(CODE_MAX), "full_name": text_schema(TEXT_MAX),
    "sex": choice_schema(Sex), "birth_date": day_schema(),
    "relationship_to_head": choice_schema(Relationship), "ethnicity": text_schema(TEXT_MAX),
    "national_id": optional_schema({"type": "string", "pattern": "^[0-9]{12}$"}),
    "working_capable": {"type": "boolean"},
}  # fmt: skip
MEMBER_REQUIRED = ["full_name", "sex", "birth_date", "relationship_to_head"]
MEMBER_SCHEMA = {"type": "object", "properties": MEMBER_FIELDS, "required": MEMBER_REQUIRED}
MEMBER_EXAMPLE = {
    "full_name": "Nguyễn Văn An", "sex": "M", "birth_date": "1980-05-01",
    "relationship_to_head": "HEAD", "ethnicity": "Kinh", "national_id": "031080000123",
    "working_capable": True,
}  # fmt: skip


def with_member_id(data: object) -> object:
    """A member the caller gave no id gets a new one."""
    return {"member_id": str(uuid4()), **data} if isinstance(data, dict) else data


def members(raw: object, field: str) -> list[Member]:
    """The members of a registration, every faulty field of every member named at once."""
    if not isinstance(raw, list):
        raise ValidationError("members-required", field=field)
    with FieldChecks() as check:
        found = [check(Member.parse, with_member_id(one), f"{field}[{index}]")
                 for index, one in enumerate(raw)]  # fmt: skip
    return found


def household_codes(value: object, field: str) -> list[str]:
    """The codes a decision names: at least one, each once."""
    if not isinstance(value, list) or not value:
        raise ValidationError("required", field=field)
    found: list[str] = []
    for index, item in enumerate(value):
        code = check_text(item, f"{field}[{index}]", max_length=CODE_MAX)
        if code in found:
            raise ValidationError(
                "household-named-twice", field=f"{field}[{index}]", household_code=code
            )
        found.append(code)
    return found


def places(value: object, field: str) -> list[str]:
    """Where a list is posted: at least one place."""
    if not isinstance(value, list) or not value:
        raise ValidationError("required", field=field)
    return [check_text(item, f"{field}[{index}]") for index, item in enumerate(value)]


def target_number(value: object, field: str) -> float:
    if value is None or value == "":
        raise ValidationError("required", field=field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("invalid-value", field=field, value=value)
    return float(value)


def targets(raw: object, field: str) -> dict[str, float]:
    """A plan's targets: an object of target → number (the plan checks the keys and ranges)."""
    if not isinstance(raw, dict) or not raw:
        raise ValidationError("required", field=field)
    with FieldChecks() as check:
        found = {str(key): check(target_number, value, f"{field}.{key}")
                 for key, value in raw.items()}  # fmt: skip
    return found


Members = Annotated[list[Member], Checked(
    members, {"type": "array", "items": MEMBER_SCHEMA, "minItems": 1, "maxItems": MAX_MEMBERS}
)]  # fmt: skip
Categories = Annotated[dict[str, bool], ticks(CATEGORY_KEYS)]
# Every standard's indicators: which ones a survey must answer depends on its date and kind, so
# the standard the service chooses checks them (`PovertyStandard.check_deprivations`).
INDICATORS = sorted({key for standard in catalogue().standards for key in standard.keys})
Deprivations = Annotated[Any, Checked(lambda value, name: value, ticks_schema(INDICATORS))]
HouseholdCodes = Annotated[list[str], Checked(
    household_codes,
    {"type": "array", "items": text_schema(CODE_MAX), "minItems": 1, "uniqueItems": True},
)]  # fmt: skip
Places = Annotated[list[str], Checked(
    places, {"type": "array", "items": text_schema(TEXT_MAX), "minItems": 1}
)]  # fmt: skip
Targets = Annotated[dict[str, float], Checked(
    targets, {"type": "object", "additionalProperties": {"type": "number"}, "minProperties": 1}
)]  # fmt: skip
TargetValue = Annotated[float, Checked(target_number, {"type": "number"})]


# ---- households ------------------------------------------------------------------------------


class Dated(Input):
    """A change that says only from when: an employment's end, a model's closing, an
    official's leaving."""

    effective_date: Day
    example: ClassVar[Json] = {"effective_date": "2025-06-30"}


class RegisterHousehold(Input):
    """Exactly one member is the head; the code is unique within the commune. A client may
    choose the household's `id` (a random one, version 4): an offline form, an import."""

    household_code: Code
    commune_code: Code
    village: Text
    address: Address = ""
    members: Members
    flags: Categories = Field(default_factory=dict)
    effective_date: Day
    id: OptionalUuid = None
    example: ClassVar[Json] = {
        "household_code": "QT-0001", "commune_code": "11296", "village": "Tổ dân phố 3",
        "address": "12 Đường Quán Toan", "members": [MEMBER_EXAMPLE],
        "flags": {"ethnic_minority": False, "revolutionary_merit": False,
                  "no_labour_capacity": False, "social_protection": False,
                  "agricultural": True},
        "effective_date": "2024-03-01",
    }  # fmt: skip


class RecordSurvey(Input):
    """The standard is chosen by the system from the review kind and the date; the
    deprivations are that standard's indicators."""

    kind: Annotated[ReviewKind, choice(ReviewKind)]
    effective_date: Day
    income_per_capita_vnd: Amount
    deprivations: Deprivations = None
    b1_score: OptionalAmount = None
    causes: Annotated[list[Cause], choices(Cause)] = Field(default_factory=list)
    needs: Annotated[list[Need], choices(Need)] = Field(default_factory=list)
    surveyor: OptionalText = ""
    survey_id: OptionalCode = ""
    example: ClassVar[Json] = {
        "kind": "PERIODIC", "effective_date": "2024-10-15", "income_per_capita_vnd": 1_400_000,
        "b1_score": 120,
        "deprivations": {**dict.fromkeys(catalogue().get("VN-MDP-2022").keys, False),
                         "health_insurance": True},
        "causes": ["CAPITAL"], "needs": ["CREDIT"], "surveyor": "Trần Thị Bình",
    }  # fmt: skip


class Classify(Input):
    """The status is computed from the survey, never typed in."""

    survey_id: Code
    decision_ref: Code
    effective_date: Day
    example: ClassVar[Json] = {
        "survey_id": "…",
        "decision_ref": "123/QĐ-UBND",
        "effective_date": "2024-12-20",
    }


class ChangeCategories(Input):
    """The categories named change from the effective date on; the others stay as they were."""

    categories: Annotated[dict[str, bool], ticks(CATEGORY_KEYS, required=True)]
    effective_date: Day
    example: ClassVar[Json] = {
        "categories": {"agricultural": True, "social_protection": False},
        "effective_date": "2025-03-01",
    }


class GrantLoan(Input):
    loan_id: OptionalCode = ""
    programme: Annotated[LoanProgramme, choice(LoanProgramme)]
    amount_vnd: PositiveAmount
    term_months: PositiveAmount
    annual_rate_pct: Rate = None
    purpose: OptionalText = ""
    organisation: Annotated[EntrustingOrganisation, choice(EntrustingOrganisation)]
    savings_group: OptionalText = ""
    effective_date: Day
    example: ClassVar[Json] = {
        "programme": "NEAR_POOR", "amount_vnd": 50_000_000, "term_months": 60,
        "purpose": "Chăn nuôi lợn", "organisation": "WOMENS_UNION",
        "savings_group": "Tổ TK&VV thôn Đông 2", "effective_date": "2025-01-10",
    }  # fmt: skip


class RepayLoan(Input):
    amount_vnd: PositiveAmount
    effective_date: Day
    example: ClassVar[Json] = {"amount_vnd": 5_000_000, "effective_date": "2025-07-10"}


class EnrolInModel(Input):
    model_id: Uuid
    member_ids: Codes = Field(default_factory=list)
    support_amount_vnd: OptionalAmount = None
    effective_date: Day
    example: ClassVar[Json] = {
        "model_id": "…", "member_ids": ["…"], "support_amount_vnd": 10_000_000,
        "effective_date": "2025-03-01",
    }  # fmt: skip


class ProvideSupport(Input):
    kind: Annotated[SupportKind, choice(SupportKind)]
    project: OptionalNumber = None
    member_id: OptionalCode = ""
    amount_vnd: OptionalAmount = None
    provider: OptionalText = ""
    effective_date: Day
    example: ClassVar[Json] = {
        "kind": "HEALTH_INSURANCE", "project": 7, "amount_vnd": 1_100_000,
        "provider": "UBND phường", "effective_date": "2025-01-05",
    }  # fmt: skip


class SecureEmployment(Input):
    member_id: Code
    kind: Annotated[EmploymentKind, choice(EmploymentKind)]
    employer: OptionalText = ""
    effective_date: Day
    example: ClassVar[Json] = {
        "member_id": "…", "kind": "WAGE_CONTRACT", "employer": "Công ty May Hải Phòng",
        "effective_date": "2025-02-01",
    }  # fmt: skip


class MoveHousehold(Input):
    """Into another commune under a code free there: the one it has, or `household_code`."""

    commune_code: Code
    village: Text
    address: Address = ""
    household_code: OptionalCode = ""
    effective_date: Day
    example: ClassVar[Json] = {
        "commune_code": "11299", "village": "Tổ dân phố 1", "address": "5 Hùng Vương",
        "effective_date": "2025-05-01",
    }  # fmt: skip


class AssignHousehold(Input):
    """Placed in one of the new units of the split unit it lived in."""

    commune_code: Code
    example: ClassVar[Json] = {"commune_code": "11488"}


class AssignVillage(Input):
    """Every household of one village of a split unit that still awaits, in one new unit."""

    old_commune_code: Code
    village: Text
    commune_code: Code
    example: ClassVar[Json] = {
        "old_commune_code": "11485",
        "village": "Thôn 3",
        "commune_code": "11488",
    }


class AddMember(Input):
    """The member's fields, as in a registration, and from when."""

    member: Annotated[Member, Checked(Member.parse, MEMBER_SCHEMA)]
    effective_date: Day
    example: ClassVar[Json] = {
        **MEMBER_EXAMPLE, "full_name": "Nguyễn Thị Cúc", "sex": "F", "birth_date": "2024-08-20",
        "relationship_to_head": "CHILD", "national_id": None, "effective_date": "2024-09-01",
    }  # fmt: skip

    @model_validator(mode="before")
    @classmethod
    def gather(cls, data: Any) -> Any:
        """The body is flat: the member is its fields, given a new id unless it has one."""
        if not isinstance(data, dict):
            return data
        given = {key: value for key, value in data.items() if value is not None}
        return {"member": with_member_id(given), "effective_date": data.get("effective_date")}

    @classmethod
    def documented(cls) -> Schema:
        fields = {**MEMBER_FIELDS, "effective_date": day_schema()}
        schema = {
            "type": "object",
            "properties": fields,
            "required": [*MEMBER_REQUIRED, "effective_date"],
        }
        return {**schema, "title": cls.__name__, "examples": [cls.example]}


class RemoveMember(Input):
    reason: Annotated[RemovalReason, choice(RemovalReason)]
    effective_date: Day
    example: ClassVar[Json] = {"reason": "MOVED_OUT", "effective_date": "2025-04-01"}


class ChangeHead(Input):
    member_id: Code
    effective_date: Day
    example: ClassVar[Json] = {"member_id": "…", "effective_date": "2025-04-01"}


class Retract(Input):
    """Takes back the entry at `target_version`; the date is today's unless given."""

    target_version: Number
    reason: Reason
    effective_date: OptionalDay = None
    example: ClassVar[Json] = {
        "target_version": 4,
        "reason": "Nhập nhầm số tiền",
        "effective_date": "2025-04-02",
    }


class VoidRegistration(Input):
    """A registration made by mistake; the date is today's unless given."""

    reason: Reason
    effective_date: OptionalDay = None
    example: ClassVar[Json] = {
        "reason": "Đăng ký trùng với hộ HP-0012",
        "effective_date": "2025-04-02",
    }


class ErasePersonalData(Input):
    reason: Reason
    example: ClassVar[Json] = {
        "reason": "Đơn yêu cầu xóa của chủ hộ ngày 01/12/2026; Luật 91/2025/QH15"
    }


# ---- the commune's decision ----------------------------------------------------------------


class IssueDecision(Input):
    """The chairman's decision recognising the households it names, each by its code."""

    decision_ref: Code
    signer: Text
    households: HouseholdCodes
    effective_date: Day
    example: ClassVar[Json] = {
        "decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình, Chủ tịch UBND phường",
        "households": ["QT-0001", "QT-0002"], "effective_date": "2025-12-10",
    }  # fmt: skip


# ---- the review round ------------------------------------------------------------------------


class OpenRound(Input):
    """The commune's periodic review of the year of its date, listing the households on the
    commune's lists that day."""

    effective_date: Day
    example: ClassVar[Json] = {"effective_date": "2026-09-03"}


class ReceiveApplication(Input):
    """A household's application to be reviewed (Mẫu số 01), received on its date: into the
    periodic round, or opening a regular review of its own."""

    household_code: Code
    effective_date: Day
    example: ClassVar[Json] = {"household_code": "QT-0042", "effective_date": "2026-09-10"}


class HoldMeeting(Input):
    """A village meeting and its minutes: who attended, and the households whose results it
    agreed and those it did not, by their codes."""

    village: Text
    attendance: Number
    minutes_ref: Code
    agreed: Codes = Field(default_factory=list)
    disagreed: Codes = Field(default_factory=list)
    effective_date: Day
    example: ClassVar[Json] = {
        "village": "Tổ dân phố 3", "attendance": 46, "minutes_ref": "BB-03/2026",
        "agreed": ["QT-0001", "QT-0002"], "disagreed": ["QT-0007"],
        "effective_date": "2026-11-20",
    }  # fmt: skip


class PostList(Input):
    """The results posted publicly from its date, where (the commune's office, the villages'
    halls); the posting lasts the procedure's working days."""

    places: Places
    effective_date: Day
    example: ClassVar[Json] = {
        "places": ["Trụ sở UBND phường", "Nhà văn hóa tổ dân phố 3"],
        "effective_date": "2026-11-24",
    }  # fmt: skip


class ReceiveComplaint(Input):
    """A complaint about a household's result, by its code."""

    household_code: Code
    complainant: Text
    grounds: Text
    effective_date: Day
    example: ClassVar[Json] = {
        "household_code": "QT-0002", "complainant": "Lê Văn Cường",
        "grounds": "Hộ có xe tải chở hàng, thu nhập cao hơn kê khai",
        "effective_date": "2026-11-26",
    }  # fmt: skip


class SettleComplaint(Input):
    """The re-check's outcome: upheld (the household was surveyed again) or rejected."""

    outcome: Annotated[ComplaintOutcome, choice(ComplaintOutcome)]
    finding: Text
    effective_date: Day
    example: ClassVar[Json] = {
        "outcome": "REJECTED", "finding": "Xe tải đã bán từ tháng 3; giữ kết quả rà soát",
        "effective_date": "2026-12-01",
    }  # fmt: skip


class ConsultDistrict(Input):
    """The district chairman's opinion, asked before recognising while there were districts
    (until 30 June 2025)."""

    opinion_ref: Code
    effective_date: Day
    example: ClassVar[Json] = {"opinion_ref": "215/UBND-LĐTBXH", "effective_date": "2024-12-05"}


class DecideRound(Input):
    """The chairman's decision ending the round: it recognises every household the round
    agreed, from its survey awaiting recognition."""

    decision_ref: Code
    signer: Text
    effective_date: Day
    example: ClassVar[Json] = {
        "decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình, Chủ tịch UBND phường",
        "effective_date": "2026-12-10",
    }  # fmt: skip


# ---- the registries ----------------------------------------------------------------------------


class EstablishModel(Input):
    code: Code
    name: Text
    kind: Annotated[ModelKind, choice(ModelKind)]
    sector: OptionalText = ""
    commune_code: Code
    budget_vnd: Amount = 0
    replicated_from: OptionalUuid = None
    effective_date: Day
    id: OptionalUuid = None
    example: ClassVar[Json] = {
        "code": "MH-QT-01", "name": "Nuôi gà thả vườn", "kind": "PRODUCTION",
        "sector": "Chăn nuôi", "commune_code": "11296", "budget_vnd": 300_000_000,
        "effective_date": "2023-04-01",
    }  # fmt: skip


class RegisterOfficial(Input):
    name: Text
    area_code: Code
    position: OptionalText = ""
    effective_date: Day
    id: OptionalUuid = None
    example: ClassVar[Json] = {
        "name": "Lê Văn Dũng", "area_code": "11296", "position": "Công chức LĐ-TB-XH",
        "effective_date": "2022-02-01",
    }  # fmt: skip


class RecordTraining(Input):
    course: Text
    effective_date: Day
    example: ClassVar[Json] = {
        "course": "Bồi dưỡng nghiệp vụ giảm nghèo 2023",
        "effective_date": "2023-06-15",
    }


class AdoptPlan(Input):
    reference: Code
    area_code: Code
    period_start: Day
    period_end: Day
    baseline_date: Day
    targets: Targets
    effective_date: Day
    standard_id: OptionalCode = ""  # none: the national standard
    example: ClassVar[Json] = {
        "reference": "120/KH-UBND", "area_code": "31", "period_start": "2026-01-01",
        "period_end": "2030-12-31", "baseline_date": "2026-01-01",
        "targets": {"near_poor_reduction": 50, "credit_access": 100, "models": 120},
        "effective_date": "2026-03-15",
    }  # fmt: skip


class ReviseTarget(Input):
    target: Code
    value: TargetValue
    effective_date: Day
    example: ClassVar[Json] = {"target": "models", "value": 320, "effective_date": "2024-01-15"}

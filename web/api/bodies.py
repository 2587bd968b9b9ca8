"""Request bodies as the OpenAPI document describes them: every field with its JSON type, its
bounds and choices, which ones are required, and one valid example ("…" stands for an id the
client has from an earlier answer). The schema documents; the application parses, field by
field, for the API, the CLI, the forms and the demo alike, so every refusal keeps the one set of
rules and messages in the user's language (docs/decisions.md, "Typed edges"). A body reaches
the application as the JSON object it was."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import Body
from pydantic import WithJsonSchema

from domain.fields import FIELD_LABELS
from domain.household import MAX_MEMBERS
from domain.standards import catalogue
from domain.values import (
    ADDRESS_MAX,
    CATEGORY_KEYS,
    CODE_MAX,
    MAX_AMOUNT,
    REASON_MAX,
    TEXT_MAX,
    Cause,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    ModelKind,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    SupportKind,
)

Json = dict[str, Any]
Schema = dict[str, Any]

# ---- the fields' JSON types ------------------------------------------------------------------


def text(limit: int = TEXT_MAX) -> Schema:
    return {"type": "string", "minLength": 1, "maxLength": limit}


def code() -> Schema:
    return text(CODE_MAX)


def day() -> Schema:
    return {"type": "string", "format": "date"}


def amount(positive: bool = False) -> Schema:
    return {"type": "integer", "minimum": 1 if positive else 0, "maximum": MAX_AMOUNT}


def choice(enum: type[StrEnum]) -> Schema:
    return {"type": "string", "enum": [member.value for member in enum]}


def choices(enum: type[StrEnum]) -> Schema:
    return {"type": "array", "items": choice(enum), "uniqueItems": True}


def ticks(keys: tuple[str, ...] | list[str]) -> Schema:
    """An object of yes/no answers, one per key."""
    return {
        "type": "object",
        "properties": {key: {"type": "boolean"} for key in keys},
        "additionalProperties": False,
    }


def optional(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def described(name: str, schema: Schema) -> Schema:
    """A field's schema with its label, as the forms show it, for its description."""
    label = FIELD_LABELS.get(name)
    return {**schema, "description": f"{label[1]} ({label[0]})"} if label else schema


def fields_of(fields: dict[str, Schema], required: list[str]) -> Schema:
    """An object of these fields, each described, the `required` ones required."""
    properties = {name: described(name, field) for name, field in fields.items()}
    return {"type": "object", "properties": properties, "required": required}


def body(title: str, example: Json, required: list[str], **fields: Schema) -> Any:
    """A JSON object body of these fields, documented; any JSON object is handed on."""
    schema = {"title": title, **fields_of(fields, required), "examples": [example]}
    return Annotated[Json, WithJsonSchema(schema), Body()]


# ---- shared parts ----------------------------------------------------------------------------

EFFECTIVE = {"effective_date": day()}
CLIENT_ID = {
    "id": {
        "type": "string",
        "format": "uuid",
        "description": "A random (version 4) id the client chose for the household (an offline "
        "form, an import)",
    }
}
MEMBER_FIELDS = {
    "member_id": code(), "full_name": text(), "sex": choice(Sex), "birth_date": day(),
    "relationship_to_head": choice(Relationship), "ethnicity": text(),
    "national_id": optional({"type": "string", "pattern": "^[0-9]{12}$"}),
    "working_capable": {"type": "boolean"},
}  # fmt: skip
MEMBER_REQUIRED = ["full_name", "sex", "birth_date", "relationship_to_head"]
MEMBER_SCHEMA = fields_of(MEMBER_FIELDS, MEMBER_REQUIRED)
MEMBER = {
    "full_name": "Nguyễn Văn An", "sex": "M", "birth_date": "1980-05-01",
    "relationship_to_head": "HEAD", "ethnicity": "Kinh", "national_id": "031080000123",
    "working_capable": True,
}  # fmt: skip
DEPRIVATIONS = dict.fromkeys(catalogue().get("VN-MDP-2022").keys, False)
# Every standard's indicators: which ones a survey must answer depends on its date and kind.
INDICATORS = sorted({key for standard in catalogue().standards for key in standard.keys})
PLACE = {"commune_code": code(), "village": text(), "address": text(ADDRESS_MAX)}

# ---- the bodies ------------------------------------------------------------------------------

Register = body(
    "Registration",
    {
        "household_code": "QT-0001", "commune_code": "11296", "village": "Tổ dân phố 3",
        "address": "12 Đường Quán Toan", "members": [MEMBER],
        "flags": {"ethnic_minority": False, "revolutionary_merit": False,
                  "no_labour_capacity": False, "social_protection": False,
                  "agricultural": True},
        "effective_date": "2024-03-01",
    },
    ["household_code", "commune_code", "village", "members"],
    household_code=code(), **PLACE,
    members={"type": "array", "items": MEMBER_SCHEMA, "minItems": 1, "maxItems": MAX_MEMBERS},
    flags=ticks(CATEGORY_KEYS), **EFFECTIVE, **CLIENT_ID,
)  # fmt: skip
Survey = body(
    "Survey",
    {
        "kind": "PERIODIC", "effective_date": "2024-10-15", "income_per_capita_vnd": 1_400_000,
        "b1_score": 120, "deprivations": {**DEPRIVATIONS, "health_insurance": True},
        "causes": ["CAPITAL"], "needs": ["CREDIT"], "surveyor": "Trần Thị Bình",
    },
    ["kind", "income_per_capita_vnd", "deprivations"],
    kind=choice(ReviewKind), income_per_capita_vnd=amount(), b1_score=optional(amount()),
    deprivations=ticks(INDICATORS), causes=choices(Cause), needs=choices(Need),
    surveyor=text(), survey_id=code(), **EFFECTIVE,
)  # fmt: skip
Classification = body(
    "Classification",
    {"survey_id": "…", "decision_ref": "123/QĐ-UBND", "effective_date": "2024-12-20"},
    ["survey_id", "decision_ref"],
    survey_id=code(),
    decision_ref=code(),
    **EFFECTIVE,
)
Decision = body(
    "Decision",
    {
        "decision_ref": "45/QĐ-UBND", "signer": "Nguyễn Văn Bình, Chủ tịch UBND phường",
        "households": ["QT-0001", "QT-0002"], "effective_date": "2025-12-10",
    },
    ["decision_ref", "signer", "households"],
    decision_ref=code(), signer=text(),
    households={"type": "array", "items": code(), "minItems": 1, "uniqueItems": True},
    **EFFECTIVE,
)  # fmt: skip
Loan = body(
    "Loan",
    {
        "programme": "NEAR_POOR", "amount_vnd": 50_000_000, "term_months": 60,
        "purpose": "Chăn nuôi lợn", "organisation": "WOMENS_UNION",
        "savings_group": "Tổ TK&VV thôn Đông 2", "effective_date": "2025-01-10",
    },
    ["programme", "amount_vnd", "term_months", "organisation"],
    loan_id=code(), programme=choice(LoanProgramme), amount_vnd=amount(positive=True),
    term_months=amount(positive=True),
    annual_rate_pct=optional({"type": ["number", "string"], "minimum": 0, "maximum": 100}),
    purpose=text(), organisation=choice(EntrustingOrganisation), savings_group=text(),
    **EFFECTIVE,
)  # fmt: skip
Categories = body(
    "Categories",
    {"categories": {"agricultural": True, "social_protection": False},
     "effective_date": "2025-03-01"},
    ["categories"],
    categories=ticks(CATEGORY_KEYS), **EFFECTIVE,
)  # fmt: skip
Repayment = body(
    "Repayment",
    {"amount_vnd": 5_000_000, "effective_date": "2025-07-10"},
    ["amount_vnd"],
    amount_vnd=amount(positive=True),
    **EFFECTIVE,
)
Enrolment = body(
    "Enrolment",
    {
        "model_id": "…", "member_ids": ["…"], "support_amount_vnd": 10_000_000,
        "effective_date": "2025-03-01",
    },
    ["model_id"],
    model_id={"type": "string", "format": "uuid"},
    member_ids={"type": "array", "items": code(), "uniqueItems": True},
    support_amount_vnd=optional(amount()), **EFFECTIVE,
)  # fmt: skip
Support = body(
    "Support",
    {
        "kind": "HEALTH_INSURANCE", "project": 7, "amount_vnd": 1_100_000,
        "provider": "UBND phường", "effective_date": "2025-01-05",
    },
    ["kind"],
    kind=choice(SupportKind), project=optional({"type": "integer", "minimum": 1}),
    amount_vnd=optional(amount()), provider=text(), member_id=optional(code()), **EFFECTIVE,
)  # fmt: skip
Employment = body(
    "Employment",
    {
        "member_id": "…", "kind": "WAGE_CONTRACT", "employer": "Công ty May Hải Phòng",
        "effective_date": "2025-02-01",
    },
    ["member_id", "kind"],
    member_id=code(), kind=choice(EmploymentKind), employer=text(), **EFFECTIVE,
)  # fmt: skip
Dated = body("Dated", {"effective_date": "2025-06-30"}, [], **EFFECTIVE)
Move = body(
    "Move",
    {
        "commune_code": "11299", "village": "Tổ dân phố 1", "address": "5 Hùng Vương",
        "effective_date": "2025-05-01",
    },
    ["commune_code", "village"],
    **PLACE, household_code=code(), **EFFECTIVE,
)  # fmt: skip
Assignment = body("Assignment", {"commune_code": "11488"}, ["commune_code"], commune_code=code())
VillageAssignment = body(
    "VillageAssignment",
    {"old_commune_code": "11485", "village": "Thôn 3", "commune_code": "11488"},
    ["old_commune_code", "village", "commune_code"],
    old_commune_code=code(), village=text(), commune_code=code(),
)  # fmt: skip
NewMember = body(
    "NewMember",
    {
        **MEMBER, "full_name": "Nguyễn Thị Cúc", "sex": "F", "birth_date": "2024-08-20",
        "relationship_to_head": "CHILD", "national_id": None, "effective_date": "2024-09-01",
    },
    MEMBER_REQUIRED,
    **MEMBER_FIELDS, **EFFECTIVE,
)  # fmt: skip
Removal = body(
    "Removal",
    {"reason": "MOVED_OUT", "effective_date": "2025-04-01"},
    ["reason"],
    reason=choice(RemovalReason),
    **EFFECTIVE,
)
Head = body(
    "Head",
    {"member_id": "…", "effective_date": "2025-04-01"},
    ["member_id"],
    member_id=code(),
    **EFFECTIVE,
)
Retraction = body(
    "Retraction",
    {"target_version": 4, "reason": "Nhập nhầm số tiền", "effective_date": "2025-04-02"},
    ["target_version", "reason"],
    target_version={"type": "integer", "minimum": 1}, reason=text(REASON_MAX), **EFFECTIVE,
)  # fmt: skip
Void = body(
    "Void",
    {"reason": "Đăng ký trùng với hộ HP-0012", "effective_date": "2025-04-02"},
    ["reason"],
    reason=text(REASON_MAX),
    **EFFECTIVE,
)
Erasure = body(
    "Erasure",
    {"reason": "Đơn yêu cầu xóa của chủ hộ ngày 01/12/2026; Luật 91/2025/QH15"},
    ["reason"],
    reason=text(REASON_MAX),
)
Model = body(
    "Model",
    {
        "code": "MH-QT-01", "name": "Nuôi gà thả vườn", "kind": "PRODUCTION",
        "sector": "Chăn nuôi", "commune_code": "11296", "budget_vnd": 300_000_000,
        "effective_date": "2023-04-01",
    },
    ["code", "name", "kind", "commune_code"],
    code=code(), name=text(), kind=choice(ModelKind), sector=text(), commune_code=code(),
    budget_vnd=optional(amount()), replicated_from=optional(code()), **EFFECTIVE,
)  # fmt: skip
Official = body(
    "Official",
    {
        "name": "Lê Văn Dũng", "area_code": "11296", "position": "Công chức LĐ-TB-XH",
        "effective_date": "2022-02-01",
    },
    ["name", "area_code"],
    name=text(), area_code=code(), position=text(), **EFFECTIVE,
)  # fmt: skip
Training = body(
    "Training",
    {"course": "Bồi dưỡng nghiệp vụ giảm nghèo 2023", "effective_date": "2023-06-15"},
    ["course"],
    course=text(),
    **EFFECTIVE,
)
PlanAdoption = body(
    "PlanAdoption",
    {
        "reference": "120/KH-UBND", "area_code": "31", "period_start": "2026-01-01",
        "period_end": "2030-12-31", "baseline_date": "2026-01-01",
        "targets": {"near_poor_reduction": 50, "credit_access": 100, "models": 120},
        "effective_date": "2026-03-15",
    },
    ["reference", "area_code", "period_start", "period_end", "targets"],
    reference=code(), area_code=code(), period_start=day(), period_end=day(),
    baseline_date=day(),
    targets={"type": "object", "additionalProperties": {"type": "number"}, "minProperties": 1},
    **EFFECTIVE,
)  # fmt: skip

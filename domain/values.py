"""Value types shared by the aggregates: enumerations of the programme and household members.

Events carry plain JSON values (strings, numbers, dates); these types turn them into checked
domain values and back, so the stored history never depends on a Python class layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from domain.errors import FieldChecks, ValidationError


class Status(StrEnum):
    POOR = "POOR"
    NEAR_POOR = "NEAR_POOR"
    AVERAGE = "AVERAGE"
    NON_POOR = "NON_POOR"

    @property
    def level(self) -> int:
        return {"POOR": 2, "NEAR_POOR": 1}.get(self.value, 0)


class Transition(StrEnum):
    NEW = "NEW"
    ESCAPED = "ESCAPED"
    RELAPSED = "RELAPSED"
    UNCHANGED = "UNCHANGED"


class ReviewKind(StrEnum):
    PERIODIC = "PERIODIC"
    REGULAR = "REGULAR"


class AreaKind(StrEnum):
    URBAN = "URBAN"
    RURAL = "RURAL"


class CommuneKind(StrEnum):
    XA = "XA"
    PHUONG = "PHUONG"
    THI_TRAN = "THI_TRAN"
    DAC_KHU = "DAC_KHU"


class DistrictKind(StrEnum):
    QUAN = "QUAN"
    HUYEN = "HUYEN"
    THANH_PHO = "THANH_PHO"
    THI_XA = "THI_XA"


class Need(StrEnum):
    CREDIT = "CREDIT"
    PRODUCTION_SUPPORT = "PRODUCTION_SUPPORT"
    EMPLOYMENT = "EMPLOYMENT"
    VOCATIONAL_TRAINING = "VOCATIONAL_TRAINING"
    HEALTH = "HEALTH"
    EDUCATION = "EDUCATION"
    HOUSING = "HOUSING"
    INFORMATION = "INFORMATION"
    OTHER = "OTHER"


class Cause(StrEnum):
    LAND = "LAND"
    CAPITAL = "CAPITAL"
    LABOUR = "LABOUR"
    TOOLS = "TOOLS"
    PRODUCTION_KNOWLEDGE = "PRODUCTION_KNOWLEDGE"
    SKILLS = "SKILLS"
    ILLNESS_ACCIDENT = "ILLNESS_ACCIDENT"
    OTHER = "OTHER"


class SupportKind(StrEnum):
    PRODUCTION_CAPACITY = "PRODUCTION_CAPACITY"
    VOCATIONAL_TRAINING = "VOCATIONAL_TRAINING"
    HEALTH_INSURANCE = "HEALTH_INSURANCE"
    EDUCATION = "EDUCATION"
    HOUSING = "HOUSING"
    NUTRITION = "NUTRITION"
    INFORMATION = "INFORMATION"
    OTHER = "OTHER"


class LoanProgramme(StrEnum):
    POOR = "POOR"
    NEAR_POOR = "NEAR_POOR"
    NEWLY_ESCAPED = "NEWLY_ESCAPED"
    JOB_CREATION = "JOB_CREATION"
    WATER_SANITATION = "WATER_SANITATION"
    HOUSING = "HOUSING"
    STUDENT = "STUDENT"
    OVERSEAS_WORK = "OVERSEAS_WORK"


class ComplaintOutcome(StrEnum):
    """What the re-check (phúc tra) of a complaint about a review's result found."""

    UPHELD = "UPHELD"  # the result was wrong; the household was surveyed again
    REJECTED = "REJECTED"  # the result stands


class EntrustingOrganisation(StrEnum):
    """The four socio-political organisations the social policy bank entrusts with its loans to
    households; a borrower belongs to a savings and loan group (Tổ TK&VV) run under one of them
    (docs/spec/loans.md, "Organisation and group")."""

    FARMERS_UNION = "FARMERS_UNION"
    WOMENS_UNION = "WOMENS_UNION"
    VETERANS_ASSOCIATION = "VETERANS_ASSOCIATION"
    YOUTH_UNION = "YOUTH_UNION"


class EmploymentKind(StrEnum):
    WAGE_CONTRACT = "WAGE_CONTRACT"
    SELF_EMPLOYED = "SELF_EMPLOYED"
    OVERSEAS_CONTRACT = "OVERSEAS_CONTRACT"


class Relationship(StrEnum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    GRANDCHILD = "GRANDCHILD"
    SIBLING = "SIBLING"
    OTHER = "OTHER"


class Sex(StrEnum):
    M = "M"
    F = "F"


class RemovalReason(StrEnum):
    MOVED_OUT = "MOVED_OUT"
    DECEASED = "DECEASED"
    OTHER = "OTHER"


class ModelKind(StrEnum):
    PRODUCTION = "PRODUCTION"
    BUSINESS = "BUSINESS"
    SERVICE = "SERVICE"
    STARTUP = "STARTUP"


E = TypeVar("E", bound=StrEnum)

# A thousand trillion VND: far above any household's figure, well inside a 64-bit column.
MAX_AMOUNT = 10**15

# The household's categories (diện hộ), each a fact with a date: given at registration and
# changed by `CategoriesChanged` (docs/spec/households.md, "Categories"). `agricultural`: the
# household lives from farming, forestry, fishing or salt-making, which decides whether its
# income in the average band is recognised as average-living (docs/spec/statuses.md).
CATEGORY_KEYS = (
    "ethnic_minority", "revolutionary_merit", "no_labour_capacity", "social_protection",
    "agricultural",
)  # fmt: skip
_NATIONAL_ID = re.compile(r"\d{12}")


def parse_enum(enum: type[E], value: object, field: str) -> E:
    """Turn an outside string into an enumeration member, naming the field when it is not one."""
    if value is None or value == "":
        raise ValidationError("required", field=field)
    try:
        return enum(str(value))
    except ValueError:
        raise ValidationError("invalid-value", field=field, value=value) from None


def parse_enums(enum: type[E], values: object, field: str) -> list[E]:
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        raise ValidationError("invalid-value", field=field, value=values)
    return sorted({parse_enum(enum, v, field) for v in values})


def check_year(value: object, field: str = "year") -> int:
    """A year of four digits, as a number or as typed."""
    if value is None or value == "":
        raise ValidationError("required", field=field)
    text = str(value)
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{4}", text):
        raise ValidationError("invalid-value", field=field, value=value)
    return int(text)


def check_amount(value: object, field: str, *, positive: bool = False) -> int:
    """Money and counts are whole numbers of VND; booleans and floats are refused."""
    if value is None:
        raise ValidationError("required", field=field)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        # An example of the field's own kind: a sum of money, or a count such as months.
        example = 1_500_000 if field.endswith("_vnd") else 36
        raise ValidationError("not-a-whole-number", field=field, example=example)
    if positive and value == 0:
        raise ValidationError("must-be-positive", field=field)
    if value > MAX_AMOUNT:
        raise ValidationError("amount-too-large", field=field, ceiling=MAX_AMOUNT)
    return value


# Lengths of the texts people type, sized to the read models that show them (docs/decisions.md).
CODE_MAX = 40
TEXT_MAX = 200
ADDRESS_MAX = 300
REASON_MAX = 500
# Characters that cannot be shown or stored as text: control characters (Unicode's category
# Cc: NUL, line breaks, ...) and lone surrogates (Cs), which PostgreSQL refuses and no form can
# type. One pattern, not a category lookup a character: every name of a bulk load passes here.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(
    value: object, field: str, *, required: bool = True, max_length: int = TEXT_MAX
) -> str:
    """A one-line text as typed into a form: trimmed, printable, and short enough for every
    view that shows it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError("required", field=field)
        return ""
    if not isinstance(value, str):
        raise ValidationError("invalid-value", field=field, value=value)
    text = value.strip()
    if len(text) > max_length:
        raise ValidationError("text-too-long", field=field, limit=max_length)
    if _UNPRINTABLE.search(text):
        raise ValidationError("text-unprintable", field=field)
    return text


def check_date(value: object, field: str) -> date:
    if isinstance(value, date):
        return value
    if value is None or value == "":
        raise ValidationError("required", field=field)
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("invalid-date", field=field) from None


# No one alive was born before it: an earlier date of birth is a typing slip (year 1, 1090).
EARLIEST_BIRTH = date(1900, 1, 1)


def check_birth_date(value: object, field: str) -> date:
    born = check_date(value, field)
    if born < EARLIEST_BIRTH:
        raise ValidationError(
            "birth-date-too-early", field=field, date=born, earliest=EARLIEST_BIRTH
        )
    return born


def _national_id(value: object, field: str) -> str | None:
    if value is not None and not _NATIONAL_ID.fullmatch(str(value)):
        raise ValidationError("national-id-format", field=f"{field}.national_id")
    return None if value is None else str(value)


def _tick(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("invalid-value", field=f"{field}.working_capable", value=value)
    return value


# What a personal field reads once the household's data were erased (docs/spec/personal-data.md).
ERASED = "\u2014"


@dataclass(frozen=True)
class Member:
    """A person of the household as recorded: identity, and what the rules need to know."""

    member_id: str
    full_name: str
    sex: Sex
    birth_date: date
    relationship: Relationship
    ethnicity: str
    national_id: str | None
    working_capable: bool

    @classmethod
    def parse(cls, data: object, field: str = "members") -> Member:
        """Check one member given by a caller; every faulty field is named, each by its path."""
        if not isinstance(data, dict):
            raise ValidationError("invalid-value", field=field, value=data)
        with FieldChecks() as check:
            national_id = check(_national_id, data.get("national_id") or None, field)
            working_capable = check(_tick, data.get("working_capable", True), field)
            member = cls(
                member_id=check(
                    check_text, data.get("member_id"), f"{field}.member_id", max_length=CODE_MAX
                ),
                full_name=check(check_text, data.get("full_name"), f"{field}.full_name"),
                sex=check(parse_enum, Sex, data.get("sex"), f"{field}.sex"),
                birth_date=check(check_birth_date, data.get("birth_date"), f"{field}.birth_date"),
                relationship=check(
                    parse_enum,
                    Relationship,
                    data.get("relationship_to_head"),
                    f"{field}.relationship_to_head",
                ),
                ethnicity=check(check_text, data.get("ethnicity") or "Kinh", f"{field}.ethnicity"),
                national_id=national_id,
                working_capable=working_capable,
            )
        return member

    def to_data(self) -> dict[str, Any]:
        """The member as plain JSON values, as stored in events and given to callers."""
        return {
            "member_id": self.member_id,
            "full_name": self.full_name,
            "sex": self.sex.value,
            "birth_date": self.birth_date.isoformat(),
            "ethnicity": self.ethnicity,
            "national_id": self.national_id,
            "working_capable": self.working_capable,
            "relationship_to_head": self.relationship.value,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Member:
        """Rebuild a member from an event's plain values (already checked when recorded)."""
        return cls(
            member_id=data["member_id"],
            full_name=data["full_name"],
            sex=Sex(data["sex"]),
            birth_date=date.fromisoformat(data["birth_date"]),
            relationship=Relationship(data["relationship_to_head"]),
            ethnicity=data["ethnicity"],
            national_id=data["national_id"],
            working_capable=data["working_capable"],
        )

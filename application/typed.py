"""Commands as typed values: each is parsed once, where it enters (the API, a page's form, the
CLI), into a frozen Pydantic model whose fields are checked by the domain's own checks. The
rules and the messages stay the domain's (`domain.values`, `domain.errors`), every faulty field
is named at once, and the model's JSON schema is what `/api/docs` shows (docs/decisions.md,
"Typed edges")."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Self, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
)
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError, core_schema

from domain.errors import FIELD_KINDS, DomainError, InvalidFieldsError, ValidationError
from domain.fields import FIELD_LABELS
from domain.values import (
    ADDRESS_MAX,
    CODE_MAX,
    MAX_AMOUNT,
    REASON_MAX,
    TEXT_MAX,
    check_amount,
    check_date,
    check_text,
    parse_enum,
    parse_enums,
)

E = TypeVar("E", bound=StrEnum)
Check = Callable[[Any, str], Any]
Schema = dict[str, Any]
Json = dict[str, Any]


class Checked:
    """A field's check, as pydantic metadata: the field's value is what `check(value, field)`
    makes of the input, and its JSON schema is `schema`. A refusal of the field is kept to be
    named with the others; any other refusal stops at once."""

    def __init__(self, check: Check, schema: Schema) -> None:
        self.check = check
        self.schema = schema

    def validate(self, value: object, info: ValidationInfo) -> Any:
        try:
            return self.check(value, info.field_name or "")
        except DomainError as error:
            if error.field is None or error.kind not in FIELD_KINDS:
                raise
            raise PydanticCustomError("refused", "refused", {"refusals": error.refusals}) from None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> Schema:
        return dict(self.schema)


class Input(BaseModel):
    """A command's input. Fields without a default are required (absent is refused as
    `required`, in the user's language); the others say what absent means."""

    model_config = ConfigDict(frozen=True, validate_default=True, extra="ignore")
    _source: Json | None = PrivateAttr(default=None)

    # A title and one valid example for the API's documentation ("…" stands for an id).
    example: ClassVar[Json] = {}

    @classmethod
    def parse(cls, body: object) -> Self:
        """The command from what a caller sent, or the refusal of every faulty field."""
        if not isinstance(body, Mapping):
            raise ValidationError("invalid-value", field="body", value=body)
        try:
            parsed = cls.model_validate(dict(body))
        except PydanticError as error:
            raise refusal(error) from None
        parsed._source = json.loads(json.dumps(dict(body), default=str))
        return parsed

    def payload(self) -> Json:
        """What the caller sent, as the idempotency fingerprint compares it: a repeat with the
        same body is the same command, whatever ids the parse drew for absent ones."""
        return self._source if self._source is not None else self.model_dump(mode="json")

    @classmethod
    def documented(cls) -> Schema:
        """The body's JSON schema, each field described by its label on the forms."""
        schema = cls.model_json_schema()
        for name, prop in schema.get("properties", {}).items():
            prop.pop("default", None)
            label = FIELD_LABELS.get(name)
            if label:
                prop["description"] = f"{label[1]} ({label[0]})"
        return {**schema, "title": cls.__name__, "examples": [cls.example]}


def refusal(error: PydanticError) -> DomainError:
    """The domain's refusal for each faulty field, in the order of the fields."""
    refusals: list[DomainError] = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "body"
        if problem["type"] == "refused":
            refusals.extend(problem["ctx"]["refusals"])
        elif problem["type"] == "missing":
            refusals.append(ValidationError("required", field=field))
        else:
            refusals.append(ValidationError("invalid-value", field=field, value=problem["input"]))
    return InvalidFieldsError(refusals) if len(refusals) > 1 else refusals[0]


# ---- the fields' JSON shapes -----------------------------------------------------------------


def text_schema(limit: int) -> Schema:
    return {"type": "string", "minLength": 1, "maxLength": limit}


def day_schema() -> Schema:
    return {"type": "string", "format": "date"}


def choice_schema(enum: type[StrEnum]) -> Schema:
    return {"type": "string", "enum": [member.value for member in enum]}


def ticks_schema(keys: Sequence[str]) -> Schema:
    """An object of yes/no answers, one per key."""
    return {
        "type": "object",
        "properties": {key: {"type": "boolean"} for key in keys},
        "additionalProperties": False,
    }


def optional_schema(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


# ---- the kinds of field ----------------------------------------------------------------------


def optional(check: Check, schema: Schema) -> Checked:
    """A field where absent (or null) is `None`, and anything else is checked by `check`."""
    return Checked(lambda value, name: None if value is None else check(value, name),
                      optional_schema(schema))  # fmt: skip


def text(limit: int = TEXT_MAX, required: bool = True) -> Checked:
    """A one-line text as typed: trimmed, printable, at most `limit` characters; absent is ""
    where it is not required."""
    return Checked(
        lambda value, name: check_text(value, name, required=required, max_length=limit),
        text_schema(limit),
    )


def choice(enum: type[E]) -> Checked:
    return Checked(lambda value, name: parse_enum(enum, value, name), choice_schema(enum))


def choices(enum: type[E]) -> Checked:
    """Several of an enumeration's members, each once, in their order; absent is none."""
    schema = {"type": "array", "items": choice_schema(enum), "uniqueItems": True}
    return Checked(lambda values, name: parse_enums(enum, values, name), schema)


def amount_schema(positive: bool = False) -> Schema:
    return {"type": "integer", "minimum": 1 if positive else 0, "maximum": MAX_AMOUNT}


def ticks(keys: Sequence[str], required: bool = False) -> Checked:
    """Some of these keys, each ticked or not; absent is none where it is not required."""

    def check(value: object, name: str) -> dict[str, bool]:
        if value is None and required:
            raise ValidationError("required", field=name)
        if value is None:
            return {}
        if (
            not isinstance(value, dict)
            or not set(value) <= set(keys)
            or not all(isinstance(tick, bool) for tick in value.values())
        ):
            raise ValidationError("invalid-value", field=name, value=value)
        return value

    return Checked(check, ticks_schema(keys))


def parse_uuid(value: object, field: str) -> UUID:
    if value is None or value == "":
        raise ValidationError("required", field=field)
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise ValidationError("invalid-value", field=field, value=value) from None


def whole_number(value: object, field: str) -> int:
    """A number a person counts (a project, a version), not a sum of money."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("invalid-value", field=field, value=value)
    return value


def rate(value: object, field: str) -> str:
    """A percentage from 0 to 100 as a number or a numeric string, kept as its decimal text."""
    number: Decimal | None = None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        raise ValidationError("not-a-rate", field=field, value=value, example="6.6")
    return str(number)


def codes(value: object, field: str) -> list[str]:
    """Codes or ids, as texts; absent is none."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("invalid-value", field=field, value=value)
    return [check_text(item, f"{field}[{index}]", max_length=CODE_MAX)
            for index, item in enumerate(value)]  # fmt: skip


Text = Annotated[str, text()]
OptionalText = Annotated[str, text(required=False)]
Code = Annotated[str, text(CODE_MAX)]
OptionalCode = Annotated[str, text(CODE_MAX, required=False)]
Address = Annotated[str, text(ADDRESS_MAX, required=False)]
Reason = Annotated[str, text(REASON_MAX)]
Day = Annotated[date, Checked(check_date, day_schema())]
OptionalDay = Annotated[date | None, optional(check_date, day_schema())]
Amount = Annotated[int, Checked(check_amount, amount_schema())]
PositiveAmount = Annotated[int, Checked(
    lambda value, name: check_amount(value, name, positive=True), amount_schema(positive=True)
)]  # fmt: skip
OptionalAmount = Annotated[int | None, optional(check_amount, amount_schema())]
UUID_SCHEMA: Schema = {"type": "string", "format": "uuid"}
Uuid = Annotated[UUID, Checked(parse_uuid, UUID_SCHEMA)]
OptionalUuid = Annotated[UUID | None, optional(parse_uuid, UUID_SCHEMA)]
Number = Annotated[int, Checked(whole_number, {"type": "integer", "minimum": 1})]
OptionalNumber = Annotated[int | None, optional(whole_number, {"type": "integer", "minimum": 1})]
Rate = Annotated[
    str | None, optional(rate, {"type": ["number", "string"], "minimum": 0, "maximum": 100})
]
Codes = Annotated[list[str], Checked(codes, {"type": "array", "items": text_schema(CODE_MAX)})]

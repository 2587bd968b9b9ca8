"""Commands parsed once into typed values, by the domain's own checks: what a caller may send,
what it is told when it is wrong, and what the API documents of it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from application import inputs
from application.typed import Input
from domain.errors import DomainError
from domain.values import Cause, LoanProgramme, Member

COMMANDS: list[type[Input]] = [
    kind
    for kind in vars(inputs).values()
    if isinstance(kind, type) and issubclass(kind, Input) and kind is not Input
]


def with_ids(value: Any) -> Any:
    """The example with a real id where it says "…" (an id the client has from an answer)."""
    if value == "…":
        return str(uuid4())
    if isinstance(value, list):
        return [with_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: with_ids(item) for key, item in value.items()}
    return value


def refused(kind: type[Input], body: dict[str, Any]) -> list[tuple[str, str | None]]:
    with pytest.raises(DomainError) as refusal:
        kind.parse(body)
    return [(one.code, one.field) for one in refusal.value.refusals]


def test_there_is_a_typed_input_for_every_command_of_the_api() -> None:
    assert len(COMMANDS) >= 25


@pytest.mark.parametrize("kind", COMMANDS, ids=lambda kind: kind.__name__)
def test_every_documented_example_is_a_valid_command(kind: type[Input]) -> None:
    assert isinstance(kind.parse(with_ids(kind.example)), kind)


@pytest.mark.parametrize("kind", COMMANDS, ids=lambda kind: kind.__name__)
def test_the_documented_required_fields_are_those_refused_when_absent(kind: type[Input]) -> None:
    absent = {field.removeprefix("member.") for _, field in refused(kind, {}) if field}

    assert absent == set(kind.documented().get("required", []))


def test_every_faulty_field_is_named_at_once_with_the_domains_rule() -> None:
    body = {"programme": "GOLD", "amount_vnd": -5, "term_months": 60, "effective_date": "x"}

    assert refused(inputs.GrantLoan, body) == [
        ("invalid-value", "programme"),
        ("not-a-whole-number", "amount_vnd"),
        ("required", "organisation"),
        ("invalid-date", "effective_date"),
    ]


def test_a_refusal_is_worded_in_the_users_language() -> None:
    with pytest.raises(DomainError) as refusal:
        inputs.RepayLoan.parse({"amount_vnd": 0, "effective_date": "2025-07-10"})

    assert refusal.value.code == "must-be-positive"
    assert "Số tiền" in refusal.value.message("vi")


def test_a_parsed_command_holds_the_domains_values() -> None:
    loan = inputs.GrantLoan.parse(
        {
            "programme": "NEAR_POOR", "amount_vnd": 50_000_000, "term_months": 60,
            "organisation": "WOMENS_UNION", "purpose": "  Chăn nuôi lợn ",
            "annual_rate_pct": "6.6", "effective_date": "2025-01-10",
        }
    )  # fmt: skip

    assert loan.programme is LoanProgramme.NEAR_POOR
    assert loan.effective_date == date(2025, 1, 10)
    assert loan.purpose == "Chăn nuôi lợn"
    assert loan.annual_rate_pct == "6.6"


def test_an_absent_optional_field_says_what_absent_means() -> None:
    survey = inputs.RecordSurvey.parse(
        {"kind": "PERIODIC", "effective_date": "2024-10-15", "income_per_capita_vnd": 1_400_000}
    )

    assert (survey.causes, survey.needs, survey.surveyor, survey.b1_score) == ([], [], "", None)


def test_causes_are_kept_each_once_in_their_order() -> None:
    survey = inputs.RecordSurvey.parse(
        {
            "kind": "PERIODIC", "effective_date": "2024-10-15", "income_per_capita_vnd": 1,
            "causes": ["SKILLS", "CAPITAL", "SKILLS"],
        }
    )  # fmt: skip

    assert survey.causes == sorted({Cause.SKILLS, Cause.CAPITAL})


def test_a_command_cannot_be_changed_once_parsed() -> None:
    head = inputs.ChangeHead.parse({"member_id": "m-1", "effective_date": "2025-04-01"})

    with pytest.raises(ValidationError, match="frozen"):
        head.member_id = "m-2"  # type: ignore[misc]


def test_a_repeated_body_is_the_same_command_for_its_receipt_whatever_ids_the_parse_drew() -> None:
    body = {
        "household_code": "QT-1", "commune_code": "11296", "village": "Tổ 1",
        "effective_date": "2024-03-01",
        "members": [{"full_name": "An", "sex": "M", "birth_date": "1980-05-01",
                     "relationship_to_head": "HEAD"}],
    }  # fmt: skip
    first, again = inputs.RegisterHousehold.parse(body), inputs.RegisterHousehold.parse(body)

    assert first.members[0].member_id != again.members[0].member_id
    assert first.payload() == again.payload() == body


def test_a_new_member_is_given_an_id_unless_the_caller_chose_one() -> None:
    member = {"full_name": "Cúc", "sex": "F", "birth_date": "2024-08-20",
              "relationship_to_head": "CHILD", "effective_date": "2024-09-01"}  # fmt: skip

    drawn = inputs.AddMember.parse(member).member
    chosen = inputs.AddMember.parse({**member, "member_id": "cuc"}).member

    assert isinstance(drawn, Member)
    assert drawn.member_id
    assert chosen.member_id == "cuc"


def test_a_body_that_is_not_an_object_is_refused() -> None:
    assert refused(inputs.Dated, ["2025-01-01"]) == [("invalid-value", "body")]  # type: ignore[arg-type]

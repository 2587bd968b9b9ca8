"""A caseworker at the application's services, for the service and behaviour tests: plain
bodies in, answers or refusals out, the way the web and CLI layers call them. The indicator
keys and survey answers it sends come from docs/spec/ (tests.domain.spec), not from the data."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import count
from typing import Any

from application import inputs
from application.commands import Actor, CommandContext, Written, context
from application.infrastructure.settings import Settings
from application.system import System
from domain.errors import DomainError
from tests.domain.spec import (
    RURAL_2022_ANSWERS,
    SPEC_INDICATORS,
    deprivations,
    standard_for_review,
)

# Xã Hữu Bằng, which went wholly into Xã Kiến Thụy on 2025-07-01: a xã throughout, and its
# caseworker (whose scope continues as Kiến Thụy's) sees its households on either side.
CASEWORKER = Actor("canbo.huubang", "caseworker", "11701")
RURAL_COMMUNE, RURAL_COMMUNE_SINCE_2025 = "11701", "11680"
REORGANISED = date(2025, 7, 1)


def member(full_name: str, sex: str, birth_date: str, relationship: str) -> dict[str, Any]:
    return {
        "full_name": full_name,
        "sex": sex,
        "birth_date": birth_date,
        "relationship_to_head": relationship,
    }


HEAD = member("Nguyễn Văn An", "M", "1975-04-02", "HEAD")
SPOUSE = member("Trần Thị Bình", "F", "1978-09-12", "SPOUSE")


def open_system(today: date) -> System:
    """The whole application on the in-memory store, with a fixed today."""
    return System.open(Settings(database_url="memory://"), today=lambda: today)


@dataclass(frozen=True)
class Outcome:
    """What the user sees after a command: the answer, or the refusal; and whether the
    household's history grew."""

    answer: dict[str, Any] | None
    error: DomainError | None
    version_before: int
    version_after: int

    @property
    def accepted(self) -> bool:
        return self.error is None

    def expect_accepted(self) -> dict[str, Any]:
        assert self.error is None, f"refused: {self.error.code} ({self.error.message('en')})"
        assert self.answer is not None
        return self.answer

    def expect_refused(self, code: str, field: str | None) -> DomainError:
        assert self.error is not None, f"accepted: {self.answer}"
        assert (self.error.code, self.error.field) == (code, field), self.error.message("en")
        assert self.version_after == self.version_before, "a refused command recorded events"
        return self.error


@dataclass(frozen=True)
class HouseholdRef:
    id: str
    member_ids: dict[str, str]  # full name -> member id
    registered_on: date


Write = Callable[[CommandContext], Written]


class Desk:
    """One caseworker's session at the household services."""

    def __init__(self, system: System, actor: Actor = CASEWORKER) -> None:
        self.system = system
        self.actor = actor
        self.households = system.households
        self._codes = count(1)

    def ctx(self, key: str | None = None, expected_version: int | None = None) -> CommandContext:
        return context(self.actor, idempotency_key=key, expected_version=expected_version)

    # ---- registering and reading -------------------------------------------------------

    def registration(
        self,
        on: date,
        commune_code: str | None = None,
        members: Sequence[Mapping[str, Any]] = (HEAD, SPOUSE),
        code: str | None = None,
        flags: Mapping[str, bool] | None = None,
    ) -> dict[str, Any]:
        return {
            "flags": dict(flags or {}),
            "effective_date": on.isoformat(),
            "commune_code": commune_code
            or (RURAL_COMMUNE if on < REORGANISED else RURAL_COMMUNE_SINCE_2025),
            "household_code": code or f"HP-{next(self._codes):04d}",
            "village": "Thôn 1",
            "address": "Số 1",
            "members": [dict(m) for m in members],
        }

    def attempt_registration(
        self, body: Mapping[str, Any], ctx: CommandContext | None = None
    ) -> Outcome:
        try:
            answer, error = (
                self.households.register(
                    ctx or self.ctx(), inputs.RegisterHousehold.parse(body)
                ).answer,
                None,
            )
        except DomainError as exc:
            answer, error = None, exc
        return Outcome(answer, error, 0, 0)

    def register(self, on: date, **options: Any) -> HouseholdRef:
        body = self.registration(on, **options)
        answer = self.attempt_registration(body).expect_accepted()
        given, answered = body["members"], answer["members"]
        ids = {m["full_name"]: a["member_id"] for m, a in zip(given, answered, strict=True)}
        return HouseholdRef(answer["id"], ids, on)

    def version(self, household_id: str) -> int:
        return self.households.load(household_id).version

    def view(
        self, household_id: str, as_of: date | None = None, known_at: datetime | None = None
    ) -> dict[str, Any]:
        return self.households.get(household_id, as_of=as_of, known_at=known_at)

    def entries(self, household_id: str, known_at: datetime | None = None) -> list[dict[str, Any]]:
        return list(self.households.history(household_id, known_at=known_at, lang="en")["entries"])

    def entries_of(self, household_id: str, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.entries(household_id) if e["type"] == event_type]

    # ---- commands ----------------------------------------------------------------------

    def attempt(
        self, household_id: str, write: Write, ctx: CommandContext | None = None
    ) -> Outcome:
        before = self.version(household_id)
        try:
            answer, error = write(ctx or self.ctx()).answer, None
        except DomainError as exc:
            answer, error = None, exc
        return Outcome(answer, error, before, self.version(household_id))

    def survey_body(
        self,
        on: date,
        income: int,
        deprived: int,
        kind: str = "REGULAR",
        keys: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        keys = keys if keys is not None else SPEC_INDICATORS[standard_for_review(kind, on)]
        return {
            "effective_date": on.isoformat(),
            "kind": kind,
            "income_per_capita_vnd": income,
            "deprivations": deprivations(keys, deprived),
        }

    def survey(self, household_id: str, body: Mapping[str, Any], **ctx: Any) -> Outcome:
        return self.attempt(
            household_id,
            lambda c: self.households.record_survey(
                c, household_id, inputs.RecordSurvey.parse(body)
            ),
            self.ctx(**ctx),
        )

    def classify(self, household_id: str, on: date, survey_id: str, **ctx: Any) -> Outcome:
        body = {"effective_date": on.isoformat(), "survey_id": survey_id, "decision_ref": "QĐ/1"}
        return self.attempt(
            household_id,
            lambda c: self.households.classify(c, household_id, inputs.Classify.parse(body)),
            self.ctx(**ctx),
        )

    def review(
        self,
        household_id: str,
        surveyed_on: date,
        recognised_on: date,
        income: int,
        deprived: int,
        kind: str = "REGULAR",
    ) -> Outcome:
        """A survey, then the recognition of its result."""
        survey = self.survey(household_id, self.survey_body(surveyed_on, income, deprived, kind))
        if not survey.accepted:
            return survey
        return self.classify(household_id, recognised_on, survey.expect_accepted()["survey_id"])

    def recognise(self, household_id: str, status: str, on: date) -> Outcome:
        """Survey and recognise on one day, with answers that lead to `status` in a rural
        commune under VN-MDP-2022. Only a farming household is recognised AVERAGE: that
        category is recorded first where the household lacks it."""
        income, deprived = RURAL_2022_ANSWERS[status]
        if (
            status == "AVERAGE"
            and not self.view(household_id, as_of=on)["categories"]["agricultural"]
        ):
            self.change_categories(household_id, on, agricultural=True).expect_accepted()
        return self.review(household_id, on, on, income, deprived)

    def change_categories(self, household_id: str, on: date, **categories: bool) -> Outcome:
        body = {"effective_date": on.isoformat(), "categories": categories}
        return self.attempt(
            household_id,
            lambda c: self.households.change_categories(
                c, household_id, inputs.ChangeCategories.parse(body)
            ),
        )

    def grant_loan(
        self,
        household_id: str,
        on: date,
        programme: str,
        amount: int,
        term: int = 60,
        organisation: str = "FARMERS_UNION",
        savings_group: str = "",
        **ctx: Any,
    ) -> Outcome:
        body = {
            "effective_date": on.isoformat(),
            "programme": programme,
            "amount_vnd": amount,
            "term_months": term,
            "purpose": "chăn nuôi",
            "organisation": organisation,
            "savings_group": savings_group,
        }
        return self.attempt(
            household_id,
            lambda c: self.households.grant_loan(c, household_id, inputs.GrantLoan.parse(body)),
            self.ctx(**ctx),
        )

    def repay(self, household_id: str, loan_id: str, on: date, amount: int) -> Outcome:
        body = {"effective_date": on.isoformat(), "amount_vnd": amount}
        return self.attempt(
            household_id,
            lambda c: self.households.repay_loan(
                c, household_id, loan_id, inputs.RepayLoan.parse(body)
            ),
        )

    def retract(self, household_id: str, target_version: int, reason: str) -> Outcome:
        body = {"target_version": target_version, "reason": reason}
        return self.attempt(
            household_id,
            lambda c: self.households.retract(c, household_id, inputs.Retract.parse(body)),
        )

    def void(self, household_id: str, reason: str) -> Outcome:
        body = {"reason": reason}
        return self.attempt(
            household_id,
            lambda c: self.households.void_registration(
                c, household_id, inputs.VoidRegistration.parse(body)
            ),
        )

    def erase(self, household_id: str, reason: str) -> Outcome:
        body = {"reason": reason}
        return self.attempt(
            household_id,
            lambda c: self.households.erase_personal_data(
                c, household_id, inputs.ErasePersonalData.parse(body)
            ),
        )

    def secure_employment(self, household_id: str, member_id: str, on: date) -> Outcome:
        body = {
            "effective_date": on.isoformat(),
            "member_id": member_id,
            "kind": "WAGE_CONTRACT",
            "employer": "Công ty May Hải Phòng",
        }
        return self.attempt(
            household_id,
            lambda c: self.households.secure_employment(
                c, household_id, inputs.SecureEmployment.parse(body)
            ),
        )

    def remove_member(self, household_id: str, member_id: str, on: date, reason: str) -> Outcome:
        body = {"effective_date": on.isoformat(), "reason": reason}
        return self.attempt(
            household_id,
            lambda c: self.households.remove_member(
                c, household_id, member_id, inputs.RemoveMember.parse(body)
            ),
        )

    def change_head(self, household_id: str, member_id: str, on: date) -> Outcome:
        body = {"effective_date": on.isoformat(), "member_id": member_id}
        return self.attempt(
            household_id,
            lambda c: self.households.change_head(c, household_id, inputs.ChangeHead.parse(body)),
        )

"""Programme rules that are figures, kept as data (`data/programme.json`): the newly-escaped
window, the plan periods, and social policy credit (docs/spec/loans.md): who may borrow under which
programme, the ceiling, the term and the reference rate."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from domain.errors import RuleViolationError, ValidationError
from domain.values import AreaKind, LoanProgramme, Status
from domain.words import in_language

NEWLY_ESCAPED = "NEWLY_ESCAPED"
AVERAGE_LIVING = "AVERAGE_LIVING"


@dataclass(frozen=True)
class Standing:
    """What a programme's eligibility asks of a household on the disbursement date."""

    status: Status | None
    newly_escaped: bool
    average_living: bool

    def meets(self, condition: str) -> bool:
        if condition == NEWLY_ESCAPED:
            return self.newly_escaped
        if condition == AVERAGE_LIVING:
            return self.average_living or self.status is Status.AVERAGE
        return self.status is not None and self.status.value == condition

    def shown(self) -> str:
        return (NEWLY_ESCAPED if self.newly_escaped else None) or (
            self.status.value if self.status else "UNCLASSIFIED"
        )


@dataclass(frozen=True)
class ProgrammeRule:
    programme: LoanProgramme
    annual_rate_pct: Decimal
    requires: tuple[str, ...]  # any one of them; none: open to every household
    max_term_months: int
    rural_only: bool = False


@dataclass(frozen=True)
class HouseholdCeiling:
    """The most a household may owe, all its loans of these programmes together."""

    amount_vnd: int
    programmes: frozenset[LoanProgramme]


@dataclass(frozen=True)
class LoanRules:
    programmes: dict[LoanProgramme, ProgrammeRule]
    ceilings: tuple[HouseholdCeiling, ...]

    def reference_rate(self, programme: LoanProgramme) -> Decimal:
        return self.programmes[programme].annual_rate_pct

    def ceiling_of(self, programme: LoanProgramme) -> HouseholdCeiling | None:
        return next((c for c in self.ceilings if programme in c.programmes), None)

    def check_loan(
        self,
        programme: LoanProgramme,
        amount_vnd: int,
        term_months: int,
        on: str,
        standing: Standing,
        owed_vnd: int,
        area_kind: Callable[[], AreaKind] | None,
    ) -> None:
        """Eligibility on the disbursement date (the status, then the area: `area_kind` is
        asked only by a programme for rural households), then the household's ceiling
        (`owed_vnd`: the most it owes under the same ceiling on that date or after it, without
        this loan), then the programme's term."""
        rule = self.programmes[programme]
        self.check_eligibility(rule, on, standing)
        if rule.rural_only and (area_kind is None or area_kind() is not AreaKind.RURAL):
            raise RuleViolationError(
                "loan-rural-only", field="programme", programme=programme.value, date=on
            )
        ceiling = self.ceiling_of(programme)
        if ceiling is not None and owed_vnd + amount_vnd > ceiling.amount_vnd:
            raise RuleViolationError(
                "loan-ceiling",
                field="amount_vnd",
                amount=amount_vnd,
                owed=owed_vnd,
                ceiling=ceiling.amount_vnd,
                programme=programme.value,
            )
        if term_months > rule.max_term_months:
            raise RuleViolationError(
                "loan-term",
                field="term_months",
                term=term_months,
                max_term=rule.max_term_months,
                programme=programme.value,
            )

    def open_to(self, programme: LoanProgramme, standing: Standing) -> bool:
        requires = self.programmes[programme].requires
        return not requires or any(map(standing.meets, requires))

    def check_eligibility(self, rule: ProgrammeRule, on: str, standing: Standing) -> None:
        if not self.open_to(rule.programme, standing):
            raise RuleViolationError(
                "loan-eligibility",
                field="programme",
                programme=rule.programme.value,
                required=",".join(rule.requires),
                date=on,
                status=standing.shown(),
            )


@dataclass(frozen=True)
class PlanPeriod:
    """A period plans are made for (2022-2025, 2026-2030): the figures counted over a window
    (escapes, models, credit, support, training) count from the start of the period holding
    the date asked about, so every plan of one period measures the same window."""

    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class NationalProgramme:
    """A national target programme over its years, with the components (projects) a support
    names: the programme in force on a support's date is the one it belongs to
    (docs/spec/reorganisation.md)."""

    code: str
    vi: str
    en: str
    start: date
    end: date
    components: dict[int, tuple[str, str]]  # number → (Vietnamese, English)

    def name(self, lang: str = "vi") -> str:
        return in_language((self.vi, self.en), lang)

    def component(self, number: int, lang: str = "vi") -> str:
        return in_language(self.components[number], lang)


@dataclass(frozen=True)
class ProgrammeRules:
    newly_escaped_months: int
    loans: LoanRules
    plan_periods: tuple[PlanPeriod, ...]
    programmes: tuple[NationalProgramme, ...]

    def programme_on(self, day: date) -> NationalProgramme | None:
        return next((p for p in self.programmes if p.start <= day <= p.end), None)

    def check_component(self, number: int, day: date) -> None:
        """A support names a component of the programme in force on its date."""
        programme = self.programme_on(day)
        if programme is None or number not in programme.components:
            raise ValidationError(
                "project-range",
                field="project",
                project=number,
                date=day.isoformat(),
                years=f"{programme.start.year} - {programme.end.year}" if programme else "—",
                components=", ".join(map(str, programme.components if programme else ())) or "—",
            )

    def period_on(self, day: date) -> PlanPeriod | None:
        return next((p for p in self.plan_periods if p.holds(day)), None)


@cache
def programme_rules() -> ProgrammeRules:
    text = resources.files("domain").joinpath("data/programme.json").read_text("utf-8")
    data = json.loads(text)
    return ProgrammeRules(
        newly_escaped_months=data["newly_escaped_months"],
        loans=_loan_rules(data),
        plan_periods=tuple(
            PlanPeriod(date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
            for p in data["plan_periods"]
        ),
        programmes=tuple(
            NationalProgramme(
                p["code"],
                p["vi"],
                p["en"],
                date.fromisoformat(p["start"]),
                date.fromisoformat(p["end"]),
                {int(n): (c["vi"], c["en"]) for n, c in p["components"].items()},
            )
            for p in data["national_programmes"]
        ),
    )


def _loan_rules(data: dict[str, Any]) -> LoanRules:
    default_term = data["max_loan_term_months"]
    return LoanRules(
        programmes={
            LoanProgramme(name): ProgrammeRule(
                programme=LoanProgramme(name),
                annual_rate_pct=Decimal(rule["annual_rate_pct"]),
                requires=tuple(rule["requires"]),
                max_term_months=rule.get("max_term_months", default_term),
                rural_only=rule.get("rural_only", False),
            )
            for name, rule in data["loan_programmes"].items()
        },
        ceilings=tuple(
            HouseholdCeiling(
                ceiling["ceiling_vnd"], frozenset(map(LoanProgramme, ceiling["programmes"]))
            )
            for ceiling in data["household_loan_ceilings"]
        ),
    )

"""A plan such as 55/KH-UBND: its area, period, baseline and targets, revisions and closings.
Plans are per period and territory (docs/spec/reorganisation.md): each is adopted for one of the
plan periods (`PlanPeriod`) by a province or the city, so the figures counted over a window have one
start for every plan of a period."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, Snapshotted, deterministic_id
from domain.errors import RuleViolationError, ValidationError
from domain.programme import programme_rules
from domain.standards import catalogue

# The targets a plan may set: True where the target is a percentage (at most 100).
TARGETS: dict[str, bool] = {
    "near_poor_reduction": True,
    "credit_access": True,
    "models": False,
    "production_support": True,
    "sustainable_employment": True,
    "officials_trained": True,
}
# What each target measures, as the plans word it (Vietnamese, English).
TARGET_NAMES: dict[str, tuple[str, str]] = {
    "near_poor_reduction": (
        "Giảm số hộ cận nghèo so với đầu kỳ",
        "Reduction of near-poor households since the baseline",
    ),
    "credit_access": (
        "Hộ đủ điều kiện, có nhu cầu được vay vốn",
        "Eligible households needing credit that got a loan",
    ),
    "models": (
        "Mô hình giảm nghèo xây dựng, nhân rộng",
        "Poverty-reduction models built and replicated",
    ),
    "production_support": (
        "Người có khả năng lao động thuộc hộ nghèo có nhu cầu được hỗ trợ sản xuất",
        "Working members of poor households needing production support who got it",
    ),
    "sustainable_employment": (
        "Hộ nghèo, cận nghèo có thành viên có việc làm bền vững",
        "Poor and near-poor households with a member in sustainable work",
    ),
    "officials_trained": (
        "Cán bộ giảm nghèo được tập huấn",
        "Poverty-reduction officials trained",
    ),
}


class Plan(Snapshotted):
    TOPIC = f"{TOPIC_PREFIX}Plan"

    class Adopted(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}PlanAdopted"
        reference: str
        area_code: str
        period_start: date
        period_end: date
        baseline_date: date
        targets: dict[str, float]
        standard_id: str | None

        def apply(self, aggregate: Plan) -> None:
            aggregate.reference = self.reference
            aggregate.area_code = self.area_code
            aggregate.period_start = self.period_start
            aggregate.period_end = self.period_end
            aggregate.baseline_date = self.baseline_date
            aggregate.targets = dict(self.targets)
            aggregate.standard_id = self.standard_id

    class TargetRevised(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}TargetRevised"
        target: str
        value: float

        def apply(self, aggregate: Plan) -> None:
            aggregate.targets[self.target] = self.value

    class PeriodClosed(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}PeriodClosed"
        as_of: date
        figures: dict[str, Any]
        digest: str
        last_position: int

        def apply(self, aggregate: Plan) -> None:
            aggregate.closings.append(
                {
                    "as_of": self.as_of,
                    "figures": self.figures,
                    "digest": self.digest,
                    "last_position": self.last_position,
                }
            )

    def __init__(self) -> None:
        self.reference = ""
        self.area_code = ""
        self.period_start = date.min
        self.period_end = date.min
        self.baseline_date = date.min
        self.targets: dict[str, float] = {}
        self.standard_id: str | None = None
        self.closings: list[dict[str, Any]] = []

    @staticmethod
    def id_for(reference: str) -> UUID:
        return deterministic_id("Plan", reference)

    def snapshot_state(self) -> dict[str, Any]:
        """The plan in plain values (each closing carries the figures it published)."""
        return {
            "reference": self.reference,
            "area_code": self.area_code,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "baseline_date": self.baseline_date,
            "targets": dict(self.targets),
            "standard_id": self.standard_id,
            "closings": [dict(closing) for closing in self.closings],
        }

    def restore_snapshot_state(self, state: dict[str, Any]) -> None:
        self.reference = state["reference"]
        self.area_code = state["area_code"]
        self.period_start = state["period_start"]
        self.period_end = state["period_end"]
        self.baseline_date = state["baseline_date"]
        self.targets = dict(state["targets"])
        self.standard_id = state["standard_id"]
        self.closings = [dict(closing) for closing in state["closings"]]

    @classmethod
    def adopt(
        cls,
        reference: str,
        area_code: str,
        period_start: date,
        period_end: date,
        baseline_date: date,
        targets: dict[str, float],
        by: Recorded,
        standard_id: str | None = None,
    ) -> Plan:
        if period_end < period_start:
            raise ValidationError("invalid-value", field="period_end", value=period_end)
        check_period(period_start, period_end)
        check_baseline(baseline_date, period_start, period_end)
        for target, value in targets.items():
            check_target(target, value, f"targets.{target}")
        if standard_id is not None:
            check_standard(standard_id, area_code, baseline_date, period_start, period_end)
        return cls._create(
            cls.Adopted,
            id=cls.id_for(reference),
            reference=reference,
            area_code=area_code,
            period_start=period_start,
            period_end=period_end,
            baseline_date=baseline_date,
            targets=dict(targets),
            standard_id=standard_id,
            **by.fields(),
        )

    def revise_target(self, target: str, value: float, by: Recorded) -> None:
        if target not in self.targets:
            raise ValidationError("unknown-target", field="target", target=target)
        check_target(target, value, "value")
        self.record(self.TargetRevised, by, target=target, value=value)

    def close_period(
        self, as_of: date, figures: dict[str, Any], digest: str, last_position: int, by: Recorded
    ) -> None:
        if any(c["as_of"] >= as_of for c in self.closings):
            raise RuleViolationError("period-already-closed", field="as_of", date=as_of.isoformat())
        self.record(
            self.PeriodClosed,
            by,
            as_of=as_of,
            figures=figures,
            digest=digest,
            last_position=last_position,
        )

    def in_force(self, day: date) -> bool:
        return self.period_start <= day <= self.period_end

    def summary(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "reference": self.reference,
            "area_code": self.area_code,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "baseline_date": self.baseline_date.isoformat(),
            "targets": dict(self.targets),
            "standard_id": self.standard_id,
            "version": self.version,
            "closings": [
                {"as_of": c["as_of"].isoformat(), "digest": c["digest"], "figures": c["figures"]}
                for c in self.closings
            ],
        }


def check_period(start: date, end: date) -> None:
    """A plan covers one whole plan period: its window figures count from that period's start."""
    periods = programme_rules().plan_periods
    if not any(p.start == start and p.end == end for p in periods):
        raise RuleViolationError(
            "plan-period",
            field="period_start",
            start=start.isoformat(),
            end=end.isoformat(),
            periods=", ".join(f"{p.start.year}-{p.end.year}" for p in periods),
        )


def check_baseline(baseline: date, start: date, end: date) -> None:
    """The baseline is the plan's starting point: at most a year before its period, never after."""
    if not start.replace(year=start.year - 1) <= baseline <= end:
        raise RuleViolationError(
            "plan-baseline",
            field="baseline_date",
            date=baseline.isoformat(),
            start=start.isoformat(),
            end=end.isoformat(),
        )


def check_standard(
    standard_id: str, area_code: str, baseline: date, start: date, end: date
) -> None:
    """A plan counts by the national standard unless it names one of its own province's. Its
    figures then count by that standard from the baseline to the period's end, so the standard
    must be in force all that while, and the baseline inside the period: a reduction measured
    from households that standard never judged would be from nothing (docs/spec/standards.md)."""
    named = [s for s in catalogue().standards if s.id == standard_id and s.scope == area_code]
    holds = start <= baseline and any(
        s.in_force_from <= baseline and end <= s.in_force_to for s in named
    )
    if not holds:
        raise RuleViolationError(
            "plan-standard",
            field="standard_id",
            standard_id=standard_id,
            area_code=area_code,
            baseline=baseline.isoformat(),
            end=end.isoformat(),
        )


def check_target(target: str, value: float, field: str) -> None:
    """A known target, at least 0, and a percentage at most 100."""
    if target not in TARGETS:
        raise ValidationError("unknown-target", field=field, target=target)
    if not 0 <= value <= (100 if TARGETS[target] else float("inf")):
        raise ValidationError("invalid-value", field=field, value=value)

"""The plan's figures (indicators.md §2): their ids, units and targets, and how a value is made
from a numerator and a denominator. Both ways of computing them — the projections and the
replay of the raw log — answer in these terms, so they can be compared figure by figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.area_registry import TERRITORY, AreaRegistry
from domain.plan import Plan
from domain.standards import catalogue

# Every indicator of every standard, in the order the standards list them.
DEPRIVATION_KEYS = tuple(dict.fromkeys(k for s in catalogue().standards for k in s.keys))
LOAN_PROGRAMMES = (
    "POOR", "NEAR_POOR", "NEWLY_ESCAPED", "JOB_CREATION", "WATER_SANITATION", "HOUSING",
    "STUDENT", "OVERSEAS_WORK",
)  # fmt: skip


@dataclass(frozen=True)
class FigureDefinition:
    id: str
    unit: str  # "households", "members", "models", "officials", "%", "VND"
    target: str | None  # the plan's target key, if the plan sets one
    percent: bool  # value = numerator / denominator × 100 (else value = numerator)
    vi: str
    en: str


def _figures() -> tuple[FigureDefinition, ...]:
    base = [
        FigureDefinition("poor", "households", None, False, "Hộ nghèo", "Poor households"),
        FigureDefinition(
            "near_poor", "households", None, False, "Hộ cận nghèo", "Near-poor households"
        ),
        FigureDefinition("poverty_rate", "%", None, True, "Tỷ lệ hộ nghèo", "Poverty rate"),
        FigureDefinition(
            "near_poverty_rate", "%", None, True, "Tỷ lệ hộ cận nghèo", "Near-poverty rate"
        ),
        FigureDefinition(
            "near_poor_reduction", "%", "near_poor_reduction", True,
            "Giảm số hộ cận nghèo so với đầu kỳ", "Reduction of near-poor households since the baseline",
        ),
        FigureDefinition("escaped", "households", None, False, "Lượt thoát nghèo, cận nghèo", "Escapes"),
        FigureDefinition("relapsed", "households", None, False, "Lượt tái nghèo, cận nghèo", "Relapses"),
        FigureDefinition("newly_poor", "households", None, False, "Lượt phát sinh", "Newly poor or near-poor"),
        FigureDefinition(
            "credit_access", "%", "credit_access", True,
            "Hộ đủ điều kiện, có nhu cầu được vay vốn", "Eligible households needing credit that got a loan",
        ),
        FigureDefinition(
            "models", "models", "models", False,
            "Mô hình giảm nghèo xây dựng, nhân rộng", "Poverty-reduction models built and replicated",
        ),
        FigureDefinition(
            "production_support", "%", "production_support", True,
            "Người có khả năng lao động thuộc hộ nghèo có nhu cầu được hỗ trợ sản xuất",
            "Working members of poor households needing production support who got it",
        ),
        FigureDefinition(
            "sustainable_employment", "%", "sustainable_employment", True,
            "Hộ nghèo, cận nghèo có thành viên có việc làm bền vững",
            "Poor and near-poor households with a member in sustainable work",
        ),
        FigureDefinition(
            "officials_trained", "%", "officials_trained", True,
            "Cán bộ giảm nghèo được tập huấn", "Poverty-reduction officials trained",
        ),
    ]  # fmt: skip
    deprivations = [
        FigureDefinition(
            f"deprivation.{key}", "%", None, True,
            f"Hộ nghèo, cận nghèo thiếu hụt {key}", f"Poor and near-poor households deprived of {key}",
        )
        for key in DEPRIVATION_KEYS
    ]  # fmt: skip
    loans = [
        FigureDefinition(
            f"loans_outstanding.{programme}", "VND", None, False,
            f"Dư nợ chương trình {programme}", f"Outstanding loans, programme {programme}",
        )
        for programme in LOAN_PROGRAMMES
    ]  # fmt: skip
    return (*base, *deprivations, *loans)


FIGURES: tuple[FigureDefinition, ...] = _figures()
BY_ID = {figure.id: figure for figure in FIGURES}


@dataclass(frozen=True)
class Figure:
    """One figure for an area as of a date: its parts, and the value they make; `breakdown`
    splits the numerator (per calendar year, or new / replicated models)."""

    id: str
    numerator: int
    denominator: int | None
    target: float | None
    breakdown: dict[str, int] | None = None

    @property
    def value(self) -> float | int | None:
        """A percentage to one decimal; None ("—") when the denominator is zero or unknown."""
        if not BY_ID[self.id].percent:
            return self.numerator
        if not self.denominator:
            return None
        return round(self.numerator * 100 / self.denominator, 1)

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "target": self.target,
            "unit": BY_ID[self.id].unit,
        }
        if self.breakdown is not None:
            data["breakdown"] = dict(self.breakdown)
        return data


@dataclass(frozen=True)
class Period:
    """The plan's period [S, E] and baseline date B, and its targets."""

    start: date
    end: date
    baseline: date
    targets: dict[str, float]


def targets_on(plan: Plan, registry: AreaRegistry, area: str, as_of: date) -> dict[str, float]:
    """The plan's targets that hold for an area on a date, by target key: none before the
    plan's baseline, none outside its territory (the province it was adopted for, as it stood
    before the reorganisation of 2025, followed through it); a count target only for the whole
    territory, a percentage in every area inside it (domain.md §8)."""
    territory = TERRITORY + plan.area_code
    inside = area == territory or registry.contains(territory, area, as_of)
    if as_of < plan.baseline_date or not inside:
        return {}
    whole = area in (territory, plan.area_code)
    return {
        figure.target: plan.targets[figure.target]
        for figure in FIGURES
        if figure.target in plan.targets and (figure.percent or whole)
    }


def progress_known(plan: Plan, as_of: date) -> bool:
    """A reduction since the baseline says nothing for a date before it."""
    return as_of >= plan.baseline_date

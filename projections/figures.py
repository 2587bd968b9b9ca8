"""The plan's figures (docs/spec/figures.md): their ids, units and targets, and how a value is made
from a numerator and a denominator. Both ways of computing them — the projections and the
replay of the raw log — answer in these terms, so they can be compared figure by figure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from domain.area_registry import TERRITORY, AreaRegistry
from domain.household import Household
from domain.plan import TARGET_NAMES, Plan
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.timeline import ClassificationEntry
from domain.values import CATEGORY_KEYS, Cause, Need, Status, Transition

# Every indicator of every standard, in the order the standards list them.
DEPRIVATION_KEYS = tuple(dict.fromkeys(k for s in catalogue().standards for k in s.keys))


def assessed_by(key: str) -> frozenset[str]:
    """The standards that assess an indicator: a household classified under another was not
    asked about it, so it is in neither part of that deprivation's figure, and a figure no
    listed household was assessed for has no value ("–"), not 0 % (docs/spec/figures.md)."""
    return catalogue().assessing.get(key, frozenset())


def assessing(figure_id: str) -> frozenset[str]:
    """The standards under which the households of a deprivation figure were assessed."""
    return assessed_by(figure_id.removeprefix("deprivation."))


# The counts no standard's judgement changes: a plan that names the province's own standard
# reads them as they are, and every other count as that standard judged the households
# (`judged_count`).
JUDGEMENT_FREE = ("loans_outstanding.", "models", "officials_trained", "household_total")


def judged_count(standard_id: str | None, count: str) -> str:
    """The name under which the indicator view keeps a count as the standard judged the
    households (None: the national standard, the count itself)."""
    if standard_id is None or count.startswith(JUDGEMENT_FREE):
        return count
    return f"{standard_id}:{count}"


def counted_by(plan: Plan | None, day: date) -> str | None:
    """The standard the figures of a plan's areas count by on the day: the one of its
    province's own it names, from its baseline to the end of its period (`check_standard`
    holds that standard in force all that while); else, and before or after, the national
    standard (None), which plan 55 names."""
    if plan is None or not plan.baseline_date <= day <= plan.period_end:
        return None
    return plan.standard_id


def survey_answers(household: Household, recognition: ClassificationEntry) -> list[str]:
    """The cause and need figures a poor or near-poor household counts in: the answers of the
    survey its recognition classified (`SURVEY_LISTS`)."""
    survey = household.survey(recognition.survey_id)
    if survey is None:
        return []
    answers = [f"cause.{key}" for key in survey.causes] + [f"need.{key}" for key in survey.needs]
    return list(dict.fromkeys(answers))


LOAN_PROGRAMMES = (
    "POOR", "NEAR_POOR", "NEWLY_ESCAPED", "JOB_CREATION", "WATER_SANITATION", "HOUSING",
    "STUDENT", "OVERSEAS_WORK",
)  # fmt: skip


# What a figure's denominator counts: "" none (the value is the numerator); "households" the
# area's households that year; "own" the figure's own denominator count; "listed" the poor and
# near-poor households on D classified under a standard that assesses the figure's indicator
# (`assessed_by`); "baseline" the near-poor households on the plan's baseline.
Over = Literal["", "households", "own", "listed", "baseline"]
# What a figure's numerator is broken down by: the calendar years of its window, new and
# replicated models (both partitions of the numerator, read from its own count's tags), or the
# household's categories (not a partition: a household holds none, one or several; read from
# the count `<figure>.categories`), or the status of the households counted (poor, near-poor:
# a partition, read from its own count's tags).
Split = Literal["", "years", "models", "categories", "statuses"]
CATEGORIES = ".categories"
TRANSITION_FIGURES = {
    Transition.ESCAPED: "escaped",
    Transition.RELAPSED: "relapsed",
    Transition.NEW: "newly_poor",
}
MODEL_PARTS = ("new", "replicated")
LISTED_STATUSES = (Status.POOR, Status.NEAR_POOR)
# The survey's answers each counted as a figure per key: "cause.LAND", "need.CREDIT", ...
SURVEY_LISTS = {"cause": tuple(Cause), "need": tuple(Need)}


@dataclass(frozen=True)
class FigureDefinition:
    """One figure, once: what its numerator and denominator count, how it is broken down; the
    projection, the replay and the pages read it from here."""

    id: str
    unit: str  # "households", "members", "models", "officials", "%", "VND"
    target: str | None  # the plan's target key, if the plan sets one
    vi: str
    en: str
    over: Over = ""
    counts: str = ""  # the count its numerator reads, when not its own (a rate's)
    split: Split = ""

    @property
    def percent(self) -> bool:
        """value = numerator / denominator × 100 (else value = numerator)."""
        return bool(self.over)

    @property
    def numerator_count(self) -> str:
        return self.counts or self.id

    @property
    def parts_count(self) -> str:
        """The count its breakdown reads, one tag per part."""
        return self.id + CATEGORIES if self.split == "categories" else self.id

    def parts(self, as_of: date) -> list[str] | None:
        """The keys of its breakdown as of the date (None: not broken down)."""
        if self.split == "years":
            return window_years(as_of)
        if self.split == "categories":
            return list(CATEGORY_KEYS)
        if self.split == "statuses":
            return [status.value for status in LISTED_STATUSES]
        return list(MODEL_PARTS) if self.split == "models" else None


def _figures() -> tuple[FigureDefinition, ...]:
    def planned(
        key: str, unit: str = "%", over: Over = "own", split: Split = ""
    ) -> FigureDefinition:
        return FigureDefinition(key, unit, key, *TARGET_NAMES[key], over=over, split=split)

    def window(key: str, vi: str, en: str) -> FigureDefinition:
        return FigureDefinition(key, "households", None, vi, en, split="years")

    base = [
        FigureDefinition(
            "poor", "households", None, "Hộ nghèo", "Poor households", split="categories"
        ),
        FigureDefinition(
            "near_poor", "households", None, "Hộ cận nghèo", "Near-poor households",
            split="categories",
        ),
        FigureDefinition(
            "poverty_rate", "%", None, "Tỷ lệ hộ nghèo", "Poverty rate", "households", "poor"
        ),
        FigureDefinition(
            "near_poverty_rate", "%", None, "Tỷ lệ hộ cận nghèo", "Near-poverty rate",
            "households", "near_poor",
        ),
        FigureDefinition(
            "poor_persons", "members", None, "Nhân khẩu hộ nghèo", "Members of poor households"
        ),
        FigureDefinition(
            "near_poor_persons", "members", None, "Nhân khẩu hộ cận nghèo",
            "Members of near-poor households",
        ),
        FigureDefinition(
            "near_poor_reduction", "%", "near_poor_reduction",
            *TARGET_NAMES["near_poor_reduction"], over="baseline", counts="near_poor",
        ),
        window("escaped", "Lượt thoát nghèo, cận nghèo", "Escapes"),
        window("relapsed", "Lượt tái nghèo, cận nghèo", "Relapses"),
        window("newly_poor", "Lượt phát sinh", "Newly poor or near-poor"),
        planned("credit_access"),
        planned("models", "models", over="", split="models"),
        planned("production_support"),
        planned("sustainable_employment"),
        planned("officials_trained"),
    ]  # fmt: skip
    deprivations = [
        FigureDefinition(
            f"deprivation.{key}", "%", None,
            f"Hộ nghèo, cận nghèo thiếu hụt {key}", f"Poor and near-poor households deprived of {key}",
            over="listed",
        )
        for key in DEPRIVATION_KEYS
    ]  # fmt: skip
    # The causes and needs of the survey behind each poor or near-poor household's recognition.
    answers = [
        FigureDefinition(
            f"{family}.{key.value}", "households", None,
            f"Hộ nghèo, cận nghèo: {family} {key.value}", f"Poor and near-poor households: {family} {key.value}",
            split="statuses",
        )
        for family, keys in SURVEY_LISTS.items()
        for key in keys
    ]  # fmt: skip
    loans = [
        FigureDefinition(
            f"loans_outstanding.{programme}", "VND", None,
            f"Dư nợ chương trình {programme}", f"Outstanding loans, programme {programme}",
        )
        for programme in LOAN_PROGRAMMES
    ]  # fmt: skip
    return (*base, *deprivations, *answers, *loans)


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


def summed(areas: Sequence[dict[str, Figure]], ids: Sequence[str]) -> dict[str, Figure]:
    """Figures of areas that do not overlap, taken together, without targets: every numerator,
    denominator and breakdown is a count over the area's own households (or members, models,
    loans), so they add."""

    def total(values: Iterable[int | None]) -> int | None:
        known = [value for value in values if value is not None]
        return sum(known) if known else None

    def one(figure_id: str) -> Figure:
        figures = [area[figure_id] for area in areas]
        keys = dict.fromkeys(k for f in figures for k in f.breakdown or {})
        breakdown = None
        if any(f.breakdown is not None for f in figures):
            breakdown = {k: sum((f.breakdown or {}).get(k, 0) for f in figures) for k in keys}
        numerator = sum(f.numerator for f in figures)
        return Figure(figure_id, numerator, total(f.denominator for f in figures), None, breakdown)

    return {figure_id: one(figure_id) for figure_id in ids}


def territory_of(plan: Plan, registry: AreaRegistry) -> str:
    """The area a plan is measured on: the province or city it was adopted for, as it stood
    when its period began — once it merged into another or another into it, the territory it
    had (`TERRITORY` + its code: 55/KH-UBND on old Hai Phong, Hải Dương's plan on Hải Dương),
    docs/spec/reorganisation.md."""
    reshaped = registry.reshaped_after(plan.area_code, plan.period_start)
    return TERRITORY + plan.area_code if reshaped else plan.area_code


def covers(plan: Plan, registry: AreaRegistry, area: str, as_of: date) -> bool:
    """Is the area (as it stood on the date) part of the plan's territory?"""
    territory = territory_of(plan, registry)
    return area == territory or registry.contains(territory, area, as_of)


def plan_for(plans: Iterable[Plan], registry: AreaRegistry, area: str, as_of: date) -> Plan | None:
    """The plan that speaks for an area on a date: the one in force on its territory; else the
    last one that ended there; else the next one to begin."""
    holding = registry.holders(area, as_of) | {area}
    mine = [plan for plan in plans if territory_of(plan, registry) in holding]
    in_force = [plan for plan in mine if plan.in_force(as_of)]
    ended = [plan for plan in mine if plan.period_end < as_of]
    if in_force or ended:
        return max(in_force or ended, key=lambda plan: (plan.period_end, plan.reference))
    return min(mine, key=lambda plan: (plan.period_start, plan.reference), default=None)


def targets_on(
    plan: Plan | None, registry: AreaRegistry, area: str, as_of: date
) -> dict[str, float]:
    """The plan's targets that hold for an area on a date, by target key: none before the
    plan's baseline, none outside its territory (`territory_of`); a count target only for the
    whole territory, a percentage in every area inside it (docs/spec/reorganisation.md)."""
    if plan is None or not progress_known(plan, as_of) or not covers(plan, registry, area, as_of):
        return {}
    whole = area in (territory_of(plan, registry), plan.area_code)
    return {
        figure.target: plan.targets[figure.target]
        for figure in FIGURES
        if figure.target in plan.targets and (figure.percent or whole)
    }


def progress_known(plan: Plan | None, as_of: date) -> bool:
    """A reduction since the baseline says nothing for a date before it, nor without a plan."""
    return plan is not None and as_of >= plan.baseline_date


def window_years(as_of: date) -> list[str]:
    """The calendar years of the plan period holding the date, up to the date's: what the
    figures counted over a window are split by."""
    period = programme_rules().period_on(as_of)
    return [] if period is None else [str(y) for y in range(period.start.year, as_of.year + 1)]

"""Poverty standards are data (`data/standards.json`): adding or correcting one needs no code.

A standard has an area scope and dates; the review that uses it decides which one applies
(docs/spec/standards.md), and the classification is a pure function of the standard, the area kind,
the income and the deprivations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from importlib import resources
from typing import Any

from domain.errors import NotFoundError, RuleViolationError, ValidationError
from domain.values import AreaKind, ReviewKind, Status
from domain.words import in_language

NATIONAL_SCOPE = "VN"


@dataclass(frozen=True)
class Indicator:
    key: str
    dimension: str
    vi: str
    en: str


@dataclass(frozen=True)
class PovertyStandard:
    id: str
    names: tuple[str, str]  # as the decree names it: Vietnamese, English
    scope: str
    in_force_from: date
    in_force_to: date
    income_line: dict[AreaKind, int]
    average_upper: dict[AreaKind, int] | None
    poor_min_deprivations: int
    indicators: tuple[Indicator, ...]

    def name(self, lang: str = "vi") -> str:
        return in_language(self.names, lang)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.indicators)

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day <= self.in_force_to

    def check_deprivations(self, deprivations: object) -> dict[str, bool]:
        """All the standard's indicator keys, each a yes/no, and no other key."""
        if not isinstance(deprivations, dict):
            raise ValidationError("invalid-value", field="deprivations", value=deprivations)
        expected, given = set(self.keys), set(deprivations)
        if given != expected:
            raise ValidationError(
                "deprivation-keys",
                field="deprivations",
                standard_id=self.id,
                expected=", ".join(self.keys),
                missing=", ".join(sorted(expected - given)) or "-",
                extra=", ".join(sorted(given - expected)) or "-",
            )
        for key, value in deprivations.items():
            if not isinstance(value, bool):
                raise ValidationError("invalid-value", field=f"deprivations.{key}", value=value)
        return {key: deprivations[key] for key in self.keys}

    def classify(
        self, area_kind: AreaKind, income_per_capita: int, deprivations: dict[str, bool]
    ) -> Classification:
        """Income at or under the line: poor with enough deprivations, else near-poor; above it,
        non-poor, and inside the average band up to its upper bound where the standard has one
        (a fact of the survey, not a status: docs/spec/standards.md)."""
        deprived = tuple(key for key in self.keys if deprivations.get(key))
        threshold = self.income_line[area_kind]
        upper = self.average_upper[area_kind] if self.average_upper else None
        status = self.decide(area_kind, income_per_capita, len(deprived))
        assert status is not None  # every indicator answered
        return Classification(
            standard_id=self.id,
            area_kind=area_kind,
            status=status,
            income_per_capita_vnd=income_per_capita,
            income_threshold_vnd=threshold,
            average_upper_vnd=upper,
            average_band=upper is not None and threshold < income_per_capita <= upper,
            deprivation_count=len(deprived),
            deprived=deprived,
        )

    def decide(
        self, area_kind: AreaKind, income_per_capita: int, deprived: int, unanswered: int = 0
    ) -> Status | None:
        """The standard's rule: at or under the line, poor with `poor_min_deprivations`
        indicators deprived, else near-poor; above it, non-poor. With `unanswered` indicators
        not asked, None where their answers could tip it (a draft judging a survey of another
        standard, domain/what_if.py)."""
        if income_per_capita > self.income_line[area_kind]:
            return Status.NON_POOR
        if deprived >= self.poor_min_deprivations:
            return Status.POOR
        if deprived + unanswered < self.poor_min_deprivations:
            return Status.NEAR_POOR
        return None


@dataclass(frozen=True)
class Classification:
    standard_id: str
    area_kind: AreaKind
    status: Status
    income_per_capita_vnd: int
    income_threshold_vnd: int
    average_upper_vnd: int | None
    average_band: bool  # income above the line, within the average-living band
    deprivation_count: int
    deprived: tuple[str, ...]


@dataclass(frozen=True)
class ReviewWindow:
    start: tuple[int, int]
    end: tuple[int, int]

    def check_contains(self, day: date) -> None:
        if not self.start <= (day.month, day.day) <= self.end:
            raise RuleViolationError(
                "periodic-review-window",
                field="effective_date",
                start=f"{self.start[1]:02d}/{self.start[0]:02d}",
                end=f"{self.end[1]:02d}/{self.end[0]:02d}",
                date=day.isoformat(),
            )


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


# The indicator view names a figure as a provincial standard judged it "<id>:<figure>", in a
# column of 48 characters whose longest figure name takes 29 (docs/spec/standards.md).
STANDARD_ID_MAX = 16


def _standard(data: dict[str, Any]) -> PovertyStandard:
    upper = data["average_upper"]
    if len(data["id"]) > STANDARD_ID_MAX:
        raise ValueError(f"standard id {data['id']!r} is longer than {STANDARD_ID_MAX}")
    return PovertyStandard(
        id=data["id"],
        names=(data["name"]["vi"], data["name"]["en"]),
        scope=data["scope"],
        in_force_from=date.fromisoformat(data["in_force_from"]),
        in_force_to=date.fromisoformat(data["in_force_to"]),
        income_line={AreaKind(k): v for k, v in data["income_line"].items()},
        average_upper={AreaKind(k): v for k, v in upper.items()} if upper else None,
        poor_min_deprivations=data["poor_min_deprivations"],
        indicators=tuple(Indicator(**i) for i in data["indicators"]),
    )


@dataclass(frozen=True)
class StandardCatalogue:
    standards: tuple[PovertyStandard, ...]
    periodic_window: ReviewWindow

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> StandardCatalogue:
        window = data["periodic_review_window"]
        return cls(
            standards=tuple(_standard(s) for s in data["standards"]),
            periodic_window=ReviewWindow(_month_day(window["start"]), _month_day(window["end"])),
        )

    @cached_property
    def assessing(self) -> dict[str, frozenset[str]]:
        """Each indicator's standards that ask about it, worked out once per catalogue: the
        replay asks for every poor household and every indicator."""
        keys = dict.fromkeys(key for s in self.standards for key in s.keys)
        return {key: frozenset(s.id for s in self.standards if key in s.keys) for key in keys}

    def name_of(self, standard_id: str, lang: str = "vi") -> str:
        """A standard by its name; an id no standard has, as it is."""
        found = [s for s in self.standards if s.id == standard_id]
        return found[0].name(lang) if found else standard_id

    def get(self, standard_id: str) -> PovertyStandard:
        for standard in self.standards:
            if standard.id == standard_id:
                return standard
        raise NotFoundError("standard-unknown", field="standard_id", standard_id=standard_id)

    def reference_date(self, kind: ReviewKind, survey_date: date) -> date:
        """A periodic review held in year Y sets the lists for Y+1, so it uses the standard in
        force on 1 January of Y+1; a regular review uses the one in force on its date."""
        if kind is ReviewKind.PERIODIC:
            self.periodic_window.check_contains(survey_date)
            return date(survey_date.year + 1, 1, 1)
        return survey_date

    def for_review(self, kind: ReviewKind, survey_date: date) -> PovertyStandard:
        """The national standard a review is surveyed and recognised under: the plans count
        by it (docs/spec/standards.md, "Local standards")."""
        found = self.in_force(kind, survey_date, NATIONAL_SCOPE)
        if found is None:
            day = self.reference_date(kind, survey_date)
            raise RuleViolationError(
                "standard-not-found", field="effective_date", date=day.isoformat()
            )
        return found

    def local_for(
        self, kind: ReviewKind, survey_date: date, province_code: str
    ) -> PovertyStandard | None:
        """The province's own standard for the same review, if it has one in force: it
        classifies the survey a second time, for the province's own policies."""
        return self.in_force(kind, survey_date, province_code)

    def in_force(self, kind: ReviewKind, survey_date: date, scope: str) -> PovertyStandard | None:
        day = self.reference_date(kind, survey_date)
        return next((s for s in self.standards if s.in_force_on(day) and s.scope == scope), None)


def standards_data() -> dict[str, Any]:
    text = resources.files("domain").joinpath("data/standards.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def catalogue() -> StandardCatalogue:
    return StandardCatalogue.from_data(standards_data())

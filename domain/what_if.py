"""What a standard not in force would make of surveys already recorded (issue 14): a draft is a
standard entered as data, each of its indicators answered by one the surveys asked; judging a
survey under it records nothing, and says so where the survey cannot decide rather than
guess (docs/spec/what-if.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded
from domain.errors import ValidationError
from domain.standards import Indicator, PovertyStandard, catalogue
from domain.values import AreaKind, Status

# Every indicator a survey may have answered, under any standard: what a draft's may read.
SURVEYED = {i.key: i for s in catalogue().standards for i in s.indicators}


@dataclass(frozen=True)
class Judgement:
    """A survey under a draft: the status (None: the survey cannot decide it, because the
    indicators it did not answer could tip it either way), and why."""

    status: Status | None
    income_per_capita_vnd: int
    income_line_vnd: int
    deprived: tuple[str, ...]  # the draft's indicators found deprived
    unanswered: tuple[str, ...]  # the draft's indicators the survey was not asked
    average_band: bool

    @property
    def below_line(self) -> bool:
        return self.income_per_capita_vnd <= self.income_line_vnd


@dataclass(frozen=True)
class Draft:
    """A standard as a supervisor enters it: the lines by area kind, the rule (poor at or under
    the line with at least `poor_min_deprivations` indicators deprived, else near-poor), the
    optional average band, and for each indicator the surveyed one that answers it (`reads`)."""

    standard: PovertyStandard
    reads: Mapping[str, str]

    @classmethod
    def of_standard(cls, standard: PovertyStandard) -> Draft:
        """An adopted standard run as a draft: each indicator answered by itself."""
        return cls(standard, {key: key for key in standard.keys})

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Draft:
        """A draft from what was entered, every field checked; a refusal names the field."""
        lines = check_lines(data.get("income_line"), "income_line")
        upper = data.get("average_upper")
        average = None if upper is None else check_lines(upper, "average_upper")
        if average is not None:
            for kind, line in lines.items():
                if average[kind] <= line:
                    raise ValidationError(
                        "draft-band-below-line", field=f"average_upper.{kind.value}"
                    )
        indicators, reads = check_indicators(data.get("indicators"))
        minimum = data.get("poor_min_deprivations")
        if not isinstance(minimum, int) or isinstance(minimum, bool):
            raise ValidationError("invalid-value", field="poor_min_deprivations", value=minimum)
        if not 1 <= minimum <= len(indicators):
            raise ValidationError(
                "draft-deprivations-out-of-range",
                field="poor_min_deprivations",
                value=minimum,
                most=len(indicators),
            )
        name = str(data.get("name") or "").strip()
        if not name:
            raise ValidationError("required", field="name")
        standard = PovertyStandard(
            id=str(data.get("id") or "DRAFT"),
            names=(name, name),
            scope=str(data.get("scope") or ""),
            in_force_from=date.min,
            in_force_to=date.max,
            income_line=lines,
            average_upper=average,
            poor_min_deprivations=minimum,
            indicators=indicators,
        )
        return cls(standard, reads)

    def judge(
        self, area_kind: AreaKind, income_per_capita: int, answers: Mapping[str, bool]
    ) -> Judgement:
        """The survey's answers (by surveyed indicator) under the draft. A survey that answered
        every indicator it reads gets the status the standard's own rule gives
        (`PovertyStandard.decide`)."""
        return self.verdict(area_kind, income_per_capita, *self.answered(answers))

    def answered(self, answers: Mapping[str, bool]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The draft's indicators the answers find deprived, and those they do not answer."""
        found = {k: answers[self.reads[k]] for k in self.standard.keys if self.reads[k] in answers}
        deprived = tuple(key for key, value in found.items() if value)
        return deprived, tuple(key for key in self.standard.keys if key not in found)

    def verdict(
        self,
        area_kind: AreaKind,
        income_per_capita: int,
        deprived: tuple[str, ...],
        unanswered: tuple[str, ...],
    ) -> Judgement:
        line = self.standard.income_line[area_kind]
        upper = self.standard.average_upper[area_kind] if self.standard.average_upper else None
        return Judgement(
            status=self.standard.decide(
                area_kind, income_per_capita, len(deprived), len(unanswered)
            ),
            income_per_capita_vnd=income_per_capita,
            income_line_vnd=line,
            deprived=deprived,
            unanswered=unanswered,
            average_band=upper is not None and line < income_per_capita <= upper,
        )


def check_lines(given: object, field: str) -> dict[AreaKind, int]:
    """A line for each area kind, a positive whole number of VND a person a month."""
    if not isinstance(given, Mapping):
        raise ValidationError("invalid-value", field=field, value=given)
    lines: dict[AreaKind, int] = {}
    for kind in AreaKind:
        value = given.get(kind.value)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValidationError("invalid-value", field=f"{field}.{kind.value}", value=value)
        lines[kind] = value
    return lines


def check_indicators(given: object) -> tuple[tuple[Indicator, ...], dict[str, str]]:
    """The draft's indicators, each with a key of its own, a name, and the surveyed indicator
    that answers it (`SURVEYED`)."""
    if not isinstance(given, Sequence) or isinstance(given, str) or not given:
        raise ValidationError("required", field="indicators")
    indicators: list[Indicator] = []
    reads: dict[str, str] = {}
    for index, item in enumerate(given):
        field = f"indicators[{index}]"
        if not isinstance(item, Mapping):
            raise ValidationError("invalid-value", field=field, value=item)
        key = str(item.get("key") or "").strip()
        if not key:
            raise ValidationError("required", field=f"{field}.key")
        if key in reads:
            raise ValidationError("draft-indicator-repeated", field=f"{field}.key", key=key)
        source = str(item.get("reads") or key)
        if source not in SURVEYED:
            raise ValidationError("draft-indicator-unknown", field=f"{field}.reads", key=source)
        known = SURVEYED[source]
        indicators.append(
            Indicator(
                key=key,
                dimension=str(item.get("dimension") or known.dimension),
                vi=str(item.get("vi") or known.vi),
                en=str(item.get("en") or known.en),
            )
        )
        reads[key] = source
    return tuple(indicators), reads


class StandardDraft(EventSourced):
    """A draft standard as a supervisor entered it, kept unchanged so that a run citing it can be
    read again; a changed draft is a new one."""

    TOPIC = f"{TOPIC_PREFIX}StandardDraft"

    class Drafted(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}StandardDrafted"
        area_code: str
        entered: dict[str, Any]

        def apply(self, aggregate: StandardDraft) -> None:
            aggregate.area_code = self.area_code
            aggregate.entered = self.entered
            aggregate.drafted_by = self.actor
            aggregate.drafted_on = self.effective_date

    def __init__(self) -> None:
        self.area_code = ""
        self.entered: dict[str, Any] = {}
        self.drafted_by = ""
        self.drafted_on = date.min

    @classmethod
    def draft(cls, area_code: str, entered: Mapping[str, Any], by: Recorded) -> StandardDraft:
        """Checked first (`Draft.from_data`): a draft that could not be applied is not kept."""
        Draft.from_data(entered)
        return cls._create(
            cls.Drafted, id=uuid4(), area_code=area_code, entered=dict(entered), **by.fields()
        )

    @property
    def rules(self) -> Draft:
        return Draft.from_data({**self.entered, "id": f"DRAFT-{str(self.id)[:8]}"})


class WhatIfRun(EventSourced):
    """One run of a draft (or an adopted standard) over the surveys of an area as of a date, as
    known at an instant — the run's own when none was chosen — and what it found in total, so
    that the result can be cited and run again to the same answer."""

    TOPIC = f"{TOPIC_PREFIX}WhatIfRun"

    class Ran(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}WhatIfRan"
        standard: str  # a draft's id, or an adopted standard's
        area_code: str
        as_of: date
        known_at: datetime
        totals: dict[str, int]

        def apply(self, aggregate: WhatIfRun) -> None:
            aggregate.standard = self.standard
            aggregate.area_code = self.area_code
            aggregate.as_of = self.as_of
            aggregate.known_at = self.known_at
            aggregate.totals = self.totals
            aggregate.ran_by = self.actor

    def __init__(self) -> None:
        self.standard = ""
        self.area_code = ""
        self.as_of = date.min
        self.known_at = datetime.min
        self.totals: dict[str, int] = {}
        self.ran_by = ""

    @classmethod
    def ran(
        cls,
        standard: str,
        area_code: str,
        as_of: date,
        known_at: datetime,
        totals: Mapping[str, int],
        by: Recorded,
    ) -> WhatIfRun:
        return cls._create(
            cls.Ran, id=uuid4(), standard=standard, area_code=area_code, as_of=as_of,
            known_at=known_at, totals=dict(totals), **by.fields(),
        )  # fmt: skip

"""Deriving memberships: from each aggregate's timeline, the days on which it counts in each
figure's numerator or denominator, and where (docs/spec/figures.md). The indicator view
(`projections/indicators.py`) stores them as rows; the replay (`projections/replay.py`)
evaluates the same definitions at a single date instead, and `verify` compares the two."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from domain.area_registry import AreaRegistry
from domain.dates import add_months, retirement_date
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.programme import PlanPeriod, programme_rules
from domain.standards import catalogue
from domain.timeline import (
    ClassificationEntry,
    EmploymentEndEntry,
    EmploymentEntry,
    LoanEntry,
    LocationEntry,
    RemovalEntry,
    RepaymentEntry,
    SupportEntry,
    SurveyEntry,
)
from domain.values import CATEGORY_KEYS, Member, Need, Sex, Status, SupportKind
from projections.figures import CATEGORIES, TRANSITION_FIGURES, judged_count, survey_answers
from projections.intervals import (
    OPEN,
    Spans,
    first_day,
    intersect,
    normalise,
    since,
    steps,
    union,
    without,
)

ONE_DAY = timedelta(days=1)
# One denominator serves every deprivation.<key>: the poor and near-poor households, tagged with
# the standard of the classification that put them there (`figures.assessed_by`).
DEPRIVATION_DENOMINATOR = "deprivation"
P_NP = (Status.POOR, Status.NEAR_POOR)


class Row(NamedTuple):
    """One membership: `subject` counts with `weight` in (figure, part) on [start, end) in
    `area` (a commune, or for officials any area code). A tuple, not a dataclass: a rebuild
    makes, hashes and compares tens of millions of them."""

    figure: str
    part: str
    subject: str
    area: str
    start: date
    end: date
    weight: int = 1
    tag: str = ""


# ---- deriving memberships ------------------------------------------------------------------


def location_spans(
    household: Household, registry: AreaRegistry | None
) -> list[tuple[date, date, str]]:
    """Where the household counts over time: where it was recorded, followed through the
    units that ended (`AreaRegistry.placed`); a voided registration, nowhere."""
    if household.voiding() is not None:
        return []
    locations = household.standing(LocationEntry)
    spans = [
        (start, end, str(commune))
        for start, end, commune in steps([(e.effective_date, e.commune_code) for e in locations])
    ]
    return registry.placed(spans) if registry is not None else spans


def status_spans(household: Household) -> list[tuple[date, date, ClassificationEntry]]:
    return [
        (start, end, entry)
        for start, end, entry in steps([(c.effective_date, c) for c in household.classifications()])
        if isinstance(entry, ClassificationEntry)
    ]


def category_spans(household: Household, workers: Spans) -> dict[str, Spans]:
    """The days on which the household holds each category: the registration's, then each
    standing change from its date; without labour capacity also on the days no member is a
    worker (`Household.categories_on`, over time, from `Household.category_history`)."""
    spans: dict[str, Spans] = {key: [] for key in CATEGORY_KEYS}
    for start, end, categories in steps(household.category_history()):
        assert isinstance(categories, dict)
        for key in CATEGORY_KEYS:
            if categories[key]:
                spans[key].append((start, end))
    without_workers = without(since(household.registered_on), workers)
    spans["no_labour_capacity"].extend(without_workers)
    return {key: normalise(days) for key, days in spans.items()}


@lru_cache(maxsize=65536)
def working_age_span(sex: Sex, birth_date: date) -> tuple[date, date]:
    """[15th birthday, the day the retirement age is reached) by Decree 135/2020."""
    return add_months(birth_date, 15 * 12), retirement_date(sex, birth_date)


def member_spans(household: Household) -> dict[str, tuple[Member, Spans]]:
    """Each member's days in the household."""
    removals = {r.member_id: r.effective_date for r in household.standing(RemovalEntry)}
    return {
        entry.member.member_id: (
            entry.member,
            normalise([(entry.effective_date, removals.get(entry.member.member_id, OPEN))]),
        )
        for entry in household.members.values()
        if entry.standing
    }


def worker_spans(member: Member, present: Spans) -> Spans:
    if not member.working_capable:
        return []
    return intersect(present, [working_age_span(member.sex, member.birth_date)])


def job_spans(household: Household) -> dict[str, Spans]:
    """Each member's days in work: a job runs until the first end recorded after it."""
    ends: dict[str, list[tuple[int, date]]] = {}
    for e in household.standing(EmploymentEndEntry):
        ends.setdefault(e.member_id, []).append((e.version, e.effective_date))
    for recorded in ends.values():
        recorded.sort()
    spans: dict[str, Spans] = {}
    for job in household.standing(EmploymentEntry):
        later = (day for version, day in ends.get(job.member_id, []) if version > job.version)
        spans.setdefault(job.member_id, []).append((job.effective_date, next(later, OPEN)))
    return {member_id: normalise(days) for member_id, days in spans.items()}


@dataclass(frozen=True)
class Facts:
    """What one derivation reads from a household's timeline, each read once."""

    statuses: list[tuple[date, date, ClassificationEntry]]
    surveys: list[tuple[date, date, SurveyEntry]]
    members: dict[str, tuple[Member, Spans]]

    @classmethod
    def of(cls, household: Household) -> Facts:
        surveys = [
            (start, end, survey)
            for start, end, survey in steps(
                [(s.effective_date, s) for s in household.standing(SurveyEntry)]
            )
            if isinstance(survey, SurveyEntry)
        ]
        return cls(status_spans(household), surveys, member_spans(household))

    def where(self, *wanted: Status) -> Spans:
        return normalise((start, end) for start, end, c in self.statuses if c.status in wanted)

    def needing(self, need: Need) -> list[tuple[date, date, SurveyEntry]]:
        return [(s, e, survey) for s, e, survey in self.surveys if need.value in survey.needs]


def windows() -> tuple[PlanPeriod, ...]:
    """The plan periods: a figure counted over a window counts from the start of the period
    that holds the day, so a row that opens in one period closes at its end."""
    return programme_rules().plan_periods


def in_period(day: date) -> Spans:
    """From `day` to the end of its plan period; nothing outside every period."""
    period = programme_rules().period_on(day)
    return [] if period is None else [(day, period.end + ONE_DAY)]


# A membership before it is placed: figure, part, subject, days, weight, tag.
Unplaced = tuple[str, str, str, Spans, int, str]


def household_rows(household: Household, registry: AreaRegistry | None = None) -> set[Row]:
    """Every membership of one household, in the communes it lived in: as the national
    standard judged it, and again, under the figures' names after the standard's id
    (`judged_count`), as each of the province's own standards that judged it did."""
    rows = judged_rows(household) + loan_rows(household)
    for standard_id in household.local_standards():
        judged = judged_rows(household.judged_by(catalogue().get(standard_id)))
        rows.extend((judged_count(standard_id, row[0]), *row[1:]) for row in judged)
    locations = location_spans(household, registry)
    return {
        Row(figure, part, who, commune, max(start, loc_start), min(end, loc_end), weight, tag)
        for figure, part, who, days, weight, tag in rows
        for loc_start, loc_end, commune in locations
        for start, end in days
        if max(start, loc_start) < min(end, loc_end)
    }


def judged_rows(household: Household) -> list[Unplaced]:
    """The memberships that follow from the household's statuses, where it lives aside."""
    subject = str(household.id)
    facts = Facts.of(household)
    rows: list[Unplaced] = []
    poor = facts.where(Status.POOR)
    near_poor = facts.where(Status.NEAR_POOR)
    rows.append(("poor", "num", subject, poor, 1, ""))
    rows.append(("near_poor", "num", subject, near_poor, 1, ""))
    workers = union(*(worker_spans(m, days) for m, days in facts.members.values()))
    listed_by_figure = {"poor": poor, "near_poor": near_poor}
    rows.extend(category_rows(household, subject, listed_by_figure, workers))
    for member_id, (_member, present) in facts.members.items():
        who = f"{subject}:{member_id}"
        for figure, spans in listed_by_figure.items():
            rows.append((f"{figure}_persons", "num", who, intersect(spans, present), 1, ""))
    rows.extend(recognition_rows(household, subject, facts))
    listed = facts.where(*P_NP)
    for entry in household.classifications():
        name = TRANSITION_FIGURES.get(entry.transition)
        if name:
            tag = str(entry.effective_date.year)
            days = in_period(entry.effective_date)
            rows.append((name, "num", f"{subject}@{entry.version}", days, 1, tag))
    rows.extend(credit_rows(household, facts, subject, listed))
    jobs = job_spans(household)
    employed = union(
        *(intersect(jobs.get(mid, []), days) for mid, (_, days) in facts.members.items())
    )
    rows.append(("sustainable_employment", "den", subject, intersect(listed, workers), 1, ""))
    rows.append(
        (
            "sustainable_employment",
            "num",
            subject,
            intersect(intersect(listed, workers), employed),
            1,
            "",
        )
    )
    rows.extend(production_rows(household, facts, poor))
    return rows


def loan_rows(household: Household) -> list[Unplaced]:
    """The loans outstanding by programme. Each grant and repayment is its own subject: two
    equal repayments on one day both count."""
    subject = str(household.id)
    rows: list[Unplaced] = []
    loans = household.standing(LoanEntry)
    programmes = {loan.loan_id: loan.programme.value for loan in loans}
    movements = [(e.loan_id, e.version, e.effective_date, e.amount_vnd) for e in loans] + [
        (e.loan_id, e.version, e.effective_date, -e.amount_vnd)
        for e in household.standing(RepaymentEntry)
    ]
    for loan_id, version, day, amount in movements:
        if loan_id in programmes:
            figure = f"loans_outstanding.{programmes[loan_id]}"
            rows.append((figure, "num", f"{subject}@{version}", since(day), amount, ""))
    return rows


def recognition_rows(household: Household, subject: str, facts: Facts) -> list[Unplaced]:
    """What the recognition that lists a household poor or near-poor says of it while it holds:
    the indicators it is deprived of (over those assessed under its standard), and its survey's
    causes and needs, by status."""
    rows: list[Unplaced] = []
    assessed: dict[str, Spans] = {}
    for start, end, entry in facts.statuses:
        if entry.status in P_NP:
            for key in entry.deprived:
                rows.append((f"deprivation.{key}", "num", subject, [(start, end)], 1, ""))
            for figure in survey_answers(household, entry):
                rows.append((figure, "num", subject, [(start, end)], 1, entry.status.value))
            assessed.setdefault(entry.standard_id, []).append((start, end))
    for standard_id, spans in assessed.items():
        rows.append((DEPRIVATION_DENOMINATOR, "den", subject, normalise(spans), 1, standard_id))
    return rows


def category_rows(
    household: Household, subject: str, listed: dict[str, Spans], workers: Spans
) -> list[Unplaced]:
    """A listed figure's households by category: the days of each category held while on it."""
    if not any(listed.values()):
        return []
    return [
        (figure + CATEGORIES, "num", subject, intersect(spans, days), 1, key)
        for key, days in category_spans(household, workers).items()
        for figure, spans in listed.items()
    ]


def credit_rows(household: Household, facts: Facts, subject: str, listed: Spans) -> list[Unplaced]:
    """Eligible (listed or newly escaped) while the latest survey records the CREDIT need: in
    the denominator from the first such day in each plan period; in the numerator once a loan
    is disbursed on or after that survey's date."""
    eligible = union(listed, normalise(household.newly_escaped_windows()))
    needing = facts.needing(Need.CREDIT)
    qualifying = intersect(eligible, normalise((s, e) for s, e, _ in needing))
    rows: list[Unplaced] = []
    for period in windows():
        first = first_day(qualifying, period.start)
        if first is None or first > period.end:
            continue
        survey = next(sv for s, e, sv in needing if s <= first < e)
        loans = sorted(
            loan.effective_date
            for loan in household.standing(LoanEntry)
            if loan.effective_date >= survey.effective_date
        )
        rows.append(("credit_access", "den", subject, in_period(first), 1, ""))
        if loans and loans[0] <= period.end:
            rows.append(("credit_access", "num", subject, in_period(max(first, loans[0])), 1, ""))
    return rows


def production_rows(household: Household, facts: Facts, poor: Spans) -> list[Unplaced]:
    """Working members of a poor household whose survey asked for production support; counted
    as helped once they received it within the plan period."""
    asked = intersect(poor, normalise((s, e) for s, e, _ in facts.needing(Need.PRODUCTION_SUPPORT)))
    if not asked:
        return []
    rows: list[Unplaced] = []
    for member_id, (member, present) in facts.members.items():
        working = intersect(asked, worker_spans(member, present))
        who = f"{household.id}:{member_id}"
        for period in windows():
            first = first_day(working, period.start)
            if first is None or first > period.end:
                continue
            rows.append(("production_support", "den", who, in_period(first), 1, ""))
            helped = sorted(
                s.effective_date
                for s in household.standing(SupportEntry)
                if s.kind is SupportKind.PRODUCTION_CAPACITY
                and s.member_id == member_id
                and period.holds(s.effective_date)
            )
            if helped:
                days = in_period(max(first, helped[0]))
                rows.append(("production_support", "num", who, days, 1, ""))
    return rows


# The figures whose rows stay in the area recorded, not followed through the units that ended:
# a model's commune, an official's area, an area's own household total.
UNPLACED = ("models", "officials_trained", "household_total")


def model_rows(model: LivelihoodModel) -> set[Row]:
    tag = "replicated" if model.replicated_from else "new"
    return {
        Row("models", "num", str(model.id), model.commune_code, start, end, 1, tag)
        for start, end in in_period(model.established_on)
    }


def official_rows(official: Official) -> set[Row]:
    active = (official.registered_on, official.left_on or OPEN)
    if active[0] >= active[1]:
        return set()
    rows = {Row("officials_trained", "den", str(official.id), official.area_code, *active)}
    # Only a training completed within the plan period counts, until the period ends.
    for period in windows():
        trained = min((d for d, _ in official.trainings if period.holds(d)), default=None)
        if trained is None:
            continue
        start, end = max(trained, active[0]), min(active[1], period.end + ONE_DAY)
        if start < end:
            who = str(official.id)
            rows.add(Row("officials_trained", "num", who, official.area_code, start, end))
    return rows


def registry_rows(registry: AreaRegistry) -> set[Row]:
    """Household totals per area and year, as denominators of the poverty rates."""
    return {
        Row("household_total", "den", area, area, date(year, 1, 1), date(year + 1, 1, 1), total)
        for (area, year), total in registry.household_totals.items()
    }


def holder_periods(registry: AreaRegistry) -> dict[str, set[tuple[str, str, date, date]]]:
    """Every code's holders over time (`AreaRegistry.holder_periods`), as rows of the holders
    table."""
    return {
        code: {(code, holder, start, end) for holder, start, end in registry.holder_periods(code)}
        for code in registry.codes()
    }


def changes_memberships(event: Any) -> bool:
    """Whether an event can change what its aggregate derives. A change of head, an enrolment
    in a model and a support other than production capacity are read by no membership of a
    household, so the rows they would derive are those already standing (a retraction of one
    is derived, like every retraction)."""
    if isinstance(event, Household.HeadChanged | Household.EnrolledInModel):
        return False
    if isinstance(event, Household.SupportProvided):
        return SupportKind(event.kind) is SupportKind.PRODUCTION_CAPACITY
    return True

"""Every figure of the plan recomputed from the raw event log (docs/spec/figures.md, "replay equals
projection"): no projection table is read, so this is the yardstick the projections are held
to. Aggregates are folded one at a time from their own events, as the store knew them at K, so
memory stays flat however long the log. One pass serves every date and area asked for: each
aggregate is folded once, its contribution on each date is computed once and counted under its
place that date (a household's commune, a model's commune, an official's area), and each area
sums the places it holds that date (`AreaRegistry.contains`) — so the cost grows with the
households times the dates, not times the areas.

Definitions, where docs/spec/figures.md leaves a choice (D = as of, S = the start of the plan period
holding D, B = the baseline date of the plan that speaks for A on D (`plan_for`), A = the
area):

- A household counts in A on a date when its commune on that date (registration and moves
  effective by then) is A, lies in district A on that date per the area registry, or A is the
  city. Every household figure takes the household's area on D (on B for the baseline), so a
  household that moved is counted where it lives on D, and a commune that changed district
  counts in its old district before the change and in the new one after. A commune dissolved
  on D belongs to no district on D: its households count in the city (and under its own code).
- `poor`, `near_poor`: status on D. `poverty_rate`, `near_poverty_rate`: over the household
  total recorded for (A, year of D); no value when none is recorded.
- `near_poor_reduction`: (near_poor(B) − near_poor(D)) / near_poor(B); negative when the
  near-poor grew.
- `escaped`, `relapsed`, `newly_poor`: standing classifications with that transition effective
  in [S, D] — occurrences, so a household escaping twice counts twice — split by calendar year
  (every year from S to D, zeros included).
- `credit_access`: the denominator holds the households that on some date in [S, D] were
  eligible (POOR, NEAR_POOR, or inside the newly-escaped window) and whose latest standing
  survey effective on that date recorded the CREDIT need. Eligibility and the latest survey
  change only on classification and survey dates (a window's end only takes eligibility
  away), so S and those dates are the ones checked. The numerator holds those with a standing
  loan of any programme disbursed on or after the date of the survey that recorded the need
  on the first such date, and on or before D.
- `models`: ModelEstablished effective in [S, D] whose commune is in A on D, closed or not,
  split into new and replicated (those naming the model they copy).
- `production_support` (members): the denominator holds members who, on some date in [S, D]
  when their household was POOR and its latest survey recorded PRODUCTION_SUPPORT, were
  present, working-capable and of working age (checked on S, on classification, survey and
  member dates, and on 15th birthdays: the only dates on which that can start to hold); the
  numerator those named by a standing PRODUCTION_CAPACITY support effective in [S, D].
- `sustainable_employment`: households POOR or NEAR_POOR on D with a present, working-capable
  member of working age on D; the numerator those with a present member whose employment
  stands (not ended) on D.
- `officials_trained`: officials registered on or before D and not left on or before D whose
  area is A or lies inside A on D (any official counts in the city); the numerator those with
  a training completed in [S, D].
- `deprivation.<key>`: households POOR or NEAR_POOR on D whose latest classification on D was
  made under a standard that assesses `<key>`; the numerator those it lists as deprived of it
  (none assessed: no value).
- `loans_outstanding.<programme>`: grants less repayments effective on or before D, summed over
  the households in A on D.
- No plan period holds D: nothing is counted over a window. No plan speaks for A, or D is
  before its baseline: the reduction has no value.
- Targets are the plan's as known at K. A percentage target holds in every area; a count target
  (models) is the whole plan's, so only the plan's own area carries it.
- Retracted entries never count: every household query reads standing entries only.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper

from domain.area_registry import AreaRegistry
from domain.dates import WORKING_AGE_FROM_YEARS, able_to_work, add_months, as_instant
from domain.errors import NotFoundError
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.timeline import ClassificationEntry, LoanEntry, SupportEntry, SurveyEntry
from domain.values import CATEGORY_KEYS, Need, Status, SupportKind
from projections.figures import (
    DEPRIVATION_KEYS,
    FIGURES,
    JUDGEMENT_FREE,
    TRANSITION_FIGURES,
    Figure,
    assessed_by,
    counted_by,
    plan_for,
    progress_known,
    survey_answers,
    targets_on,
)
from projections.log import Preparing, notifications

logger = logging.getLogger(__name__)

PAGE_SIZE = 500
POOR_OR_NEAR_POOR = (Status.POOR, Status.NEAR_POOR)
STATUS_FIGURES = {Status.POOR: "poor", Status.NEAR_POOR: "near_poor"}


class EventSource(Protocol):
    """What replay reads: the store's recorder and the mapper that decodes its events."""

    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> Mapper[Any]: ...


def known_instant(known_at: datetime | None) -> datetime | None:
    """The instant K in UTC (`as_instant`: one without its zone is Vietnam's time)."""
    return None if known_at is None else as_instant(known_at)


def folded(events: Iterable[Any]) -> Any:
    """The aggregate its events make, in order; None for none."""
    aggregate: Any = None
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


@dataclass(frozen=True)
class KnownLog:
    """The log as the store knew it at K (everything when K is None)."""

    source: EventSource
    known_at: datetime | None

    def events(self, aggregate_id: UUID | str) -> list[Any]:
        """The aggregate's events recorded at or before K. Each version is recorded after the
        one before it, so the first later one ends them."""
        found: list[Any] = []
        for stored in self.source.recorder.select_events(aggregate_id):
            event: Any = self.source.mapper.to_domain_event(stored)
            if self.known_at is not None and event.timestamp > self.known_at:
                break
            found.append(event)
        return found

    def fold(self, aggregate_id: UUID | str) -> Any:
        """The aggregate as known at K; None when nothing of it was."""
        return folded(self.events(aggregate_id))

    def each(
        self, *created_topics: str, progress: Callable[[int], None] | None = None
    ) -> Iterator[Any]:
        """Every aggregate created with one of these topics and known at K, one at a time, in
        log order; `progress` is told the log position reached after each page."""
        pages = notifications(self.source.recorder, list(created_topics), PAGE_SIZE)
        mapper = self.source.mapper
        for page in pages:
            if isinstance(mapper, Preparing):  # a page's household keys in one read
                mapper.prepare(page)
            for notification in page:
                try:
                    aggregate = self.fold(notification.originator_id)
                except Exception:
                    # The projections pass over the same event as a fault, which verify
                    # reports; a replay counts what it can read.
                    logger.exception("replay cannot fold %s", notification.originator_id)
                    continue
                if aggregate is not None:
                    yield aggregate
            if progress is not None:
                progress(page[-1].id)


@dataclass(frozen=True)
class Scope:
    """The date D a set of figures is asked for: with the plan period holding it, what a
    household's contribution depends on. The area is not part of it, so the contribution is
    computed once and counted in every area that holds the household."""

    as_of: date

    @property
    def start(self) -> date | None:
        """S: the start of the plan period holding D (None: no window is counted)."""
        period = programme_rules().period_on(self.as_of)
        return None if period is None else period.start

    def in_window(self, day: date) -> bool:
        return self.start is not None and self.start <= day <= self.as_of

    def checkpoints(self, changes: Iterable[date]) -> list[date]:
        """S and the dates in (S, D] on which a condition may start to hold: enough to find
        whether, and first when, it held on some date of [S, D]."""
        start = self.start
        if start is None:
            return []
        return sorted({start, *(day for day in changes if start < day <= self.as_of)})


@dataclass
class Tally:
    """Each figure's numerator, denominator and numerator parts, summed as the log streams by."""

    numerators: Counter[str] = field(default_factory=Counter)
    denominators: Counter[str] = field(default_factory=Counter)
    parts: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(
        self, figure: str, numerator: int = 0, denominator: int = 0, part: str | None = None
    ) -> None:
        self.numerators[figure] += numerator
        self.denominators[figure] += denominator
        if part is not None:
            self.parts[figure][part] += numerator

    def judged(self, judged: Tally) -> Tally:
        """This (national) tally with every count a standard's judgement changes taken from
        `judged`, the same households as a standard of the province's own judged them."""
        tally = Tally()
        for source, unjudged in ((self, True), (judged, False)):
            for name in {*source.numerators, *source.denominators, *source.parts}:
                if name.startswith(JUDGEMENT_FREE) == unjudged:
                    tally.numerators[name] = source.numerators[name]
                    tally.denominators[name] = source.denominators[name]
                    tally.parts[name] = source.parts[name]
        return tally

    def merge(self, other: Tally) -> None:
        """`update`, not `+`: a Counter's `+` drops the negative sums (a commune where the
        near-poor grew)."""
        self.numerators.update(other.numerators)
        self.denominators.update(other.denominators)
        for figure, parts in other.parts.items():
            self.parts[figure].update(parts)


@dataclass
class Places:
    """One date's tallies by the code an aggregate counts under on that date — a household's
    or a model's commune, an official's area — kept apart until the end: an area's figures are
    then the sum of the places it holds that day, so each aggregate is counted once per date
    however many areas are asked for, and memory is bounded by the places, not the log."""

    scope: Scope
    tallies: defaultdict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def at(self, code: str) -> Tally:
        return self.tallies[code]


def replay_figures(
    store_like: EventSource, area: str, as_of: date, known_at: datetime | None
) -> dict[str, Figure]:
    """Every figure of FIGURES for area A as of D, as known at K, from the raw log alone."""
    return replay_areas(store_like, [area], as_of, known_at)[area]


def replay_areas(
    store_like: EventSource, areas: Sequence[str], as_of: date, known_at: datetime | None
) -> dict[str, dict[str, Figure]]:
    """The figures of several areas as of one date, in one pass over the log."""
    return replay_dates(store_like, {as_of: areas}, known_at)[as_of]


def replay_dates(
    store_like: EventSource,
    wanted: Mapping[date, Sequence[str]],
    known_at: datetime | None,
    progress: Callable[[int], None] | None = None,
) -> dict[date, dict[str, dict[str, Figure]]]:
    """The figures of the areas asked for on each date, in one pass over the log: each
    aggregate is folded once, its contribution on each date computed once and counted under
    its place that date; each area then sums the places it holds on that date. `progress` is
    told the log position the pass has reached, as it moves."""
    log = KnownLog(store_like, known_instant(known_at))
    registry = next(log.each(AreaRegistry.Opened.TOPIC), None)  # one per deployment
    if registry is None:
        first = next((areas[0] for areas in wanted.values() if areas), "")
        raise NotFoundError("area-not-found", field="area", area_code=first)
    plans = list(log.each(Plan.Adopted.TOPIC))
    speaking = {
        (day, area): plan_for(plans, registry, area, day) for day, areas in wanted.items()
        for area in areas
    }  # fmt: skip
    # Places by (standard counted by, date): None the national standard, else the province's
    # own that the plan speaking for an area names (`counted_by`).
    days = {(counted_by(plan, day), day): Places(Scope(day)) for (day, _), plan in speaking.items()}
    days.update({(None, day): Places(Scope(day)) for day in wanted})
    baselines = {  # near-poor households on each B
        (counted_by(plan, day), plan.baseline_date): Places(Scope(plan.baseline_date))
        for (day, _), plan in speaking.items()
        if plan is not None and progress_known(plan, day)
    }
    topics = (Household.Registered.TOPIC, LivelihoodModel.Established.TOPIC,
              Official.Registered.TOPIC)  # fmt: skip
    for aggregate in log.each(*topics, progress=progress):
        count_aggregate(aggregate, days, baselines, registry)
    results: dict[date, dict[str, dict[str, Figure]]] = {day: {} for day in wanted}
    for (standard_id, day), places in days.items():
        plans_of = {
            area: plan for area in wanted[day]
            if counted_by(plan := speaking[(day, area)], day) == standard_id
        }  # fmt: skip
        baseline_of = {
            area: baselines[(standard_id, plan.baseline_date)]
            for area, plan in plans_of.items()
            if plan is not None and progress_known(plan, day)
        }
        tallies = area_tallies(registry, list(plans_of), places, baseline_of)
        if standard_id is not None:
            national = area_tallies(registry, list(plans_of), days[(None, day)], {})
            tallies = {area: national[area].judged(tally) for area, tally in tallies.items()}
        results[day].update(
            (area, figures_of(tally, day, plans_of[area], area, registry))
            for area, tally in tallies.items()
        )
    return {day: {area: results[day][area] for area in areas} for day, areas in wanted.items()}


def count_aggregate(
    aggregate: Any,
    days: Mapping[tuple[str | None, date], Places],
    baselines: Mapping[tuple[str | None, date], Places],
    registry: AreaRegistry,
) -> None:
    """One aggregate's contribution on each date (and each baseline), under its place then."""
    if isinstance(aggregate, Household):
        views = judgements(aggregate, {standard_id for standard_id, _ in [*days, *baselines]})
        for (standard_id, _), baseline in baselines.items():
            if standard_id in views:
                count_baseline(views[standard_id], baseline, registry)
        for (standard_id, _), places in days.items():
            if standard_id in views:
                count_household(views[standard_id], places, registry)
        return
    national = [places for (standard_id, _), places in days.items() if standard_id is None]
    for places in national:
        if isinstance(aggregate, LivelihoodModel):
            count_model(aggregate, places)
        elif isinstance(aggregate, Official):
            count_official(aggregate, places)


def judgements(household: Household, wanted: set[str | None]) -> dict[str | None, Household]:
    """The household as the national standard (None) and each of the province's own standards
    asked for judged it (`Household.judged_by`): those that judged none of its recognitions
    leave it on no list, so it is not counted under them."""
    views: dict[str | None, Household] = {None: household}
    for standard_id in household.local_standards():
        if standard_id in wanted:
            views[standard_id] = household.judged_by(catalogue().get(standard_id))
    return views


def area_tallies(
    registry: AreaRegistry,
    areas: Sequence[str],
    places: Places,
    baseline_of: Mapping[str, Places],
) -> dict[str, Tally]:
    """Each area's tally on D: the places it holds on D, and its near-poor households at its
    plan's baseline from the places it held on B (each place's holders found once a date)."""
    tallies = {area: Tally() for area in areas}
    found = [(places, set(areas))]
    for baseline in {id(b): b for b in baseline_of.values()}.values():
        found.append((baseline, {a for a, b in baseline_of.items() if b is baseline}))
    for counted, wanted in found:
        day = counted.scope.as_of
        for code, tally in counted.tallies.items():
            for area in registry.holders(code, day) & wanted:
                tallies[area].merge(tally)
    return tallies


def figures_of(
    tally: Tally, as_of: date, plan: Plan | None, area: str, registry: AreaRegistry
) -> dict[str, Figure]:
    """Each figure as its definition says, from the tally; the near-poor reduction is tallied
    whole (+1 a household near-poor on the baseline, −1 one near-poor on D)."""
    targets = targets_on(plan, registry, area, as_of)
    households = registry.household_totals.get((area, as_of.year))
    figures: dict[str, Figure] = {}
    for definition in FIGURES:
        id_ = definition.id
        baseline = definition.over == "baseline"
        numerator = tally.numerators[id_ if baseline else definition.numerator_count]
        denominator = households if definition.over == "households" else tally.denominators[id_]
        if baseline and not progress_known(plan, as_of):
            numerator, denominator = 0, None
        keys = definition.parts(as_of)
        figures[id_] = Figure(
            id_,
            numerator,
            denominator if definition.percent else None,
            targets.get(definition.target) if definition.target else None,
            None if keys is None else {key: tally.parts[id_][key] for key in keys},
        )
    return figures


# ---- households ------------------------------------------------------------------------------


def place_on(household: Household, registry: AreaRegistry, day: date) -> str | None:
    """Where the household counts on `day`: where it was recorded, followed through the units
    that ended since (`AreaRegistry.placed`, as the indicator view places it); a voided
    registration, nowhere."""
    location = household.location_on(day)
    if location is None or household.voiding() is not None:
        return None
    return registry.place_on(location.commune_code, location.effective_date, day)


def count_baseline(household: Household, baseline: Places, registry: AreaRegistry) -> None:
    """The reduction's base: a household near-poor on B, under its place on B."""
    day = baseline.scope.as_of
    place = place_on(household, registry, day)
    if place is not None and household.status_on(day) is Status.NEAR_POOR:
        baseline.at(place).add("near_poor_reduction", numerator=1, denominator=1)


def count_household(household: Household, places: Places, registry: AreaRegistry) -> None:
    """The household's figures on D, under its place on D."""
    scope = places.scope
    place = place_on(household, registry, scope.as_of)
    if place is None:
        return
    tally = places.at(place)
    status = household.status_on(scope.as_of)
    if status is Status.NEAR_POOR:
        tally.add("near_poor_reduction", numerator=-1)
    if status in STATUS_FIGURES:
        figure = STATUS_FIGURES[status]
        tally.add(figure, numerator=1)
        held = household.categories_on(scope.as_of)
        tally.parts[figure].update(key for key in CATEGORY_KEYS if held[key])
        tally.add(f"{figure}_persons", numerator=len(household.members_on(scope.as_of)))
    if status in POOR_OR_NEAR_POOR:
        count_poor_household(household, scope, tally)
    count_transitions(household, scope, tally)
    count_credit_access(household, scope, tally)
    count_production_support(household, scope, tally)
    for loan in household.loans_on(scope.as_of):
        tally.add(f"loans_outstanding.{loan.programme.value}", numerator=loan.outstanding_vnd)


def count_poor_household(household: Household, scope: Scope, tally: Tally) -> None:
    """Sustainable employment and deprivations, of a household POOR or NEAR_POOR on D."""
    on = scope.as_of
    present = household.members_on(on)
    if any(able_to_work(member, on) for member in present):
        employed = any(household.open_employment(m.member_id, on) for m in present)
        tally.add("sustainable_employment", numerator=int(employed), denominator=1)
    latest = household.latest_classification(on)
    assert latest is not None
    for key in DEPRIVATION_KEYS:
        if latest.standard_id in assessed_by(key):
            tally.add(f"deprivation.{key}", numerator=int(key in latest.deprived), denominator=1)
    for figure in survey_answers(household, latest):
        tally.add(figure, numerator=1, part=latest.status.value)


def count_transitions(household: Household, scope: Scope, tally: Tally) -> None:
    for entry in household.classifications(scope.as_of):
        figure = TRANSITION_FIGURES.get(entry.transition)
        if figure and scope.in_window(entry.effective_date):
            tally.add(figure, numerator=1, part=str(entry.effective_date.year))


def count_credit_access(household: Household, scope: Scope, tally: Tally) -> None:
    need = None
    for day in scope.checkpoints(entry_dates(household, ClassificationEntry, SurveyEntry)):
        survey = latest_survey(household, day)
        if survey and Need.CREDIT in survey.needs and eligible_for_credit(household, day):
            need = survey
            break
    if need is None:
        return
    got_loan = any(
        need.effective_date <= loan.effective_date
        for loan in household.standing(LoanEntry, scope.as_of)
    )
    tally.add("credit_access", numerator=int(got_loan), denominator=1)


def count_production_support(household: Household, scope: Scope, tally: Tally) -> None:
    members = [entry.member for entry in household.members.values() if entry.standing]
    changes = [
        *entry_dates(household, ClassificationEntry, SurveyEntry),
        *(entry.effective_date for entry in household.members.values() if entry.standing),
        *(add_months(m.birth_date, WORKING_AGE_FROM_YEARS * 12) for m in members),
    ]
    needing: set[str] = set()
    for day in scope.checkpoints(changes):
        survey = latest_survey(household, day)
        if household.status_on(day) is Status.POOR and survey and needs_production(survey):
            needing.update(m.member_id for m in household.members_on(day) if able_to_work(m, day))
    supported = {
        support.member_id
        for support in household.standing(SupportEntry, scope.as_of)
        if support.kind is SupportKind.PRODUCTION_CAPACITY
        and scope.in_window(support.effective_date)
    }
    for member_id in needing:
        tally.add("production_support", numerator=int(member_id in supported), denominator=1)


def entry_dates(household: Household, *kinds: type[Any]) -> list[date]:
    return [entry.effective_date for kind in kinds for entry in household.standing(kind)]


def latest_survey(household: Household, day: date) -> SurveyEntry | None:
    surveys = household.standing(SurveyEntry, day)
    return surveys[-1] if surveys else None


def needs_production(survey: SurveyEntry) -> bool:
    return Need.PRODUCTION_SUPPORT in survey.needs


def eligible_for_credit(household: Household, day: date) -> bool:
    return (
        household.status_on(day) in POOR_OR_NEAR_POOR
        or household.newly_escaped_until(day) is not None
    )


# ---- models and officials --------------------------------------------------------------------


def count_model(model: LivelihoodModel, places: Places) -> None:
    """A model established in [S, D], under its commune."""
    if places.scope.in_window(model.established_on):
        tally = places.at(model.commune_code)
        tally.add("models", numerator=1, part="replicated" if model.replicated_from else "new")


def count_official(official: Official, places: Places) -> None:
    """An official in post on D, under their area."""
    scope = places.scope
    on = scope.as_of
    active = official.registered_on <= on and (official.left_on is None or on < official.left_on)
    if active:
        trained = any(scope.in_window(completed) for completed, _ in official.trainings)
        places.at(official.area_code).add(
            "officials_trained", numerator=int(trained), denominator=1
        )

"""What a draft standard would make of the households we know (issue 14; docs/spec/what-if.md):
each household's survey held on a date, as known at an instant, judged under the draft and set
beside its recognised status. Nothing is recorded in the households' histories; the draft and
each run are kept (who, when, what), so that a result can be cited and run again to the same
answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from application.areas import AreaService
from application.commands import CommandContext, CommandRunner, Written
from application.households import load
from application.infrastructure.store import CaseStore
from application.readmodels import ReadModels
from application.registries import events
from domain.area_registry import AWAITING
from domain.errors import ConflictError, NotFoundError, ValidationError
from domain.standards import catalogue
from domain.values import AreaKind, Status
from domain.what_if import Draft, Judgement, StandardDraft, WhatIfRun

NONE = "NONE"  # a household no recognition has classified yet
UNJUDGED = "UNJUDGED"  # a survey the draft cannot decide (docs/spec/what-if.md)
LISTED = (Status.POOR.value, Status.NEAR_POOR.value)
# The draft's income lines tried beside its own, as shares of them: -20 % to +20 %.
SENSITIVITY = tuple(range(80, 121, 5))


@dataclass(frozen=True)
class Judged:
    """One household: where it lives on the date, its survey, the status recognised and the one
    the draft would give (`UNJUDGED`: not judged), with the draft's reasons; `moves` onto the
    lists, off them, or from one to the other (a household off the lists, non-poor or
    recognised as nothing yet, that stays off does not move)."""

    household_id: str
    place: str
    survey_id: str
    members: int
    needs: tuple[str, ...]
    current: str
    kind: AreaKind | None  # of the commune on the date (None: awaiting its new unit)
    judgement: Judgement | None  # None when `kind` is
    simulated: str
    moves: bool


def listed_as(status: str) -> str | None:
    return status if status in LISTED else None


def judge_rows(
    rules: Draft, rows: Iterable[Any], kinds: Mapping[str, AreaKind | None]
) -> list[Judged]:
    """The survey rows (`ReadModels.surveys_held`) under the draft, each by the kind of the
    commune the household lives in on the date. The draft reads a survey's answers once for
    every survey of the same standard answered alike."""
    answered: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
    judged = []
    for row in rows:
        key = (row.standard_id, row.deprived)
        if key not in answered:
            deprived = set(row.deprived.split(",")) - {""}
            keys = catalogue().get(row.standard_id).keys
            answered[key] = rules.answered({k: k in deprived for k in keys})
        kind = kinds.get(row.place)
        judgement = None if kind is None else rules.verdict(kind, row.income, *answered[key])
        status = judgement.status if judgement is not None else None
        simulated = UNJUDGED if status is None else status.value
        current = row.status or NONE
        judged.append(
            Judged(
                household_id=row.owner,
                place=row.place,
                survey_id=row.survey_id,
                members=row.members,
                needs=tuple(n for n in row.needs.split(",") if n),
                current=current,
                kind=kind,
                judgement=judgement,
                simulated=simulated,
                moves=simulated != UNJUDGED and listed_as(simulated) != listed_as(current),
            )
        )
    return judged


def totals(judged: Iterable[Judged]) -> dict[str, int]:
    """Households by recognised × simulated status (`POOR>NEAR_POOR`), and their members
    (`members:POOR>NEAR_POOR`): what a run records, and what a run again must give."""
    found: Counter[str] = Counter()
    for item in judged:
        key = f"{item.current}>{item.simulated}"
        found[key] += 1
        found[f"members:{key}"] += item.members
    return dict(sorted(found.items()))


def scaled(rules: Draft, percent: int) -> Draft:
    """The draft with its income lines (and its average band) at `percent` of its own."""
    standard = rules.standard

    def lines(given: Mapping[AreaKind, int]) -> dict[AreaKind, int]:
        return {kind: line * percent // 100 for kind, line in given.items()}

    band = None if standard.average_upper is None else lines(standard.average_upper)
    changed = replace(standard, income_line=lines(standard.income_line), average_upper=band)
    return replace(rules, standard=changed)


class WhatIfService:
    def __init__(
        self, store: CaseStore, runner: CommandRunner, areas: AreaService, reads: ReadModels
    ) -> None:
        self.store = store
        self.runner = runner
        self.areas = areas
        self.reads = reads

    # ---- drafts ---------------------------------------------------------------------------------

    def draft(self, ctx: CommandContext, entered: Mapping[str, Any]) -> Written:
        """A draft standard for the caller's area, checked before it is kept."""

        def action() -> Any:
            drafted = StandardDraft.draft(
                ctx.actor.area_code, entered, ctx.recorded(self.runner.today())
            )
            return [drafted], self.draft_data(drafted)

        return self.runner.run(ctx, "draft_standard", dict(entered), action)

    def drafts(self, area_code: str) -> list[dict[str, Any]]:
        """The drafts of the area and of the areas holding it, newest first. Drafts are few (a
        city drafts a standard a period), so they are read from the log's events."""
        today = self.runner.today()
        found = [
            self.draft_data(self.draft_of(event.originator_id))
            for event in events(self.store, StandardDraft.Drafted.TOPIC)
            if self.areas.contains(event.area_code, area_code, today)
            or self.areas.contains(area_code, event.area_code, today)
        ]
        return sorted(found, key=lambda d: d["drafted_at"], reverse=True)

    def draft_of(self, draft_id: object) -> StandardDraft:
        return load(self.store, StandardDraft, draft_id, "draft-not-found", "draft_id")

    @staticmethod
    def draft_data(drafted: StandardDraft) -> dict[str, Any]:
        return {
            "id": str(drafted.id),
            "name": drafted.entered["name"],
            "area_code": drafted.area_code,
            "entered": drafted.entered,
            "drafted_by": drafted.drafted_by,
            "drafted_at": drafted.created_on.isoformat(),
        }

    def rules(self, standard: str) -> Draft:
        """The rules a run applies: a draft's, by its id, or an adopted standard's, by its
        own (run as a draft of itself)."""
        if standard in {s.id for s in catalogue().standards}:
            return Draft.of_standard(catalogue().get(standard))
        return self.draft_of(standard).rules

    # ---- runs -----------------------------------------------------------------------------------

    def held(
        self, area: str, as_of: date, known_at: datetime | None
    ) -> tuple[list[Any], dict[str, AreaKind | None]]:
        """The survey every household of the area holds on the date, as known at the instant,
        and the kind of each place then (None: households awaiting their new unit)."""
        registry = self.areas.registry()
        rows = self.reads.surveys_held(self.areas.communes_within(area, as_of), as_of, known_at)
        kinds: dict[str, AreaKind | None] = {
            place: None
            if place.startswith(AWAITING)
            else registry.check_commune(place, as_of).area_kind
            for place in {row.place for row in rows}
        }
        return rows, kinds

    def judge(
        self, rules: Draft, area: str, as_of: date, known_at: datetime | None
    ) -> list[Judged]:
        return judge_rows(rules, *self.held(area, as_of, known_at))

    def run(
        self, ctx: CommandContext, standard: str, area: str, as_of: date, known_at: datetime | None
    ) -> Written:
        """Run the rules over the area and keep the run: its standard, area, date, the instant
        it reads as known at (its own when none is chosen) and its totals."""
        rules = self.rules(standard)
        if as_of > self.runner.today():
            raise ValidationError("future-date", field="as_of", date=as_of.isoformat())

        def action() -> Any:
            if known_at is None and not self.reads.wait_for(
                self.store.recorder.max_notification_id()
            ):
                raise ConflictError("views-behind")
            instant = known_at or datetime.now(UTC)
            found = totals(self.judge(rules, area, as_of, instant))
            ran = WhatIfRun.ran(
                standard, area, as_of, instant, found, ctx.recorded(self.runner.today())
            )
            return [ran], self.run_data(ran)

        payload = {
            "standard": standard,
            "area": area,
            "as_of": as_of.isoformat(),
            "known_at": known_at.isoformat() if known_at else None,
        }
        return self.runner.run(ctx, "run_what_if", payload, action)

    def run_of(self, area_code: str, run_id: object) -> WhatIfRun:
        """A run of an area inside the caller's; another is not found, as a household outside
        it is."""
        ran = load(self.store, WhatIfRun, run_id, "run-not-found", "run_id")
        if not self.areas.contains(area_code, ran.area_code, self.runner.today()):
            raise NotFoundError("run-not-found", field="run_id", run_id=str(run_id))
        return ran

    def runs(self, area_code: str) -> list[dict[str, Any]]:
        today = self.runner.today()
        found = [
            self.run_data(load(self.store, WhatIfRun, event.originator_id, "run-not-found", "id"))
            for event in events(self.store, WhatIfRun.Ran.TOPIC)
            if self.areas.contains(area_code, event.area_code, today)
        ]
        return sorted(found, key=lambda r: r["ran_at"], reverse=True)

    def run_data(self, ran: WhatIfRun) -> dict[str, Any]:
        return {
            "id": str(ran.id),
            "standard": ran.standard,
            "area_code": ran.area_code,
            "as_of": ran.as_of.isoformat(),
            "known_at": ran.known_at.isoformat(),
            "ran_by": ran.ran_by,
            "ran_at": ran.created_on.isoformat(),
            "totals": ran.totals,
        }

    def result(self, area_code: str, run_id: object) -> tuple[WhatIfRun, list[Judged]]:
        """A kept run judged again, as known at its instant: the same households, the same
        answer (`same_as_recorded`)."""
        ran = self.run_of(area_code, run_id)
        return ran, self.judge(self.rules(ran.standard), ran.area_code, ran.as_of, ran.known_at)

    @staticmethod
    def same_as_recorded(ran: WhatIfRun, judged: Sequence[Judged]) -> bool:
        return totals(judged) == ran.totals

    @staticmethod
    def sensitivity(rules: Draft, judged: Iterable[Judged]) -> list[tuple[int, int, int]]:
        """(percent of the draft's lines, poor, near-poor) for each line tried: each survey's
        deprivations are those it was judged with; only the line moves."""
        facts = [
            (j.kind, j.judgement.income_per_capita_vnd, len(j.judgement.deprived),
             len(j.judgement.unanswered))
            for j in judged
            if j.kind is not None and j.judgement is not None
        ]  # fmt: skip
        found = []
        for percent in SENSITIVITY:
            standard = scaled(rules, percent).standard
            counted = Counter(standard.decide(*fact) for fact in facts)
            found.append((percent, counted[Status.POOR], counted[Status.NEAR_POOR]))
        return found


def report(judged: Sequence[Judged], place: str | None = None) -> dict[str, Any]:
    """What a run found, as plain data: the transition matrix (households and members), by
    place the poor and near-poor now and under the draft and the moves between them, what
    changes in the plan's figures (households eligible for credit, escapes) and every
    household that would move, with the draft's reasons; `place`: one commune's alone."""
    chosen = [j for j in judged if place is None or j.place == place]
    matrix: dict[str, dict[str, dict[str, int]]] = {}
    for item in chosen:
        cell = matrix.setdefault(item.current, {}).setdefault(
            item.simulated, {"households": 0, "members": 0}
        )
        cell["households"] += 1
        cell["members"] += item.members
    return {
        "households": len(chosen),
        "members": sum(item.members for item in chosen),
        "matrix": matrix,
        "by_place": by_place(judged),
        "now": Counter(item.current for item in chosen if item.current in LISTED),
        "simulated": Counter(item.simulated for item in chosen if item.simulated in LISTED),
        "unjudged": sum(1 for item in chosen if item.simulated == UNJUDGED),
        "average_band": sum(1 for i in chosen if i.judgement and i.judgement.average_band),
        "credit": {
            "now": sum(1 for i in chosen if i.current in LISTED and "CREDIT" in i.needs),
            "simulated": sum(1 for i in chosen if i.simulated in LISTED and "CREDIT" in i.needs),
        },
        "escaping": sum(1 for i in chosen if i.current in LISTED and i.simulated == "NON_POOR"),
        "entering": sum(1 for i in chosen if i.current not in LISTED and i.simulated in LISTED),
        "movers": [mover(item) for item in chosen if item.moves],
    }


def by_place(judged: Iterable[Judged]) -> list[dict[str, Any]]:
    """Each place's poor and near-poor now and under the draft, and those entering and leaving
    the lists."""
    places: dict[str, Counter[str]] = {}
    for item in judged:
        found = places.setdefault(item.place, Counter())
        found["households"] += 1
        found[f"now:{item.current}"] += 1
        found[f"simulated:{item.simulated}"] += 1
        found["entering"] += item.current not in LISTED and item.simulated in LISTED
        found["leaving"] += item.current in LISTED and item.simulated not in (*LISTED, UNJUDGED)
    return [{"place": code, **counted} for code, counted in sorted(places.items())]


def mover(item: Judged) -> dict[str, Any]:
    """A household that would change status, and why: its income against the draft's line,
    the draft's indicators it is deprived of, those its survey was not asked."""
    judgement = item.judgement
    assert judgement is not None
    return {
        "household_id": item.household_id,
        "place": item.place,
        "survey_id": item.survey_id,
        "members": item.members,
        "current": item.current,
        "simulated": item.simulated,
        "income": judgement.income_per_capita_vnd,
        "line": judgement.income_line_vnd,
        "below_line": judgement.below_line,
        "deprived": list(judgement.deprived),
        "unanswered": list(judgement.unanswered),
    }

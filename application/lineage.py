"""Where a figure comes from (docs/spec/figures.md): the households (or models, officials) in its
numerator and denominator with the events that put each there, and why a figure changed
between two (date, known-at) points — split into new events, retractions, late (back-dated)
entries and reclassifications."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    Table,
    and_,
    distinct,
    except_,
    false,
    func,
    or_,
    select,
    true,
)

from application.readmodels import ReadModels
from domain.dates import as_instant
from domain.household import Household
from projections.bitemporal import known, on, utc
from projections.figures import BY_ID, assessing, counted_by, judged_count, progress_known
from projections.memberships import DEPRIVATION_DENOMINATOR
from projections.sealing import Sealer

# The household events that can put a household into each figure.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "status": ("HouseholdClassified", "HouseholdSurveyed", "HouseholdMoved"),
    "transition": ("HouseholdClassified", "EscapedPoverty", "Relapsed", "HouseholdMoved"),
    "credit_access": ("HouseholdClassified", "HouseholdSurveyed", "LoanGranted", "HouseholdMoved"),
    "production_support": (
        "HouseholdClassified", "HouseholdSurveyed", "SupportProvided", "MemberAdded",
        "MemberRemoved", "HouseholdMoved",
    ),
    "sustainable_employment": (
        "HouseholdClassified", "EmploymentSecured", "EmploymentEnded", "MemberAdded",
        "MemberRemoved", "HouseholdMoved",
    ),
    "loans": ("LoanGranted", "LoanRepaid", "HouseholdMoved"),
}  # fmt: skip
FAMILY = {
    "escaped": "transition", "relapsed": "transition", "newly_poor": "transition",
    "credit_access": "credit_access", "production_support": "production_support",
    "sustainable_employment": "sustainable_employment",
}  # fmt: skip
PAGE_SIZE = 100


def family(figure_id: str) -> str:
    if figure_id.startswith("loans_outstanding."):
        return "loans"
    return FAMILY.get(figure_id, "status")


# The near-poor of today who were not at the baseline: the reduction is net of them.
NEWLY_NEAR_POOR = "offset"
ANSWER_PARTS = {"num": "numerator", "den": "denominator", NEWLY_NEAR_POOR: "offset"}


def parts_of(figure_id: str) -> tuple[str, ...]:
    """Households stand behind a numerator, and behind a denominator unless it is a recorded
    total (the poverty rates divide by the household totals of the area registry); behind the
    reduction of near-poor households also those near-poor since the baseline, whom it counts
    against the baseline's (`offset`: value = numerator − offset)."""
    over = BY_ID[figure_id].over
    if over == "baseline":
        return ("num", "den", NEWLY_NEAR_POOR)
    return ("num", "den") if over in ("own", "listed") else ("num",)


def stored_figure(figure_id: str, part: str) -> str:
    """The figure name under which the view stores a figure's part."""
    definition = BY_ID[figure_id]
    if definition.over == "listed" and part == "den":
        return DEPRIVATION_DENOMINATOR
    if part == "den" and definition.over != "baseline":
        return figure_id
    return definition.numerator_count


@dataclass(frozen=True)
class Point:
    """A figure's date D and the instant K it is known at (None: now), K in UTC: one given
    without its zone is Vietnam's time (`as_instant`)."""

    as_of: date
    known_at: datetime | None

    def __post_init__(self) -> None:
        if self.known_at is not None:
            object.__setattr__(self, "known_at", as_instant(self.known_at))


class LineageService:
    def __init__(self, reads: ReadModels) -> None:
        self.reads = reads

    def tables(self) -> tuple[Table, Table, Table]:
        rows, holders = self.reads.indicators.tables(self.reads.generation("indicators"))
        history = self.reads.history.table(self.reads.generation("history"))
        return rows, holders, history

    def member_rows(
        self, figure: str, part: str, area: str, point: Point, standard_id: str | None
    ) -> Select[Any]:
        """(subject, owner, weight, area) of each membership row counting in (figure, part) at
        the point — its own area's, or a place's that the area holds then (as
        `sums.sums_by_area` counts them); a subject may have several (a household that
        moved within the area). As the standard the area's plan counts by judged the
        households (`judged_count`; None: the national standard)."""
        rows, holders, _ = self.tables()
        inside = holders.alias("inside")
        joined = rows.outerjoin(
            inside,
            and_(
                inside.c.code == rows.c.area,
                inside.c.holder == area,
                on(inside, point.as_of),
                known(inside, point.known_at),
            ),
        )
        stored = stored_figure(figure, part)
        where = [
            rows.c.figure == judged_count(standard_id, stored),
            rows.c.tag.in_(assessing(figure)) if stored == DEPRIVATION_DENOMINATOR else true(),
            rows.c.part == ("den" if part == "den" else "num"),
            on(rows, point.as_of),
            known(rows, point.known_at),
            or_(rows.c.area == area, inside.c.holder.is_not(None)),
        ]
        counted = (rows.c.subject, rows.c.owner, rows.c.weight, rows.c.area)
        return select(*counted).select_from(joined).where(*where)

    def rows_behind(self, figure_id: str, part: str, area: str, point: Point) -> Select[Any]:
        """`member_rows` of a figure's part. The reduction of near-poor households is counted
        against the baseline of the plan that speaks for the area: its denominator is the
        near-poor on B, its numerator those of them no longer near-poor on D (the figure itself
        is net of households that became near-poor since); nobody before B or without a plan."""
        plan = self.reads.plan_for(area, point.as_of, point.known_at)
        standard_id = counted_by(plan, point.as_of)  # `standard_of`, the plan kept for its baseline
        if figure_id != "near_poor_reduction":
            return self.member_rows(figure_id, part, area, point, standard_id)
        if plan is None or not progress_known(plan, point.as_of):
            return self.member_rows(figure_id, part, area, point, standard_id).where(false())
        baseline = Point(plan.baseline_date, point.known_at)
        then = self.member_rows("near_poor", "num", area, baseline, standard_id)
        now = self.member_rows("near_poor", "num", area, point, standard_id)
        rows, _, _ = self.tables()
        if part == "den":
            return then
        if part == NEWLY_NEAR_POOR:
            earlier = then.subquery()
            return now.where(rows.c.subject.not_in(select(earlier.c.subject)))
        later = now.subquery()
        return then.where(rows.c.subject.not_in(select(later.c.subject)))

    def standard_of(self, area: str, point: Point) -> str | None:
        """The standard the figures of the area at the point count by: the one the plan
        speaking for it names (`counted_by`; None: the national standard)."""
        return counted_by(self.reads.plan_for(area, point.as_of, point.known_at), point.as_of)

    def members_behind(
        self, conn: Connection, figure_id: str, part: str, area: str, point: Point
    ) -> dict[str, tuple[str, int]]:
        """subject → (owner aggregate, weight) counting in the figure's part at the point."""
        found: dict[str, tuple[str, int]] = {}
        for row in conn.execute(self.rows_behind(figure_id, part, area, point)):
            owner, weight = found.get(row.subject, (row.owner, 0))
            found[row.subject] = (owner, weight + int(row.weight))
        return found

    def members_page(
        self, conn: Connection, figure_id: str, part: str, area: str, point: Point, page: int
    ) -> tuple[int, list[tuple[str, str, int]]]:
        """How many subjects count, and one page of them in subject order with their owner and
        weight: grouped, counted and cut by the database, so a page of a figure of the whole
        city sends a hundred rows, not every member."""
        found = self.rows_behind(figure_id, part, area, point).subquery()
        total: int = conn.execute(select(func.count(distinct(found.c.subject)))).scalar_one()
        shown = conn.execute(
            select(found.c.subject, func.min(found.c.owner), func.sum(found.c.weight))
            .group_by(found.c.subject)
            .order_by(found.c.subject)
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
        return total, [(str(row[0]), str(row[1]), int(row[2])) for row in shown]

    def events(
        self, conn: Connection, owners: list[str], types: tuple[str, ...], point: Point
    ) -> dict[str, list[dict[str, Any]]]:
        """The events behind each owner, as known at the point, effective by its date."""
        _, _, history = self.tables()
        query = select(history).where(
            history.c.household_id.in_(owners),
            history.c.type.in_(types),
            history.c.effective_date <= point.as_of,
        )
        if point.known_at is not None:
            query = query.where(history.c.recorded_at <= point.known_at)
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in conn.execute(query.order_by(history.c.household_id, history.c.version)):
            retracted = row.retracted_by is not None and (
                point.known_at is None or self.retraction_known(conn, row, point.known_at)
            )
            if retracted:
                continue
            found[row.household_id].append(event_data(row, self.reads.sealer))
        return found

    def retraction_known(self, conn: Connection, row: Any, known_at: datetime) -> bool:
        _, _, history = self.tables()
        recorded = conn.execute(
            select(history.c.recorded_at).where(
                history.c.household_id == row.household_id,
                history.c.version == row.retracted_by,
            )
        ).scalar()
        return recorded is not None and recorded <= known_at

    def drill_down(self, figure_id: str, area: str, point: Point, page: int = 1) -> dict[str, Any]:
        """The numerator's and the denominator's members, each with its events, paged; for the
        reduction of near-poor households also those near-poor since the baseline, whom the
        figure counts against it (`offset`: value = numerator − offset)."""
        parts = parts_of(figure_id)
        answer: dict[str, Any] = {
            "figure": figure_id,
            "area": area,
            "as_of": point.as_of.isoformat(),
            "known_at": point.known_at.isoformat() if point.known_at else None,
        }
        with self.reads.sql.connect() as conn:
            for part in parts:
                total, shown = self.members_page(conn, figure_id, part, area, point, page)
                owners = sorted({owner for _, owner, _ in shown})
                events = self.events(conn, owners, EVENT_TYPES[family(figure_id)], point)
                answer[ANSWER_PARTS[part]] = {
                    "total": total,
                    "page": page,
                    "items": [
                        {
                            "subject": subject,
                            "owner": owner,
                            "weight": weight,
                            "events": events.get(owner, []),
                        }
                        for subject, owner, weight in shown
                    ],
                }
        return answer

    def changes(
        self,
        figure_ids: list[str],
        area: str,
        before: Point,
        after: Point,
        limit: int = PAGE_SIZE,
    ) -> dict[str, Any]:
        """Who entered or left each figure's numerator and denominator between two points, and
        the events responsible, by kind: the first `limit` of each way in subject order, and in
        `totals` how many there are in all."""
        result: dict[str, Any] = {
            "area": area,
            "from": {"as_of": before.as_of.isoformat(), "known_at": iso(before.known_at)},
            "to": {"as_of": after.as_of.isoformat(), "known_at": iso(after.known_at)},
            "limit": limit,
            "figures": {},
            "totals": {},
        }
        with self.reads.sql.connect() as conn:
            moves = {
                (figure_id, part): self.moved(conn, figure_id, part, area, (before, after), limit)
                for figure_id in figure_ids
                for part in parts_of(figure_id)
            }
            # A household's events between the points are the same whichever figure it moved
            # in: read once for every household shown.
            owners = sorted(
                {o for moved in moves.values() for _, shown in moved.values() for _, o in shown}
            )
            responsible = self.responsible(conn, owners, before, after)
        for (figure_id, part), moved in moves.items():
            name = ANSWER_PARTS[part]
            result["figures"].setdefault(figure_id, {})[name] = {
                way: [
                    {"subject": s, "owner": o, "events": responsible.get(o, [])} for s, o in shown
                ]
                for way, (_, shown) in moved.items()
            }
            result["totals"].setdefault(figure_id, {})[name] = {
                way: total for way, (total, _) in moved.items()
            }
        return result

    def moved(
        self,
        conn: Connection,
        figure_id: str,
        part: str,
        area: str,
        points: tuple[Point, Point],
        limit: int,
    ) -> dict[str, tuple[int, list[tuple[str, str]]]]:
        """way → (how many, the first `limit` (subject, owner)): the subjects counting at the
        second point and not the first (entered), and the other way round (left), as set
        differences the database works out."""
        before, after = points
        then_rows = self.rows_behind(figure_id, part, area, before).subquery()
        now_rows = self.rows_behind(figure_id, part, area, after).subquery()
        answer: dict[str, tuple[int, list[tuple[str, str]]]] = {}
        for way, (into, out_of) in {
            "entered": (now_rows, then_rows),
            "left": (then_rows, now_rows),
        }.items():
            only = except_(select(into.c.subject), select(out_of.c.subject)).subquery()
            total: int = conn.execute(select(func.count()).select_from(only)).scalar_one()
            shown = conn.execute(
                select(into.c.subject, func.min(into.c.owner))
                .where(into.c.subject.in_(select(only.c.subject)))
                .group_by(into.c.subject)
                .order_by(into.c.subject)
                .limit(limit)
            )
            answer[way] = (total, [(str(row[0]), str(row[1])) for row in shown])
        return answer

    def responsible(
        self, conn: Connection, owners: list[str], before: Point, after: Point
    ) -> dict[str, list[dict[str, Any]]]:
        """Events between the two points: recorded after `before` was known, or effective after
        its date; each labelled new, late (back-dated), retraction or reclassification."""
        _, _, history = self.tables()
        # A retraction takes the entry's effect back, a void the registration's, at every
        # date, whatever their own date.
        query = select(history).where(
            history.c.household_id.in_(owners),
            or_(
                history.c.effective_date <= after.as_of,
                history.c.type.in_(Household.TIMELESS),
            ),
        )
        if after.known_at is not None:
            query = query.where(history.c.recorded_at <= after.known_at)
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in conn.execute(query.order_by(history.c.household_id, history.c.version)):
            recorded_later = before.known_at is not None and utc(row.recorded_at) > before.known_at
            effective_later = row.effective_date > before.as_of
            if not (recorded_later or effective_later):
                continue
            if row.type in Household.TIMELESS:
                kind = "retraction"
            elif recorded_later and not effective_later:
                kind = "late"
            elif row.type == "HouseholdClassified":
                kind = "reclassification"
            else:
                kind = "new"
            found[row.household_id].append({**event_data(row, self.reads.sealer), "kind": kind})
        return found


def iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def event_data(row: Any, sealer: Sealer) -> dict[str, Any]:
    return {
        "version": row.version,
        "position": row.position,
        "type": row.type,
        "effective_date": row.effective_date.isoformat(),
        "recorded_at": utc(row.recorded_at).isoformat(),
        "actor": row.actor,
        "summary_vi": sealer.open(row.summary_vi),
        "summary_en": sealer.open(row.summary_en),
    }

"""What the supervisor's pages and downloads read beyond the figures: households of the
directory by id, the poor and near-poor lists of an area as of a date and as known at an
instant, the count of households by status per sub-area (the review summary), and the events
behind one member of a figure — retracted entries kept and marked, as a drill-down must show
why an entry no longer counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Table, func, select

from application.lineage import (
    EVENT_TYPES,
    LineageService,
    Point,
    event_data,
    family,
    parts_of,
)
from application.readmodels import ReadModels, directory_item
from domain.dates import VIETNAM
from projections.bitemporal import known, utc
from projections.figures import judged_count
from projections.sealing import Sealer

# The statuses of the review summary, in the order a report lists them; None is unclassified.
STATUSES: tuple[str | None, ...] = ("POOR", "NEAR_POOR", "AVERAGE", "NON_POOR", None)
# The lists a report downloads as of any date: the figure whose members they are.
LISTS = {"POOR": "poor", "NEAR_POOR": "near_poor"}


class ReportReads:
    def __init__(self, reads: ReadModels, lineage: LineageService) -> None:
        self.reads = reads
        self.lineage = lineage

    def directory(self) -> Table:
        return self.reads.directory.table(self.reads.generation(self.reads.directory.name))

    def sub_areas(self, area: str) -> tuple[list[str], str]:
        """The places of the area today a summary counts under, and the directory's column
        that names them: for a scope whose unit ended, its communes on its last day (where its
        households were recorded); else the communes it holds today and the households
        awaiting assignment to one of them (where they are placed)."""
        today = self.reads.today()
        inside, at = self.reads.areas.scope_of(area, today)
        if at < today:
            return self.reads.areas.communes_within(inside, at) or [], "commune_code"
        return self.reads.areas.places_within(inside, today), "place"

    def households(self, household_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Directory items by id; ids that are not households (models, officials) are absent."""
        wanted = sorted(set(household_ids))
        if not wanted:
            return {}
        table = self.directory()
        with self.reads.sql.connect() as conn:
            rows = conn.execute(select(table).where(table.c.household_id.in_(wanted))).all()
        today = self.reads.today()
        return {
            row.household_id: directory_item(row._mapping, today, self.reads.sealer) for row in rows
        }

    def listed(
        self, area: str, status: str, point: Point, standard_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Every household of the area on the poor or near-poor list on the point's date, as
        known at its instant, by commune and code (unpaged: a list to download): the members
        of that figure, the rows the dashboard's count sums, each with the place it counted in
        then (`place`) and the day its run on the list began (`listed_since`); its code, head
        and village from the directory. The lists the national standard made, unless a
        standard of the province's own is named (`counted_by`: as the area's plan counts)."""
        figure = LISTS[status]
        found = self.lineage.member_rows(figure, "num", area, point, standard_id).subquery()
        members = (
            select(found.c.subject, func.min(found.c.area).label("counted_in"))
            .group_by(found.c.subject)
            .subquery()
        )
        table = self.directory()
        query = (
            select(table, members.c.counted_in)
            .join(members, table.c.household_id == members.c.subject)
            .order_by(members.c.counted_in, table.c.household_code)
        )
        with self.reads.sql.connect() as conn:
            rows = conn.execute(query).all()
            since = self.runs_since(conn, judged_count(standard_id, figure), members, point)
        today = self.reads.today()
        return [
            {
                **directory_item(row._mapping, today, self.reads.sealer),
                "place": row.counted_in,
                "listed_since": since[row.household_id].isoformat(),
            }
            for row in rows
        ]

    def counted_by(self, area: str, point: Point) -> str | None:
        """The standard the figures of the area count by at the point (`standard_of`)."""
        return self.lineage.standard_of(area, point)

    def runs_since(
        self, conn: Connection, figure: str, members: Any, point: Point
    ) -> dict[str, date]:
        """The day each member's run on the list began, as known at the point: its rows in
        every place, walked back from the one counting on the date for as long as each ends
        where the next begins (a household that moved, or whose commune went into a new one,
        stayed on the list)."""
        rows, _, _ = self.lineage.tables()
        query = select(rows.c.subject, rows.c.eff_from, rows.c.eff_to).where(
            rows.c.figure == figure,
            rows.c.part == "num",
            rows.c.eff_from <= point.as_of,
            known(rows, point.known_at),
            rows.c.subject.in_(select(members.c.subject)),
        )
        spans: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for row in conn.execute(query):
            spans[row.subject].append((row.eff_from, row.eff_to))
        since: dict[str, date] = {}
        for subject, found in spans.items():
            found.sort(key=lambda span: span[0], reverse=True)
            start = found[0][0]
            for begin, end in found[1:]:
                if end is None or end < start:
                    break
                start = min(start, begin)
            since[subject] = start
        return since

    def status_counts(self, area: str) -> dict[str, dict[str | None, int]]:
        """Households by status today, per place of the area (`sub_areas`: every one, even
        without any household)."""
        places, column = self.sub_areas(area)
        counts = {place: dict.fromkeys(STATUSES, 0) for place in places}
        table = self.directory()
        within = self.reads.households_within(table, area, self.reads.today())
        key = table.c[column]
        query = (
            select(key.label("sub"), table.c.status, func.count())
            .where(*within)
            .group_by(key, table.c.status)
        )
        with self.reads.sql.connect() as conn:
            for row in conn.execute(query):
                if row.sub in counts:
                    counts[row.sub][row.status] += int(row[2])
        return counts

    def events_behind(
        self, figure_id: str, area: str, point: Point, owner: str
    ) -> list[dict[str, Any]] | None:
        """The events of the kinds that count in the figure for one of its members, as known at
        the point, each marked `late` (recorded after the figure's date) and `retracted` (with
        the reason) when the retraction was known; None when the owner is not behind the figure
        in the area at the point."""
        with self.reads.sql.connect() as conn:
            behind = any(
                owner == found
                for part in parts_of(figure_id)
                for found, _ in self.lineage.members_behind(
                    conn, figure_id, part, area, point
                ).values()
            )
            if not behind:
                return None
            return self.marked_events(conn, owner, EVENT_TYPES[family(figure_id)], point)

    def marked_events(
        self, conn: Connection, owner: str, types: tuple[str, ...], point: Point
    ) -> list[dict[str, Any]]:
        """A retraction takes an entry back at every date, so it is looked up whatever its own
        effective date, as long as it was known at the point."""
        _, _, history = self.lineage.tables()
        query = select(history).where(history.c.household_id == owner)
        if point.known_at is not None:
            query = query.where(history.c.recorded_at <= point.known_at)
        known = {row.version: row for row in conn.execute(query.order_by(history.c.version))}
        day_ends = datetime.combine(point.as_of, time.max, VIETNAM)
        return [
            {
                **event_data(row, self.reads.sealer),
                "late": utc(row.recorded_at) > day_ends,
                "retracted": retraction_data(row, known.get(row.retracted_by), self.reads.sealer),
            }
            for row in known.values()
            if row.type in types and row.effective_date <= point.as_of
        ]


def retraction_data(row: Any, retraction: Any, sealer: Sealer) -> dict[str, Any] | None:
    if retraction is None:
        return None
    return {
        "version": retraction.version,
        "reason": sealer.open(row.retraction_reason),
        "actor": row.retraction_actor,
        "recorded_at": utc(retraction.recorded_at).isoformat(),
    }


def plan_year_ends(start: date, end: date, as_of: date) -> list[date]:
    """The dates of a yearly trend: 31 December of each plan year up to the date (the date
    itself for its own, unfinished year)."""
    last = min(as_of.year, end.year)
    return [min(date(year, 12, 31), as_of) for year in range(start.year, last + 1)]

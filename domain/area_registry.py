"""Provinces, districts and communes over time (docs/spec/models-and-plans.md, reorganisation.md): a
commune's kind decides the income line, its district and province decide where its households are
counted, and all of them change — Hai Phong's own mergers of 1 January 2025, then on 1 July 2025 Hải
Dương merged into Hai Phong, every district ended and 114 new communes took their predecessors'
places, some reusing a predecessor's code (a unit is its code *and* its period)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, Snapshotted, deterministic_id
from domain.errors import NotFoundError, RuleViolationError, ValidationError
from domain.values import AreaKind, CommuneKind, DistrictKind

# A household of a split unit that the commune has not yet assigned to one of its successors is
# counted under AWAITING + the old unit's code: in the city, in no commune.
AWAITING = "?"
# TERRITORY + a province's code: the province's territory as it stood before the reorganisation
# of 2025, followed through it — what a plan of that province is measured on
# (docs/spec/reorganisation.md).
TERRITORY = "^"
FULL, PARTIAL = "full", "partial"

# Phường and thị trấn are urban, xã rural (docs/spec/standards.md); a special zone (đặc khu) is
# taken as rural until the income-line rule for it is checked.
AREA_KIND = {
    CommuneKind.XA: AreaKind.RURAL,
    CommuneKind.PHUONG: AreaKind.URBAN,
    CommuneKind.THI_TRAN: AreaKind.URBAN,
    CommuneKind.DAC_KHU: AreaKind.RURAL,
}


@dataclass(frozen=True)
class Unit:
    """A district or commune as it stands on some date."""

    code: str
    name: str
    kind: str
    parent_code: str
    dissolved: bool = False

    @property
    def area_kind(self) -> AreaKind:
        return AREA_KIND[CommuneKind(self.kind)]


@dataclass
class Timeline:
    """The changes of one code, each effective from a date, applied in order; a registration
    starts a new unit, so a code reused by a new unit names the old one before and the new one
    after. The unit after each change is worked out once (`states`), so a page asking for a
    hundred communes on a day looks each up instead of replaying its changes."""

    changes: list[tuple[date, int, dict[str, Any]]] = field(default_factory=list)
    states: list[tuple[date, Unit]] | None = field(default=None, repr=False, compare=False)

    def add(self, effective: date, version: int, change: dict[str, Any]) -> None:
        self.changes.append((effective, version, change))
        self.states = None

    def on(self, day: date) -> Unit | None:
        """The unit as it stands on `day`, or as it last stood if it has ended."""
        if self.states is None:
            self.states = self.unfolded()
        after = bisect_right(self.states, day, key=lambda state: state[0])
        return self.states[after - 1][1] if after else None

    def unfolded(self) -> list[tuple[date, Unit]]:
        states: list[tuple[date, Unit]] = []
        unit: Unit | None = None
        for effective, _, change in sorted(self.changes, key=lambda c: (c[0], c[1])):
            if unit is None or ("parent_code" in change and "name" in change):
                unit = Unit(**change)
            else:
                unit = replace(unit, **change)
            states.append((effective, unit))
        return states


@dataclass(frozen=True)
class Succession:
    """What became of a unit on the day it ended: the new units it went into, each wholly
    (`full`) or in part (`partial`)."""

    day: date
    successors: tuple[tuple[str, str], ...]

    @property
    def heir(self) -> str | None:
        """The one unit that took the whole of it, if it went whole into one."""
        if len(self.successors) == 1 and self.successors[0][1] == FULL:
            return self.successors[0][0]
        return None

    @property
    def codes(self) -> list[str]:
        return [code for code, _ in self.successors]


class AreaRegistry(Snapshotted):
    """One per deployment: the province, its districts and communes, and household totals."""

    TOPIC = f"{TOPIC_PREFIX}AreaRegistry"

    class Opened(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}AreaRegistryOpened"
        province_code: str
        province_name: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.province_code = self.province_code
            aggregate.province_name = self.province_name
            aggregate.loaded.add(self.command_id)

    class ProvinceRegistered(EventSourced.Event):
        """A neighbouring province that later joins the city (Hải Dương, 2025)."""

        TOPIC = f"{TOPIC_PREFIX}ProvinceRegistered"
        code: str
        name: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.provinces.setdefault(self.code, Timeline()).add(
                self.effective_date, self.originator_version, {
                    "code": self.code, "name": self.name, "kind": "TINH", "parent_code": "",
                }
            )  # fmt: skip
            aggregate.loaded.add(self.command_id)

    class ProvinceMerged(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}ProvinceMerged"
        code: str
        into: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.provinces[self.code].add(
                self.effective_date, self.originator_version, {"dissolved": True}
            )
            aggregate.merged[self.code] = (self.effective_date, self.into)
            aggregate.loaded.add(self.command_id)

    class DistrictRegistered(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}DistrictRegistered"
        code: str
        name: str
        kind: str
        # Empty in the events recorded before Hải Dương joined: the city's own districts.
        province_code: str = ""

        def apply(self, aggregate: AreaRegistry) -> None:
            province = self.province_code or aggregate.province_code
            aggregate.change_district(
                self, code=self.code, name=self.name, kind=self.kind, parent_code=province
            )

    class DistrictEnded(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}DistrictEnded"
        code: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_district(self, dissolved=True)

    class DistrictChanged(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}DistrictChanged"
        code: str
        name: str
        kind: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_district(self, name=self.name, kind=self.kind)

    class CommuneRegistered(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}CommuneRegistered"
        code: str
        name: str
        district_code: str
        kind: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_commune(
                self,
                code=self.code,
                name=self.name,
                kind=self.kind,
                parent_code=self.district_code,
                dissolved=False,
            )

    class CommuneKindChanged(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}CommuneKindChanged"
        code: str
        kind: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_commune(self, kind=self.kind)

    class CommuneRenamed(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}CommuneRenamed"
        code: str
        name: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_commune(self, name=self.name)

    class CommuneMoved(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}CommuneMoved"
        code: str
        district_code: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_commune(self, parent_code=self.district_code)

    class CommuneDissolved(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}CommuneDissolved"
        code: str
        merged_into: str | None

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_commune(self, dissolved=True)

    class UnitReorganised(EventSourced.Event):
        """A commune (or a district without communes) ended and went into new units, each
        wholly or in part; the new units are registered beside it."""

        TOPIC = f"{TOPIC_PREFIX}UnitReorganised"
        code: str
        successors: list[dict[str, str]]

        def apply(self, aggregate: AreaRegistry) -> None:
            successors = tuple((s["code"], s["share"]) for s in self.successors)
            aggregate.successions[self.code] = Succession(self.effective_date, successors)
            for code, _ in successors:
                aggregate.formed_from.setdefault(code, []).append(self.code)
            if self.code in aggregate.communes:
                aggregate.change_commune(self, dissolved=True)
            else:
                aggregate.change_district(self, dissolved=True)

    class SuccessorNamed(EventSourced.Event):
        """A commune that was dissolved went wholly into another, named when it became known
        (Resolution 1232/NQ-UBTVQH15's mergers, recorded after their catalogue)."""

        TOPIC = f"{TOPIC_PREFIX}SuccessorNamed"
        code: str
        successor: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.successions[self.code] = Succession(
                self.effective_date, ((self.successor, FULL),)
            )
            aggregate.formed_from.setdefault(self.successor, []).append(self.code)
            aggregate.loaded.add(self.command_id)

    class HouseholdTotalRecorded(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}HouseholdTotalRecorded"
        area_code: str
        year: int
        total: int

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.household_totals[(self.area_code, self.year)] = self.total

    def __init__(self) -> None:
        self.province_code = ""
        self.province_name = ""
        self.provinces: dict[str, Timeline] = {}
        self.merged: dict[str, tuple[date, str]] = {}
        self.districts: dict[str, Timeline] = {}
        self.communes: dict[str, Timeline] = {}
        self.successions: dict[str, Succession] = {}
        self.formed_from: dict[str, list[str]] = {}
        self.household_totals: dict[tuple[str, int], int] = {}
        # The command ids of the catalogues recorded, so that a start adds only what is new.
        self.loaded: set[str] = set()

    @staticmethod
    def id_for(province_code: str) -> Any:
        return deterministic_id("AreaRegistry", province_code)

    def snapshot_state(self) -> dict[str, Any]:
        """The registry in plain values: each unit's changes as recorded, not its states."""

        def changes(timelines: dict[str, Timeline]) -> dict[str, list[Any]]:
            return {code: [list(c) for c in t.changes] for code, t in timelines.items()}

        return {
            "province_code": self.province_code,
            "province_name": self.province_name,
            "provinces": changes(self.provinces),
            "merged": {code: list(merge) for code, merge in self.merged.items()},
            "districts": changes(self.districts),
            "communes": changes(self.communes),
            "successions": {
                code: {"day": s.day, "successors": [list(pair) for pair in s.successors]}
                for code, s in self.successions.items()
            },
            "formed_from": {code: list(codes) for code, codes in self.formed_from.items()},
            "household_totals": [[*key, total] for key, total in self.household_totals.items()],
            "loaded": sorted(self.loaded),
        }

    def restore_snapshot_state(self, state: dict[str, Any]) -> None:
        def timelines(stored: dict[str, list[Any]]) -> dict[str, Timeline]:
            return {
                code: Timeline([(day, version, dict(change)) for day, version, change in found])
                for code, found in stored.items()
            }

        self.province_code = state["province_code"]
        self.province_name = state["province_name"]
        self.provinces = timelines(state["provinces"])
        self.merged = {code: (day, into) for code, (day, into) in state["merged"].items()}
        self.districts = timelines(state["districts"])
        self.communes = timelines(state["communes"])
        self.successions = {
            code: Succession(s["day"], tuple((c, kind) for c, kind in s["successors"]))
            for code, s in state["successions"].items()
        }
        self.formed_from = {code: list(codes) for code, codes in state["formed_from"].items()}
        self.household_totals = {
            (area, year): total for area, year, total in state["household_totals"]
        }
        self.loaded = set(state["loaded"])

    def change_district(self, event: Any, **change: Any) -> None:
        self.districts.setdefault(event.code, Timeline()).add(
            event.effective_date, event.originator_version, change
        )
        self.loaded.add(event.command_id)

    def change_commune(self, event: Any, **change: Any) -> None:
        self.communes.setdefault(event.code, Timeline()).add(
            event.effective_date, event.originator_version, change
        )
        self.loaded.add(event.command_id)

    # ---- commands -------------------------------------------------------------------------

    @classmethod
    def open(cls, province_code: str, province_name: str, by: Recorded) -> AreaRegistry:
        return cls._create(
            cls.Opened,
            id=cls.id_for(province_code),
            province_code=province_code,
            province_name=province_name,
            **by.fields(),
        )

    def register_province(self, code: str, name: str, by: Recorded) -> None:
        self.record(self.ProvinceRegistered, by, code=code, name=name)

    def merge_province(self, code: str, into: str, by: Recorded) -> None:
        self.check_province(code, by.effective_date)
        self.check_province(into, by.effective_date)
        self.record(self.ProvinceMerged, by, code=code, into=into)

    def register_district(
        self, code: str, name: str, kind: DistrictKind, by: Recorded, province_code: str = ""
    ) -> None:
        self.check_province(province_code or self.province_code, by.effective_date)
        self.record(
            self.DistrictRegistered, by, code=code, name=name, kind=kind.value,
            province_code=province_code,
        )  # fmt: skip

    def change_district_name(self, code: str, name: str, kind: DistrictKind, by: Recorded) -> None:
        self.check_district(code, by.effective_date)
        self.record(self.DistrictChanged, by, code=code, name=name, kind=kind.value)

    def end_district(self, code: str, by: Recorded) -> None:
        self.check_district(code, by.effective_date)
        self.record(self.DistrictEnded, by, code=code)

    def register_commune(
        self, code: str, name: str, parent_code: str, kind: CommuneKind, by: Recorded
    ) -> None:
        """A commune of a district, or since 2025 directly of the city."""
        if not self.province_on(parent_code, by.effective_date):
            self.check_district(parent_code, by.effective_date)
        self.record(
            self.CommuneRegistered,
            by,
            code=code,
            name=name,
            district_code=parent_code,
            kind=kind.value,
        )

    def change_commune_kind(self, code: str, kind: CommuneKind, by: Recorded) -> None:
        self.check_commune(code, by.effective_date)
        self.record(self.CommuneKindChanged, by, code=code, kind=kind.value)

    def rename_commune(self, code: str, name: str, by: Recorded) -> None:
        self.check_commune(code, by.effective_date)
        self.record(self.CommuneRenamed, by, code=code, name=name)

    def move_commune(self, code: str, district_code: str, by: Recorded) -> None:
        self.check_commune(code, by.effective_date)
        self.check_district(district_code, by.effective_date)
        self.record(self.CommuneMoved, by, code=code, district_code=district_code)

    def dissolve_commune(self, code: str, merged_into: str | None, by: Recorded) -> None:
        self.check_commune(code, by.effective_date)
        self.record(self.CommuneDissolved, by, code=code, merged_into=merged_into)

    def reorganise(self, code: str, successors: list[tuple[str, str]], by: Recorded) -> None:
        """End a commune (or a district without communes) and name the units it went into;
        those are registered after it, on the same day."""
        if self.commune_on(code, by.effective_date) is None:
            self.check_district(code, by.effective_date)
        shares = {share for _, share in successors}
        if (
            not successors
            or not shares <= {FULL, PARTIAL}
            or (FULL in shares and len(successors) > 1)
        ):
            raise ValidationError("invalid-value", field="successors", value=successors)
        self.record(
            self.UnitReorganised,
            by,
            code=code,
            successors=[{"code": new, "share": share} for new, share in successors],
        )

    def name_successor(self, code: str, successor: str, by: Recorded) -> None:
        """The commune that took the whole of one dissolved on `by`'s date, named when it became
        known (the mergers of 1 January 2025): the dissolved commune's households count there
        from that day, with nothing recorded on them."""
        self.check_successor_named(code, by.effective_date)
        self.check_commune(successor, by.effective_date, field="successor_code")
        self.record(self.SuccessorNamed, by, code=code, successor=successor)

    def check_successor_named(self, code: str, day: date) -> None:
        """Only a commune that ended on `day` with no successor may have one named: naming
        another over it would move households the views have already placed."""
        if code not in self.communes or self.ended(code, day) != day:
            raise NotFoundError(
                "commune-not-found", field="commune_code", commune_code=code, date=day.isoformat()
            )
        if code in self.successions:
            raise RuleViolationError(
                "successor-already-named", field="commune_code", **self.succeeded(code, day)
            )

    def record_household_total(self, area_code: str, year: int, total: int, by: Recorded) -> None:
        self.check_area(area_code, by.effective_date)
        self.record(self.HouseholdTotalRecorded, by, area_code=area_code, year=year, total=total)

    # ---- queries and guards ---------------------------------------------------------------

    def commune_on(self, code: str, day: date) -> Unit | None:
        return live(self.communes.get(code), day)

    def district_on(self, code: str, day: date) -> Unit | None:
        return live(self.districts.get(code), day)

    def province_on(self, code: str, day: date) -> Unit | None:
        if code == self.province_code:
            return Unit(code, self.province_name, "TINH", "")
        return live(self.provinces.get(code), day)

    def check_commune(self, code: str, day: date, field: str = "commune_code") -> Unit:
        """The commune standing on `day`; one that has ended is refused naming the units that
        took its place."""
        unit = self.commune_on(code, day)
        if unit is not None:
            return unit
        succession = self.successions.get(code)
        if succession is not None and succession.day <= day:
            raise NotFoundError("commune-ended", field=field, **self.succeeded(code, day))
        raise NotFoundError(
            "commune-not-found", field=field, commune_code=code, date=day.isoformat()
        )

    def succeeded(self, code: str, day: date) -> dict[str, str]:
        """What a refusal says of a commune that ended in a reorganisation: its code, its name
        on its last day, the day it ended and the units that took its place (named on `day`)."""
        succession = self.successions[code]
        before = self.communes[code].on(succession.day - timedelta(days=1))
        return {
            "commune_code": code,
            "name": before.name if before else code,
            "ended": succession.day.isoformat(),
            "successors": ", ".join(self.named(succession.codes, day)),
        }

    def check_district(self, code: str, day: date) -> Unit:
        unit = self.district_on(code, day)
        if unit is None:
            raise NotFoundError("area-not-found", field="district_code", area_code=code)
        return unit

    def check_province(self, code: str, day: date) -> Unit:
        unit = self.province_on(code, day)
        if unit is None:
            raise NotFoundError("area-not-found", field="province_code", area_code=code)
        return unit

    def check_area(self, code: str, day: date) -> None:
        """A province, or a district or commune that exists (not ended) on `day`."""
        if self.province_on(code, day) or self.district_on(code, day):
            return
        if code in self.communes:
            self.check_commune(code, day, "area_code")
            return
        ended = self.ended(code, day)
        if ended is not None:
            timeline = self.districts.get(code) or self.provinces[code]
            before = timeline.on(ended - timedelta(days=1))
            raise NotFoundError(
                "area-ended",
                field="area_code",
                area_code=code,
                name=before.name if before else code,
                ended=ended.isoformat(),
            )
        raise NotFoundError("area-not-found", field="area_code", area_code=code)

    def named(self, codes: Iterable[str], day: date) -> list[str]:
        """Each unit's name on `day`, with its code."""
        units = (self.commune_on(code, day) or self.district_on(code, day) for code in codes)
        return [f"{u.name} ({u.code})" for u in units if u is not None]

    def holds_places(self, code: str) -> bool:
        """Whether other areas count inside this one (`holders`): a district, a province or
        a territory does; a commune, or the households awaiting their new one, does not."""
        return code in self.districts or not (code in self.communes or code.startswith(AWAITING))

    def level_of(self, code: str) -> str:
        if code == self.province_code:
            return "city"
        if code.startswith(TERRITORY) and code[1:] in (self.province_code, *self.provinces):
            return "territory"
        if code in self.provinces:
            return "province"
        if code in self.districts:
            return "district"
        if code in self.communes:
            return "commune"
        raise NotFoundError("area-not-found", field="area", area_code=code)

    def province_of(self, code: str, day: date) -> str:
        """The province a unit stood in on `day`, or last stood in if it had ended."""
        if code == self.province_code or code in self.provinces:
            return code
        if code.startswith(AWAITING):
            return self.province_of(code[1:], day)
        unit = last(self.communes.get(code), day) or last(self.districts.get(code), day)
        if unit is None:
            return self.province_code
        if unit.parent_code == self.province_code or unit.parent_code in self.provinces:
            return unit.parent_code
        return self.province_of(unit.parent_code, day)

    def territory_of(self, code: str, day: date) -> str:
        """The province, as it stood before the reorganisation, whose territory the unit is
        part of on `day`: a new unit's predecessors' (none was formed across two provinces)."""
        if code.startswith(AWAITING):
            code = code[1:]
        formed = self.formed_from.get(code)
        if formed and self.successions[formed[0]].day <= day:
            return self.territory_of(formed[0], self.successions[formed[0]].day - timedelta(days=1))
        return self.province_of(code, day)

    def successor_of(self, province: str, day: date) -> str:
        """The province that holds a province's territory on `day` (itself, or the one it
        merged into)."""
        while (merged := self.merged.get(province)) is not None and merged[0] <= day:
            province = merged[1]
        return province

    def holders(self, code: str, day: date) -> set[str]:
        """Every area that counts what happens in `code` on `day`: the code itself, the
        district and province holding it that day, and the territory of the province it lay
        in before 2025; a unit that has ended stays in the province it last stood in (or the
        province that province merged into). A province is its own territory until another
        merges into it."""
        if code.startswith(TERRITORY):
            return {code}
        if code == self.province_code or code in self.provinces:
            found = {code, self.successor_of(code, day)}
            grown = any(into == code and merged <= day for merged, into in self.merged.values())
            return found if grown else found | {TERRITORY + code}
        found = {code, TERRITORY + self.territory_of(code, day)}
        found.add(self.successor_of(self.province_of(code, day), day))
        unit = self.commune_on(code, day)
        if unit is not None and self.district_on(unit.parent_code, day) is not None:
            found.add(unit.parent_code)
        return found

    def reshaped_after(self, code: str, day: date) -> bool:
        """Did the province merge into another, or another into it, after `day` (so that what
        the code names later is not what it named that day)?"""
        return any(
            code in (merging, into) and merged > day
            for merging, (merged, into) in self.merged.items()
        )

    def contains(self, area_code: str, code: str, day: date) -> bool:
        """Is the place (a commune, a district, or a household awaiting assignment) inside the
        area on that day (the areas as they stood then)?"""
        return area_code in self.holders(code, day)

    def same_unit(self, code: str, earlier: date, later: date) -> bool:
        """Does the code name the same unit on both days (no new unit took it in between)?"""
        timeline = self.communes.get(code) or self.districts.get(code)
        if timeline is None:
            return True
        return not any(
            earlier < effective <= later and "parent_code" in change and "name" in change
            for effective, _, change in timeline.changes
        )

    def ended(self, code: str, day: date) -> date | None:
        """The day a unit that stood before `day` stopped standing, if it no longer stands on
        `day` (a code reused by a new unit stands on)."""
        if self.province_on(code, day) or self.district_on(code, day) or self.commune_on(code, day):
            return None
        timeline = self.communes.get(code) or self.districts.get(code) or self.provinces.get(code)
        if timeline is None:
            return None
        ends = [effective for effective, _, change in timeline.changes if change.get("dissolved")]
        return max((end for end in ends if end <= day), default=None)

    def boundaries(self) -> list[date]:
        """The days on which any unit changed: what holds a code changes on no other day."""
        timelines = [*self.provinces.values(), *self.districts.values(), *self.communes.values()]
        days = {change[0] for timeline in timelines for change in timeline.changes}
        days |= {s.day for s in self.successions.values()} | {m[0] for m in self.merged.values()}
        return sorted(days)

    def codes(self) -> list[str]:
        """Every code a membership can be counted under: the provinces, districts and
        communes, and the households awaiting assignment of each split unit."""
        awaiting = [AWAITING + code for code, s in self.successions.items() if s.heir is None]
        return sorted(
            {self.province_code, *self.provinces, *self.districts, *self.communes, *awaiting}
        )

    def holder_periods(self, code: str) -> list[tuple[str, date, date]]:
        """The areas other than itself that hold `code`, each with the days [start, end) it
        holds it: from the first day of the history, the holders of each day a unit changed,
        until the next such day."""
        days = self.boundaries()
        found: list[tuple[str, date, date]] = []
        open_since: dict[str, date] = {}
        for i, day in enumerate(days):
            now = self.holders(code, day) - {code}
            start = date.min if i == 0 else day
            for area in sorted(set(open_since) - now):
                found.append((area, open_since.pop(area), day))
            for area in sorted(now - set(open_since)):
                open_since[area] = start
        found.extend((area, start, date.max) for area, start in open_since.items())
        return sorted(found)

    def placed(self, spans: Iterable[tuple[date, date, str]]) -> list[tuple[date, date, str]]:
        """Where a household counts over time, from where it was recorded: from the day a unit
        ended, in the one unit that took the whole of it, else awaiting assignment."""
        found = []
        for start, end, code in spans:
            while (ended := self.successions.get(code)) and start < ended.day < end:
                found.append((start, ended.day, code))
                start, code = ended.day, ended.heir or AWAITING + code
            found.append((start, end, code))
        return found

    def place_on(self, code: str, since: date, day: date) -> str:
        """Where a household recorded in `code` from `since` counts on `day` (no earlier)."""
        pieces = self.placed([(since, date.max, code)])
        return [code, *(c for start, _, c in pieces if start <= day)][-1]

    def communes_on(self, day: date) -> list[Unit]:
        units = (self.commune_on(code, day) for code in self.communes)
        return sorted((u for u in units if u is not None), key=lambda u: u.code)

    def repeated_names(self, day: date) -> frozenset[str]:
        """The names two communes carry on `day` (before 2025, "Phường Minh Đức" of two
        districts): a page names such a commune with its district."""
        seen: set[str] = set()
        repeated: set[str] = set()
        for unit in self.communes_on(day):
            (repeated if unit.name in seen else seen).add(unit.name)
        return frozenset(repeated)

    def districts_on(self, day: date, province: str | None = None) -> list[Unit]:
        units = (self.district_on(code, day) for code in self.districts)
        return sorted(
            (u for u in units if u is not None and province in (None, u.parent_code)),
            key=lambda u: u.code,
        )


def live(timeline: Timeline | None, day: date) -> Unit | None:
    """The unit on `day` if it stands then."""
    unit = last(timeline, day)
    return None if unit is None or unit.dissolved else unit


def last(timeline: Timeline | None, day: date) -> Unit | None:
    return timeline.on(day) if timeline else None

"""Hai Phong's administrative units as an effective-dated registry, loaded at start from the GSO
catalogues: each province's 2022 units, then on 2025-01-01 the changes to its 2025 ones, then
the reorganisation of 2025-07-01 (docs/spec/reorganisation.md). An older database gains the steps it
lacks."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError

from application.admin_scope import check_inside
from application.commands import CommandContext, CommandRunner, Written
from application.infrastructure.store import CaseStore, exists
from application.readscope import once
from domain.area_registry import AWAITING, TERRITORY, AreaRegistry, Succession, Unit, last
from domain.base import Recorded
from domain.errors import FieldChecks, RuleViolationError
from domain.household import Household
from domain.timeline import LocationEntry
from domain.values import AreaKind, CommuneKind, DistrictKind, check_amount, check_year
from domain.words import in_language

T = TypeVar("T")

PROVINCE_CODE = "31"
PROVINCE_NAME = "Thành phố Hải Phòng"
# The 2022 catalogues are taken as in force from before the programme's first review.
CATALOGUE_2022_FROM = date(2020, 1, 1)
REFORM_2025 = date(2025, 1, 1)
# Resolution 202/2025/QH15 and Law 72/2025/QH15: Hải Dương into Hai Phong, no districts.
REORGANISED = date(2025, 7, 1)
SYSTEM = "system"


@dataclass(frozen=True)
class Province:
    """A province's two GSO catalogues, recorded under their own command ids."""

    code: str
    name: str
    before: str
    after: str
    command: str


HAI_PHONG = Province(
    "31", PROVINCE_NAME, "haiphong-admin-units-2022-04-10.csv",
    "haiphong-admin-units-2025-03-01.csv", "catalogue",
)  # fmt: skip
HAI_DUONG = Province(
    "30", "Tỉnh Hải Dương", "haiduong-admin-units-2022-04-10.csv",
    "haiduong-admin-units-2025-03-01.csv", "catalogue-haiduong",
)  # fmt: skip
# The commune each one dissolved on 2025-01-01 joined, with the evidence for each row, by the
# command that records them: Hai Phong's (Resolution 1232/NQ-UBTVQH15,
# docs/research/resolution-1232.md) and Hải Dương's (Resolution 1250/NQ-UBTVQH15,
# docs/research/haiduong-2025-01-01.md). Neither resolution's text was read.
SUCCESSORS_2025 = {
    "successors-2025-01-01": "haiphong-successors-2025-01-01.csv",
    "successors-haiduong-2025-01-01": "haiduong-successors-2025-01-01.csv",
}
NEW_UNITS = "haiphong-admin-units-2025-07-01.csv"
REORGANISATION = "haiphong-reorganisation-2025-07-01.csv"
REORGANISATION_COMMAND = "reorganisation-2025-07-01"

COMMUNE_KINDS = {
    "Xã": CommuneKind.XA,
    "Phường": CommuneKind.PHUONG,
    "Thị trấn": CommuneKind.THI_TRAN,
    "Đặc khu": CommuneKind.DAC_KHU,
}
DISTRICT_KINDS = {
    "Quận": DistrictKind.QUAN,
    "Huyện": DistrictKind.HUYEN,
    "Thành phố": DistrictKind.THANH_PHO,
    "Thị xã": DistrictKind.THI_XA,
}


def read_catalogue(name: str) -> list[dict[str, str]]:
    text = resources.files("application").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_catalogues(registry: AreaRegistry, province: Province) -> None:
    """Record a province's 2022 units, then each change its 2025 catalogue shows, dated
    2025-01-01."""
    old, new = read_catalogue(province.before), read_catalogue(province.after)
    by_2022 = Recorded(CATALOGUE_2022_FROM, SYSTEM, f"{province.command}-2022")
    by_2025 = Recorded(REFORM_2025, SYSTEM, f"{province.command}-2025")
    if province.code != registry.province_code:
        registry.register_province(province.code, province.name, by_2022)
    inside = "" if province.code == registry.province_code else province.code
    districts = first_rows(old)
    for code, row in districts.items():
        kind = DISTRICT_KINDS[row["district_type"]]
        registry.register_district(code, row["district_name"], kind, by_2022, inside)
    communes_2022 = {r["commune_code"]: r for r in old if r["commune_code"]}
    for row in communes_2022.values():
        registry.register_commune(
            row["commune_code"],
            row["commune_name"],
            row["district_code"],
            COMMUNE_KINDS[row["commune_type"]],
            by_2022,
        )
    for code, row in first_rows(new).items():
        before = districts.get(code)
        named = (row["district_name"], row["district_type"])
        if before and (before["district_name"], before["district_type"]) != named:
            kind = DISTRICT_KINDS[row["district_type"]]
            registry.change_district_name(code, row["district_name"], kind, by_2025)
    communes_2025 = {r["commune_code"]: r for r in new if r["commune_code"]}
    for code, row in communes_2025.items():
        change_commune(registry, communes_2022.get(code), row, by_2025)
    for code in sorted(set(communes_2022) - set(communes_2025)):
        registry.dissolve_commune(code, None, by_2025)


def first_rows(catalogue: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each district's first row in a catalogue, in the catalogue's order."""
    rows: dict[str, dict[str, str]] = {}
    for row in catalogue:
        rows.setdefault(row["district_code"], row)
    return rows


def change_commune(
    registry: AreaRegistry, was: dict[str, str] | None, row: dict[str, str], by: Recorded
) -> None:
    """What the 2025 catalogue shows of one commune: new, of another kind, renamed or moved."""
    code = row["commune_code"]
    if was is None:
        kind = COMMUNE_KINDS[row["commune_type"]]
        registry.register_commune(code, row["commune_name"], row["district_code"], kind, by)
        return
    if was["commune_type"] != row["commune_type"]:
        registry.change_commune_kind(code, COMMUNE_KINDS[row["commune_type"]], by)
    if was["commune_name"] != row["commune_name"]:
        registry.rename_commune(code, row["commune_name"], by)
    if was["district_code"] != row["district_code"]:
        registry.move_commune(code, row["district_code"], by)


def successors_loader(command: str) -> Callable[[AreaRegistry], None]:
    """The step that names, as of 2025-01-01, the commune each dissolved one went into, where
    a source names it; a commune whose successor is unknown stays dissolved with none (its
    households, if any, wait for their commune to record where they live)."""

    def load_successors(registry: AreaRegistry) -> None:
        by = Recorded(REFORM_2025, SYSTEM, command)
        for row in read_catalogue(SUCCESSORS_2025[command]):
            if row["successor_code"]:
                registry.name_successor(row["old_commune_code"], row["successor_code"], by)

    return load_successors


def load_reorganisation(registry: AreaRegistry) -> None:
    """1 July 2025: each old unit ends and names the new units it went into, the 114 new
    communes are registered directly under the city (some under a predecessor's code), every
    remaining district ends, and Hải Dương merges into the city."""
    by = Recorded(REORGANISED, SYSTEM, REORGANISATION_COMMAND)
    successors: dict[str, list[tuple[str, str]]] = {}
    for row in read_catalogue(REORGANISATION):
        successors.setdefault(row["old_commune_code"], []).append(
            (row["new_commune_code"], row["share"])
        )
    for code, heirs in successors.items():
        registry.reorganise(code, heirs, by)
    for row in read_catalogue(NEW_UNITS):
        registry.register_commune(
            row["commune_code"],
            row["commune_name"],
            registry.province_code,
            COMMUNE_KINDS[row["commune_type"]],
            by,
        )
    for unit in registry.districts_on(REORGANISED):
        registry.end_district(unit.code, by)
    for code in sorted(registry.provinces):
        if registry.province_on(code, REORGANISED):
            registry.merge_province(code, registry.province_code, by)


# Each step of the registry's history, by the command id its events carry: a start records
# the steps a database does not hold yet, in this order.
STEPS: list[tuple[str, Callable[[AreaRegistry], None]]] = [
    ("catalogue-2022", lambda registry: load_catalogues(registry, HAI_PHONG)),
    ("catalogue-haiduong-2022", lambda registry: load_catalogues(registry, HAI_DUONG)),
    (REORGANISATION_COMMAND, load_reorganisation),
    *((command, successors_loader(command)) for command in SUCCESSORS_2025),
]


def unit_data(unit: Unit, level: str) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent_code": unit.parent_code,
        "level": level,
    }


class AreaService:
    """Reads and records the registry; keeps a copy in memory, refreshed when it changes."""

    def __init__(self, store: CaseStore, runner: CommandRunner) -> None:
        self.store = store
        self.runner = runner
        self._cached: AreaRegistry | None = None
        # Answers that depend on the registry alone, by its version: a page asks them often.
        self._known: dict[tuple[Any, ...], Any] = {}
        self.registry_id = AreaRegistry.id_for(PROVINCE_CODE)

    def recorded(self) -> bool:
        """Does the store hold the area registry (every history starts with it)?"""
        return exists(self.store, self.registry_id)

    def bootstrap(self) -> bool:
        """Create the registry on a new database, or add to an older one the steps it lacks;
        True when it recorded anything."""
        try:
            found: object = self.store.repository.get(self.registry_id)
            assert isinstance(found, AreaRegistry)
            registry = found
        except AggregateNotFoundError:
            registry = AreaRegistry.open(
                PROVINCE_CODE, PROVINCE_NAME, Recorded(CATALOGUE_2022_FROM, SYSTEM, "opened")
            )
        return self.complete(registry)

    def complete(self, registry: AreaRegistry) -> bool:
        """Record the steps of the registry's history it does not hold yet."""
        missing = [load for command, load in STEPS if command not in registry.loaded]
        for load in missing:
            load(registry)
        if missing:
            self.store.save(registry)
        return bool(missing)

    def registry(self) -> AreaRegistry:
        """The registry as it stands (once per read scope, `application.readscope`)."""
        return once(("registry", id(self)), self.latest_registry)

    def latest_registry(self) -> AreaRegistry:
        latest = self.store.recorder.select_events(self.registry_id, desc=True, limit=1)
        version = latest[0].originator_version if latest else 0
        if self._cached is None or self._cached.version != version:
            registry: object = self.store.repository.get(self.registry_id)
            assert isinstance(registry, AreaRegistry)
            self._cached = registry
        return self._cached

    def check_commune(self, code: str, day: date) -> Unit:
        return self.registry().check_commune(code, day)

    def place_of(self, household: Household, day: date) -> str | None:
        """Where the household counts on `day`: where it was recorded, followed through the
        units that ended (a split unit's household: AWAITING + its old code)."""
        location = household.location_on(day)
        if location is None:
            return None
        return self.registry().place_on(location.commune_code, location.effective_date, day)

    def area_kind_of(
        self, household: Household, day: date, registry: AreaRegistry | None = None
    ) -> AreaKind:
        """The income line's kind of the household's commune on `day`: a household of a split
        unit must be assigned to its new unit first. `registry`: one already read, for a caller
        asking about many surveys at once."""
        location = household.location_on(day) or household.current_location()
        registry = registry or self.registry()
        place = registry.place_on(location.commune_code, location.effective_date, day)
        if place.startswith(AWAITING):
            raise RuleViolationError(
                "household-awaiting-assignment",
                field="commune_code",
                **registry.succeeded(place.removeprefix(AWAITING), day),
            )
        return registry.check_commune(place, day).area_kind

    def check_awaiting(self, household: Household) -> tuple[str, Succession]:
        """The split unit a household awaits assignment from, and what became of it; refused
        for a household that awaits none."""
        registry = self.registry()
        for location in reversed(household.standing(LocationEntry)):
            code = location.commune_code
            # Through the units it went into wholly (Cát Dài into An Biên on 2025-01-01) to the
            # one that was split (An Biên on 2025-07-01).
            while (succession := registry.successions.get(code)) is not None and (
                location.effective_date < succession.day and succession.heir not in (None, code)
            ):
                code = str(succession.heir)
            if (
                succession is not None
                and location.effective_date < succession.day
                and self.place_of(household, succession.day) == AWAITING + code
            ):
                return code, succession
        raise RuleViolationError("household-not-awaiting", field="commune_code")

    def check_successor(self, old: str, succession: Succession, code: str) -> None:
        """A household of a split unit goes to one of the new units that took part of it."""
        if code not in succession.codes:
            raise RuleViolationError(
                "not-a-successor",
                field="commune_code",
                commune_code=code,
                old_code=old,
                successors=", ".join(self.registry().named(succession.codes, succession.day)),
            )

    def scope_of(self, area_code: str, day: date) -> tuple[str, date]:
        """The area a user's scope covers on `day`, and the day it reads it as of: a commune
        that went wholly into one new unit continues as that unit; a scope whose unit ended
        otherwise (a district, a split commune, a merged province) keeps its territory as it
        stood on its last day (docs/spec/reorganisation.md)."""
        registry = self.registry()
        while (end := registry.ended(area_code, day)) is not None:
            succession = registry.successions.get(area_code)
            if succession is None or succession.heir is None:
                return area_code, end - timedelta(days=1)
            area_code = succession.heir  # which may itself have ended since (2025-01, 2025-07)
        return area_code, day

    def sees(self, area_code: str, household: Household, day: date) -> str | None:
        """Where the household is for a scope on `day` (on its last day for a scope that
        ended), if the scope covers it there."""
        area, at = self.scope_of(area_code, day)
        place = self.place_of(household, at)
        if place is None:
            return None
        if at < day:  # a scope that ended: the household where it was on the scope's last day
            return place if self.registry().contains(area, place, at) else None
        return place if self.contains(area_code, place, day) else None

    def scope_note(self, area_code: str, day: date) -> dict[str, str] | None:
        """For a scope whose unit ended: the unit it continues as, or the last day it reads
        (such a scope needs a new one for later days); None for a unit standing."""
        area, at = self.scope_of(area_code, day)
        if area != area_code:
            return {"continues_as": area}
        if at < day:
            return {"reads_until": at.isoformat()}
        return None

    def contains(self, area_code: str, code: str, day: date) -> bool:
        """Does a scope (a user's, or an area read) cover the place on `day`: its area, as
        `scope_of` follows it, holds the place — or the place is a household awaiting
        assignment to one of the new units the area is."""
        if area_code == code:
            return True
        registry = self.registry()
        if code.startswith(TERRITORY):  # the city's, or the province's own
            return area_code in (registry.province_code, code.removeprefix(TERRITORY))
        area, at = self.scope_of(area_code, day)
        if not registry.same_unit(code, at, day):
            return False  # a new unit under a code the scope's own unit had: not the scope's
        if registry.contains(area, code, at):
            return True
        succession = registry.successions.get(code.removeprefix(AWAITING))
        return code.startswith(AWAITING) and succession is not None and area in succession.codes

    def name_of(self, code: str, day: date, lang: str = "vi") -> str:
        """The name a code carries on `day` (the registry's spelling; a unit that has ended,
        its last), or the code if unknown; a province's old territory and the households
        awaiting a new unit are described in `lang`."""
        registry = self.registry()
        if code == registry.province_code:
            return registry.province_name
        if code.startswith(TERRITORY):
            province = self.name_of(code.removeprefix(TERRITORY), registry.boundaries()[0])
            words = ("{} (địa giới trước ngày 01/07/2025)", "{} (boundaries before 01/07/2025)")
            return in_language(words, lang).format(province)
        if code.startswith(AWAITING):
            old = self.name_of(code.removeprefix(AWAITING), day)
            words = ("Chờ ghi vào đơn vị mới (từ {})", "Awaiting its new unit (from {})")
            return in_language(words, lang).format(old)
        unit = next(
            (
                u
                for timelines in (registry.communes, registry.districts, registry.provinces)
                if (u := last(timelines.get(code), day)) is not None
            ),
            None,
        )
        if unit is None:
            return code
        if code in registry.communes and unit.name in self.repeated_names(day):
            return f"{unit.name} ({self.name_of(unit.parent_code, day)})"
        return unit.name

    def remembered(self, key: tuple[Any, ...], compute: Callable[[AreaRegistry], T]) -> T:
        """What `compute` answers of the registry as it stands, kept until it changes."""
        registry = self.registry()
        versioned = (registry.version, *key)
        if versioned not in self._known:
            if len(self._known) > 4_000:
                self._known.clear()
            self._known[versioned] = compute(registry)
        found: T = self._known[versioned]
        return found

    def repeated_names(self, day: date) -> frozenset[str]:
        return self.remembered(("repeated", day), lambda registry: registry.repeated_names(day))

    def places_within(self, area: str, day: date) -> list[str]:
        """The communes inside the area on `day`, and the households awaiting assignment to
        one of them (`contains`)."""

        def inside(registry: AreaRegistry) -> tuple[str, ...]:
            awaiting = [AWAITING + c for c, s in registry.successions.items() if s.heir is None]
            return tuple(
                code
                for code in [*(u.code for u in registry.communes_on(day)), *awaiting]
                if self.contains(area, code, day)
            )

        return list(self.remembered(("within", area, day), inside))

    def communes_within(self, area: str, day: date) -> list[str] | None:
        """The places inside the area on `day` (its communes, and the households awaiting
        assignment to one of them), to filter rows by; None for the city (no filter, so
        communes dissolved since still count)."""
        if area == self.registry().province_code:
            return None
        return self.places_within(area, day)

    def ever_within(self, area: str) -> list[str]:
        """The area and every commune that was inside it on some day of its life (on a day any
        unit changed: what holds a code changes on no other)."""

        def ever(registry: AreaRegistry) -> tuple[str, ...]:
            days = registry.boundaries()
            found = {area}
            for code in registry.communes:
                if any(registry.contains(area, code, day) for day in days):
                    found.add(code)
            return tuple(sorted(found))

        return list(self.remembered(("ever", area), ever))

    def sub_areas(self, code: str, day: date) -> list[tuple[str, str]]:
        """The areas directly inside an area on `day`, as (code, name): a province's districts
        (since 2025 the city's communes, there being no districts), a district's communes."""
        registry = self.registry()
        units = registry.districts_on(day, code)
        if not units:
            units = [u for u in registry.communes_on(day) if u.parent_code == code]
        return [(u.code, u.name) for u in units]

    def units(self, day: date) -> dict[str, Any]:
        registry = self.registry()
        return {
            "as_of": day.isoformat(),
            "city": {"code": registry.province_code, "name": registry.province_name},
            "provinces": [
                unit_data(u, "province")
                for code in sorted(registry.provinces)
                if (u := registry.province_on(code, day)) is not None
            ],
            "districts": [unit_data(u, "district") for u in registry.districts_on(day)],
            "communes": [unit_data(u, "commune") for u in registry.communes_on(day)],
        }

    def record_household_total(
        self, ctx: CommandContext, area_code: str, year: object, total: object
    ) -> Written:
        """The number of households of an area in a year (`year` as a number or as typed),
        dated 1 January of the year."""
        payload = {"area_code": area_code, "year": year, "total": total}

        def action() -> Any:
            with FieldChecks() as check:
                whole = check(check_year, year)
                count = check(check_amount, total, "total")
            on = date(whole, 1, 1)
            if area_code:  # a missing one is named by the registry
                check_inside(self, ctx.actor, area_code, "area_code", on)
            registry: object = self.store.repository.get(self.registry_id)
            assert isinstance(registry, AreaRegistry)
            ctx.check_version(registry.version)
            self.runner.check_effective_date(on)
            registry.record_household_total(area_code, whole, count, ctx.recorded(on))
            return [registry], {"area_code": area_code, "year": whole, "total": count}

        return self.runner.run(ctx, "record_household_total", payload, action)

"""Districts and communes over time (domain.md §7): a commune's kind decides the income line,
its district decides where its households are counted, and both change (Hai Phong, 2025)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, deterministic_id
from domain.errors import NotFoundError
from domain.values import AreaKind, CommuneKind, DistrictKind

# Phường and thị trấn are urban, xã rural (domain.md §3); a special zone (đặc khu) is taken as
# rural until the income-line rule for it is checked.
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
    """The changes of one unit, each effective from a date, applied in order."""

    changes: list[tuple[date, int, dict[str, Any]]] = field(default_factory=list)

    def on(self, day: date) -> Unit | None:
        unit: Unit | None = None
        for effective, _, change in sorted(self.changes, key=lambda c: (c[0], c[1])):
            if effective > day:
                break
            unit = Unit(**change) if unit is None else replace(unit, **change)
        return unit


class AreaRegistry(EventSourced):
    """One per deployment: the province, its districts and communes, and household totals."""

    TOPIC = f"{TOPIC_PREFIX}AreaRegistry"

    class Opened(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}AreaRegistryOpened"
        province_code: str
        province_name: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.province_code = self.province_code
            aggregate.province_name = self.province_name

    class DistrictRegistered(EventSourced.Event):
        TOPIC = f"{TOPIC_PREFIX}DistrictRegistered"
        code: str
        name: str
        kind: str

        def apply(self, aggregate: AreaRegistry) -> None:
            aggregate.change_district(
                self, name=self.name, kind=self.kind, parent_code=aggregate.province_code
            )

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
                self, code=self.code, name=self.name, kind=self.kind, parent_code=self.district_code
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
        self.districts: dict[str, Timeline] = {}
        self.communes: dict[str, Timeline] = {}
        self.household_totals: dict[tuple[str, int], int] = {}

    @staticmethod
    def id_for(province_code: str) -> Any:
        return deterministic_id("AreaRegistry", province_code)

    def change_district(self, event: Any, **change: Any) -> None:
        if event.code not in self.districts:
            change["code"] = event.code
        self.districts.setdefault(event.code, Timeline()).changes.append(
            (event.effective_date, event.originator_version, change)
        )

    def change_commune(self, event: Any, **change: Any) -> None:
        self.communes.setdefault(event.code, Timeline()).changes.append(
            (event.effective_date, event.originator_version, change)
        )

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

    def register_district(self, code: str, name: str, kind: DistrictKind, by: Recorded) -> None:
        self.record(self.DistrictRegistered, by, code=code, name=name, kind=kind.value)

    def change_district_name(self, code: str, name: str, kind: DistrictKind, by: Recorded) -> None:
        self.check_district(code, by.effective_date)
        self.record(self.DistrictChanged, by, code=code, name=name, kind=kind.value)

    def register_commune(
        self, code: str, name: str, district_code: str, kind: CommuneKind, by: Recorded
    ) -> None:
        self.check_district(district_code, by.effective_date)
        self.record(
            self.CommuneRegistered,
            by,
            code=code,
            name=name,
            district_code=district_code,
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

    def record_household_total(self, area_code: str, year: int, total: int, by: Recorded) -> None:
        self.check_area(area_code, by.effective_date)
        self.record(self.HouseholdTotalRecorded, by, area_code=area_code, year=year, total=total)

    # ---- queries and guards ---------------------------------------------------------------

    def commune_on(self, code: str, day: date) -> Unit | None:
        timeline = self.communes.get(code)
        unit = timeline.on(day) if timeline else None
        return None if unit is None or unit.dissolved else unit

    def district_on(self, code: str, day: date) -> Unit | None:
        timeline = self.districts.get(code)
        return timeline.on(day) if timeline else None

    def check_commune(self, code: str, day: date) -> Unit:
        unit = self.commune_on(code, day)
        if unit is None:
            raise NotFoundError(
                "commune-not-found", field="commune_code", commune_code=code, date=day.isoformat()
            )
        return unit

    def check_district(self, code: str, day: date) -> Unit:
        unit = self.district_on(code, day)
        if unit is None:
            raise NotFoundError("area-not-found", field="district_code", area_code=code)
        return unit

    def check_area(self, code: str, day: date) -> None:
        """The city, or a district or commune that exists (not dissolved) on `day`."""
        if code == self.province_code or self.district_on(code, day) or self.commune_on(code, day):
            return
        raise NotFoundError("area-not-found", field="area_code", area_code=code)

    def level_of(self, code: str) -> str:
        if code == self.province_code:
            return "city"
        if code in self.districts:
            return "district"
        if code in self.communes:
            return "commune"
        raise NotFoundError("area-not-found", field="area", area_code=code)

    def contains(self, area_code: str, commune_code: str, day: date) -> bool:
        """Is the commune inside the area on that day (districts as they stood then)?"""
        if area_code in (self.province_code, commune_code):
            return True
        unit = self.commune_on(commune_code, day)
        return unit is not None and unit.parent_code == area_code

    def communes_on(self, day: date) -> list[Unit]:
        units = (self.commune_on(code, day) for code in self.communes)
        return sorted((u for u in units if u is not None), key=lambda u: u.code)

    def districts_on(self, day: date) -> list[Unit]:
        units = (self.district_on(code, day) for code in self.districts)
        return sorted((u for u in units if u is not None), key=lambda u: u.code)

"""Hai Phong's administrative units as an effective-dated registry, loaded on first start from
the GSO catalogues: the 2022 units, then on 2025-01-01 the changes to the 2025 ones."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from application.admin_scope import check_inside
from application.commands import CommandContext, CommandRunner, Written
from application.store import EventStore
from domain.area_registry import AreaRegistry, Unit
from domain.base import Recorded
from domain.values import AreaKind, CommuneKind, DistrictKind, check_amount

PROVINCE_CODE = "31"
PROVINCE_NAME = "Thành phố Hải Phòng"
CATALOGUE_2022 = "haiphong-admin-units-2022-04-10.csv"
CATALOGUE_2025 = "haiphong-admin-units-2025-03-01.csv"
# The 2022 catalogue is taken as in force from before the programme's first review.
CATALOGUE_2022_FROM = date(2020, 1, 1)
REFORM_2025 = date(2025, 1, 1)
SYSTEM = "system"

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
}


def read_catalogue(name: str) -> list[dict[str, str]]:
    text = resources.files("application").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_catalogues(registry: AreaRegistry) -> None:
    """Record the 2022 units, then each change the 2025 catalogue shows, dated 2025-01-01."""
    old, new = read_catalogue(CATALOGUE_2022), read_catalogue(CATALOGUE_2025)
    by_2022 = Recorded(CATALOGUE_2022_FROM, SYSTEM, "catalogue-2022")
    by_2025 = Recorded(REFORM_2025, SYSTEM, "catalogue-2025")
    districts: dict[str, dict[str, str]] = {}
    for row in old:
        if row["district_code"] not in districts:
            districts[row["district_code"]] = row
            registry.register_district(
                row["district_code"],
                row["district_name"],
                DISTRICT_KINDS[row["district_type"]],
                by_2022,
            )
    communes_2022 = {r["commune_code"]: r for r in old if r["commune_code"]}
    for row in communes_2022.values():
        registry.register_commune(
            row["commune_code"],
            row["commune_name"],
            row["district_code"],
            COMMUNE_KINDS[row["commune_type"]],
            by_2022,
        )
    seen_districts: set[str] = set()
    for row in new:
        code = row["district_code"]
        before = districts.get(code)
        if (
            code not in seen_districts
            and before
            and (before["district_name"], before["district_type"])
            != (row["district_name"], row["district_type"])
        ):
            registry.change_district_name(
                code, row["district_name"], DISTRICT_KINDS[row["district_type"]], by_2025
            )
        seen_districts.add(code)
    communes_2025 = {r["commune_code"]: r for r in new if r["commune_code"]}
    for code, row in communes_2025.items():
        was = communes_2022.get(code)
        if was is None:
            registry.register_commune(
                code,
                row["commune_name"],
                row["district_code"],
                COMMUNE_KINDS[row["commune_type"]],
                by_2025,
            )
            continue
        if was["commune_type"] != row["commune_type"]:
            registry.change_commune_kind(code, COMMUNE_KINDS[row["commune_type"]], by_2025)
        if was["commune_name"] != row["commune_name"]:
            registry.rename_commune(code, row["commune_name"], by_2025)
        if was["district_code"] != row["district_code"]:
            registry.move_commune(code, row["district_code"], by_2025)
    for code in sorted(set(communes_2022) - set(communes_2025)):
        registry.dissolve_commune(code, None, by_2025)


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

    def __init__(self, store: EventStore, runner: CommandRunner) -> None:
        self.store = store
        self.runner = runner
        self._cached: AreaRegistry | None = None
        self.registry_id = AreaRegistry.id_for(PROVINCE_CODE)

    def bootstrap(self) -> bool:
        """Create the registry on a new database; True when it did."""
        try:
            self.store.repository.get(self.registry_id)
            return False
        except AggregateNotFoundError:
            registry = AreaRegistry.open(
                PROVINCE_CODE,
                PROVINCE_NAME,
                Recorded(CATALOGUE_2022_FROM, SYSTEM, "catalogue-2022"),
            )
            load_catalogues(registry)
            self.store.save(registry)
            return True

    def registry(self) -> AreaRegistry:
        latest = self.store.recorder.select_events(self.registry_id, desc=True, limit=1)
        version = latest[0].originator_version if latest else 0
        if self._cached is None or self._cached.version != version:
            registry: object = self.store.repository.get(self.registry_id)
            assert isinstance(registry, AreaRegistry)
            self._cached = registry
        return self._cached

    def check_commune(self, code: str, day: date) -> Unit:
        return self.registry().check_commune(code, day)

    def area_kind_on(self, commune_code: str, day: date) -> AreaKind:
        return self.check_commune(commune_code, day).area_kind

    def contains(self, area_code: str, commune_code: str, day: date) -> bool:
        return self.registry().contains(area_code, commune_code, day)

    def name_of(self, code: str, day: date) -> str:
        """The name a code carries on `day` (the registry's spelling), or the code if unknown."""
        registry = self.registry()
        if code == registry.province_code:
            return registry.province_name
        unit = registry.district_on(code, day) or registry.commune_on(code, day)
        return unit.name if unit else code

    def communes_within(self, area: str, day: date) -> list[str] | None:
        """The communes inside the area on `day`, to filter rows by; None for the city (no
        filter, so communes dissolved since still count)."""
        registry = self.registry()
        if area == registry.province_code:
            return None
        return [u.code for u in registry.communes_on(day) if registry.contains(area, u.code, day)]

    def ever_within(self, area: str) -> list[str]:
        """The area and every commune that was inside it on some day of its life."""
        registry = self.registry()
        found = {area}
        for code, timeline in registry.communes.items():
            if any(registry.contains(area, code, day) for day, _, _ in timeline.changes):
                found.add(code)
        return sorted(found)

    def sub_areas(self, code: str, day: date) -> list[tuple[str, str]]:
        """The districts of the city, or the communes of a district, as (code, name) on `day`."""
        registry = self.registry()
        if code == registry.province_code:
            return [(u.code, u.name) for u in registry.districts_on(day)]
        return [(u.code, u.name) for u in registry.communes_on(day) if u.parent_code == code]

    def units(self, day: date) -> dict[str, Any]:
        registry = self.registry()
        return {
            "as_of": day.isoformat(),
            "city": {"code": registry.province_code, "name": registry.province_name},
            "districts": [unit_data(u, "district") for u in registry.districts_on(day)],
            "communes": [unit_data(u, "commune") for u in registry.communes_on(day)],
        }

    def record_household_total(
        self, ctx: CommandContext, area_code: str, year: int, total: object
    ) -> Written:
        payload = {"area_code": area_code, "year": year, "total": total}

        def action() -> Any:
            if area_code:  # a missing one is named by the registry
                check_inside(self, ctx.actor, area_code, "area_code", date(year, 1, 1))
            registry: object = self.store.repository.get(self.registry_id)
            assert isinstance(registry, AreaRegistry)
            ctx.check_version(registry.version)
            self.runner.check_effective_date(date(year, 1, 1))
            registry.record_household_total(
                area_code, year, check_amount(total, "total"), ctx.recorded(date(year, 1, 1))
            )
            return [registry], {"area_code": area_code, "year": year, "total": total}

        return self.runner.run(ctx, "record_household_total", payload, action)

"""The demo's small pieces: draws from a weighted table, dates, amounts and ids from a seeded
stream, and the people, clusters and model plans a history is made of."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate
from random import Random
from uuid import UUID

from application.commands import Actor
from application.demo.tables import (
    GIVEN_NAMES,
    INCOME_STEP,
    MIDDLE_NAMES,
    MILLION,
    T,
    Weighted,
)
from domain.area_registry import Unit
from domain.dates import age_in_months, is_working_age
from domain.livelihood_model import LivelihoodModel
from domain.standards import PovertyStandard
from domain.values import (
    AreaKind,
    EntrustingOrganisation,
    Relationship,
    Sex,
    Status,
)


def pick(rng: Random, table: Weighted[T]) -> T:
    values, cumulative = cumulated(table)
    chosen: T = rng.choices(values, cum_weights=cumulative)[0]
    return chosen


@cache
def cumulated(table: Weighted[T]) -> tuple[list[T], list[float]]:
    """A table's values and running weight totals, computed once: `choices` with these draws
    exactly as with the weights themselves."""
    return [value for value, _ in table], list(accumulate(weight for _, weight in table))


def between(rng: Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
UUID4_SET = (4 << 76) | (0x8000 << 48)


def new_id(rng: Random) -> str:
    """A random-looking but reproducible UUID: the seed decides it. (The text of
    `UUID(int=..., version=4)`, made without building the object: a load makes millions.)"""
    digits = f"{rng.getrandbits(128) & UUID4_CLEAR | UUID4_SET:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def million(rng: Random, amounts: tuple[float, float], step: int = 100_000) -> int:
    low, high = round(amounts[0] * MILLION) // step, round(amounts[1] * MILLION) // step
    return rng.randint(low, high) * step


def years_old(birth_date: date, on: date) -> int:
    return age_in_months(birth_date, on) // 12


def decision(commune_code: str, year: int) -> tuple[str, date]:
    """The commune's decision recognising the year's lists: its number and its date, in the
    first fortnight of December, inside the review window that ends on 14 December (Decision
    24/2021/QĐ-TTg; docs/spec/README.md)."""
    key = zlib.crc32(f"{commune_code}/{year}".encode())
    return f"QĐ {100 + key % 2900}/QĐ-UBND", date(year, 12, 1 + key % 14)


def caseworker(commune_code: str) -> Actor:
    return Actor(f"demo.{commune_code}", "caseworker", commune_code)


@dataclass
class Person:
    """The demo's own note of a member: enough to choose who gets a job, a course or a place."""

    member_id: str
    full_name: str
    sex: Sex
    birth_date: date
    relationship: Relationship
    working_capable: bool
    present: bool = True
    employed: bool = False

    @property
    def family_name(self) -> str:
        return self.full_name.split()[0]

    def can_work(self, on: date) -> bool:
        return (
            self.present and self.working_capable and is_working_age(self.sex, self.birth_date, on)
        )


@dataclass(frozen=True)
class Cluster:
    """Neighbouring households of one village, around one livelihood model built for them:
    `size` whose story the reviews follow, and `quiet` registered beside them that no review
    ever listed (a city's proportions: most households are never poor)."""

    commune: Unit
    village: str
    size: int
    quiet: int = 0

    @property
    def households(self) -> int:
        return self.size + self.quiet


@dataclass(frozen=True)
class ModelPlan:
    """A cluster's model, held while its households are played: they join it while open."""

    model: LivelihoodModel
    closes_on: date | None


def full_name(rng: Random, sex: Sex, surname: str) -> str:
    return f"{surname} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


def income_band(standard: PovertyStandard, area_kind: AreaKind, status: Status) -> tuple[int, int]:
    """Incomes (VND a person a month) that the standard classifies as `status`."""
    line = standard.income_line[area_kind]
    upper = standard.average_upper[area_kind] if standard.average_upper else line * 3 // 2
    return {
        Status.POOR: (line * 55 // 100, line * 95 // 100),
        Status.NEAR_POOR: (line * 75 // 100, line),
        Status.AVERAGE: (line + INCOME_STEP, upper),
        Status.NON_POOR: (upper + INCOME_STEP, upper * 135 // 100),
    }[status]


GROUP_WORDS = {
    EntrustingOrganisation.FARMERS_UNION: "Hội Nông dân",
    EntrustingOrganisation.WOMENS_UNION: "Hội Phụ nữ",
    EntrustingOrganisation.VETERANS_ASSOCIATION: "Hội Cựu chiến binh",
    EntrustingOrganisation.YOUTH_UNION: "Đoàn Thanh niên",
}


def savings_group_of(household: UUID, village: str) -> tuple[EntrustingOrganisation, str]:
    """The one group a household borrows through, run by one organisation in its village: the
    same for every loan of the household."""
    organisation = list(EntrustingOrganisation)[household.int % len(EntrustingOrganisation)]
    return organisation, f"Tổ TK&VV {GROUP_WORDS[organisation]} {village}"

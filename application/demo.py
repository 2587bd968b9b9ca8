"""The demo history of Hai Phong and Hải Dương from the late-2021 periodic review to the end of
2026 (docs/spec/interfaces.md, reorganisation.md): both provinces' communes until 1 July 2025, then
the new city — households of whole units in their successors, those of split units assigned by their
new commune (a few still awaiting), the periodic review of late 2026 under VN-MDP-2027.

Every fact is made by the aggregate's own method, the one the caseworker's command calls, after
the checks that command makes against the registry (a commune that exists that day, a model open
that day, no date after today), so the demo obeys every rule: a refusal is a bug of this
generator, never something to skip. What a command would read back from the store (the
household's status, a model, whether a code is taken) is read from the aggregates held in
memory, and each chunk of households is written by a unit of work in one transaction
(application/bulk.py): thousands of households a second instead of tens.

Each household is acted out on its own in effective-date order from its own random stream, so
the same seed gives the same facts, and the cost of a household does not depend on how many
came before it."""

from __future__ import annotations

import heapq
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, partial
from itertools import accumulate
from random import Random
from typing import Any, TypeVar
from uuid import UUID

from application.admin_scope import check_inside
from application.areas import REFORM_2025, REORGANISED
from application.bulk import UnitOfWork
from application.commands import Actor
from application.store import exists
from application.system import System
from domain.area_registry import AWAITING, AreaRegistry, Unit
from domain.base import Recorded, deterministic_id
from domain.dates import add_months, age_in_months, is_working_age
from domain.errors import ConflictError
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from domain.programme import programme_rules
from domain.standards import PovertyStandard, catalogue
from domain.values import (
    AreaKind,
    Cause,
    CommuneKind,
    EmploymentKind,
    LoanChannel,
    LoanProgramme,
    Member,
    ModelKind,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
    SupportKind,
)

T = TypeVar("T")
Weighted = tuple[tuple[T, float], ...]
Step = Callable[[date], None]

# The history runs to the end of 2026: the periodic review of late 2026 draws up the lists for
# 2027 under VN-MDP-2027; its decisions after today are not yet made.
FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR, LAST_YEAR = 2021, 2026, 2026
COMMUNES_AS_OF = date(2021, 10, 1)
INCOME_STEP = 10_000
MILLION = 1_000_000

LISTED = frozenset({Status.POOR, Status.NEAR_POOR})


@dataclass(frozen=True)
class LoanKind:
    """What a programme's loans typically look like: millions of VND, months, purposes."""

    amounts: tuple[int, int]
    terms: tuple[int, ...]
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class SupportRule:
    """One kind of support: whom it goes to (a need or a deprivation of the household's survey;
    none for everyone listed), how likely, how much (millions of VND), from which project."""

    kind: SupportKind
    project: int | None
    chance: float
    amounts: tuple[float, float] | None
    provider: str
    signals: frozenset[str] = frozenset()
    statuses: frozenset[Status] = LISTED
    members: int = 0
    max_age: int = 99


# The tables below are data, laid out to be read and corrected as tables.
# fmt: off

# ---- people ---------------------------------------------------------------------------------

FAMILY_NAMES: Weighted[str] = (
    ("Nguyễn", 30), ("Trần", 10), ("Phạm", 10), ("Vũ", 8), ("Lê", 7), ("Hoàng", 4), ("Đỗ", 5),
    ("Bùi", 5), ("Đặng", 4), ("Ngô", 3), ("Đào", 3), ("Mạc", 2), ("Lương", 2), ("Phan", 2),
    ("Đinh", 2), ("Hà", 1), ("Tô", 1), ("Đồng", 1), ("Cao", 1), ("Trịnh", 1),
)
MIDDLE_NAMES = {
    Sex.M: ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Ngọc", "Công"),
    Sex.F: ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Minh", "Hồng", "Phương"),
}
GIVEN_NAMES = {
    Sex.M: ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Kiên",
            "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Thắng", "Thành",
            "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Lâm", "Hưng"),
    Sex.F: ("Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Huyền", "Lan",
            "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
            "Thảo", "Thu", "Trang", "Tuyết", "Yến", "Lụa", "Huệ"),
}
HOUSEHOLD_SIZES: Weighted[int] = ((1, 9), (2, 17), (3, 21), (4, 27), (5, 15), (6, 11))
ETHNICITIES: Weighted[str] = (("Kinh", 985), ("Hoa", 8), ("Tày", 3), ("Mường", 2), ("Nùng", 2))
# Citizen ids: birth province (031 Hai Phong), then sex and century, then the year of birth.
ID_SEX_CENTURY = {(Sex.M, 19): 0, (Sex.F, 19): 1, (Sex.M, 20): 2, (Sex.F, 20): 3}

# ---- reviews --------------------------------------------------------------------------------

# Statuses at the first review, over-sampled toward the lists so the indicators have substance.
FIRST_STATUSES: Weighted[Status] = (
    (Status.POOR, 15), (Status.NEAR_POOR, 30), (Status.AVERAGE, 25), (Status.NON_POOR, 30),
)
# From one periodic review to the next: steady escapes, a few relapses and newly poor.
YEARLY_CHANGE: dict[Status, Weighted[Status]] = {
    Status.POOR:      ((Status.POOR, 50), (Status.NEAR_POOR, 30), (Status.AVERAGE, 17),
                       (Status.NON_POOR, 3)),
    Status.NEAR_POOR: ((Status.POOR, 2), (Status.NEAR_POOR, 65), (Status.AVERAGE, 28),
                       (Status.NON_POOR, 5)),
    Status.AVERAGE:   ((Status.POOR, 1), (Status.NEAR_POOR, 5), (Status.AVERAGE, 60),
                       (Status.NON_POOR, 34)),
    Status.NON_POOR:  ((Status.NEAR_POOR, 1), (Status.AVERAGE, 8), (Status.NON_POOR, 91)),
}
# A regular review is asked for when life changes, and always changes the status: a listed
# household leaving the list, or another falling on hard times (illness, a lost job).
REGULAR_CHANGE: dict[Status, tuple[float, Weighted[Status]]] = {
    Status.POOR:      (0.12, ((Status.NEAR_POOR, 6), (Status.AVERAGE, 4))),
    Status.NEAR_POOR: (0.10, ((Status.POOR, 1), (Status.AVERAGE, 8), (Status.NON_POOR, 1))),
    Status.AVERAGE:   (0.03, ((Status.POOR, 1), (Status.NEAR_POOR, 3))),
    Status.NON_POOR:  (0.01, ((Status.POOR, 1), (Status.NEAR_POOR, 2))),
}
DEPRIVATION_COUNTS = {
    Status.POOR: (3, 3, 4, 4, 5, 6), Status.NEAR_POOR: (0, 1, 1, 2, 2),
    Status.AVERAGE: (0, 0, 1, 1, 2), Status.NON_POOR: (0, 0, 0, 1),
}
DEPRIVATION_WEIGHTS = {
    "health_insurance": 9, "employment": 8, "dependents": 7, "adult_education": 6,
    "housing_quality": 5, "housing_area": 3, "domestic_water": 3, "latrine": 3, "nutrition": 2,
    "child_schooling": 2, "telecom": 2, "information_means": 2,
}
DEPRIVATION_NEEDS = {
    "housing_quality": Need.HOUSING, "housing_area": Need.HOUSING,
    "child_schooling": Need.EDUCATION, "health_insurance": Need.HEALTH,
    "telecom": Need.INFORMATION, "information_means": Need.INFORMATION,
    "employment": Need.EMPLOYMENT,
}
CAUSES: Weighted[Cause] = (
    (Cause.CAPITAL, 10), (Cause.LABOUR, 6), (Cause.ILLNESS_ACCIDENT, 6), (Cause.SKILLS, 5),
    (Cause.PRODUCTION_KNOWLEDGE, 4), (Cause.LAND, 3), (Cause.TOOLS, 3), (Cause.OTHER, 1),
)
CAUSE_NEEDS = {
    Cause.CAPITAL: (Need.CREDIT,), Cause.LABOUR: (Need.EMPLOYMENT,),
    Cause.ILLNESS_ACCIDENT: (Need.HEALTH,), Cause.SKILLS: (Need.VOCATIONAL_TRAINING,),
    Cause.PRODUCTION_KNOWLEDGE: (Need.PRODUCTION_SUPPORT,), Cause.LAND: (Need.PRODUCTION_SUPPORT,),
    Cause.TOOLS: (Need.PRODUCTION_SUPPORT, Need.CREDIT), Cause.OTHER: (Need.OTHER,),
}

# ---- help -----------------------------------------------------------------------------------

FARMING = ("Chăn nuôi lợn", "Nuôi gà thả vườn", "Trồng rau màu", "Nuôi trồng thủy sản",
           "Mua máy cày mini")
LOAN_KINDS = {
    LoanProgramme.POOR: LoanKind((20, 100), (36, 60), FARMING),
    LoanProgramme.NEAR_POOR: LoanKind((20, 100), (36, 60), (*FARMING, "Kinh doanh tạp hóa")),
    LoanProgramme.NEWLY_ESCAPED: LoanKind(
        (30, 100), (36, 60), ("Mở rộng chăn nuôi", "Kinh doanh nhỏ", "Mua thuyền đánh cá")),
    LoanProgramme.JOB_CREATION: LoanKind(
        (30, 100), (24, 36, 60), ("Mở xưởng may gia công", "Sửa chữa xe máy", "Mở rộng sản xuất")),
    LoanProgramme.WATER_SANITATION: LoanKind(
        (10, 25), (24, 36, 60), ("Xây bể nước và nhà tiêu hợp vệ sinh",)),
    LoanProgramme.HOUSING: LoanKind((30, 60), (60, 120), ("Sửa chữa, xây mới nhà ở",)),
    LoanProgramme.STUDENT: LoanKind((10, 40), (48, 60), ("Chi phí học đại học cho con",)),
    LoanProgramme.OVERSEAS_WORK: LoanKind(
        (50, 100), (24, 36), ("Chi phí đi làm việc ở nước ngoài theo hợp đồng",)),
}
OPEN_PROGRAMMES: Weighted[LoanProgramme] = (
    (LoanProgramme.JOB_CREATION, 4), (LoanProgramme.WATER_SANITATION, 3),
    (LoanProgramme.HOUSING, 1), (LoanProgramme.STUDENT, 2), (LoanProgramme.OVERSEAS_WORK, 1),
)
LISTED_PROGRAMMES = {Status.POOR: LoanProgramme.POOR, Status.NEAR_POOR: LoanProgramme.NEAR_POOR}
SUPPORT_RULES = (
    SupportRule(SupportKind.HEALTH_INSURANCE, None, 0.7, None, "Bảo hiểm xã hội huyện"),
    SupportRule(SupportKind.OTHER, None, 0.5, (0.5, 1.0), "Ủy ban MTTQ Việt Nam xã (quà Tết)"),
    SupportRule(SupportKind.PRODUCTION_CAPACITY, 3, 0.85, (3, 15),
                "Phòng Nông nghiệp và PTNT huyện", frozenset({Need.PRODUCTION_SUPPORT}),
                members=2),
    SupportRule(SupportKind.VOCATIONAL_TRAINING, 4, 0.6, (2, 6), "Trung tâm GDNN - GDTX huyện",
                frozenset({Need.VOCATIONAL_TRAINING}), members=1, max_age=45),
    SupportRule(SupportKind.HOUSING, 5, 0.35, (30, 60), "Quỹ Vì người nghèo thành phố",
                frozenset({Need.HOUSING}), frozenset({Status.POOR})),
    SupportRule(SupportKind.NUTRITION, 3, 0.6, (1, 3), "Trạm Y tế xã", frozenset({"nutrition"})),
    SupportRule(SupportKind.EDUCATION, None, 0.6, (1, 3), "Phòng Giáo dục và Đào tạo huyện",
                frozenset({Need.EDUCATION, "child_schooling"})),
    SupportRule(SupportKind.INFORMATION, 6, 0.3, (1, 2), "Trung tâm Văn hóa - Thông tin huyện",
                frozenset({Need.INFORMATION})),
)
TYPO_CHANCE = 0.04
EMPLOYERS: dict[EmploymentKind, tuple[str, ...]] = {
    EmploymentKind.WAGE_CONTRACT: (
        "Doanh nghiệp trong KCN Tràng Duệ", "Doanh nghiệp trong KCN VSIP Hải Phòng",
        "Doanh nghiệp trong KCN Đình Vũ", "Doanh nghiệp trong KCN Nam Cầu Kiền",
        "Doanh nghiệp trong KCN An Dương", "Hợp tác xã dịch vụ nông nghiệp",
    ),
    EmploymentKind.SELF_EMPLOYED: ("",),
    EmploymentKind.OVERSEAS_CONTRACT: (
        "Hợp đồng lao động tại Nhật Bản", "Chương trình EPS Hàn Quốc",
        "Hợp đồng lao động tại Đài Loan",
    ),
}
EMPLOYMENT_KINDS: Weighted[EmploymentKind] = (
    (EmploymentKind.WAGE_CONTRACT, 6), (EmploymentKind.SELF_EMPLOYED, 3),
    (EmploymentKind.OVERSEAS_CONTRACT, 1),
)

# ---- models and officials -------------------------------------------------------------------

MODEL_TEMPLATES: tuple[tuple[str, ModelKind, str], ...] = (
    ("Mô hình nuôi gà thả vườn", ModelKind.PRODUCTION, "Chăn nuôi"),
    ("Mô hình nuôi lợn an toàn sinh học", ModelKind.PRODUCTION, "Chăn nuôi"),
    ("Mô hình nuôi tôm thẻ chân trắng", ModelKind.PRODUCTION, "Thủy sản"),
    ("Mô hình trồng dưa lưới trong nhà màng", ModelKind.PRODUCTION, "Trồng trọt"),
    ("Mô hình trồng rau an toàn", ModelKind.PRODUCTION, "Trồng trọt"),
    ("Mô hình may gia công", ModelKind.SERVICE, "Dệt may"),
    ("Mô hình dịch vụ sửa chữa máy nông nghiệp", ModelKind.SERVICE, "Cơ khí"),
    ("Mô hình đan cói mỹ nghệ", ModelKind.BUSINESS, "Thủ công mỹ nghệ"),
    ("Mô hình kinh doanh đặc sản địa phương", ModelKind.BUSINESS, "Thương mại"),
    ("Mô hình du lịch cộng đồng", ModelKind.STARTUP, "Du lịch"),
    ("Mô hình khởi nghiệp bán nông sản trực tuyến", ModelKind.STARTUP, "Thương mại điện tử"),
)
MODEL_REPLICATION_CHANCE, MODEL_CLOSE_CHANCE = 0.35, 0.12
COURSES = (
    "Bồi dưỡng nghiệp vụ rà soát hộ nghèo, hộ cận nghèo",
    "Tập huấn quản lý Chương trình MTQG giảm nghèo bền vững",
    "Tập huấn xây dựng và nhân rộng mô hình giảm nghèo",
    "Tập huấn giám sát, đánh giá Chương trình MTQG giảm nghèo bền vững",
    "Bồi dưỡng kỹ năng tư vấn, hỗ trợ sinh kế cho hộ nghèo",
)
POSITIONS = {
    "commune": "Công chức Văn hóa - Xã hội phụ trách Lao động - TB&XH",
    "district": "Chuyên viên Phòng Lao động - Thương binh và Xã hội",
}
# Rural communes (xã) get most households: poverty in Hai Phong is mostly in the rural districts.
COMMUNE_WEIGHTS = {
    CommuneKind.XA: 4, CommuneKind.THI_TRAN: 2, CommuneKind.PHUONG: 1, CommuneKind.DAC_KHU: 3,
}
VILLAGE_WORDS = {AreaKind.RURAL: "Thôn", AreaKind.URBAN: "Tổ dân phố"}
REFORM_NOTE = "Sắp xếp đơn vị hành chính cấp xã từ 01/01/2025: xã cũ đã sáp nhập"
# The share of households of split communes still awaiting assignment when the history ends.
AWAITING_CHANCE = 0.06

# fmt: on


@dataclass(frozen=True)
class Chunk:
    """One transaction of a load: its households and the seconds they took, played and written
    (benchmark P5 compares the first with the last)."""

    households: int
    seconds: float


@dataclass(frozen=True)
class DemoSummary:
    """What a load recorded and how long it took (the CLI prints it, benchmark P5 reports it)."""

    households: int
    events: int
    models: int
    officials: int
    seconds: float
    chunks: tuple[Chunk, ...] = ()

    @property
    def households_per_second(self) -> float:
        return self.households / self.seconds if self.seconds else 0.0


# ---- small helpers --------------------------------------------------------------------------


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
    """The commune's decision recognising the year's lists: its number and its date."""
    key = zlib.crc32(f"{commune_code}/{year}".encode())
    return f"QĐ {100 + key % 2900}/QĐ-UBND", date(year, 12, 15 + key % 14)


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
    """Neighbouring households of one village, around one livelihood model built for them."""

    commune: Unit
    village: str
    size: int


@dataclass(frozen=True)
class ModelPlan:
    """A cluster's model, held while its households are played: they join it while open."""

    model: LivelihoodModel
    closes_on: date | None


# ---- the city -------------------------------------------------------------------------------


class Demo:
    """What the households share: the system, the unit of work their aggregates go into, the
    city's communes, and per-commune counters."""

    def __init__(self, system: System, seed: int, unit: UnitOfWork) -> None:
        self.system = system
        self.seed = seed
        self.rng = Random(seed)
        self.unit = unit
        self.end = min(system.runner.today(), date(LAST_YEAR, 12, 31))
        self.registry = system.areas.registry()
        self.codes: dict[str, int] = {}
        self.successors: dict[str, str | None] = {}
        self.pioneers: dict[str, LivelihoodModel] = {}
        self.models = 0
        self.officials = 0

    def recorded(self, rng: Random, actor: Actor, day: date, note: str | None = None) -> Recorded:
        """Who records a fact and when, as a command's context would say; its command id comes
        from the seed, so reruns record identical events. Only a date past the demo's end (at
        most today) needs the commands' check that nothing is dated after today."""
        if day > self.end:
            self.system.runner.check_effective_date(day)
        return Recorded(day, actor.username, new_id(rng), note)

    def new_id(self, *key: str) -> UUID:
        """An aggregate's id, from the seed and what names it in this history: shaped as a
        random one (version 4), as a client's chosen id must be, so that every fact of the
        demo is one the commands would record alike."""
        digest = int.from_bytes(deterministic_id("demo", str(self.seed), *key).bytes, "big")
        return UUID(int=digest & UUID4_CLEAR | UUID4_SET)

    def plan_clusters(self, households: int) -> list[Cluster]:
        communes = self.registry.communes_on(COMMUNES_AS_OF)
        weights = [COMMUNE_WEIGHTS[CommuneKind(unit.kind)] for unit in communes]
        cumulative = list(accumulate(weights))
        mean = max(2, min(15, households // 5))
        clusters: list[Cluster] = []
        left = households
        while left > 0:
            commune = self.rng.choices(communes, cum_weights=cumulative)[0]
            size = min(left, self.rng.randint(max(1, mean // 2), mean + mean // 2))
            village = f"{VILLAGE_WORDS[commune.area_kind]} {self.rng.randint(1, 14)}"
            clusters.append(Cluster(commune, village, size))
            left -= size
        return clusters

    def household_code(self, commune_code: str) -> str:
        self.codes[commune_code] = self.codes.get(commune_code, 0) + 1
        return f"{commune_code}-{self.codes[commune_code]:05d}"

    def successor(self, commune_code: str) -> str | None:
        """Where a commune merged away in the 2025 reform went: the registry does not say, so
        the nearest code in the same district stands in (communes are numbered by place)."""
        if commune_code not in self.successors:
            before = self.registry.check_commune(commune_code, REFORM_2025 - timedelta(days=1))
            after = [
                unit
                for unit in self.registry.communes_on(REFORM_2025)
                if unit.parent_code == before.parent_code
            ]
            self.successors[commune_code] = (
                min(after, key=lambda unit: abs(int(unit.code) - int(commune_code))).code
                if after
                else None
            )
        return self.successors[commune_code]

    def play(self, cluster: Cluster) -> None:
        """The cluster's model, then each of its households' whole history, then the model's
        closing if it closes."""
        model = self.establish_model(cluster)
        for _ in range(cluster.size):
            Story(self, Random(self.rng.getrandbits(64)), cluster, model).play()
        if model is not None:
            self.close_model(model, cluster.commune.code)

    def admit(self, household: Household, by: Recorded) -> Household:
        """A newly registered household, in a commune that exists that day, its code claimed
        in its commune in the same save."""
        commune_code, code = household.current_location().commune_code, household.household_code
        self.registry.check_commune(commune_code, by.effective_date)
        taken = partial(
            ConflictError,
            "household-code-taken",
            field="household_code",
            household_code=code,
            commune_code=commune_code,
        )
        self.unit.claim("household", f"{commune_code}/{code}", household, by, taken)
        return household

    def establish_model(self, cluster: Cluster) -> ModelPlan | None:
        """A model for the cluster, some replicating the first model of the same template."""
        rng = self.rng
        title, kind, sector = MODEL_TEMPLATES[rng.randrange(len(MODEL_TEMPLATES))]
        day = between(rng, date(2022, 3, 1), date(2024, 9, 30))
        closes = add_months(day, rng.randint(12, 30)) if rng.random() < MODEL_CLOSE_CHANCE else None
        pioneer = self.pioneers.get(title)
        replicated = (
            pioneer is not None
            and pioneer.established_on < day
            and (rng.random() < MODEL_REPLICATION_CHANCE)
        )
        budget = million(rng, (100, 800), step=10 * MILLION)
        command_id = new_id(rng)
        if day > self.end:
            return None
        self.models += 1
        code = f"MH-{cluster.commune.code}-{self.models:05d}"
        self.registry.check_commune(cluster.commune.code, day)
        by = Recorded(day, caseworker(cluster.commune.code).username, command_id)
        model = LivelihoodModel.establish(
            code=code,
            name=f"{title}, {cluster.commune.name}",
            kind=kind,
            sector=sector,
            commune_code=cluster.commune.code,
            budget_vnd=budget,
            replicated_from=str(pioneer.id) if replicated and pioneer else None,
            by=by,
            model_id=self.new_id("model", code),
        )
        taken = partial(ConflictError, "model-code-taken", field="code", model_code=code)
        self.unit.claim(*LivelihoodModel.code_claim(cluster.commune.code, code), model, by, taken)
        if pioneer is None:
            self.pioneers[title] = model
        return ModelPlan(model, closes if closes and closes <= self.end else None)

    def close_model(self, plan: ModelPlan, commune_code: str) -> None:
        if plan.closes_on is not None:
            plan.model.close(self.recorded(self.rng, caseworker(commune_code), plan.closes_on))

    def register_officials(self, clusters: Iterable[Cluster]) -> None:
        """About one official for every two communes with households, some at district level,
        trained from 2022 on; a few leave."""
        communes = list({cluster.commune.code: cluster.commune for cluster in clusters}.values())
        for unit in communes[::2]:
            self.register_official(unit)

    def register_official(self, unit: Unit) -> None:
        rng = self.rng
        level = "district" if rng.random() < 0.3 else "commune"
        area_code = unit.parent_code if level == "district" else unit.code
        actor = Actor(
            f"demo.{area_code}", "caseworker" if level == "commune" else "supervisor", area_code
        )
        sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
        name = full_name(rng, sex, pick(rng, FAMILY_NAMES))
        joined = between(rng, date(2020, 6, 1), date(2021, 12, 31))
        courses = sorted(
            (between(rng, date(2022, 3, 1), date(LAST_YEAR, 11, 30)), course)
            for course in rng.sample(COURSES, rng.randint(1, 3))
        )
        stays = rng.randint(0, len(courses)) if rng.random() < 0.15 else len(courses)
        if joined > self.end:
            return
        self.officials += 1
        self.registry.check_area(area_code, joined)
        official = self.unit.add(
            Official.register(
                name=name,
                area_code=area_code,
                position=POSITIONS[level],
                by=self.recorded(rng, actor, joined),
                official_id=self.new_id("official", str(self.officials)),
            )
        )
        for day, course in courses[:stays]:
            if day <= self.end:
                official.record_training(course, self.recorded(rng, actor, day))
        if stays < len(courses) and courses[stays][0] <= self.end:
            official.leave(self.recorded(rng, actor, courses[stays][0]))

    def adopt_plans(self) -> None:
        """The example plans beside 55/KH-UBND, each marked as an example in its number:
        Hải Dương's own plan for 2022-2025, and the new city's for 2026-2030 once the city has
        adopted it (docs/spec/reorganisation.md)."""
        for example in EXAMPLE_PLANS:
            if example.adopted_on > self.end:
                continue
            actor = Actor(example.adopted_by, "administrator", example.area_code)
            self.system.plans.check_plan_area(example.area_code, example.period_start)
            plan = Plan.adopt(
                reference=example.reference,
                area_code=example.area_code,
                period_start=example.period_start,
                period_end=example.period_end,
                baseline_date=example.period_start,
                targets=dict(example.targets),
                by=self.recorded(self.rng, actor, example.adopted_on),
            )
            if not exists(self.system.store, plan.id):
                self.unit.add(plan)

    def record_household_totals(self, clusters: Iterable[Cluster]) -> None:
        """The household totals the statistics offices give each year, the denominators of the
        poverty rates: here, the demo's own households of each province and district (from
        2026, of the city and each of its communes — a split commune's households counted in
        its first successor, where most of them went)."""
        registry: object = self.system.store.repository.get(self.registry.id)
        assert isinstance(registry, AreaRegistry)
        self.unit.add(registry)
        for year in range(2022, min(LAST_YEAR, self.system.runner.today().year) + 1):
            day = date(year, 1, 1)
            totals: dict[str, int] = {}
            for cluster in clusters:
                code = cluster.commune.code
                if day >= REFORM_2025 and registry.commune_on(code, REFORM_2025) is None:
                    code = self.successor(code) or code  # merged away on 2025-01-01
                place = registry.place_on(code, COMMUNES_AS_OF, day)
                succession = registry.successions.get(place.removeprefix(AWAITING))
                if place.startswith(AWAITING) and succession is not None:
                    place = succession.codes[0]
                unit = registry.commune_on(place, day)
                parent = unit.parent_code if unit else cluster.commune.parent_code
                areas = {parent, registry.province_of(parent, day)}
                for area in areas | ({place} if day >= REORGANISED else set()):
                    totals[area] = totals.get(area, 0) + cluster.size
            for area, total in sorted(totals.items()):
                office = STATISTICS_OFFICES[registry.province_of(area, day)]
                check_inside(self.system.areas, office, area, "area_code", day)
                by = self.recorded(self.rng, office, day)
                registry.record_household_total(area, year, total, by)


def full_name(rng: Random, sex: Sex, surname: str) -> str:
    return f"{surname} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"


# ---- one household --------------------------------------------------------------------------


@dataclass
class Story:
    """One household acted out in effective-date order: each step may schedule later ones.
    Each step calls the household's own method, as the caseworker's command would."""

    demo: Demo
    rng: Random
    cluster: Cluster
    plan: ModelPlan | None
    commune: str = ""
    address: str = ""
    head: str = ""
    people: list[Person] = field(default_factory=list)
    status: Status | None = None
    signals: frozenset[str] = frozenset()
    enrolled: bool = False
    priority: dict[str, float] = field(default_factory=dict)
    queue: list[tuple[date, int, Step]] = field(default_factory=list)
    scheduled: int = 0
    registered: Household | None = None
    # A household of a split unit its commune has not yet assigned: its story pauses there.
    awaiting: bool = False

    @property
    def household(self) -> Household:
        assert self.registered is not None
        return self.registered

    def schedule(self, day: date, step: Step) -> None:
        self.scheduled += 1
        heapq.heappush(self.queue, (day, self.scheduled, step))

    def play(self) -> None:
        self.commune = self.cluster.commune.code
        self.schedule(between(self.rng, date(2021, 9, 1), date(2021, 9, 10)), self.register)
        while self.queue:
            day, _, step = heapq.heappop(self.queue)
            if day > self.demo.end or self.awaiting:
                return
            step(day)

    def recorded(self, day: date, note: str | None = None) -> Recorded:
        """The commune's caseworker records it; drawn after the step's own choices, as the
        command's context was."""
        return self.demo.recorded(self.rng, caseworker(self.commune), day, note)

    def register(self, day: date) -> None:
        rng = self.rng
        target = pick(rng, FIRST_STATUSES)
        self.people = self.family(day, target)
        ethnicity = pick(rng, ETHNICITIES)
        area_kind = self.cluster.commune.area_kind
        house = rng.randint(1, 250)
        self.address = f"Số {house}" if area_kind is AreaKind.URBAN else f"Xóm {house % 9 + 1}"
        by = self.recorded(day)
        members = [
            Member.parse(self.member_data(p, ethnicity, day), f"members[{i}]")
            for i, p in enumerate(self.people)
        ]
        flags = {
            "ethnic_minority": ethnicity != "Kinh",
            "revolutionary_merit": rng.random() < 0.04,
            "no_labour_capacity": not any(p.can_work(day) for p in self.people),
        }
        code = self.demo.household_code(self.commune)
        household = Household.register(
            household_code=code,
            commune_code=self.commune,
            village=self.cluster.village,
            address=self.address,
            members=members,
            flags=flags,
            by=by,
            household_id=self.demo.new_id("household", self.commune, code),
        )
        self.registered = self.demo.admit(household, by)
        self.head = self.people[0].member_id
        self.schedule(
            between(rng, date(2021, 9, 13), date(2021, 11, 30)),
            partial(self.periodic_survey, target),
        )
        for year in range(FIRST_REVIEW_YEAR + 1, LAST_YEAR + 1):
            self.schedule(date(year, 1, 2), self.family_year)
        if self.demo.registry.commune_on(self.commune, REFORM_2025) is None:
            self.schedule(REFORM_2025, self.follow_reform)
        self.schedule(REORGANISED, self.follow_reorganisation)

    def member_data(self, person: Person, ethnicity: str, on: date) -> dict[str, Any]:
        data: dict[str, Any] = {
            "member_id": person.member_id,
            "full_name": person.full_name,
            "sex": person.sex.value,
            "birth_date": person.birth_date.isoformat(),
            "relationship_to_head": person.relationship.value,
            "ethnicity": ethnicity,
            "working_capable": person.working_capable,
        }
        if years_old(person.birth_date, on) >= 14 and self.rng.random() < 0.85:
            century = person.birth_date.year // 100
            data["national_id"] = (
                f"031{ID_SEX_CENTURY[(person.sex, century)]}{person.birth_date.year % 100:02d}"
                f"{self.rng.randrange(10**6):06d}"
            )
        return data

    def family(self, day: date, target: Status) -> list[Person]:
        """A head, usually a spouse, then children a few years apart, a parent or grandchildren,
        up to the size drawn."""
        rng = self.rng
        size = pick(rng, HOUSEHOLD_SIZES)
        frail = 0.1 if target is Status.POOR else 0.03
        head_sex = Sex.M if rng.random() < 0.72 else Sex.F
        head_age = rng.randint(60, 88) if size == 1 else rng.randint(24, 80)
        surname = pick(rng, FAMILY_NAMES)

        def person(relationship: Relationship, sex: Sex, age: int, family: str) -> Person:
            born = date.fromordinal(day.toordinal() - age * 365 - rng.randrange(365))
            capable = rng.random() >= (frail + (0.3 if age >= 80 else 0))
            return Person(
                new_id(rng), full_name(rng, sex, family), sex, born, relationship, capable
            )

        people = [person(Relationship.HEAD, head_sex, head_age, surname)]
        father = surname
        if size >= 2 and rng.random() < 0.85:
            spouse_sex = Sex.F if head_sex is Sex.M else Sex.M
            spouse_surname = pick(rng, FAMILY_NAMES)
            people.append(
                person(
                    Relationship.SPOUSE,
                    spouse_sex,
                    max(20, head_age + rng.randint(-6, 4)),
                    spouse_surname,
                )
            )
            father = surname if head_sex is Sex.M else spouse_surname
        child_age = min(head_age - rng.randint(20, 30), 35)
        while len(people) < size:
            sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
            if head_age >= 55 and rng.random() < 0.5:
                people.append(person(Relationship.GRANDCHILD, sex, rng.randint(0, 15), father))
            elif head_age <= 50 and rng.random() < 0.2:
                people.append(
                    person(
                        Relationship.PARENT,
                        sex,
                        head_age + rng.randint(22, 30),
                        surname if sex is Sex.M else pick(rng, FAMILY_NAMES),
                    )
                )
            elif child_age >= 0:
                people.append(person(Relationship.CHILD, sex, child_age, father))
                child_age -= rng.randint(1, 4)
            else:
                break
        return people

    # ---- reviews --------------------------------------------------------------------------

    def periodic_survey(self, target: Status, day: date) -> None:
        survey_id = self.survey(ReviewKind.PERIODIC, day, target)
        decision_ref, decided = decision(self.commune, day.year)
        self.schedule(decided, partial(self.classify, survey_id, decision_ref))
        if day.year < LAST_REVIEW_YEAR:
            self.schedule(
                between(self.rng, date(day.year + 1, 9, 15), date(day.year + 1, 11, 30)),
                self.next_periodic_survey,
            )
        self.schedule(
            between(self.rng, date(day.year + 1, 3, 1), date(day.year + 1, 7, 31)),
            self.maybe_regular_review,
        )

    def next_periodic_survey(self, day: date) -> None:
        assert self.status is not None
        self.periodic_survey(pick(self.rng, YEARLY_CHANGE[self.status]), day)

    def maybe_regular_review(self, day: date) -> None:
        assert self.status is not None
        chance, changes = REGULAR_CHANGE[self.status]
        if self.rng.random() >= chance:
            return
        survey_id = self.survey(ReviewKind.REGULAR, day, pick(self.rng, changes))
        decision_ref = f"QĐ {self.rng.randint(100, 2999)}/QĐ-UBND"
        self.schedule(
            day + timedelta(days=self.rng.randint(7, 21)),
            partial(self.classify, survey_id, decision_ref),
        )

    def survey(self, kind: ReviewKind, day: date, target: Status) -> str:
        """A survey whose income and deprivations lead the standard to the target status."""
        rng = self.rng
        standard = catalogue().for_review(kind, day, self.demo.registry.province_code)
        area_kind = self.demo.registry.check_commune(self.commune, day).area_kind
        low, high = income_band(standard, area_kind, target)
        ranked = sorted(standard.keys, key=self.rank, reverse=True)
        deprived = set(ranked[: rng.choice(DEPRIVATION_COUNTS[target])])
        causes: set[Cause] = set()
        needs: set[Need] = set()
        if target in LISTED:
            causes = {pick(rng, CAUSES) for _ in range(rng.randint(1, 3))}
            needs = {need for cause in causes for need in CAUSE_NEEDS[cause]}
            needs |= {DEPRIVATION_NEEDS[key] for key in deprived if key in DEPRIVATION_NEEDS}
            if area_kind is AreaKind.RURAL and rng.random() < 0.4:
                needs.add(Need.PRODUCTION_SUPPORT)
        survey_id = new_id(rng)
        income = rng.randint(-(-low // INCOME_STEP), high // INCOME_STEP) * INCOME_STEP
        by = self.recorded(day)
        self.household.record_survey(
            survey_id=survey_id,
            kind=kind,
            standard=standard,
            income_per_capita_vnd=income,
            b1_score=None,
            deprivations={key: key in deprived for key in standard.keys},
            causes=causes,
            needs=needs,
            surveyor=by.actor,
            by=by,
        )
        self.signals = frozenset(needs) | frozenset(deprived)
        return survey_id

    def rank(self, key: str) -> float:
        """Each household's own order of deprivations, so the same ones persist over years."""
        if key not in self.priority:
            self.priority[key] = self.rng.random() ** (1 / DEPRIVATION_WEIGHTS.get(key, 1))
        return self.priority[key]

    def classify(self, survey_id: str, decision_ref: str, day: date) -> None:
        """Recognised under the survey's standard, for the kind of area the household lived in
        when surveyed."""
        by = self.recorded(day)
        household = self.household
        survey = household.check_classifiable(survey_id, day)
        area_kind = self.demo.system.areas.area_kind_of(household, survey.effective_date)
        standard = catalogue().get(survey.standard_id)
        outcome = household.classify(survey_id, decision_ref, standard, area_kind, by)
        self.status = outcome.status
        self.plan_help(day, outcome.newly_escaped_until is not None)

    # ---- help after a decision ------------------------------------------------------------

    def plan_help(self, decided: date, newly_escaped: bool) -> None:
        """What the commune arranges in the months after a decision."""
        rng = self.rng

        def later(first: int = 15, last: int = 220) -> date:
            return decided + timedelta(days=rng.randint(first, last))

        assert self.status is not None
        if self.status in LISTED:
            if Need.CREDIT in self.signals and rng.random() < 0.7:
                self.schedule(later(20), partial(self.grant_loan, pick(rng, OPEN_PROGRAMMES)))
            for rule in SUPPORT_RULES:
                if self.status in rule.statuses and (
                    not rule.signals or rule.signals & self.signals
                ):
                    self.schedule(later(), partial(self.support, rule))
            if Need.EMPLOYMENT in self.signals or rng.random() < 0.3:
                self.schedule(later(30, 240), self.secure_job)
            if Need.PRODUCTION_SUPPORT in self.signals or rng.random() < 0.4:
                self.plan_enrolment(decided)
        elif rng.random() < (0.35 if newly_escaped else 0.04):
            self.schedule(later(20, 300), partial(self.grant_loan, pick(rng, OPEN_PROGRAMMES)))

    def grant_loan(self, fallback: LoanProgramme, day: date) -> None:
        """The listed programmes when the rules allow on the disbursement day (asked with the
        rule's own queries), else a programme open to all."""
        household = self.household
        status = household.status_on(day)
        if status in LISTED_PROGRAMMES:
            programme = LISTED_PROGRAMMES[status]
        elif household.newly_escaped_until(day) is not None:
            programme = LoanProgramme.NEWLY_ESCAPED
        else:
            programme = fallback
        rng = self.rng
        kind = LOAN_KINDS[programme]
        amount = million(rng, kind.amounts, step=5 * MILLION)
        term = rng.choice(kind.terms)
        loan_id = new_id(rng)
        purpose = rng.choice(kind.purposes)
        channel = (
            LoanChannel.SAVINGS_GROUP if rng.random() < 0.2 else LoanChannel.ENTRUSTING_ORGANISATION
        )
        household.grant_loan(
            loan_id=loan_id,
            programme=programme,
            amount_vnd=amount,
            term_months=term,
            annual_rate_pct=None,
            purpose=purpose,
            channel=channel,
            by=self.recorded(day),
        )
        if rng.random() < 0.85:
            self.plan_repayments(loan_id, amount, term, day)

    def plan_repayments(self, loan_id: str, amount: int, term: int, granted: date) -> None:
        """A yearly share of the principal on each anniversary, the rest with the last one."""
        years = max(1, term // 12)
        share = amount // years // 100_000 * 100_000
        for year in range(1, years + 1):
            paid = share if year < years else amount - share * (years - 1)
            self.schedule(add_months(granted, 12 * year), partial(self.repay, loan_id, paid))

    def repay(self, loan_id: str, amount: int, day: date) -> None:
        self.household.repay_loan(loan_id, amount, self.recorded(day))

    def support(self, rule: SupportRule, day: date) -> None:
        rng = self.rng
        if rule.members:
            workers = [
                p
                for p in self.people
                if p.can_work(day) and years_old(p.birth_date, day) <= rule.max_age
            ]
            members: list[str | None] = [
                p.member_id for p in workers[: rule.members] if rng.random() < rule.chance
            ]
        else:
            members = [None] if rng.random() < rule.chance else []
        for member_id in members:
            amount = million(rng, rule.amounts) if rule.amounts else None
            if amount and rng.random() < TYPO_CHANCE:
                self.correct_typo(rule, member_id, amount * 10, day)
            self.provide(rule, member_id, amount, day)

    def provide(
        self, rule: SupportRule, member_id: str | None, amount: int | None, day: date
    ) -> int:
        """The support's entry; its version, which a retraction names."""
        household = self.household
        programme = programme_rules().programme_on(day)
        named = programme is not None and rule.project in programme.components
        project = rule.project if named else None  # no component of the programme that day
        household.provide_support(
            rule.kind, project, member_id, amount, rule.provider, self.recorded(day)
        )
        return household.version

    def correct_typo(self, rule: SupportRule, member_id: str | None, wrong: int, day: date) -> None:
        """A caseworker types one zero too many, then retracts the entry
        (docs/spec/corrections.md)."""
        version = self.provide(rule, member_id, wrong, day)
        reason = "Nhập sai số tiền (thừa một chữ số 0)"
        self.household.retract(version, reason, self.recorded(day))

    def secure_job(self, day: date) -> None:
        rng = self.rng
        candidates = [p for p in self.people if p.can_work(day) and not p.employed]
        if not candidates:
            return
        person = rng.choice(candidates)
        kind = pick(rng, EMPLOYMENT_KINDS)
        employer = rng.choice(EMPLOYERS[kind])
        self.household.secure_employment(person.member_id, kind, employer, self.recorded(day))
        person.employed = True
        if rng.random() < 0.25:
            self.schedule(
                day + timedelta(days=rng.randint(180, 720)), partial(self.end_job, person)
            )

    def end_job(self, person: Person, day: date) -> None:
        self.household.end_employment(person.member_id, self.recorded(day))
        person.employed = False

    def plan_enrolment(self, decided: date) -> None:
        """Join the cluster's model once, while it is open."""
        plan = self.plan
        if plan is None or self.enrolled:
            return
        first = max(decided + timedelta(days=20), plan.model.established_on)
        last = min(decided + timedelta(days=300), (plan.closes_on or date.max) - timedelta(days=1))
        if first <= last:
            self.enrolled = True
            self.schedule(between(self.rng, first, last), partial(self.enrol, plan.model))

    def enrol(self, model: LivelihoodModel, day: date) -> None:
        rng = self.rng
        members = [p.member_id for p in self.people if p.can_work(day)][: rng.randint(1, 2)]
        support = million(rng, (2, 10)) if rng.random() < 0.7 else None
        by = self.recorded(day)
        model.check_open_on(day)
        self.household.enrol_in_model(str(model.id), members, support, by)

    # ---- the family's own life ------------------------------------------------------------

    def family_year(self, day: date) -> None:
        """Deaths among the very old, births to young mothers and old heads handing over to an
        adult child, at random days of the year."""
        rng = self.rng
        year_end = date(day.year, 12, 28)
        for person in self.people:
            if person.present and years_old(person.birth_date, day) >= 75 and rng.random() < 0.06:
                self.schedule(between(rng, day, year_end), partial(self.death, person))
        if self.mother(day) is not None and rng.random() < 0.08:
            self.schedule(between(rng, day + timedelta(days=30), year_end), self.birth)
        if rng.random() < 0.08:
            self.schedule(between(rng, day, year_end), self.hand_over)

    def hand_over(self, day: date) -> None:
        """An old head passes the household's book to a working adult child."""
        head = next(p for p in self.people if p.member_id == self.head)
        heirs = [
            p
            for p in self.people
            if p.relationship is Relationship.CHILD
            and p.can_work(day)
            and years_old(p.birth_date, day) >= 25
        ]
        if heirs and years_old(head.birth_date, day) >= 70:
            self.change_head(heirs[0], day)

    def mother(self, day: date) -> Person | None:
        return next(
            (
                p
                for p in self.people
                if p.present
                and p.sex is Sex.F
                and 20 <= years_old(p.birth_date, day) <= 40
                and p.relationship in (Relationship.HEAD, Relationship.SPOUSE)
            ),
            None,
        )

    def birth(self, day: date) -> None:
        rng = self.rng
        mother = self.mother(day)
        if mother is None:
            return
        father = next(
            (
                p
                for p in self.people
                if p.present
                and p.sex is Sex.M
                and p.relationship in (Relationship.HEAD, Relationship.SPOUSE)
            ),
            mother,
        )
        sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
        child = Person(
            new_id(rng),
            full_name(rng, sex, father.family_name),
            sex,
            day - timedelta(days=rng.randint(7, 40)),
            Relationship.CHILD,
            True,
        )
        member = Member.parse(
            {
                "member_id": child.member_id,
                "full_name": child.full_name,
                "sex": sex.value,
                "birth_date": child.birth_date.isoformat(),
                "relationship_to_head": "CHILD",
                "working_capable": True,
            },
            "member",
        )
        self.household.add_member(member, self.recorded(day))
        self.people.append(child)

    def death(self, person: Person, day: date) -> None:
        """A head's death passes the headship on first; a person living alone stays on."""
        if not person.present:
            return
        if person.member_id == self.head:
            heirs = sorted(
                (
                    p
                    for p in self.people
                    if p.present and p is not person and years_old(p.birth_date, day) >= 18
                ),
                key=lambda p: p.birth_date,
            )
            if not heirs:
                return
            self.change_head(
                next((p for p in heirs if p.relationship is Relationship.SPOUSE), heirs[0]), day
            )
        self.household.remove_member(person.member_id, RemovalReason.DECEASED, self.recorded(day))
        person.present = False

    def change_head(self, heir: Person, day: date) -> None:
        self.household.change_head(heir.member_id, self.recorded(day))
        self.head = heir.member_id

    def follow_reform(self, day: date) -> None:
        """The commune was merged away on 2025-01-01: the household is now in its successor."""
        successor = self.demo.successor(self.commune)
        if successor is None:
            return
        self.commune = successor
        by = self.recorded(day, note=REFORM_NOTE)
        self.demo.registry.check_commune(successor, day)
        self.household.move(successor, self.cluster.village, self.address, by)

    def follow_reorganisation(self, day: date) -> None:
        """1 July 2025: a whole commune's household is in its successor with nothing recorded;
        a split one's is assigned by the new commune to where it lives (most to the first of
        the successors), some not yet."""
        succession = self.demo.registry.successions.get(self.commune)
        if succession is None:
            return
        if succession.heir is not None:
            self.commune = succession.heir
            return
        if self.rng.random() < AWAITING_CHANCE:
            self.awaiting = True
            return
        codes = succession.codes
        chosen = codes[0] if self.rng.random() < 0.7 else self.rng.choice(codes)
        self.demo.system.areas.check_successor(self.commune, succession, chosen)
        self.commune = chosen
        self.household.assign(chosen, self.recorded(day))


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


# ---- the entry point ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExamplePlan:
    reference: str
    area_code: str
    period_start: date
    period_end: date
    adopted_on: date
    adopted_by: str
    targets: tuple[tuple[str, float], ...]


# Examples, not the real plans: their numbers say so ("VD" = ví dụ).
EXAMPLE_PLANS = (
    ExamplePlan(
        "VD-01/KH-UBND tỉnh Hải Dương", "30", date(2022, 1, 1), date(2025, 12, 31),
        date(2022, 4, 20), "demo.ubnd.hd",
        (("near_poor_reduction", 40.0), ("credit_access", 100.0), ("models", 150.0),
         ("production_support", 100.0), ("sustainable_employment", 100.0),
         ("officials_trained", 100.0)),
    ),
    ExamplePlan(
        "VD-02/KH-UBND thành phố Hải Phòng", "31", date(2026, 1, 1), date(2030, 12, 31),
        date(2026, 3, 20), "demo.ubnd",
        (("near_poor_reduction", 50.0), ("credit_access", 100.0), ("models", 120.0),
         ("production_support", 100.0), ("sustainable_employment", 100.0),
         ("officials_trained", 100.0)),
    ),
)  # fmt: skip

STATISTICS_OFFICE = Actor("demo.thongke", "administrator", "31")
# Before 2025-07-01 Hải Dương's totals came from its own statistics office.
STATISTICS_OFFICES = {
    "31": STATISTICS_OFFICE,
    "30": Actor("demo.thongke.hd", "administrator", "30"),
}
# Households written a transaction: large enough that a commit costs little beside the domain
# work, small enough that a chunk's aggregates stay a few tens of megabytes.
CHUNK_HOUSEHOLDS = 1000


def load_demo(
    system: System,
    households: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    chunk: int = CHUNK_HOUSEHOLDS,
) -> DemoSummary:
    """Record `households` households' history (and their models and officials) with one
    transaction per `chunk` households; `progress(n)` is told each time n more are written.
    Each chunk's aggregates are dropped once written, so memory does not grow with the size."""
    started = time.perf_counter()
    unit = UnitOfWork(system.store)
    demo = Demo(system, seed, unit)
    clusters = demo.plan_clusters(households)
    demo.register_officials(clusters)
    events, chunks, held, since = 0, [], 0, started
    for index, cluster in enumerate(clusters):
        demo.play(cluster)
        held += cluster.size
        if held >= chunk or index == len(clusters) - 1:
            events += unit.commit()
            now = time.perf_counter()
            chunks.append(Chunk(held, now - since))
            if progress is not None:
                progress(held)
            held, since = 0, now
    demo.record_household_totals(clusters)
    demo.adopt_plans()
    events += unit.commit()
    return DemoSummary(
        households=households,
        events=events,
        models=demo.models,
        officials=demo.officials,
        seconds=time.perf_counter() - started,
        chunks=tuple(chunks),
    )

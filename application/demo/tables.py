"""What the demo draws from: the weights, names, amounts and dates of a city's history, and
the example plans and statistics offices beside it (docs/spec/reorganisation.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from application.commands import Actor
from domain.values import (
    AreaKind,
    Cause,
    CommuneKind,
    EmploymentKind,
    LoanProgramme,
    ModelKind,
    Need,
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
VILLAGES = 14  # a commune's villages (thôn) or residential groups (tổ dân phố), numbered
# The share of households of split communes still awaiting assignment when the history ends.
AWAITING_CHANCE = 0.06
# Households living from farming, forestry, fishing or salt-making, by the kind of their commune.
AGRICULTURAL_SHARE = {AreaKind.RURAL: 0.6, AreaKind.URBAN: 0.08}

# fmt: on


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

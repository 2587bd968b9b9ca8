"""The words of the programme in Vietnamese and English: statuses, kinds, reasons and the
social policy bank's lending programmes by their names, and sums of money as people write them.
Messages, histories and pages all say a code the same way."""

from __future__ import annotations

import re
from datetime import date

LABELS: dict[str | None, tuple[str, str]] = {
    "POOR": ("hộ nghèo", "poor"),
    "NEAR_POOR": ("hộ cận nghèo", "near-poor"),
    "AVERAGE": (
        "hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình",
        "average-living farming household",
    ),
    "AVERAGE_LIVING": ("hộ có mức sống trung bình", "average-living"),
    "AVERAGE_BAND": (
        "thu nhập trong khoảng mức sống trung bình",
        "income in the average-living band",
    ),
    "ethnic_minority": ("hộ dân tộc thiểu số", "ethnic minority"),
    "revolutionary_merit": ("hộ có người có công với cách mạng", "revolutionary merit"),
    "no_labour_capacity": ("hộ không có khả năng lao động", "no labour capacity"),
    "social_protection": ("hộ có đối tượng bảo trợ xã hội", "social protection beneficiary"),
    "agricultural": (
        "hộ làm nông, lâm, ngư, diêm nghiệp",
        "farming, forestry, fishing or salt-making",
    ),
    "NON_POOR": ("hộ không nghèo", "non-poor"),
    None: ("chưa xếp loại", "not classified"),
    "UNCLASSIFIED": ("chưa xếp loại", "not classified"),
    "VOIDED": ("đã hủy đăng ký", "registration voided"),
    "NEW": ("phát sinh", "new"),
    "ESCAPED": ("thoát", "escaped"),
    "RELAPSED": ("tái", "relapsed"),
    "UNCHANGED": ("không đổi", "unchanged"),
    "PERIODIC": ("định kỳ", "periodic"),
    "REGULAR": ("thường xuyên", "regular"),
    "NEWLY_ESCAPED": ("hộ mới thoát nghèo", "newly escaped"),
    "JOB_CREATION": ("giải quyết việc làm", "job creation"),
    "WATER_SANITATION": ("nước sạch và vệ sinh môi trường", "water and sanitation"),
    "HOUSING": ("nhà ở", "housing"),
    "STUDENT": ("học sinh, sinh viên", "students"),
    "OVERSEAS_WORK": ("đi làm việc ở nước ngoài", "overseas work"),
    "PRODUCTION_CAPACITY": ("nâng cao năng lực sản xuất", "production capacity"),
    "VOCATIONAL_TRAINING": ("đào tạo nghề", "vocational training"),
    "HEALTH_INSURANCE": ("bảo hiểm y tế", "health insurance"),
    "EDUCATION": ("giáo dục", "education"),
    "NUTRITION": ("dinh dưỡng", "nutrition"),
    "INFORMATION": ("thông tin", "information"),
    "OTHER": ("khác", "other"),
    "WAGE_CONTRACT": ("làm công có hợp đồng", "wage work with a contract"),
    "SELF_EMPLOYED": ("tự làm", "self-employed"),
    "OVERSEAS_CONTRACT": ("lao động có hợp đồng ở nước ngoài", "overseas contract"),
    "MOVED_OUT": ("chuyển đi", "moved out"),
    "DECEASED": ("qua đời", "deceased"),
    "HEAD": ("chủ hộ", "head of household"),
    "SPOUSE": ("vợ/chồng", "spouse"),
    "CHILD": ("con", "child"),
    "PARENT": ("cha/mẹ", "parent"),
    "GRANDCHILD": ("cháu", "grandchild"),
    "SIBLING": ("anh/chị/em", "sibling"),
    "M": ("nam", "male"),
    "F": ("nữ", "female"),
    "CREDIT": ("vay vốn", "credit"),
    "PRODUCTION_SUPPORT": ("hỗ trợ sản xuất", "production support"),
    "EMPLOYMENT": ("việc làm", "employment"),
    "HEALTH": ("y tế", "health care"),
    "LAND": ("thiếu đất sản xuất", "lack of land"),
    "CAPITAL": ("thiếu vốn", "lack of capital"),
    "LABOUR": ("thiếu lao động", "lack of labour"),
    "TOOLS": ("thiếu công cụ, phương tiện sản xuất", "lack of tools and means of production"),
    "PRODUCTION_KNOWLEDGE": ("thiếu kiến thức sản xuất", "lack of production knowledge"),
    "SKILLS": ("thiếu kỹ năng lao động", "lack of working skills"),
    "ILLNESS_ACCIDENT": ("ốm đau, tai nạn", "illness or accident"),
    "FARMERS_UNION": ("Hội Nông dân", "Farmers' Union"),
    "WOMENS_UNION": ("Hội Liên hiệp Phụ nữ", "Women's Union"),
    "VETERANS_ASSOCIATION": ("Hội Cựu chiến binh", "Veterans' Association"),
    "YOUTH_UNION": ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Ho Chi Minh Communist Youth Union"),
    "URBAN": ("thành thị", "urban"),
    "RURAL": ("nông thôn", "rural"),
}
# The social policy bank's lending programmes by the names it gives them (Vietnamese, English).
LOAN_PROGRAMMES: dict[str, tuple[str, str]] = {
    "POOR": ("Cho vay hộ nghèo", "Loans to poor households"),
    "NEAR_POOR": ("Cho vay hộ cận nghèo", "Loans to near-poor households"),
    "NEWLY_ESCAPED": ("Cho vay hộ mới thoát nghèo", "Loans to households newly out of poverty"),
    "JOB_CREATION": (
        "Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm",
        "Loans to create, keep and expand jobs",
    ),
    "WATER_SANITATION": (
        "Cho vay nước sạch và vệ sinh môi trường nông thôn",
        "Loans for rural clean water and sanitation",
    ),
    "HOUSING": ("Cho vay nhà ở", "Housing loans"),
    "STUDENT": ("Cho vay học sinh, sinh viên", "Student loans"),
    "OVERSEAS_WORK": (
        "Cho vay người lao động đi làm việc ở nước ngoài theo hợp đồng",
        "Loans to work abroad under contract",
    ),
}

# Each kind of entry by its name, for a retraction that names the entry it takes back.
ENTRY_NAMES: dict[str, tuple[str, str]] = {
    "HouseholdRegistered": ("Đăng ký hộ", "Registration"),
    "MemberAdded": ("Thêm thành viên", "New member"),
    "MemberRemoved": ("Thành viên ra khỏi hộ", "Member leaving"),
    "HeadChanged": ("Đổi chủ hộ", "Change of head"),
    "HouseholdMoved": ("Chuyển nơi ở", "Move"),
    "HouseholdAssigned": ("Ghi vào đơn vị mới", "Assignment to the new unit"),
    "HouseholdSurveyed": ("Khảo sát", "Survey"),
    "HouseholdClassified": ("Công nhận kết quả", "Recognition of the status"),
    "HouseholdCategoriesChanged": ("Thay đổi diện của hộ", "Change of categories"),
    "EscapedPoverty": ("Thoát nghèo", "Escape"),
    "Relapsed": ("Tái nghèo", "Relapse"),
    "LoanGranted": ("Vay vốn", "Loan"),
    "LoanRepaid": ("Trả nợ vay", "Loan repayment"),
    "EnrolledInModel": ("Tham gia mô hình giảm nghèo", "Enrolment in a livelihood model"),
    "SupportProvided": ("Hỗ trợ", "Support"),
    "EmploymentSecured": ("Có việc làm", "Job secured"),
    "EmploymentEnded": ("Thôi việc", "Job ended"),
    "EntryRetracted": ("Hủy mục", "Retraction"),
    "RegistrationVoided": ("Hủy đăng ký hộ", "Voiding of the registration"),
    "PersonalDataErased": ("Xóa dữ liệu cá nhân", "Erasure of personal data"),
}


def in_language(names: tuple[str, str], lang: str) -> str:
    """The English of a (Vietnamese, English) pair for English, else the Vietnamese."""
    return names[1] if lang == "en" else names[0]


# A date as programs write it (ISO 8601), at the start of a date or an instant.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def day(value: date) -> str:
    """A date as every page and message writes it, whatever the language: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def programme_name(code: object, lang: str) -> str:
    """A lending programme by its name; an unknown code as it is."""
    names = LOAN_PROGRAMMES.get(str(code))
    return in_language(names, lang) if names else str(code)


def entry_name(kind: str, lang: str) -> str:
    """A kind of entry (an event's type) by its name; an unknown kind as it is."""
    names = ENTRY_NAMES.get(kind)
    return in_language(names, lang) if names else kind


def label(value: object, lang: str) -> str:
    names = LABELS.get(None if value is None else str(value))
    return str(value) if names is None else in_language(names, lang)


def money(value: object, lang: str = "vi") -> str:
    """Thousands separated by dots in Vietnamese, by commas in English."""
    if not isinstance(value, int):
        return "-"
    return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", ".")

"""Events in words, in Vietnamese or English, for support histories: statuses,
programmes and kinds by their names, members by their names, money with thousands separators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.base import EventSourced

SUMMARIES: dict[str, tuple[str, str]] = {
    "HouseholdRegistered": (
        "Đăng ký hộ {household_code} tại xã mã {commune_code}, {village}; {n_members} thành viên",
        "Registered household {household_code} in commune {commune_code}, {village}; {n_members} members",
    ),
    "MemberAdded": ("Thêm thành viên {member_name}", "Added member {member_name}"),
    "MemberRemoved": ("Xóa thành viên {member} ({reason})", "Removed member {member} ({reason})"),
    "HeadChanged": ("Đổi chủ hộ: {member}", "Head of household is now {member}"),
    "HouseholdMoved": (
        "Chuyển đến xã mã {commune_code}, {village}",
        "Moved to commune {commune_code}, {village}",
    ),
    "HouseholdAssigned": (
        "Ghi vào đơn vị mới sau sắp xếp: xã mã {commune_code}",
        "Assigned to its new unit after the reorganisation: commune {commune_code}",
    ),
    "HouseholdSurveyed": (
        "Rà soát {kind} theo chuẩn {standard_id}: thu nhập {income} đồng/người/tháng, "
        "thiếu hụt {n_deprived} chỉ số",
        "Review ({kind}) under {standard_id}: income {income} VND per person a month, "
        "{n_deprived} deprivations",
    ),
    "HouseholdClassified": (
        "Công nhận {status} (trước đó: {previous_status}; {transition}); quyết định {decision_ref}",
        "Recognised as {status} (before: {previous_status}; {transition}); decision {decision_ref}",
    ),
    "EscapedPoverty": (
        "Thoát từ {from_status} sang {to_status}",
        "Escaped from {from_status} to {to_status}",
    ),
    "Relapsed": (
        "Tái {to_status} (từ {from_status})",
        "Relapsed to {to_status} (from {from_status})",
    ),
    "LoanGranted": (
        "Vay {amount} đồng ({programme}), {term_months} tháng, lãi {annual_rate_pct}%/năm",
        "Loan of {amount} VND ({programme}), {term_months} months at {annual_rate_pct}% a year",
    ),
    "LoanRepaid": (
        "Trả nợ {amount} đồng (khoản vay {loan_id})",
        "Repaid {amount} VND (loan {loan_id})",
    ),
    "EnrolledInModel": (
        "Tham gia mô hình giảm nghèo {model_id}",
        "Enrolled in livelihood model {model_id}",
    ),
    "SupportProvided": (
        "Hỗ trợ {kind}{for_member}{amount_text}",
        "Support: {kind}{for_member}{amount_text}",
    ),
    "EmploymentSecured": ("{member} có việc làm ({kind})", "{member} secured employment ({kind})"),
    "EmploymentEnded": ("{member} thôi việc", "{member}'s employment ended"),
    "EntryRetracted": (
        "Hủy mục phiên bản {target_version}: {reason}",
        "Retracted the entry at version {target_version}: {reason}",
    ),
}

LABELS: dict[str | None, tuple[str, str]] = {
    "POOR": ("hộ nghèo", "poor"),
    "NEAR_POOR": ("hộ cận nghèo", "near-poor"),
    "AVERAGE": ("hộ có mức sống trung bình", "average-living"),
    "NON_POOR": ("hộ không nghèo", "non-poor"),
    None: ("chưa xếp loại", "not classified"),
    "UNCLASSIFIED": ("chưa xếp loại", "not classified"),
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
    "ENTRUSTING_ORGANISATION": ("tổ chức nhận ủy thác", "entrusting organisation"),
    "SAVINGS_GROUP": ("tổ tiết kiệm và vay vốn", "savings and loan group"),
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


def programme_name(code: object, lang: str) -> str:
    """A lending programme by its name; an unknown code as it is."""
    names = LOAN_PROGRAMMES.get(str(code))
    return (names[1] if lang == "en" else names[0]) if names else str(code)


def label(value: object, lang: str) -> str:
    names = LABELS.get(None if value is None else str(value))
    if names is None:
        return str(value)
    return names[1] if lang == "en" else names[0]


def money(value: object, lang: str = "vi") -> str:
    """Thousands separated by dots in Vietnamese, by commas in English."""
    if not isinstance(value, int):
        return "-"
    return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", ".")


def describe(
    event: EventSourced.Event, lang: str = "vi", names: Mapping[str, str] | None = None
) -> str:
    """One line saying what the event recorded; `names` maps member ids to full names."""
    kind: str = event.TOPIC.split(":", 1)[1]
    templates = SUMMARIES.get(kind)
    if templates is None:
        return kind
    data: dict[str, Any] = dict(vars(event))
    names = names or {}
    member_id = data.get("member_id")
    added = data.pop("member", None) if kind == "MemberAdded" else None
    data["member_name"] = added["full_name"] if added else ""
    for field in ("status", "previous_status", "from_status", "to_status", "transition", "reason"):
        if field in data and kind != "EntryRetracted":
            data[field] = label(data[field], lang)
    if "kind" in data:
        data["kind"] = label(data["kind"], lang)
    if "programme" in data:
        data["programme"] = programme_name(data["programme"], lang)
    data.setdefault("decision_ref", "")
    data["decision_ref"] = data["decision_ref"] or "-"
    data["member"] = names.get(member_id, member_id) if member_id else ""
    data["for_member"] = f": {data['member']}" if member_id else ""
    data["n_members"] = len(data.get("members", []))
    deprivations = data.get("deprivations", {})
    data["n_deprived"] = data.get("deprivation_count", sum(bool(v) for v in deprivations.values()))
    data["income"] = money(data.get("income_per_capita_vnd"), lang)
    data["amount"] = money(data.get("amount_vnd"), lang)
    currency = "VND" if lang == "en" else "đồng"
    data["amount_text"] = f" ({data['amount']} {currency})" if data.get("amount_vnd") else ""
    template: str = templates[1] if lang == "en" else templates[0]
    return template.format(**data)

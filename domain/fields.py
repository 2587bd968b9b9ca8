"""The name a person knows each field by. Refusals carry the field's path (`members[0].sex`,
`deprivations.telecom`), which the API keeps for programs; a person reads the field's label
in their language ("Giới tính (thành viên thứ 1)"), the one the form shows beside the input."""

from __future__ import annotations

import re

from domain.words import in_language

FIELD_LABELS: dict[str, tuple[str, str]] = {
    # path or last part of a path: (Vietnamese, English)
    "effective_date": ("Ngày hiệu lực", "Effective date"),
    "commune_code": ("Xã/phường", "Commune"),
    "old_commune_code": ("Xã/phường cũ", "Former commune"),
    "district_code": ("Huyện/quận", "District"),
    "province_code": ("Tỉnh/thành phố", "Province"),
    "area_code": ("Địa bàn", "Area"),
    "area": ("Địa bàn", "Area"),
    "successors": ("Đơn vị mới", "New units"),
    "household_code": ("Mã hộ", "Household code"),
    "household": ("Hộ", "Household"),
    "household_id": ("Hộ", "Household"),
    "village": ("Thôn/tổ dân phố", "Village or residential group"),
    "address": ("Địa chỉ", "Address"),
    "members": ("Thành viên", "Members"),
    "flags": ("Diện của hộ", "The household's categories"),
    "member_id": ("Thành viên", "Member"),
    "full_name": ("Họ và tên", "Full name"),
    "sex": ("Giới tính", "Sex"),
    "birth_date": ("Ngày sinh", "Date of birth"),
    "relationship_to_head": ("Quan hệ với chủ hộ", "Relationship to the head"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "national_id": ("Số định danh cá nhân", "Citizen ID"),
    "working_capable": ("Có khả năng lao động", "Able to work"),
    "kind": ("Loại", "Kind"),
    "income_per_capita_vnd": (
        "Thu nhập bình quân đầu người/tháng",
        "Income per person a month",
    ),
    "b1_score": ("Điểm B1", "B1 score"),
    "deprivations": ("Các chỉ số thiếu hụt", "Deprivations"),
    "causes": ("Nguyên nhân nghèo", "Causes of poverty"),
    "needs": ("Nhu cầu", "Needs"),
    "surveyor": ("Người khảo sát", "Surveyor"),
    "survey_id": ("Phiếu khảo sát", "Survey"),
    "standard_id": ("Chuẩn nghèo", "Poverty standard"),
    "decision_ref": ("Số quyết định", "Decision number"),
    "attendance": ("Số người dự họp", "People attending"),
    "minutes_ref": ("Số biên bản họp", "Minutes reference"),
    "agreed": ("Hộ được thống nhất", "Households agreed"),
    "disagreed": ("Hộ chưa thống nhất", "Households not agreed"),
    "places": ("Nơi niêm yết", "Where posted"),
    "complainant": ("Người khiếu nại", "Complainant"),
    "grounds": ("Nội dung khiếu nại", "Grounds of the complaint"),
    "complaint_id": ("Khiếu nại", "Complaint"),
    "outcome": ("Kết quả phúc tra", "Outcome of the re-check"),
    "finding": ("Kết luận phúc tra", "Finding of the re-check"),
    "opinion_ref": ("Số văn bản ý kiến của huyện", "District opinion reference"),
    "round_id": ("Đợt rà soát", "Review round"),
    "loan_id": ("Khoản vay", "Loan"),
    "programme": ("Chương trình", "Programme"),
    "amount_vnd": ("Số tiền", "Amount"),
    "term_months": ("Thời hạn (tháng)", "Term (months)"),
    "annual_rate_pct": ("Lãi suất (%/năm)", "Rate (% a year)"),
    "purpose": ("Mục đích", "Purpose"),
    "organisation": ("Tổ chức nhận ủy thác", "Entrusting organisation"),
    "savings_group": ("Tổ tiết kiệm và vay vốn", "Savings and loan group"),
    "model_id": ("Mô hình giảm nghèo", "Livelihood model"),
    "member_ids": ("Thành viên tham gia", "Members taking part"),
    "support_amount_vnd": ("Số tiền hỗ trợ", "Support received"),
    "project": ("Dự án của Chương trình", "Project of the national programme"),
    "provider": ("Đơn vị hỗ trợ", "Provided by"),
    "employer": ("Nơi làm việc", "Employer"),
    "reason": ("Lý do", "Reason"),
    "target_version": ("Mục cần hủy", "Entry to retract"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "sector": ("Lĩnh vực", "Sector"),
    "budget_vnd": ("Kinh phí", "Budget"),
    "course": ("Khóa tập huấn", "Course"),
    "position": ("Chức vụ", "Position"),
    "official_id": ("Cán bộ", "Official"),
    "total": ("Tổng số", "Total"),
    "year": ("Năm", "Year"),
    "value": ("Giá trị", "Value"),
    "reference": ("Số hiệu kế hoạch", "Plan reference"),
    "period_start": ("Giai đoạn", "Period"),
    "period_end": ("Giai đoạn", "Period"),
    "baseline_date": ("Ngày số liệu đầu kỳ", "Baseline date"),
    "targets": ("Chỉ tiêu", "Targets"),
    "target": ("Chỉ tiêu", "Target"),
    "figure": ("Chỉ tiêu", "Figure"),
    "figure_id": ("Chỉ tiêu", "Figure"),
    "source": ("Nguồn số liệu", "Source"),
    "username": ("Tên đăng nhập", "User name"),
    "role": ("Vai trò", "Role"),
    "current_password": ("Mật khẩu hiện tại", "Current password"),
    "new_password": ("Mật khẩu mới", "New password"),
    "repeated_password": ("Nhập lại mật khẩu mới", "New password again"),
    "as_of": ("Tính đến ngày", "As of"),
    "known_at": ("Theo dữ liệu ghi nhận đến", "As known at"),
    "effective_from": ("Có hiệu lực từ ngày", "Effective from"),
    "effective_to": ("Có hiệu lực đến ngày", "Effective to"),
    "recorded_from": ("Ghi nhận từ ngày", "Recorded from"),
    "recorded_to": ("Ghi nhận đến ngày", "Recorded to"),
    "from_date": ("Từ (tại ngày)", "From (as of)"),
    "to_date": ("Đến (tại ngày)", "To (as of)"),
    "from_known": ("Theo dữ liệu ghi nhận đến (từ)", "As known at (from)"),
    "to_known": ("Theo dữ liệu ghi nhận đến (đến)", "As known at (to)"),
    "from": ("Xem từ ngày", "Read from"),
    "to": ("Xem đến ngày", "Read to"),
    "actor": ("Người ghi nhận", "Recorded by"),
    "reader": ("Người xem", "Read by"),
    "page": ("Trang", "Page"),
    "type": ("Loại", "Kind"),
    "id": ("Mã định danh", "Identifier"),
    "version": ("Phiên bản biểu mẫu", "Form version"),
    "body": ("Nội dung yêu cầu", "Request body"),
    "income_line.RURAL": ("Chuẩn nghèo khu vực nông thôn", "Poverty line, rural areas"),
    "income_line.URBAN": ("Chuẩn nghèo khu vực thành thị", "Poverty line, urban areas"),
    "average_upper.RURAL": (
        "Cận trên mức sống trung bình, nông thôn",
        "Average-living upper bound, rural areas",
    ),
    "average_upper.URBAN": (
        "Cận trên mức sống trung bình, thành thị",
        "Average-living upper bound, urban areas",
    ),
    "poor_min_deprivations": (
        "Số chỉ số thiếu hụt để là hộ nghèo",
        "Deprivations that make a household poor",
    ),
    "indicators": ("Các chỉ số", "Indicators"),
    "key": ("Mã chỉ số", "Indicator key"),
    "reads": ("Chỉ số trong phiếu rà soát", "Surveyed indicator it reads"),
}

_ITEM = re.compile(r"(?P<list>[a-z_]+)\[(?P<index>[0-9]+)\](?:\.(?P<rest>.+))?")
_ITEM_NAMES = {
    "members": ("thành viên thứ {n}", "member {n}"),
    "indicators": ("chỉ số thứ {n}", "indicator {n}"),
}


def field_label(path: str | None, lang: str = "vi") -> str:
    """`members[0].sex` → "Giới tính (thành viên thứ 1)"; `deprivations.telecom` → the
    indicator's name; a path no label covers stays as it is."""
    if not path:
        return ""
    item = _ITEM.fullmatch(path)
    if item is not None:
        whole = item["list"]
        which = in_language(_ITEM_NAMES.get(whole, ("{n}", "{n}")), lang).format(
            n=int(item["index"]) + 1
        )
        return f"{field_label(item['rest'] or whole, lang)} ({which})"
    head, _, key = path.partition(".")
    if key and head == "deprivations":
        return in_language(indicator_names().get(key, (key, key)), lang)
    if key and head == "targets":
        return in_language(target_names().get(key, (key, key)), lang)
    names = FIELD_LABELS.get(path) or FIELD_LABELS.get(key or head)
    return in_language(names, lang) if names else path


def indicator_names() -> dict[str, tuple[str, str]]:
    """Deprivation indicators by key, across the standards (read where they are data)."""
    from domain.standards import catalogue  # the standards' own refusals name their fields

    return {i.key: (i.vi, i.en) for s in catalogue().standards for i in s.indicators}


def target_names() -> dict[str, tuple[str, str]]:
    from domain.plan import TARGET_NAMES  # a plan's refusals name their targets

    return TARGET_NAMES

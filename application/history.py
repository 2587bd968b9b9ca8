"""A household's events in words, in Vietnamese or English, for its support history."""

from __future__ import annotations

from domain.base import EventSourced

SUMMARIES: dict[str, tuple[str, str]] = {
    "HouseholdRegistered": (
        "Đăng ký hộ {household_code} tại xã {commune_code}, thôn {village}, {n_members} thành viên",
        "Registered household {household_code} in commune {commune_code}, village {village}, "
        "{n_members} members",
    ),
    "MemberAdded": ("Thêm thành viên {member_name}", "Added member {member_name}"),
    "MemberRemoved": (
        "Xóa thành viên {member_id} ({reason})",
        "Removed member {member_id} ({reason})",
    ),
    "HeadChanged": ("Đổi chủ hộ thành {member_id}", "Head changed to {member_id}"),
    "HouseholdMoved": (
        "Chuyển đến xã {commune_code}, thôn {village}",
        "Moved to commune {commune_code}, village {village}",
    ),
    "HouseholdSurveyed": (
        "Rà soát {kind} theo {standard_id}: thu nhập {income} đồng/người/tháng, "
        "thiếu hụt {n_deprived} chỉ số",
        "{kind} review under {standard_id}: income {income} VND/person/month, "
        "{n_deprived} deprivations",
    ),
    "HouseholdClassified": (
        "Công nhận {status} (trước đó {previous_status}; {transition}), quyết định {decision_ref}",
        "Recognised as {status} (before: {previous_status}; {transition}), decision {decision_ref}",
    ),
    "EscapedPoverty": (
        "Thoát {from_status} → {to_status}",
        "Escaped from {from_status} to {to_status}",
    ),
    "Relapsed": (
        "Tái {to_status} (từ {from_status})",
        "Relapsed to {to_status} (from {from_status})",
    ),
    "LoanGranted": (
        "Vay {amount} đồng, chương trình {programme}, {term_months} tháng, lãi {annual_rate_pct}%/năm",
        "Loan of {amount} VND, programme {programme}, {term_months} months, "
        "{annual_rate_pct}% a year",
    ),
    "LoanRepaid": (
        "Trả nợ {amount} đồng khoản vay {loan_id}",
        "Repaid {amount} VND of loan {loan_id}",
    ),
    "EnrolledInModel": ("Tham gia mô hình {model_id}", "Enrolled in model {model_id}"),
    "SupportProvided": ("Hỗ trợ {kind} {amount_text}", "Support: {kind} {amount_text}"),
    "EmploymentSecured": (
        "Thành viên {member_id} có việc làm ({kind})",
        "Member {member_id} secured employment ({kind})",
    ),
    "EmploymentEnded": (
        "Thành viên {member_id} kết thúc việc làm",
        "Member {member_id}'s employment ended",
    ),
    "EntryRetracted": (
        "Hủy mục phiên bản {target_version}: {reason}",
        "Retracted the entry at version {target_version}: {reason}",
    ),
}


def _money(value: object) -> str:
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else "-"


def describe(event: EventSourced.Event, lang: str = "vi") -> str:
    kind: str = event.TOPIC.split(":", 1)[1]
    data = dict(vars(event))
    data.setdefault("decision_ref", "")
    data["n_members"] = len(data.get("members", []))
    data["member_name"] = data.get("member", {}).get("full_name", "")
    data["n_deprived"] = data.get(
        "deprivation_count", sum(bool(v) for v in data.get("deprivations", {}).values())
    )
    data["income"] = _money(data.get("income_per_capita_vnd"))
    data["amount"] = _money(data.get("amount_vnd"))
    data["amount_text"] = f"({_money(data['amount_vnd'])})" if data.get("amount_vnd") else ""
    templates = SUMMARIES.get(kind)
    if templates is None:
        return kind
    template: str = templates[1] if lang == "en" else templates[0]
    return template.format(**data)

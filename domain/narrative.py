"""Events in words, in Vietnamese or English, for support histories: statuses,
programmes and kinds by their names, members by their names, money with thousands separators."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.area_registry import AreaRegistry
from domain.household import Household
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.timeline import LoanEntry
from domain.words import day, entry_name, in_language, label, money, programme_name

if TYPE_CHECKING:
    from domain.base import EventSourced

SUMMARIES: dict[str, tuple[str, str]] = {
    "HouseholdRegistered": (
        "Đăng ký hộ {household_code} tại {place}, {village}; {members_text}",
        "Registered household {household_code} in {place}, {village}; {members_text}",
    ),
    "MemberAdded": ("Thêm thành viên {member_name}", "Added member {member_name}"),
    "MemberRemoved": (
        "Thành viên {member} ra khỏi hộ ({reason})",
        "{member} left the household ({reason})",
    ),
    "HeadChanged": ("Đổi chủ hộ: {member}", "Head of household is now {member}"),
    "HouseholdMoved": (
        "Chuyển đến {place}, {village}{recoded}",
        "Moved to {place}, {village}{recoded}",
    ),
    "HouseholdAssigned": (
        "Ghi vào đơn vị mới sau sắp xếp: {place}",
        "Assigned to its new unit after the reorganisation: {place}",
    ),
    "HouseholdSurveyed": (
        "Rà soát {kind} theo {standard}: thu nhập {income} đồng/người/tháng, "
        "thiếu hụt {deprived_text}",
        "Review ({kind}) under the {standard}: income {income} VND per person a month, "
        "{deprived_text}",
    ),
    "HouseholdClassified": (
        "Công nhận {status}{band} ({before}); quyết định {decision_ref}",
        "Recognised as {status}{band} ({before}); decision {decision_ref}",
    ),
    "HouseholdCategoriesChanged": (
        "Diện của hộ: {categories_text}",
        "Categories: {categories_text}",
    ),
    "EscapedPoverty": (
        "Thoát từ {from_status} sang {to_status}",
        "Escaped from {from_status} to {to_status}",
    ),
    "Relapsed": (
        "{relapse} (trước đó: {from_status})",
        "{relapse} (before: {from_status})",
    ),
    "LoanGranted": (
        "Vay {amount} đồng ({programme}), {term_months} tháng, lãi {rate}%/năm",
        "Loan of {amount} VND ({programme}), {term_months} months at {rate}% a year",
    ),
    "LoanRepaid": (
        "Trả nợ {amount} đồng ({loan})",
        "Repaid {amount} VND ({loan})",
    ),
    "EnrolledInModel": (
        "Tham gia mô hình giảm nghèo {model}",
        "Enrolled in livelihood model {model}",
    ),
    "SupportProvided": (
        "Hỗ trợ {kind}{for_member}{amount_text}{project_text}",
        "Support: {kind}{for_member}{amount_text}{project_text}",
    ),
    "EmploymentSecured": ("{member} có việc làm ({kind})", "{member} secured employment ({kind})"),
    "EmploymentEnded": ("{member} thôi việc", "{member}'s employment ended"),
    "EntryRetracted": (
        "Hủy mục “{entry}”: {reason}",
        "Retracted the entry “{entry}”: {reason}",
    ),
    "RegistrationVoided": (
        "Hủy đăng ký hộ (đăng ký nhầm): {reason}. Hộ không còn được tính trong chỉ tiêu "
        "và danh sách nào",
        "Registration voided (made by mistake): {reason}. The household no longer counts in "
        "any figure or list",
    ),
    "PersonalDataErased": (
        "Xóa dữ liệu cá nhân (họ tên, số định danh, địa chỉ) theo yêu cầu: {reason}. Các sự "
        "kiện và chỉ tiêu vẫn giữ",
        "Personal data (names, citizen ids, addresses) erased on request: {reason}. The events "
        "and the figures stay",
    ),
}


# A relapse by what the household fell back into, as the review lists call it.
RELAPSES = {
    "POOR": ("Tái nghèo", "Relapsed into poverty"),
    "NEAR_POOR": ("Tái cận nghèo", "Relapsed into near-poverty"),
}


def counted(n: int, vi: str, en: str, lang: str) -> str:
    """A count with its noun: Vietnamese nouns do not change, English ones take an s."""
    if lang == "en":
        return f"{n} {en}" if n == 1 else f"{n} {en}s"
    return f"{n} {vi}"


def _before(event: Any, lang: str) -> str:
    """What a recognition followed: the household's first, or the status it had before."""
    if event.previous_status is None:
        return in_language(("lần đầu", "first recognition"), lang)
    previous = label(event.previous_status, lang)
    return in_language((f"trước đó: {previous}", f"before: {previous}"), lang)


def _no_name(model_id: str) -> str | None:
    return None


@dataclass(frozen=True)
class Names:
    """What a history's references are called, so that a line names things, never ids: read
    from the household as it stands after the event (its members, loans and entries), the area
    registry (communes by their names on the date) and `model_name`; looked up only for the
    lines that name them."""

    household: Household | None = None
    registry: AreaRegistry | None = None
    model_name: Callable[[str], str | None] = _no_name

    def member(self, member_id: str) -> str:
        found = self.household.members.get(member_id) if self.household else None
        return found.member.full_name if found else member_id

    def loan(self, loan_id: str, lang: str) -> str:
        entries = self.household.entries.values() if self.household else ()
        granted = next(
            (e for e in entries if isinstance(e, LoanEntry) and e.loan_id == loan_id), None
        )
        if granted is None:
            return loan_id
        on = "granted on" if lang == "en" else "giải ngân ngày"
        return f"{programme_name(granted.programme, lang)}, {on} {day(granted.effective_date)}"

    def entry(self, version: int, lang: str) -> str:
        target = self.household.entries.get(version) if self.household else None
        if target is None:
            return str(version)
        kind = entry_name(target.type, lang)
        return f"{kind} {'of' if lang == 'en' else 'ngày'} {day(target.effective_date)}"

    def commune(self, code: str, on: date, lang: str) -> str:
        unit = self.registry.commune_on(code, on) if self.registry is not None else None
        if unit is not None:
            return unit.name
        return f"commune {code}" if lang == "en" else f"xã mã {code}"

    def model(self, model_id: str) -> str:
        return self.model_name(model_id) or model_id


def _project(data: Mapping[str, Any], lang: str) -> str:
    number = data.get("project")
    if number is None:
        return ""
    programme = programme_rules().programme_on(data["effective_date"])
    if programme is None or number not in programme.components:
        return f"; project {number}" if lang == "en" else f"; dự án {number}"
    return f"; {programme.component(number, lang)}"


def describe(event: EventSourced.Event, lang: str = "vi", names: Names | None = None) -> str:
    """One line saying what the event recorded, every reference by its name (`names`)."""
    kind: str = event.TOPIC.split(":", 1)[1]
    templates = SUMMARIES.get(kind)
    if templates is None:
        return kind
    data: dict[str, Any] = dict(vars(event))
    names = names or Names()
    added = data.pop("member", None) if kind == "MemberAdded" else None
    data["member_name"] = added["full_name"] if added else ""
    if kind == "HouseholdMoved":
        code = getattr(event, "household_code", None)  # older moves never changed it
        data["recoded"] = (
            (f"; new code {code}" if lang == "en" else f"; mã hộ mới {code}") if code else ""
        )
    if kind == "Relapsed":
        data["relapse"] = in_language(RELAPSES.get(data["to_status"], RELAPSES["POOR"]), lang)
    _labels(data, kind, lang)
    _counts_and_amounts(data, kind, lang)
    if kind == "HouseholdClassified":
        data["before"] = _before(event, lang)
        in_band = vars(event)["average_band"] and vars(event)["status"] != "AVERAGE"
        data["band"] = f", {label('AVERAGE_BAND', lang)}" if in_band else ""
    if kind == "HouseholdCategoriesChanged":
        answers = ("yes", "no") if lang == "en" else ("có", "không")
        data["categories_text"] = "; ".join(
            f"{label(key, lang)}: {answers[0] if value else answers[1]}"
            for key, value in data["categories"].items()
        )
    _references(data, names, lang)
    template = in_language(templates, lang)
    return template.format(**data)


def _labels(data: dict[str, Any], kind: str, lang: str) -> None:
    """Statuses, reasons, kinds and programmes by their words in the language; a retraction's
    reason is the caseworker's own text."""
    for field_name in (
        "status",
        "previous_status",
        "from_status",
        "to_status",
        "transition",
        "reason",
    ):
        if field_name in data and kind != "EntryRetracted":
            data[field_name] = label(data[field_name], lang)
    if "kind" in data:
        data["kind"] = label(data["kind"], lang)
    if "programme" in data:
        data["programme"] = programme_name(data["programme"], lang)
    data["decision_ref"] = data.get("decision_ref") or "-"


def _counts_and_amounts(data: dict[str, Any], kind: str, lang: str) -> None:
    data["members_text"] = counted(len(data.get("members", [])), "thành viên", "member", lang)
    deprivations = data.get("deprivations", {})
    deprived = data.get("deprivation_count", sum(bool(v) for v in deprivations.values()))
    data["deprived_text"] = counted(deprived, "chỉ số", "deprivation", lang)
    data["income"] = money(data.get("income_per_capita_vnd"), lang)
    data["amount"] = money(data.get("amount_vnd"), lang)
    currency = "VND" if lang == "en" else "đồng"
    data["amount_text"] = f" ({data['amount']} {currency})" if data.get("amount_vnd") else ""
    data["project_text"] = _project(data, lang) if kind == "SupportProvided" else ""
    rate = str(data.get("annual_rate_pct", ""))
    data["rate"] = rate if lang == "en" else rate.replace(".", ",")


def _references(data: dict[str, Any], names: Names, lang: str) -> None:
    """Members, communes, standards, loans, models and entries by their names."""
    member_id = data.get("member_id")
    data["member"] = names.member(member_id) if member_id else ""
    data["for_member"] = f": {data['member']}" if member_id else ""
    if "commune_code" in data:
        data["place"] = names.commune(data["commune_code"], data["effective_date"], lang)
    if "standard_id" in data:
        data["standard"] = catalogue().name_of(data["standard_id"], lang)
    if "loan_id" in data:
        data["loan"] = names.loan(data["loan_id"], lang)
    if "model_id" in data:
        data["model"] = names.model(data["model_id"])
    if "target_version" in data:
        data["entry"] = names.entry(data["target_version"], lang)

"""Request bodies: JSON objects that the application checks field by field (so the API, the CLI
and the demo share one set of rules and messages). The examples document the fields in the
OpenAPI description and give clients and fuzzers a valid starting point; "…" stands for an id
the client has from an earlier answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body

from domain.standards import catalogue

Json = dict[str, Any]


def documented(example: Json) -> Any:
    """A JSON object body, described by one valid example."""
    return Body(examples=[example])


MEMBER = {
    "full_name": "Nguyễn Văn An", "sex": "M", "birth_date": "1980-05-01",
    "relationship_to_head": "HEAD", "ethnicity": "Kinh", "national_id": "031080000123",
    "working_capable": True,
}  # fmt: skip
DEPRIVATIONS = dict.fromkeys(catalogue().get("VN-MDP-2022").keys, False)

Register = Annotated[Json, documented({
    "household_code": "QT-0001", "commune_code": "11296", "village": "Tổ dân phố 3",
    "address": "12 Đường Quán Toan", "members": [MEMBER],
    "flags": {"ethnic_minority": False, "revolutionary_merit": False, "no_labour_capacity": False},
    "effective_date": "2024-03-01",
})]  # fmt: skip
Survey = Annotated[Json, documented({
    "kind": "PERIODIC", "effective_date": "2024-10-15", "income_per_capita_vnd": 1_400_000,
    "b1_score": 120, "deprivations": {**DEPRIVATIONS, "health_insurance": True},
    "causes": ["CAPITAL"], "needs": ["CREDIT"], "surveyor": "Trần Thị Bình",
})]  # fmt: skip
Classification = Annotated[Json, documented({
    "survey_id": "…", "decision_ref": "123/QĐ-UBND", "effective_date": "2024-12-20",
})]  # fmt: skip
Loan = Annotated[Json, documented({
    "programme": "NEAR_POOR", "amount_vnd": 50_000_000, "term_months": 60,
    "purpose": "Chăn nuôi lợn", "channel": "ENTRUSTING_ORGANISATION",
    "effective_date": "2025-01-10",
})]  # fmt: skip
Repayment = Annotated[Json, documented({"amount_vnd": 5_000_000, "effective_date": "2025-07-10"})]
Enrolment = Annotated[Json, documented({
    "model_id": "…", "member_ids": ["…"], "support_amount_vnd": 10_000_000,
    "effective_date": "2025-03-01",
})]  # fmt: skip
Support = Annotated[Json, documented({
    "kind": "HEALTH_INSURANCE", "project": 7, "amount_vnd": 1_100_000,
    "provider": "UBND phường", "effective_date": "2025-01-05",
})]  # fmt: skip
Employment = Annotated[Json, documented({
    "member_id": "…", "kind": "WAGE_CONTRACT", "employer": "Công ty May Hải Phòng",
    "effective_date": "2025-02-01",
})]  # fmt: skip
Dated = Annotated[Json, documented({"effective_date": "2025-06-30"})]
Move = Annotated[Json, documented({
    "commune_code": "11299", "village": "Tổ dân phố 1", "address": "5 Hùng Vương",
    "effective_date": "2025-05-01",
})]  # fmt: skip
Assignment = Annotated[Json, documented({"commune_code": "11488"})]
VillageAssignment = Annotated[Json, documented({
    "old_commune_code": "11485", "village": "Thôn 3", "commune_code": "11488",
})]  # fmt: skip
NewMember = Annotated[Json, documented({
    **MEMBER, "full_name": "Nguyễn Thị Cúc", "sex": "F", "birth_date": "2024-08-20",
    "relationship_to_head": "CHILD", "national_id": None, "effective_date": "2024-09-01",
})]  # fmt: skip
Removal = Annotated[Json, documented({"reason": "MOVED_OUT", "effective_date": "2025-04-01"})]
Head = Annotated[Json, documented({"member_id": "…", "effective_date": "2025-04-01"})]
Retraction = Annotated[Json, documented({
    "target_version": 4, "reason": "Nhập nhầm số tiền", "effective_date": "2025-04-02",
})]  # fmt: skip
Void = Annotated[Json, documented({
    "reason": "Đăng ký trùng với hộ HP-0012", "effective_date": "2025-04-02",
})]  # fmt: skip
Erasure = Annotated[Json, documented({
    "reason": "Đơn yêu cầu xóa của chủ hộ ngày 01/12/2026; Luật 91/2025/QH15",
})]  # fmt: skip
Model = Annotated[Json, documented({
    "code": "MH-QT-01", "name": "Nuôi gà thả vườn", "kind": "PRODUCTION", "sector": "Chăn nuôi",
    "commune_code": "11296", "budget_vnd": 300_000_000, "effective_date": "2023-04-01",
})]  # fmt: skip
Official = Annotated[Json, documented({
    "name": "Lê Văn Dũng", "area_code": "11296", "position": "Công chức LĐ-TB-XH",
    "effective_date": "2022-02-01",
})]  # fmt: skip
Training = Annotated[Json, documented({
    "course": "Bồi dưỡng nghiệp vụ giảm nghèo 2023", "effective_date": "2023-06-15",
})]  # fmt: skip
PlanAdoption = Annotated[Json, documented({
    "reference": "120/KH-UBND", "area_code": "31", "period_start": "2026-01-01",
    "period_end": "2030-12-31", "baseline_date": "2026-01-01",
    "targets": {"near_poor_reduction": 50, "credit_access": 100, "models": 120},
    "effective_date": "2026-03-15",
})]  # fmt: skip

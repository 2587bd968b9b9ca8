"""A draft standard judges a survey as the adopted standard's own rule would, says when it cannot,
and refuses a draft it could not apply, naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.standards import catalogue
from domain.values import AreaKind, Status
from domain.what_if import Draft

NATIONAL_2027 = catalogue().get("VN-MDP-2027")
NATIONAL_2022 = catalogue().get("VN-MDP-2022")


def answers_to(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, bool]]:
    return st.fixed_dictionaries({key: st.booleans() for key in keys})


@given(
    kind=st.sampled_from(AreaKind),
    income=st.integers(0, 5_000_000),
    answers=answers_to(NATIONAL_2027.keys),
)
def test_the_national_2027_standard_run_as_a_draft_gives_the_status_its_recognition_would(
    kind: AreaKind, income: int, answers: dict[str, bool]
) -> None:
    judged = Draft.of_standard(NATIONAL_2027).judge(kind, income, answers)

    recognised = NATIONAL_2027.classify(kind, income, answers)
    assert (judged.status, judged.deprived) == (recognised.status, recognised.deprived)
    assert judged.average_band == recognised.average_band
    assert judged.unanswered == ()


@given(
    kind=st.sampled_from(AreaKind),
    income=st.integers(0, 5_000_000),
    answers=answers_to(NATIONAL_2022.keys),
)
def test_a_2022_survey_under_the_2027_standard_is_judged_only_where_the_unasked_cannot_tip_it(
    kind: AreaKind, income: int, answers: dict[str, bool]
) -> None:
    draft = Draft.of_standard(NATIONAL_2027)

    judged = draft.judge(kind, income, answers)

    unasked = set(NATIONAL_2027.keys) - set(NATIONAL_2022.keys)
    assert set(judged.unanswered) == unasked
    outcomes = {
        NATIONAL_2027.classify(kind, income, {**answers, **dict.fromkeys(unasked, tipped)}).status
        for tipped in (False, True)
    }
    assert judged.status == (outcomes.pop() if len(outcomes) == 1 else None)


def draft(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Chuẩn nghèo Hải Phòng 2027-2030 (dự thảo)",
        "income_line": {"RURAL": 2_500_000, "URBAN": 3_000_000},
        "poor_min_deprivations": 2,
        "indicators": [{"key": "employment"}, {"key": "internet", "reads": "telecom"}],
    }
    return {**body, **changes}


def test_a_drafts_indicator_reads_the_surveyed_one_it_names() -> None:
    entered = Draft.from_data(draft())

    judged = entered.judge(AreaKind.RURAL, 2_400_000, {"employment": True, "telecom": True})

    assert judged.status is Status.POOR
    assert judged.deprived == ("employment", "internet")
    assert entered.standard.indicators[1].vi == "Sử dụng dịch vụ viễn thông"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"income_line": {"RURAL": 2_500_000}}, "income_line.URBAN", "invalid-value"),
        ({"income_line": {"RURAL": 0, "URBAN": 1}}, "income_line.RURAL", "invalid-value"),
        (
            {"average_upper": {"RURAL": 2_500_000, "URBAN": 4_000_000}},
            "average_upper.RURAL",
            "draft-band-below-line",
        ),
        ({"poor_min_deprivations": 3}, "poor_min_deprivations", "draft-deprivations-out-of-range"),
        ({"poor_min_deprivations": "2"}, "poor_min_deprivations", "invalid-value"),
        ({"indicators": []}, "indicators", "required"),
        (
            {"indicators": [{"key": "employment"}, {"key": "employment"}]},
            "indicators[1].key",
            "draft-indicator-repeated",
        ),
        (
            {"indicators": [{"key": "x", "reads": "nope"}]},
            "indicators[0].reads",
            "draft-indicator-unknown",
        ),
    ],
)
def test_a_draft_that_could_not_be_applied_is_refused_naming_the_field(
    changes: dict[str, Any], field: str, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        Draft.from_data(draft(**changes))

    assert (refused.value.field, refused.value.code) == (field, code)

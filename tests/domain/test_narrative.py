"""A history's lines name what they refer to — the commune by its name on the date, the loan by
its programme and date, the model, the retracted entry, the standard, the project — never an
id or a code, in Vietnamese and in English."""

from __future__ import annotations

from datetime import date

import pytest

from application.areas import HAI_PHONG, load_catalogues
from domain.area_registry import AreaRegistry
from domain.household import Household
from domain.narrative import SUMMARIES, Names, counted, describe
from domain.standards import catalogue
from domain.values import EntrustingOrganisation, LoanProgramme, ReviewKind, SupportKind
from domain.words import entry_name
from tests.domain.builders import by, household, recognise
from tests.domain.spec import deprivations

STANDARD_2022 = catalogue().get("VN-MDP-2022")


@pytest.fixture(scope="module")
def registry() -> AreaRegistry:
    opened = AreaRegistry.open("31", "Thành phố Hải Phòng", by(date(2020, 1, 1)))
    load_catalogues(opened, HAI_PHONG)
    return opened


def last_line(h: Household, lang: str, registry: AreaRegistry | None = None) -> str:
    names = Names(h, registry, {"model-7": "Nuôi gà thả vườn"}.get)
    return describe(h.pending_events[-1], lang, names)


def with_a_loan() -> Household:
    """A household with a job-creation loan at 6.6 % a year, granted on 01/05/2023."""
    h = household()
    h.grant_loan(
        "loan-1",
        LoanProgramme.JOB_CREATION,
        20_000_000,
        60,
        "6.6",
        "chăn nuôi",
        EntrustingOrganisation.WOMENS_UNION,
        "Tổ TK&VV Hội Phụ nữ thôn 2",
        by(date(2023, 5, 1)),
    )
    return h


def test_a_registration_names_its_commune_as_it_was_called_on_that_date(
    registry: AreaRegistry,
) -> None:
    h = household()

    assert last_line(h, "vi", registry).startswith("Đăng ký hộ HP-0001 tại Xã Liên Khê, Thôn 1")


def test_a_move_names_the_commune_by_its_name_on_the_day_of_the_move(
    registry: AreaRegistry,
) -> None:
    h = household()
    h.move("11485", "Thôn 2", "Số 2", by(date(2025, 5, 1)))

    assert last_line(h, "en", registry) == "Moved to Xã Liên Xuân, Thôn 2"


def test_without_the_registry_a_commune_is_named_by_its_code_and_said_so() -> None:
    assert "tại xã mã 11485" in last_line(household(), "vi")


def test_a_repayment_names_its_loan_by_programme_and_disbursement_date() -> None:
    h = with_a_loan()
    h.repay_loan("loan-1", 5_000_000, by(date(2024, 5, 1)))

    assert last_line(h, "vi") == (
        "Trả nợ 5.000.000 đồng (Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm, "
        "giải ngân ngày 01/05/2023)"
    )


def test_a_loan_shows_its_rate_with_the_languages_decimal_mark() -> None:
    h = with_a_loan()

    assert last_line(h, "vi").endswith("60 tháng, lãi 6,6%/năm")
    assert last_line(h, "en").endswith("60 months at 6.6% a year")


def test_an_enrolment_names_the_model() -> None:
    h = household()
    h.enrol_in_model("model-7", ["head"], None, by(date(2023, 5, 1)))

    assert last_line(h, "vi") == "Tham gia mô hình giảm nghèo Nuôi gà thả vườn"


def test_a_retraction_names_the_entry_it_takes_back_by_its_kind_and_date() -> None:
    h = household()
    h.provide_support(SupportKind.HEALTH_INSURANCE, None, None, None, "", by(date(2023, 5, 1)))
    h.retract(h.version, "Nhập nhầm hộ", by(date(2023, 5, 2)))

    assert last_line(h, "vi") == "Hủy mục “Hỗ trợ ngày 01/05/2023”: Nhập nhầm hộ"
    assert last_line(h, "en") == "Retracted the entry “Support of 01/05/2023”: Nhập nhầm hộ"


def test_a_support_names_the_project_of_the_programme_in_force_on_its_date() -> None:
    h = household()
    h.provide_support(SupportKind.PRODUCTION_CAPACITY, 3, "head", None, "", by(date(2023, 5, 1)))

    assert last_line(h, "vi").endswith(
        "; Dự án 3: Hỗ trợ phát triển sản xuất, cải thiện dinh dưỡng"
    )


def test_a_survey_names_its_standard_and_the_decree_behind_it() -> None:
    h = household()
    h.record_survey(
        survey_id="S-1",
        kind=ReviewKind.REGULAR,
        standard=STANDARD_2022,
        income_per_capita_vnd=1_200_000,
        b1_score=None,
        deprivations=deprivations(STANDARD_2022.keys, 4),
        causes=[],
        needs=[],
        surveyor="canbo",
        by=by(date(2023, 5, 1)),
    )

    assert last_line(h, "vi").startswith(
        "Rà soát thường xuyên theo chuẩn nghèo đa chiều giai đoạn 2022-2025 "
        "(Nghị định 07/2021/NĐ-CP): thu nhập 1.200.000 đồng/người/tháng, thiếu hụt 4 chỉ số"
    )


@pytest.mark.parametrize(
    ("n", "lang", "said"),
    [(1, "en", "1 member"), (2, "en", "2 members"), (1, "vi", "1 thành viên")],
)
def test_a_count_takes_its_nouns_number_in_english(n: int, lang: str, said: str) -> None:
    assert counted(n, "thành viên", "member", lang) == said


def lines_of(h: Household, kind: str, lang: str) -> list[str]:
    names = Names(h)
    return [describe(e, lang, names) for e in h.pending_events if e.TOPIC.endswith(kind)]


def test_a_first_recognition_says_so_and_a_later_one_names_the_status_before() -> None:
    h = household()
    recognise(h, "NEAR_POOR", date(2022, 3, 10))
    recognise(h, "POOR", date(2023, 3, 10))

    first, second = lines_of(h, ":HouseholdClassified", "vi")

    assert first.startswith("Công nhận hộ cận nghèo (lần đầu); quyết định")
    assert second.startswith("Công nhận hộ nghèo (trước đó: hộ cận nghèo); quyết định")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "Tái nghèo (trước đó: hộ không nghèo)"),
        ("en", "Relapsed into poverty (before: non-poor)"),
    ],
)
def test_a_relapse_is_called_as_the_review_lists_call_it(lang: str, said: str) -> None:
    h = household()
    recognise(h, "POOR", date(2022, 3, 10))
    recognise(h, "NON_POOR", date(2023, 3, 10))
    recognise(h, "POOR", date(2024, 3, 10))

    assert lines_of(h, ":Relapsed", lang) == [said]


def test_every_kind_of_entry_has_a_name_in_each_language() -> None:
    for kind in SUMMARIES:
        assert entry_name(kind, "vi") != kind
        assert entry_name(kind, "en") != kind

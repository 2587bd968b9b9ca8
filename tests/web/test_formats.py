"""How values read on the pages: dates dd/mm/yyyy, money in VND with the language's thousands
separators, rates with the language's decimal mark, instants in Vietnam's time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from web.ui import formats


def test_dates_read_day_month_year_in_both_languages() -> None:
    assert formats.day(date(2024, 3, 5)) == "05/03/2024"
    assert formats.day("2024-03-05") == "05/03/2024"


@pytest.mark.parametrize(("lang", "shown"), [("vi", "1.500.000 ₫"), ("en", "₫1,500,000")])
def test_money_is_in_dong_with_thousands_separators(lang: str, shown: str) -> None:
    assert formats.money(1_500_000, lang).replace("\xa0", " ") == shown


@pytest.mark.parametrize(("lang", "shown"), [("vi", "8,25"), ("en", "8.25")])
def test_a_rate_kept_as_text_uses_the_languages_decimal_mark(lang: str, shown: str) -> None:
    assert formats.number("8.25", lang) == shown


def test_an_instant_is_shown_in_vietnams_time() -> None:
    assert formats.instant(datetime(2024, 1, 1, 17, 30, tzinfo=UTC)) == "02/01/2024 00:30"


def test_a_missing_amount_reads_as_a_dash_not_zero() -> None:
    assert formats.money(None, "vi") == "–"


@pytest.mark.parametrize(
    ("ratio", "lang", "shown"),
    [(3 / 7, "vi", "42,9%"), (3 / 7, "en", "42.9%"), (0.5, "vi", "50,0%")],
)
def test_percentages_are_shown_with_one_decimal(ratio: float, lang: str, shown: str) -> None:
    assert formats.share(ratio, lang) == shown

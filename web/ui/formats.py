"""How values read on a page: dates dd/mm/yyyy, money in VND with thousands separators, numbers
and shares in the page's language (Babel's locale data, not hand-made patterns)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent, parse_pattern

from domain import words
from domain.dates import VIETNAM
from domain.words import label

# Parsed once: a dashboard formats hundreds of numbers.
LOCALES = {"vi": Locale.parse("vi_VN"), "en": Locale.parse("en_GB")}
PERCENT = parse_pattern("#,##0.0%")


def day(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return words.day(value)


def typed_day(value: object) -> str:
    """A date field's value as the field shows it, dd/mm/yyyy: a date, or yyyy-mm-dd, turned
    round; anything else (what was typed, drawn again after a refusal) as it is."""
    if isinstance(value, date):
        return day(value)
    if isinstance(value, str):
        try:
            return day(date.fromisoformat(value)) if len(value) == 10 else value
        except ValueError:
            return value
    return "" if value is None else str(value)


def instant(value: datetime | str | None) -> str:
    """An instant in Vietnam's time, to the minute."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def money(value: object, lang: str) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    return format_currency(value, "VND", locale=LOCALES[lang])


def number(value: object, lang: str) -> str:
    """Integers, floats and decimals kept as text (rates such as "8.25") in the locale's way."""
    if isinstance(value, str):
        text = value
        try:
            value = Decimal(text)
        except InvalidOperation:
            return text
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return "–"
    return format_decimal(value, locale=LOCALES[lang])


def share(value: object, lang: str) -> str:
    """A ratio (0.25) as a percentage."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "–"
    return format_percent(value, format=PERCENT, locale=LOCALES[lang])


def term(value: object, lang: str) -> str:
    """A code of the domain (status, relationship, support kind) in words."""
    return label(value, lang)

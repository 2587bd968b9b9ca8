"""The gettext catalogs of the pages. Message ids are English; `web/locale/vi/LC_MESSAGES/*.po`
hold the Vietnamese, one file per group of pages, read and merged at start (no build step)."""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent.parent / "locale"
LANGUAGES = ("vi", "en")


def po_files(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


def merged_catalog(lang: str) -> Catalog:
    """Every catalog of the language in one; a message id in two files must say the same
    (tests/web/test_catalogs.py holds them to it)."""
    merged = Catalog(locale=lang, domain="messages")
    for path in po_files(lang):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    merged[message.id] = message
    return merged


@cache
def translations(lang: str) -> Translations:
    buffer = BytesIO()
    write_mo(buffer, merged_catalog(lang))
    buffer.seek(0)
    return Translations(buffer, domain="messages")

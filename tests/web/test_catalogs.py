"""Every message the pages show has its Vietnamese (gettext catalogs, read by Babel), and
the catalogs hold nothing the pages no longer say."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from web.ui.catalog import merged_catalog, po_files

ROOT = Path(__file__).parents[2]


def extracted() -> set[str]:
    """What `pybabel extract -F babel.cfg web` finds."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(ROOT / "web", method_map, options_map)
    return {message if isinstance(message, str) else message[0] for _, _, message, *_ in found}


def test_every_message_of_the_pages_has_a_vietnamese_translation() -> None:
    catalog = merged_catalog("vi")
    messages = extracted()

    missing = sorted(m for m in messages if not (catalog.get(m) and catalog.get(m).string))

    assert len(messages) > 20
    assert missing == []


def test_the_vietnamese_catalog_holds_no_message_the_pages_no_longer_use() -> None:
    used = extracted()

    singular = (m.id[0] if isinstance(m.id, tuple) else m.id for m in merged_catalog("vi"))
    unused = sorted(str(key) for key in singular if key and key not in used)

    assert unused == []


def test_a_message_in_two_catalogs_is_translated_the_same_in_both() -> None:
    """Merged, the first file's translation wins: two differing ones would put a word on a
    page that its own catalog does not say ("Target" was "Chỉ tiêu" beside "Chỉ tiêu")."""
    seen: dict[str, tuple[str, str]] = {}
    differing = []
    for path in po_files("vi"):
        with path.open("rb") as handle:
            for message in read_po(handle, locale="vi"):
                if not message.id:
                    continue
                first = seen.setdefault(str(message.id), (path.name, str(message.string)))
                if first[1] != str(message.string):
                    differing.append((message.id, first, (path.name, message.string)))

    assert differing == []

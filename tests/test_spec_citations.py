"""The rules the code cites live in the repository (docs/spec/): every cited file exists, and
no module cites the specification's files outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "application", "projections", "web", "cli", "bench", "tests", "features")
CITED = re.compile(r"docs/spec/([\w-]+\.md)((?:, [\w-]+\.md)*)")
OUTSIDE = re.compile(r"(?<![/\w-])(domain|indicators|interfaces|quality)\.md")


def sources() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.suffix in {".py", ".feature", ".html"} and path != Path(__file__)
    ]


def test_every_spec_file_the_code_cites_exists() -> None:
    missing = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sources()
        for match in CITED.finditer(path.read_text(encoding="utf-8"))
        for name in [match.group(1), *re.findall(r"[\w-]+\.md", match.group(2))]
        if not (ROOT / "docs" / "spec" / name).is_file()
    }
    assert not missing


def test_no_module_cites_a_rule_outside_the_repository() -> None:
    outside = {
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line.replace("docs/spec/", "docs/spec/_"))
    }
    assert not outside

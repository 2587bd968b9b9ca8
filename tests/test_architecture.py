"""The layers' rules that import-linter cannot express on its own."""

from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "domain"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_domain_takes_only_the_aggregate_base_classes_from_the_event_library() -> None:
    used = {
        module
        for path in DOMAIN.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] == "eventsourcing"
    }
    assert used == {"eventsourcing.domain"}

"""Snapshots are a shortcut, never a record: each must hold what the events up to its version
fold to, or a reader would be shown a state no event gave. They lie outside the integrity
chain, so `giamngheo verify` folds the events again and compares."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from uuid import UUID

from application.infrastructure.store import CaseStore


def snapshot_differences(store: CaseStore, aggregate_ids: Iterable[UUID]) -> list[dict[str, Any]]:
    """Each snapshot of the aggregates that is not the fold of their events (or cannot be
    read at all), by aggregate and version; one pass over each aggregate's events."""
    if store.snapshots is None:
        return []
    differences: list[dict[str, Any]] = []
    for aggregate_id in aggregate_ids:
        events: Iterator[Any] = iter(store.events.get(aggregate_id))
        folded: Any = None
        for stored in store.snapshots.recorder.select_events(aggregate_id):
            version = stored.originator_version
            while folded is None or folded.version < version:
                event = next(events, None)
                if event is None:
                    break
                folded = event.mutate(folded)
            problem = compare(store, stored, folded)
            if problem:
                differences.append(
                    {"aggregate_id": str(aggregate_id), "version": version, "problem": problem}
                )
    return differences


def compare(store: CaseStore, stored: Any, folded: Any) -> str | None:
    """Why a stored snapshot differs from the fold at its version (None: it does not)."""
    if folded is None or folded.version != stored.originator_version:
        return "no events up to its version"
    try:
        snapshot: Any = store.mapper.to_domain_event(stored)
        restored = snapshot.mutate(None)
    except Exception as error:  # a snapshot changed behind the system's back may not decode
        return f"unreadable: {type(error).__name__}"
    seen = (restored.created_on, restored.modified_on, restored.snapshot_state())
    if seen != (folded.created_on, folded.modified_on, folded.snapshot_state()):
        return "state differs from the events"
    return None

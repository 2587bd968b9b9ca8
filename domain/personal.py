"""Which fields of which events identify a person, and whose key the store seals each under:
the household the fields are about, so that destroying its key erases them wherever they
were written — its own events, and the complaints about it on a review round."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain import household, review_round


@dataclass(frozen=True)
class Sealed:
    """The paths of an event's personal fields ("*": every item of a list), and the field
    that names their household; none: the event's own aggregate is the household."""

    paths: tuple[tuple[str, ...], ...]
    owner: str | None = None

    def household(self, state: dict[str, Any], originator_id: object) -> str | None:
        """The household whose key seals the fields of an event with this state; none for an
        event recorded before it named one (its fields read as written)."""
        if self.owner is None:
            return str(originator_id)
        return str(state.get(self.owner) or "") or None


SEALED_FIELDS: dict[str, Sealed] = {
    **{topic: Sealed(paths) for topic, paths in household.PERSONAL_FIELDS.items()},
    **{
        topic: Sealed(paths, owner="household_id")
        for topic, paths in review_round.PERSONAL_FIELDS.items()
    },
}

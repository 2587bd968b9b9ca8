"""The decision of a commune's chairman that recognises a review's outcome (Decision
24/2021/QĐ-TTg, Art. 4-5: "quyết định công nhận hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ
thoát cận nghèo"): its number, date and signer, and the households it recognised in each of its
lists. The households' own recognitions are recorded in the same command, each citing the
decision's number, so the decision is what a posting, a certificate and an audit cite
(docs/spec/review-round.md)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import AggregateCreated

from domain.base import TOPIC_PREFIX, EventSourced, Recorded, deterministic_id
from domain.errors import RuleViolationError
from domain.values import Status

# The decision's lists, in the order its annexes print them. A household can be on two: a poor
# household found near-poor has escaped poverty and is on the near-poor list.
LISTS = ("poor", "near_poor", "escaped_poverty", "escaped_near_poverty", "outside_the_lists")


def lists_of(previous: Status | None, status: Status) -> list[str]:
    """The lists a household recognised with `status` is on, after `previous`."""
    found = [name for name, held in (("poor", Status.POOR), ("near_poor", Status.NEAR_POOR))
             if status is held]  # fmt: skip
    if previous is Status.POOR and status is not Status.POOR:
        found.append("escaped_poverty")
    if previous is Status.NEAR_POOR and status not in (Status.POOR, Status.NEAR_POOR):
        found.append("escaped_near_poverty")
    return found or ["outside_the_lists"]


class Decision(EventSourced):
    TOPIC = f"{TOPIC_PREFIX}Decision"

    class Issued(EventSourced.Event, AggregateCreated):
        TOPIC = f"{TOPIC_PREFIX}DecisionIssued"
        commune_code: str
        number: str
        signer: str
        lists: dict[str, list[str]]

        def apply(self, aggregate: Decision) -> None:
            aggregate.commune_code = self.commune_code
            aggregate.number = self.number
            aggregate.signer = self.signer
            aggregate.lists = {name: list(ids) for name, ids in self.lists.items()}

    def __init__(self) -> None:
        self.commune_code = ""
        self.number = ""
        self.signer = ""
        self.lists: dict[str, list[str]] = {}

    @staticmethod
    def id_for(commune_code: str, number: str) -> UUID:
        """A commune numbers its own decisions: one number, one decision."""
        return deterministic_id("Decision", commune_code, number)

    @classmethod
    def issue(
        cls,
        commune_code: str,
        number: str,
        signer: str,
        outcomes: list[tuple[UUID, Status | None, Status]],
        by: Recorded,
    ) -> Decision:
        """`outcomes`: each household recognised, its status before and the one recognised."""
        check_recognises_some(outcomes)
        lists: dict[str, list[str]] = {name: [] for name in LISTS}
        for household_id, previous, status in outcomes:
            for name in lists_of(previous, status):
                lists[name].append(str(household_id))
        return cls._create(
            cls.Issued,
            id=cls.id_for(commune_code, number),
            commune_code=commune_code,
            number=number,
            signer=signer,
            lists=lists,
            **by.fields(),
        )

    def summary(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "commune_code": self.commune_code,
            "number": self.number,
            "signer": self.signer,
            "lists": {name: list(ids) for name, ids in self.lists.items()},
        }


def check_recognises_some(outcomes: list[Any]) -> None:
    if not outcomes:
        raise RuleViolationError("decision-empty", field="households")

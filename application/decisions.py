"""The decision that ends a commune's review: the chairman (or a delegate) names the
households it recognises by their codes, and one command records the recognition of each, from
its survey awaiting recognition, with the decision itself (docs/spec/review-round.md). Every
household is checked before anything is recorded: one that cannot be recognised refuses the
whole decision, naming it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from application.admin_scope import check_inside
from application.areas import AreaService
from application.commands import CommandContext, CommandRunner, Written
from application.households import HouseholdService
from application.infrastructure.store import CaseStore, exists
from application.inputs import IssueDecision
from application.readmodels import ReadModels
from domain.decision import Decision
from domain.errors import (
    ConflictError,
    RuleViolationError,
    ValidationError,
)
from domain.household import Household
from domain.timeline import SurveyEntry


class DecisionService:
    def __init__(
        self,
        store: CaseStore,
        runner: CommandRunner,
        areas: AreaService,
        households: HouseholdService,
        reads: ReadModels,
    ) -> None:
        self.store = store
        self.runner = runner
        self.areas = areas
        self.households = households
        self.reads = reads

    def issue(self, ctx: CommandContext, commune_code: str, given: IssueDecision) -> Written:
        """Record a decision and, with it, the recognition of every household it names."""

        def action() -> Any:
            day = self.runner.effective(given.effective_date)
            number, signer, codes = given.decision_ref, given.signer, given.households
            self.check_commune(ctx, commune_code, day)
            self.check_number_free(commune_code, number)
            self.reads.wait_for(self.store.recorder.max_notification_id())
            ids = self.reads.coded(commune_code, codes)
            named = [
                (self.household(ids, commune_code, code, day, f"households[{index}]"), code)
                for index, code in enumerate(codes)
            ]
            return self.recognise(ctx, commune_code, number, signer, named, day)

        return self.runner.run(
            ctx, "issue_decision", {"commune_code": commune_code, **given.payload()}, action
        )

    def recognise(
        self,
        ctx: CommandContext,
        commune_code: str,
        number: str,
        signer: str,
        named: list[tuple[Household, str]],
        day: date,
    ) -> tuple[list[Any], dict[str, Any]]:
        """The decision and the recognition of each household named (with its code), from its
        latest survey awaiting recognition: the aggregates to save, and the answer."""
        outcomes = []
        answers = []
        for index, (household, code) in enumerate(named):
            survey = self.awaiting(household, code, index, day)
            standard, area_kind = self.households.survey_terms(household, survey)
            outcome = household.classify(
                survey.survey_id,
                number,
                standard,
                area_kind,
                ctx.recorded(day),
                self.households.local_standard(survey),
            )
            previous = outcome.previous_status
            outcomes.append((household.id, previous, outcome.status))
            answers.append(
                {
                    "id": str(household.id),
                    "household_code": code,
                    "version": household.version,
                    "previous_status": previous.value if previous else None,
                    "status": outcome.status.value,
                }
            )
        decision = Decision.issue(commune_code, number, signer, outcomes, ctx.recorded(day))
        answer = {**decision.summary(), "effective_date": day.isoformat(), "households": answers}
        return [*(household for household, _ in named), decision], answer

    def check_number_free(self, commune_code: str, number: str) -> None:
        if exists(self.store, Decision.id_for(commune_code, number)):
            raise ConflictError(
                "decision-number-taken",
                field="decision_ref",
                decision_ref=number,
                commune_code=commune_code,
            )

    def check_commune(self, ctx: CommandContext, commune_code: str, day: date) -> None:
        """A commune inside the decider's own area (the same refusal as any write outside the
        caller's area: they named it), standing on the decision's date."""
        check_inside(self.areas, ctx.actor, commune_code, "commune_code", day)
        self.areas.check_commune(commune_code, day)

    def household(
        self, ids: Mapping[str, str], commune_code: str, code: str, day: date, field: str
    ) -> Household:
        """The household of the code (`ids`: codes found in the commune) that counts in the
        commune on `day`; else a refusal of the `field` that named it."""
        household = self.households.load(UUID(ids[code])) if code in ids else None
        if household is None or self.areas.place_of(household, day) != commune_code:
            raise ValidationError("household-code-unknown", field=field, household_code=code)
        return household

    @staticmethod
    def awaiting(household: Household, code: str, index: int, day: date) -> SurveyEntry:
        """The household's latest survey that no recognition has used yet."""
        surveys = household.awaiting_recognition(day)
        if not surveys:
            raise RuleViolationError(
                "nothing-to-recognise",
                field=f"households[{index}]",
                household_code=code,
                date=day.isoformat(),
            )
        return surveys[-1]

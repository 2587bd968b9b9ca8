"""A commune's review rounds (docs/spec/review-round.md, "The round"): the caseworker opens the
year's periodic round, which lists the households on the commune's poor and near-poor lists
that day, records the applications, the village meetings, the public posting and the
complaints; the chairman ends it with the decision, which recognises every household the round
agreed in the same transaction as the round's own `Decided`. A regular review is a round of
its own, opened by one household's application and due in the monthly round that takes it up."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from application.areas import AreaService
from application.commands import CommandContext, CommandRunner, Written
from application.decisions import DecisionService
from application.households import HouseholdService, load
from application.infrastructure.store import CaseStore, exists
from application.inputs import (
    ConsultDistrict,
    DecideRound,
    HoldMeeting,
    OpenRound,
    PostList,
    ReceiveApplication,
    ReceiveComplaint,
    SettleComplaint,
)
from application.lineage import LineageService, Point
from application.readmodels import ReadModels
from application.registries import events
from application.reports import ReportReads
from application.workdays import period_end
from domain.base import Recorded
from domain.decision import Decision
from domain.errors import ConflictError, NotFoundError, RuleViolationError
from domain.household import Household
from domain.review_round import Complaint, ReviewRound, procedure
from domain.standards import catalogue
from domain.values import ComplaintOutcome, ReviewKind

LISTED = ("POOR", "NEAR_POOR")


class RoundService:
    def __init__(
        self,
        store: CaseStore,
        runner: CommandRunner,
        areas: AreaService,
        households: HouseholdService,
        decisions: DecisionService,
        reads: ReadModels,
    ) -> None:
        self.store = store
        self.runner = runner
        self.areas = areas
        self.households = households
        self.decisions = decisions
        self.reads = reads
        self.lists = ReportReads(reads, LineageService(reads))

    def round(self, round_id: object) -> ReviewRound:
        return load(self.store, ReviewRound, round_id, "round-not-found", "round_id")

    def visible(self, area_code: str, round_id: str) -> ReviewRound:
        """The round, if its commune lies in the area today; else, as for a household outside
        the caller's area, it does not exist for them."""
        round_ = self.round(round_id)
        if not self.areas.contains(area_code, round_.commune_code, self.runner.today()):
            raise NotFoundError("round-not-found", field="round_id", round_id=round_id)
        return round_

    def caught_up(self) -> None:
        """The lists and the directory once they have seen the whole log, or a refusal."""
        if not self.reads.wait_for(self.store.recorder.max_notification_id()):
            raise ConflictError("views-behind")

    # ---- opening ----------------------------------------------------------------------------

    def open_periodic(self, ctx: CommandContext, commune_code: str, given: OpenRound) -> Written:
        """The year's periodic round, between 1 September and 14 December, due on the window's
        last day; its list, the commune's poor and near-poor households that day."""

        def action() -> Any:
            day = self.runner.effective(given.effective_date)
            self.decisions.check_commune(ctx, commune_code, day)
            window = catalogue().periodic_window
            window.check_contains(day)
            if exists(self.store, ReviewRound.periodic_id(commune_code, day.year)):
                raise ConflictError(
                    "round-exists", field="effective_date", commune_code=commune_code,
                    year=day.year,
                )  # fmt: skip
            self.caught_up()
            listed = {
                item["id"]: item["household_code"]
                for status in LISTED
                for item in self.lists.listed(commune_code, status, Point(day, None))
                if item["place"] == commune_code
            }
            due = date(day.year, *window.end)
            opened = ReviewRound.open_periodic(
                commune_code, day.year, listed, due, ctx.recorded(day)
            )
            return [opened], self.answer(opened)

        payload = {"commune_code": commune_code, **given.payload()}
        return self.runner.run(ctx, "open_round", payload, action)

    def open_regular(
        self, ctx: CommandContext, commune_code: str, given: ReceiveApplication
    ) -> Written:
        """A household's application during the year opens a regular review of it, due as the
        monthly round that takes it up is (`Procedure.regular_due`)."""

        def action() -> Any:
            day = self.runner.effective(given.effective_date)
            self.decisions.check_commune(ctx, commune_code, day)
            household = self.household(commune_code, given.household_code, day)
            round_id = ReviewRound.regular_id(commune_code, str(household.id), day)
            if exists(self.store, round_id):
                raise ConflictError(
                    "round-already-lists", field="household_code",
                    household_code=given.household_code,
                )  # fmt: skip
            due = procedure().regular_due(day)
            opened = ReviewRound.open_regular(
                commune_code, str(household.id), given.household_code, due, ctx.recorded(day)
            )
            return [opened], self.answer(opened)

        payload = {"commune_code": commune_code, **given.payload()}
        return self.runner.run(ctx, "open_regular_review", payload, action)

    def household(self, commune_code: str, code: str, day: date) -> Household:
        """The household of the code that counts in the commune on `day`."""
        self.caught_up()
        found = self.reads.coded(commune_code, [code])
        return self.decisions.household(found, commune_code, code, day, "household_code")

    # ---- the steps ---------------------------------------------------------------------------

    def step(
        self, ctx: CommandContext, round_id: str, command: str, given: Any, apply: Any
    ) -> Written:
        """Load the round, check it is the caller's commune's and the caller's version, apply
        the step with who and when; one command, one event."""

        def action() -> Any:
            round_ = self.visible(ctx.actor.area_code, round_id)
            day = self.runner.effective(given.effective_date)
            ctx.check_version(round_.version)
            apply(round_, ctx.recorded(day))
            return [round_], self.answer(round_)

        return self.runner.run(ctx, command, {"id": round_id, **given.payload()}, action)

    def receive_application(
        self, ctx: CommandContext, round_id: str, given: ReceiveApplication
    ) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            code = given.household_code
            household = self.household(round_.commune_code, code, by.effective_date)
            round_.receive_application(str(household.id), code, by)

        return self.step(ctx, round_id, "receive_application", given, apply)

    def hold_meeting(self, ctx: CommandContext, round_id: str, given: HoldMeeting) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            round_.hold_meeting(
                given.village, given.attendance, given.minutes_ref, given.agreed,
                given.disagreed, by,
            )  # fmt: skip

        return self.step(ctx, round_id, "hold_meeting", given, apply)

    def post_list(self, ctx: CommandContext, round_id: str, given: PostList) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            until = period_end(by.effective_date, procedure().posting_working_days)
            round_.post_list(given.places, until, by)

        return self.step(ctx, round_id, "post_list", given, apply)

    def receive_complaint(
        self, ctx: CommandContext, round_id: str, given: ReceiveComplaint
    ) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            round_.receive_complaint(
                str(uuid4()), given.household_code, given.complainant, given.grounds, by
            )

        return self.step(ctx, round_id, "receive_complaint", given, apply)

    def settle_complaint(
        self, ctx: CommandContext, round_id: str, complaint_id: str, given: SettleComplaint
    ) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            upheld = given.outcome is ComplaintOutcome.UPHELD
            round_.settle_complaint(complaint_id, upheld, given.finding, by)

        return self.step(ctx, round_id, "settle_complaint", given, apply)

    def consult_district(
        self, ctx: CommandContext, round_id: str, given: ConsultDistrict
    ) -> Written:
        def apply(round_: ReviewRound, by: Recorded) -> None:
            round_.consult_district(given.opinion_ref, by)

        return self.step(ctx, round_id, "consult_district", given, apply)

    def decide(self, ctx: CommandContext, round_id: str, given: DecideRound) -> Written:
        """The chairman's decision: every household the round agreed is recognised from its
        survey awaiting recognition, the decision recorded and the round ended, together."""

        def action() -> Any:
            round_ = self.visible(ctx.actor.area_code, round_id)
            day = self.runner.effective(given.effective_date)
            commune = round_.commune_code
            self.areas.check_commune(commune, day)
            ctx.check_version(round_.version)
            self.decisions.check_number_free(commune, given.decision_ref)
            ready = round_.check_ready(day)
            named = [
                (self.households.load(UUID(household_id)), round_.households[household_id][0])
                for household_id in ready
            ]
            aggregates, answer = self.decisions.recognise(
                ctx, commune, given.decision_ref, given.signer, named, day
            )
            decision_id = UUID(answer["id"])
            round_.decide(decision_id, given.decision_ref, ready, ctx.recorded(day))
            return [*aggregates, round_], {**answer, "round": self.answer(round_)}

        return self.runner.run(ctx, "decide_round", {"id": round_id, **given.payload()}, action)

    # ---- reads -------------------------------------------------------------------------------

    def get(self, round_id: str, area_code: str) -> dict[str, Any]:
        """The round as the page and the API show it, each household with what the directory
        knows of it (code, head, village, status); outside the reader's area it does not
        exist."""
        round_ = self.visible(area_code, round_id)
        known = self.lists.households(round_.households)
        answer = self.answer(round_)
        answer["households"] = [
            {**entry, **{k: known.get(entry["id"], {}).get(k) for k in SHOWN}}
            for entry in answer["households"]
        ]
        answer["complaints"] = [
            {**complaint_entry(round_, c), **complaint_words(c)} for c in round_.complaints.values()
        ]
        return answer

    def posting_list(self, round_id: str, area_code: str) -> dict[str, Any]:
        """What the village posts: each household of the round with the result its latest
        survey awaiting recognition leads to (none yet: not surveyed), by village and code."""
        shown = self.get(round_id, area_code)
        rows = []
        for household in shown["households"]:
            awaiting = self.households.get(household["id"])["surveys_awaiting_recognition"]
            rows.append({**household, "result": awaiting[-1]["leads_to"] if awaiting else None})
        return {**shown, "households": sorted(rows, key=by_village_and_code)}

    def decision_lists(self, round_id: str, area_code: str) -> dict[str, Any]:
        """The decided round's decision with its annexed lists, each household by code, head
        and village as the directory has them."""
        shown = self.get(round_id, area_code)
        if shown["decision"] is None:
            raise RuleViolationError("round-not-decided", field="round_id")
        decision = load(
            self.store, Decision, shown["decision"]["id"], "round-not-decided", "round_id"
        )
        by_id = {h["id"]: h for h in shown["households"]}
        lists = {
            name: sorted((by_id[i] for i in ids if i in by_id), key=by_village_and_code)
            for name, ids in decision.lists.items()
        }
        return {**shown, "signer": decision.signer, "lists": lists}

    def of_commune(self, commune_code: str, area_code: str) -> list[dict[str, Any]]:
        """The commune's rounds, newest first, each with whether it is overdue today. Rounds
        are few (one periodic a year and the regular reviews), so they are read from the log's
        opening events rather than a view of their own."""
        today = self.runner.today()
        if not self.areas.contains(area_code, commune_code, today):
            return []
        found = []
        for opened in events(self.store, ReviewRound.Opened.TOPIC):
            if opened.commune_code == commune_code:
                round_ = self.round(opened.originator_id)
                found.append({**self.heading(round_), "overdue": round_.overdue(today)})
        return sorted(found, key=lambda r: r["opened_on"], reverse=True)

    def complaints_about(self, household_id: str) -> list[dict[str, Any]]:
        """Every complaint about the household in any round, with its words and its outcome,
        oldest first: what the household's members may have of it (the export). Complaints are
        few, and the log is read by their topic alone."""
        found = []
        for received in events(self.store, ReviewRound.ComplaintReceived.TOPIC):
            if received.household_id != household_id:
                continue
            round_ = self.round(received.originator_id)
            complaint = round_.complaints[received.complaint_id]
            found.append({
                "round_id": str(round_.id), "commune_code": round_.commune_code,
                **complaint_entry(round_, complaint), **complaint_words(complaint),
            })  # fmt: skip
        return found

    def heading(self, round_: ReviewRound) -> dict[str, Any]:
        decision = round_.decision
        return {
            "id": str(round_.id),
            "version": round_.version,
            "commune_code": round_.commune_code,
            "kind": round_.kind.value,
            "year": round_.year,
            "opened_on": round_.opened_on.isoformat(),
            "due": round_.due.isoformat(),
            "overdue": round_.overdue(self.runner.today()),
            "households_count": len(round_.households),
            "applicant": next(iter(round_.households.values()))[0]
            if round_.kind is ReviewKind.REGULAR
            else None,
            "decision": None
            if decision is None
            else {
                "decided_on": decision[0].isoformat(),
                "number": decision[1],
                "id": decision[2],
            },
        }

    def answer(self, round_: ReviewRound) -> dict[str, Any]:
        """The round in plain data, as a write answers it. A write's answer is kept with its
        receipt, where erasure cannot reach: the complaints' words, which name people, are
        left to `get`, which reads them from the round as it stands."""
        complaints = {c.household_id: c for c in round_.complaints.values()}
        return {
            **self.heading(round_),
            "households": [
                {
                    "id": household_id,
                    "household_code": code,
                    "source": source,
                    "applied_on": iso(round_.applications.get(household_id)),
                    "agreed": round_.verdicts.get(household_id),
                    "complaint": household_id in complaints,
                    "decided": household_id in round_.decided,
                }
                for household_id, (code, source) in round_.households.items()
            ],
            "meetings": [
                {
                    "held_on": m.held_on.isoformat(),
                    "village": m.village,
                    "attendance": m.attendance,
                    "minutes_ref": m.minutes_ref,
                    "agreed": [round_.households[h][0] for h in m.agreed],
                    "disagreed": [round_.households[h][0] for h in m.disagreed],
                }
                for m in round_.meetings
            ],
            "posting": None
            if round_.posting is None
            else {
                "posted_on": round_.posting.posted_on.isoformat(),
                "until": round_.posting.until.isoformat(),
                "places": list(round_.posting.places),
            },
            "complaints": [complaint_entry(round_, c) for c in round_.complaints.values()],
            "district_opinion": None
            if round_.district_opinion is None
            else {
                "given_on": round_.district_opinion[0].isoformat(),
                "opinion_ref": round_.district_opinion[1],
            },
            "district_step": procedure().district_step(round_.opened_on),
        }


SHOWN = ("head_name", "village", "status")


def complaint_entry(round_: ReviewRound, complaint: Complaint) -> dict[str, Any]:
    """A complaint as a write answers it: when, about which household, with what outcome."""
    upheld = complaint.upheld
    return {
        "id": complaint.complaint_id,
        "household_code": round_.households[complaint.household_id][0],
        "received_on": complaint.received_on.isoformat(),
        "settled_on": iso(complaint.settled_on),
        "outcome": None
        if upheld is None
        else (ComplaintOutcome.UPHELD if upheld else ComplaintOutcome.REJECTED).value,
    }


def complaint_words(complaint: Complaint) -> dict[str, str]:
    """What a read adds: who complained, the grounds and the re-check's finding ("—" once the
    household's data is erased)."""
    return {
        "complainant": complaint.complainant,
        "grounds": complaint.grounds,
        "finding": complaint.finding,
    }


def by_village_and_code(household: dict[str, Any]) -> tuple[str, str]:
    """The order lists print households in: by village, then by code."""
    return household.get("village") or "", household["household_code"]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None

"""Steps of features/review_round.feature: households of commune 10606 recognised in 2024, and
the review rounds its officer runs and its chairman decides."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application import inputs
from application.commands import Actor, CommandContext, Written, context
from application.system import System
from domain.errors import DomainError
from tests.application.desk import Desk, HouseholdRef, Outcome, open_system
from tests.features.conftest import CITY_CASEWORKER, step

scenarios("review_round.feature")

TODAY = date(2026, 11, 28)
COMMUNE = "10606"
# Answers that lead to each status under the standards of 2025 and of 2027, in a rural commune.
ANSWERS = {"POOR": (1_000_000, 6), "NEAR_POOR": (1_000_000, 0), "NON_POOR": (20_000_000, 0)}
OFFICER = Actor("canbo.namsach", "caseworker", COMMUNE)


class Commune:
    """The commune's households by code, the round at hand, and what its last step did."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.desk = Desk(system, CITY_CASEWORKER)
        self.households: dict[str, HouseholdRef] = {}
        self.round_id = ""
        self.complaint_id = ""
        self.outcome: Outcome | None = None

    def act(self, action: Callable[[CommandContext], Written], who: Actor = OFFICER) -> Outcome:
        """The command as `who`; its outcome, with the log's head before and after, so a
        refusal can be seen to have recorded nothing."""
        before = self.system.store.recorder.max_notification_id() or 0
        try:
            answer: dict[str, Any] | None = action(context(who)).answer
            error = None
        except DomainError as refused:
            answer, error = None, refused
        after = self.system.store.recorder.max_notification_id() or 0
        self.outcome = Outcome(answer, error, before, after)
        if answer is not None and "round" in answer:
            self.round_id = answer["round"]["id"]
        elif answer is not None and "kind" in answer:
            self.round_id = answer["id"]
        return self.outcome

    def round(self) -> dict[str, Any]:
        return self.system.rounds.get(self.round_id, COMMUNE)

    def code_of(self, household_id: str) -> str:
        return next(code for code, ref in self.households.items() if ref.id == household_id)


@pytest.fixture
def commune() -> Iterator[Commune]:
    system = open_system(TODAY)
    yield Commune(system)
    system.close()


@pytest.fixture
def outcome(commune: Commune) -> Outcome:
    assert commune.outcome is not None
    return commune.outcome


def rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    header, *body = datatable
    return [dict(zip(header, row, strict=True)) for row in body]


def codes_of(text: str) -> list[str]:
    return [] if text == "nothing" else text.split(", ")


# ---- the households --------------------------------------------------------------------------


@given(step("households of commune {code} recognised on {on:Date}:"))
def recognised(commune: Commune, code: str, on: date, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        registered = commune.desk.register(date(2024, 1, 15), commune_code=code, code=row["code"])
        commune.households[row["code"]] = registered
        income, deprived = ANSWERS[row["status"]]
        outcome = commune.desk.review(registered.id, on, on, income, deprived)
        assert outcome.expect_accepted()["status"] == row["status"]


def survey(commune: Commune, code: str, on: date, finds: str) -> None:
    income, deprived = ANSWERS[finds]
    kind = commune.round()["kind"]
    body = commune.desk.survey_body(on, income, deprived, kind=kind)
    found = commune.desk.survey(commune.households[code].id, body).expect_accepted()
    assert found["preview"]["status"] == finds


@given(step("the round's households were surveyed on {on:Date}:"))
def surveyed(commune: Commune, on: date, datatable: list[list[str]]) -> None:
    for row in rows(datatable):
        survey(commune, row["code"], on, row["finds"])


@given(step("{code} was surveyed again on {on:Date} and found {finds:Status}"))
def surveyed_again(commune: Commune, code: str, on: date, finds: str) -> None:
    survey(commune, code, on, finds)


# ---- the steps of the round, each as a past fact (Given) and as an action (When) -------------


def opens(commune: Commune, code: str, on: date) -> Outcome:
    given_ = inputs.OpenRound.parse({"effective_date": on.isoformat()})
    return commune.act(lambda ctx: commune.system.rounds.open_periodic(ctx, code, given_))


def applies(commune: Commune, code: str, on: date) -> Outcome:
    body = {"household_code": code, "effective_date": on.isoformat()}
    given_ = inputs.ReceiveApplication.parse(body)
    rounds = commune.system.rounds
    return commune.act(lambda ctx: rounds.receive_application(ctx, commune.round_id, given_))


def applies_regular(commune: Commune, code: str, on: date) -> Outcome:
    body = {"household_code": code, "effective_date": on.isoformat()}
    given_ = inputs.ReceiveApplication.parse(body)
    return commune.act(lambda ctx: commune.system.rounds.open_regular(ctx, COMMUNE, given_))


def meets(
    commune: Commune, village: str, on: date, agreed: str, disagreed: str, attendance: int = 46
) -> Outcome:
    body = {
        "village": village, "attendance": attendance, "minutes_ref": f"BB-{on.isoformat()}",
        "agreed": codes_of(agreed), "disagreed": codes_of(disagreed),
        "effective_date": on.isoformat(),
    }  # fmt: skip
    given_ = inputs.HoldMeeting.parse(body)
    return commune.act(
        lambda ctx: commune.system.rounds.hold_meeting(ctx, commune.round_id, given_)
    )


def posts(commune: Commune, on: date, places: str) -> Outcome:
    body = {"places": places.split(", "), "effective_date": on.isoformat()}
    given_ = inputs.PostList.parse(body)
    return commune.act(lambda ctx: commune.system.rounds.post_list(ctx, commune.round_id, given_))


def complains(commune: Commune, code: str, on: date) -> Outcome:
    body = {
        "household_code": code, "complainant": "Lê Văn Cường",
        "grounds": "Thu nhập cao hơn kê khai", "effective_date": on.isoformat(),
    }  # fmt: skip
    given_ = inputs.ReceiveComplaint.parse(body)
    rounds = commune.system.rounds
    done = commune.act(lambda ctx: rounds.receive_complaint(ctx, commune.round_id, given_))
    if done.accepted:
        commune.complaint_id = commune.round()["complaints"][-1]["id"]
    return done


def settles(commune: Commune, outcome: str, on: date) -> Outcome:
    body = {"outcome": outcome, "finding": "Đã phúc tra", "effective_date": on.isoformat()}
    given_ = inputs.SettleComplaint.parse(body)
    rounds = commune.system.rounds
    return commune.act(
        lambda ctx: rounds.settle_complaint(ctx, commune.round_id, commune.complaint_id, given_)
    )


def consults(commune: Commune, on: date) -> Outcome:
    body = {"opinion_ref": "215/UBND-LĐTBXH", "effective_date": on.isoformat()}
    given_ = inputs.ConsultDistrict.parse(body)
    rounds = commune.system.rounds
    return commune.act(lambda ctx: rounds.consult_district(ctx, commune.round_id, given_))


def decides(commune: Commune, own: str, number: str, on: date) -> Outcome:
    chairman = Actor(f"chutich.{own}", "chairman", own)
    body = {
        "decision_ref": number, "signer": "Nguyễn Văn Bình, Chủ tịch UBND xã",
        "effective_date": on.isoformat(),
    }  # fmt: skip
    given_ = inputs.DecideRound.parse(body)
    rounds = commune.system.rounds
    return commune.act(lambda ctx: rounds.decide(ctx, commune.round_id, given_), chairman)


@given(step("the officer of commune {code} opened the periodic review on {on:Date}"))
def opened(commune: Commune, code: str, on: date) -> None:
    opens(commune, code, on).expect_accepted()


@when(step("the officer of commune {code} opens the periodic review on {on:Date}"))
def open_(commune: Commune, code: str, on: date) -> None:
    opens(commune, code, on)


@given(step("the officer recorded the application of {code} on {on:Date}"))
def applied(commune: Commune, code: str, on: date) -> None:
    applies(commune, code, on).expect_accepted()


@when(step("the officer records the application of {code} on {on:Date}"))
def apply_(commune: Commune, code: str, on: date) -> None:
    applies(commune, code, on)


@given(
    step(
        "the officer of commune {commune_code} recorded the application of {code} on {on:Date} "
        "for a regular review"
    )
)
def applied_regular(commune: Commune, commune_code: str, code: str, on: date) -> None:
    applies_regular(commune, code, on).expect_accepted()


@when(
    step(
        "the officer of commune {commune_code} records the application of {code} on {on:Date} "
        "for a regular review"
    )
)
def apply_regular(commune: Commune, commune_code: str, code: str, on: date) -> None:
    applies_regular(commune, code, on)


@given(step('the meeting of "{village}" on {on:Date} agreed {agreed} and not {disagreed}'))
def met(commune: Commune, village: str, on: date, agreed: str, disagreed: str) -> None:
    meets(commune, village, on, agreed, disagreed).expect_accepted()


@when(step('the meeting of "{village}" on {on:Date} agrees {agreed}'))
def meet(commune: Commune, village: str, on: date, agreed: str) -> None:
    meets(commune, village, on, agreed, "nothing")


@when(step('nobody attends the meeting of "{village}" on {on:Date} that agrees {agreed}'))
def meet_alone(commune: Commune, village: str, on: date, agreed: str) -> None:
    meets(commune, village, on, agreed, "nothing", attendance=0)


@given(step('the results were posted on {on:Date} at "{places}"'))
def posted(commune: Commune, on: date, places: str) -> None:
    posts(commune, on, places).expect_accepted()


@when(step("the officer posts the results on {on:Date}"))
def post(commune: Commune, on: date) -> None:
    posts(commune, on, "Trụ sở UBND xã")


@given(step("a complaint about {code} was received on {on:Date}"))
def complained(commune: Commune, code: str, on: date) -> None:
    complains(commune, code, on).expect_accepted()


@when(step("a complaint about {code} is received on {on:Date}"))
def complain(commune: Commune, code: str, on: date) -> None:
    complains(commune, code, on)


@given(step("the complaint was re-checked and {outcome} on {on:Date}"))
def settled(commune: Commune, outcome: str, on: date) -> None:
    settles(commune, outcome, on).expect_accepted()


@when(step("the officer asks the district's opinion on {on:Date}"))
def consult(commune: Commune, on: date) -> None:
    consults(commune, on)


@when(step('the chairman of commune {own} decides "{number}" on {on:Date}'))
def decide(commune: Commune, own: str, number: str, on: date) -> None:
    decides(commune, own, number, on)


def met_in_october(commune: Commune) -> Outcome:
    return meets(commune, "Thôn Đông", date(2026, 10, 20), "NS-0001, NS-0002", "nothing")


def posted_in_october(commune: Commune) -> Outcome:
    return posts(commune, date(2026, 10, 28), "Trụ sở UBND xã")


def complained_in_october(commune: Commune) -> Outcome:
    return complains(commune, "NS-0001", date(2026, 10, 29))


STAGES: dict[str, list[Callable[[Commune], Outcome]]] = {
    "its list": [],
    "its meeting": [met_in_october],
    "its posting": [met_in_october, posted_in_october],
    "a complaint": [met_in_october, posted_in_october, complained_in_october],
}


@given(parsers.parse("the round has come to {stage}"))
def come_to(commune: Commune, stage: str) -> None:
    for done in STAGES[stage]:
        done(commune).expect_accepted()


# ---- what the round shows --------------------------------------------------------------------


@then(step("the round lists {codes}"))
def lists(commune: Commune, codes: str) -> None:
    assert [h["household_code"] for h in commune.round()["households"]] == codes_of(codes)


@then(step("the round is due on {on:Date}"))
def due(commune: Commune, on: date) -> None:
    assert commune.round()["due"] == on.isoformat()


@then(parsers.parse("the decision's lists are:"))
def decision_lists(commune: Commune, datatable: list[list[str]]) -> None:
    assert commune.outcome is not None
    lists_ = commune.outcome.expect_accepted()["lists"]
    assert {name: [commune.code_of(h) for h in ids] for name, ids in lists_.items()} == {
        row["list"]: codes_of(row["households"]) for row in rows(datatable)
    }


@then(step('household {code} is {status:Status} from {on:Date} by decision "{number}"'))
def recognised_by(commune: Commune, code: str, status: str, on: date, number: str) -> None:
    view = commune.desk.view(commune.households[code].id)
    assert (view["status"], view["status_since"]) == (status, on.isoformat())
    assert view["status_decision"]["decision_ref"] == number


@then(step('the round is ended by decision "{number}"'))
def ended(commune: Commune, number: str) -> None:
    assert commune.outcome is not None
    commune.outcome.expect_accepted()
    assert commune.round()["decision"]["number"] == number


@then("nothing of the round is recorded")
def nothing_recorded(commune: Commune) -> None:
    assert commune.outcome is not None
    assert commune.outcome.version_after == commune.outcome.version_before


@then(step("the results stay posted until {on:Date}"))
def posted_until(commune: Commune, on: date) -> None:
    assert commune.outcome is not None
    assert commune.outcome.expect_accepted()["posting"]["until"] == on.isoformat()


@then(step("a regular review of {code} is open, due on {on:Date}"))
def regular_open(commune: Commune, code: str, on: date) -> None:
    shown = commune.round()
    assert (shown["kind"], shown["applicant"], shown["due"]) == ("REGULAR", code, on.isoformat())
    assert shown["decision"] is None


def overdue_applicants(commune: Commune, on: date) -> list[str | None]:
    assert on == TODAY, "the commune's overdue reviews are read today"
    rounds = commune.system.rounds.of_commune(COMMUNE, COMMUNE)
    return [r["applicant"] for r in rounds if r["overdue"]]


@then(step("on {on:Date} the commune's overdue reviews are of {codes}"))
def overdue(commune: Commune, on: date, codes: str) -> None:
    assert overdue_applicants(commune, on) == codes_of(codes)


@then(step("on {on:Date} the commune has no overdue review"))
def none_overdue(commune: Commune, on: date) -> None:
    assert overdue_applicants(commune, on) == []

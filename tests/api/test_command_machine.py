"""R4, the other half: a Hypothesis state machine over a household's commands through the
HTTP API — surveys, recognitions, loans and repayments, support, members, moves, retractions,
with dates, amounts, ids and places drawn from what is valid and what is not. After every
request: no 5xx; a refused one recorded nothing and names its rule; an accepted one added to the
household's history exactly the versions its answer says, and the household reads back at that
version (its ETag). A few runs in CI; many more with `make reliability`."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from functools import cache
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.api.client import Api, registration, serving, survey
from tests.conftest import open_system
from web.app import create_app

pytestmark = pytest.mark.slow  # tens of seconds: CI runs it, test-fast leaves it out
FULL = os.environ.get("GIAMNGHEO_RELIABILITY") == "full"
ANSWERS: Counter[str] = Counter()

# Mostly what a caseworker would type (so commands get through and the household grows), often
# enough what they should not (before the registration, in the future, negative, not a number).
plausible_days = st.dates(min_value=date(2022, 2, 1), max_value=date(2025, 6, 30))
days = st.one_of(
    plausible_days, plausible_days, plausible_days, st.dates(date(2021, 6, 1), date(2027, 3, 1))
).map(date.isoformat)
plausible_amounts = st.integers(min_value=100_000, max_value=30_000_000)
amounts = st.one_of(
    plausible_amounts, plausible_amounts, st.integers(-5, 200_000_000), st.just("mười triệu")
)
communes = st.sampled_from(["11296", "11296", "11296", "11299", "11488", "99999", "", "11296 "])
texts = st.one_of(st.sampled_from(["Tổ 2", "Thôn Đông", "Tổ 5"]), st.text(max_size=12))


@pytest.fixture(scope="module", autouse=True)
def tally() -> Iterator[None]:
    """The answers of every run, printed at the module's end for docs/reliability.md."""
    yield
    by_status = dict(sorted(ANSWERS.items()))
    print(f"\nR4 state machine: {sum(ANSWERS.values())} commands, by status {by_status}")


@cache
def app() -> FastAPI:
    """Built once for every run of the machine (building the routes is the slow part)."""
    return create_app(open_system("memory://"))


class HouseholdOverHttp(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        self.api: Api = self.stack.enter_context(serving(app(), open_system("memory://")))
        self.surveys: list[str] = []
        self.loans: list[str] = []

    @initialize()
    def register(self) -> None:
        answer = self.api.created("/api/households", registration())
        self.id, self.version = answer["id"], answer["version"]
        self.members = [m["member_id"] for m in answer["members"]]

    def send(self, tail: str, body: dict[str, Any]) -> httpx.Response:
        """One command; the checks every answer must pass."""
        before = self.api.system.store.recorder.max_notification_id()
        response = self.api.post(f"/api/households/{self.id}{tail}", body)
        ANSWERS[str(response.status_code)] += 1
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert self.api.system.store.recorder.max_notification_id() == before
            assert response.json()["code"], response.text
        else:
            version = response.json()["version"]
            assert version > self.version
            self.version = version
        return response

    @rule(income=amounts, deprived=st.integers(0, 12), day=days, kind=st.sampled_from(
        ["PERIODIC", "REGULAR", "SOMETIMES"]))  # fmt: skip
    def record_survey(self, income: object, deprived: int, day: str, kind: str) -> None:
        body = survey(income=income, deprived=deprived, effective_date=day, kind=kind)
        response = self.send("/surveys", body)
        if response.status_code == 201:
            self.surveys.append(response.json()["survey_id"])

    @rule(data=st.data(), day=days, ref=st.sampled_from(["12/QĐ-UBND", ""]))
    def recognise(self, data: st.DataObject, day: str, ref: str) -> None:
        survey_id = data.draw(st.sampled_from([*self.surveys, "S-none"]))
        self.send("/classifications", {"survey_id": survey_id, "decision_ref": ref,
                                       "effective_date": day})  # fmt: skip

    @rule(programme=st.sampled_from(["POOR", "NEAR_POOR", "HOUSING", "STUDENT", "X"]),
          amount=amounts, term=st.integers(-1, 400), day=days)  # fmt: skip
    def grant_loan(self, programme: str, amount: object, term: int, day: str) -> None:
        response = self.send("/loans", {"programme": programme, "amount_vnd": amount,
                                        "term_months": term, "organisation": "WOMENS_UNION",
                                        "effective_date": day})  # fmt: skip
        if response.status_code == 201:
            self.loans.append(response.json()["loan_id"])

    @rule(data=st.data(), amount=amounts, day=days)
    def repay(self, data: st.DataObject, amount: object, day: str) -> None:
        loan = data.draw(st.sampled_from([*self.loans, "L-none"]))
        self.send(f"/loans/{loan}/repayments", {"amount_vnd": amount, "effective_date": day})

    @rule(kind=st.sampled_from(["NUTRITION", "HOUSING", "PRODUCTION_CAPACITY", "?"]),
          project=st.one_of(st.none(), st.integers(-1, 9)), day=days)  # fmt: skip
    def support(self, kind: str, project: int | None, day: str) -> None:
        self.send("/supports", {"kind": kind, "project": project, "effective_date": day})

    @rule(commune=communes, village=texts, day=days, code=st.sampled_from([None, "", "QTH-9"]))
    def move(self, commune: str, village: str, day: str, code: str | None) -> None:
        body = {"commune_code": commune, "village": village, "effective_date": day}
        self.send("/moves", body if code is None else {**body, "household_code": code})

    @rule(name=texts, born=days, day=days)
    def add_member(self, name: str, born: str, day: str) -> None:
        body = {"full_name": name, "sex": "F", "birth_date": born,
                "relationship_to_head": "CHILD", "effective_date": day}  # fmt: skip
        response = self.send("/members", body)
        if response.status_code == 201:
            self.members.append(response.json()["member_id"])

    @rule(data=st.data(), reason=st.sampled_from(["Nhập nhầm", ""]), late=st.integers(0, 400))
    def retract(self, data: st.DataObject, reason: str, late: int) -> None:
        target = data.draw(st.integers(min_value=0, max_value=self.version + 1))
        day = (date(2022, 1, 15) + timedelta(days=late)).isoformat()
        self.send("/retractions", {"target_version": target, "reason": reason,
                                   "effective_date": day})  # fmt: skip

    @invariant()
    def the_household_reads_back_at_its_version_with_every_entry(self) -> None:
        if not hasattr(self, "id"):
            return
        # As the city's auditor: a move may take the household out of the caseworker's commune.
        read = self.api.get(f"/api/households/{self.id}", "auditor")
        history = self.api.get(f"/api/households/{self.id}/history", "auditor").json()
        assert read.headers["ETag"] == f'"{self.version}"'
        assert [entry["version"] for entry in history["entries"]] == list(
            range(1, self.version + 1)
        )

    def teardown(self) -> None:
        self.api.system.close()
        self.stack.close()


TestHouseholdOverHttp = HouseholdOverHttp.TestCase
TestHouseholdOverHttp.settings = settings(
    max_examples=200 if FULL else 20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

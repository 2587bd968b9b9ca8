"""Properties that hold for every history: the state rebuilt from the events is the state the
commands built; classification is monotone; and a refused command changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
)

from domain.dates import is_working_age
from domain.errors import MESSAGES, DomainError
from domain.household import Household
from domain.standards import catalogue
from domain.values import (
    AreaKind,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
)
from tests.domain.builders import REGISTERED, by, household, person, state
from tests.domain.spec import SPEC_INDICATORS, deprivations

NATIONAL = ("VN-MDP-2022", "VN-MDP-2027")

# docs/spec/standards.md: (line T, band upper M or None) per standard and area kind.
SPEC_LINES: dict[tuple[str, AreaKind], tuple[int, int | None]] = {
    ("VN-MDP-2022", AreaKind.RURAL): (1_500_000, 2_250_000),
    ("VN-MDP-2022", AreaKind.URBAN): (2_000_000, 3_000_000),
    ("VN-MDP-2027", AreaKind.RURAL): (2_200_000, None),
    ("VN-MDP-2027", AreaKind.URBAN): (2_800_000, None),
}
# Worse off first: the order the rules of §3 rank the statuses in.
SEVERITY = {Status.POOR: 3, Status.NEAR_POOR: 2, Status.AVERAGE: 1, Status.NON_POOR: 0}

incomes = st.integers(min_value=0, max_value=5_000_000)
area_kinds = st.sampled_from(list(AreaKind))
standard_ids = st.sampled_from(NATIONAL)


# ---- (b) classification ---------------------------------------------------------------------


def expected_status(
    standard_id: str, area: AreaKind, income: int, deprived: int
) -> tuple[Status, bool]:
    """docs/spec/standards.md, from the figures of its table: the status, and whether the
    income is inside the average band."""
    line, upper = SPEC_LINES[(standard_id, area)]
    if income <= line:
        return (Status.POOR if deprived >= 3 else Status.NEAR_POOR), False
    return Status.NON_POOR, upper is not None and income <= upper


@st.composite
def answers(draw: st.DrawFn, standard_id: str) -> dict[str, bool]:
    keys = SPEC_INDICATORS[standard_id]
    return {key: draw(st.booleans()) for key in keys}


@given(standard_ids.flatmap(lambda s: st.tuples(st.just(s), answers(s))), area_kinds, incomes)
def test_classification_follows_the_table_of_the_standard(
    chosen: tuple[str, dict[str, bool]], area: AreaKind, income: int
) -> None:
    standard_id, given_answers = chosen
    result = catalogue().get(standard_id).classify(area, income, given_answers)

    deprived = sum(given_answers.values())
    assert (result.status, result.average_band) == expected_status(
        standard_id, area, income, deprived
    )
    assert result.income_threshold_vnd == SPEC_LINES[(standard_id, area)][0]


@given(
    standard_ids.flatmap(lambda s: st.tuples(st.just(s), answers(s))),
    area_kinds,
    incomes,
    st.integers(min_value=0, max_value=3_000_000),
)
def test_raising_the_income_never_makes_a_household_worse_off(
    chosen: tuple[str, dict[str, bool]], area: AreaKind, income: int, raise_by: int
) -> None:
    standard_id, given_answers = chosen
    standard = catalogue().get(standard_id)

    before = standard.classify(area, income, given_answers).status
    after = standard.classify(area, income + raise_by, given_answers).status

    assert SEVERITY[after] <= SEVERITY[before]
    assert after.level <= before.level


@given(
    standard_ids.flatmap(
        lambda s: st.tuples(st.just(s), answers(s), st.sampled_from(SPEC_INDICATORS[s]))
    ),
    area_kinds,
    incomes,
)
def test_adding_a_deprivation_never_makes_a_household_better_off(
    chosen: tuple[str, dict[str, bool], str], area: AreaKind, income: int
) -> None:
    standard_id, given_answers, key = chosen
    standard = catalogue().get(standard_id)

    before = standard.classify(area, income, {**given_answers, key: False}).status
    after = standard.classify(area, income, {**given_answers, key: True}).status

    assert SEVERITY[after] >= SEVERITY[before]
    assert after.level >= before.level


@example(Sex.M, date(1960, 12, 10), date(2020, 12, 31), 10)
@given(
    st.sampled_from(list(Sex)),
    st.dates(min_value=date(1940, 1, 1), max_value=date(2000, 12, 31)),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=1, max_value=3_000),
)
def test_someone_past_retirement_age_does_not_return_to_working_age(
    sex: Sex, born: date, on: date, days_later: int
) -> None:
    """Working age (Decree 135/2020) is one span of a life: past it, one stays past it."""
    assume(on.year - born.year >= 20 and not is_working_age(sex, born, on))

    assert not is_working_age(sex, born, on + timedelta(days=days_later))


# ---- household commands, shared by (a) and (c) ---------------------------------------------

SURVEY_IDS = ("s1", "s2", "s3")
LOAN_IDS = ("l1", "l2")
MEMBER_IDS = ("head", "spouse", "child", "m1", "m2")
# Dates a month apart, so that commands often share a date or fall either side of another's.
days = st.integers(min_value=-1, max_value=60).map(lambda n: REGISTERED + timedelta(days=30 * n))


@dataclass(frozen=True)
class Command:
    """One household command with its arguments, as hypothesis shows it when shrinking."""

    name: str
    args: tuple[Any, ...]

    def run(self, h: Household) -> None:
        COMMANDS[self.name](h, *self.args)


def record_survey(h: Household, sid: str, on: date, income: int, deprived: int, std: str) -> None:
    standard = catalogue().get(std)
    h.record_survey(
        sid,
        ReviewKind.REGULAR,
        standard,
        income,
        None,
        deprivations(standard.keys, deprived),
        [],
        [],
        "x",
        by(on),
    )


def classify(h: Household, sid: str, on: date, area: AreaKind) -> None:
    surveyed = h.survey(sid)
    standard = catalogue().get(surveyed.standard_id if surveyed else NATIONAL[0])
    h.classify(sid, "QĐ/1", standard, area, by(on))


def grant_loan(
    h: Household, loan_id: str, programme: LoanProgramme, amount: int, term: int, on: date
) -> None:
    h.grant_loan(
        loan_id, programme, amount, term, None, "", EntrustingOrganisation.YOUTH_UNION, "", by(on)
    )


def repay_loan(h: Household, loan_id: str, amount: int, on: date) -> None:
    h.repay_loan(loan_id, amount, by(on))


def retract(h: Household, version: int, reason: str) -> None:
    h.retract(version, reason, by(REGISTERED))


def add_member(
    h: Household, member_id: str, relationship: Relationship, born: date, on: date
) -> None:
    h.add_member(person(member_id, relationship, Sex.M, born), by(on))


def remove_member(h: Household, member_id: str, reason: RemovalReason, on: date) -> None:
    h.remove_member(member_id, reason, by(on))


def change_head(h: Household, member_id: str, on: date) -> None:
    h.change_head(member_id, by(on))


def secure_employment(h: Household, member_id: str, on: date) -> None:
    h.secure_employment(member_id, EmploymentKind.SELF_EMPLOYED, "", by(on))


def end_employment(h: Household, member_id: str, on: date) -> None:
    h.end_employment(member_id, by(on))


COMMANDS: dict[str, Callable[..., None]] = {
    f.__name__: f
    for f in (
        record_survey,
        classify,
        grant_loan,
        repay_loan,
        retract,
        add_member,
        remove_member,
        change_head,
        secure_employment,
        end_employment,
    )
}


def command(name: str, *args: st.SearchStrategy[Any]) -> st.SearchStrategy[Command]:
    return st.builds(Command, st.just(name), st.tuples(*args))


survey_ids, loan_ids, member_ids = (
    st.sampled_from(ids) for ids in (SURVEY_IDS, LOAN_IDS, MEMBER_IDS)
)
amounts = st.integers(min_value=1, max_value=150_000_000)
versions = st.integers(min_value=0, max_value=40)

surveys = command("record_survey", survey_ids, days, incomes, st.integers(0, 12), standard_ids)
classifications = command("classify", survey_ids, days, area_kinds)
loans = command(
    "grant_loan",
    loan_ids,
    st.sampled_from(list(LoanProgramme)),
    amounts,
    st.integers(min_value=1, max_value=130),
    days,
)
repayments = command("repay_loan", loan_ids, amounts, days)
retractions = command("retract", versions, st.sampled_from(["sai sót", " "]))
additions = command(
    "add_member",
    member_ids,
    st.sampled_from(list(Relationship)),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2024, 1, 1)),
    days,
)
removals = command("remove_member", member_ids, st.sampled_from(list(RemovalReason)), days)
head_changes = command("change_head", member_ids, days)
jobs = command("secure_employment", member_ids, days)
job_ends = command("end_employment", member_ids, days)
any_command = st.one_of(
    surveys,
    classifications,
    loans,
    repayments,
    retractions,
    additions,
    removals,
    head_changes,
    jobs,
    job_ends,
)


def run_allowing_refusal(h: Household, cmd: Command) -> DomainError | None:
    try:
        cmd.run(h)
    except DomainError as refusal:
        return refusal
    return None


# ---- (a) the state rebuilt from the events --------------------------------------------------

SAMPLE_DAYS = [REGISTERED + timedelta(days=n) for n in range(0, 1_900, 97)] + [date.max]


def queries(h: Household) -> list[Any]:
    """What callers read, on a spread of days."""
    return [
        (
            h.status_on(day),
            h.newly_escaped_until(day),
            h.loans_on(day),
            h.members_on(day),
            h.head_on(day),
            h.location_on(day),
            [h.open_employment(m, day) for m in MEMBER_IDS],
        )
        for day in SAMPLE_DAYS
    ]


def rebuilt(h: Household) -> Household:
    replayed: Any = None
    for event in h.pending_events:
        replayed = event.mutate(replayed)
    assert isinstance(replayed, Household)
    return replayed


def assert_rebuilt_equals(h: Household) -> None:
    replayed = rebuilt(h)
    assert replayed.id == h.id
    assert state(replayed)[:-1] == state(h)[:-1]
    assert queries(replayed) == queries(h)


@settings(max_examples=60, deadline=None)
@given(st.lists(any_command, max_size=30))
def test_the_state_rebuilt_from_the_events_equals_the_state_built_by_the_commands(
    commands: list[Command],
) -> None:
    h = household()
    for cmd in commands:
        run_allowing_refusal(h, cmd)

    assert_rebuilt_equals(h)


# ---- (c) refused commands change nothing ----------------------------------------------------


class HouseholdCommands(RuleBasedStateMachine):
    """Any sequence of household commands: each either records its events or is refused with
    a known code naming a field, leaving the household exactly as it was."""

    def __init__(self) -> None:
        super().__init__()
        self.household = household()
        self.refusals: set[str] = set()

    def attempt(self, cmd: Command) -> None:
        before = state(self.household)
        refusal = run_allowing_refusal(self.household, cmd)
        if refusal is None:
            assert self.household.version > before[0]
            return
        assert state(self.household) == before, f"{cmd} was refused but changed the household"
        assert refusal.code in MESSAGES
        assert refusal.field, f"{refusal.code} names no field"
        assert refusal.message("vi")
        assert refusal.message("en")
        self.refusals.add(refusal.code)

    @rule(cmd=surveys)
    def survey(self, cmd: Command) -> None:
        self.attempt(cmd)

    @rule(cmd=classifications)
    def classify(self, cmd: Command) -> None:
        self.attempt(cmd)

    @rule(cmd=loans)
    def loan(self, cmd: Command) -> None:
        self.attempt(cmd)

    @rule(cmd=repayments)
    def repay(self, cmd: Command) -> None:
        self.attempt(cmd)

    @rule(data=st.data(), reason=st.sampled_from(["sai sót", ""]))
    def retract(self, data: st.DataObject, reason: str) -> None:
        version = data.draw(st.integers(min_value=1, max_value=self.household.version + 1))
        self.attempt(Command("retract", (version, reason)))

    @rule(cmd=st.one_of(additions, removals, head_changes))
    def members(self, cmd: Command) -> None:
        self.attempt(cmd)

    @rule(cmd=st.one_of(jobs, job_ends))
    def employment(self, cmd: Command) -> None:
        self.attempt(cmd)

    @invariant()
    def every_event_is_one_entry_of_the_timeline(self) -> None:
        assert sorted(self.household.entries) == list(range(1, self.household.version + 1))

    @invariant()
    def the_household_always_has_a_head_who_is_a_member(self) -> None:
        for day in (REGISTERED, REGISTERED + timedelta(days=900), date.max):
            head = self.household.head_on(day)
            assert head in {m.member_id for m in self.household.members_on(day)}

    @invariant()
    def no_loan_is_repaid_beyond_its_amount(self) -> None:
        assert all(loan.outstanding_vnd >= 0 for loan in self.household.loans_on(date.max))

    def teardown(self) -> None:
        assert_rebuilt_equals(self.household)


TestHouseholdCommands = HouseholdCommands.TestCase
TestHouseholdCommands.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)

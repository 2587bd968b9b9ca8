"""One household of the demo history, acted out in effective-date order, each step through
the household's own method as the caseworker's command would call it."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from random import Random
from typing import TYPE_CHECKING, Any

from application.areas import REFORM_2025, REORGANISED
from application.demo.helpers import (
    Cluster,
    ModelPlan,
    Person,
    between,
    caseworker,
    decision,
    full_name,
    income_band,
    million,
    new_id,
    pick,
    savings_group_of,
    years_old,
)
from application.demo.tables import (
    AGRICULTURAL_SHARE,
    AWAITING_CHANCE,
    CAUSE_NEEDS,
    CAUSES,
    DEPRIVATION_COUNTS,
    DEPRIVATION_NEEDS,
    DEPRIVATION_WEIGHTS,
    EMPLOYERS,
    EMPLOYMENT_KINDS,
    ETHNICITIES,
    FAMILY_NAMES,
    FIRST_REVIEW_YEAR,
    FIRST_STATUSES,
    HOUSEHOLD_SIZES,
    ID_SEX_CENTURY,
    INCOME_STEP,
    LAST_REVIEW_YEAR,
    LAST_YEAR,
    LISTED,
    LISTED_PROGRAMMES,
    LOAN_KINDS,
    MILLION,
    OPEN_PROGRAMMES,
    REGULAR_CHANGE,
    SUPPORT_RULES,
    TYPO_CHANCE,
    YEARLY_CHANGE,
    Step,
    SupportRule,
)
from domain.base import EventSourced, Recorded
from domain.dates import add_months
from domain.errors import ConflictError
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.programme import programme_rules
from domain.standards import catalogue
from domain.values import (
    AreaKind,
    Cause,
    LoanProgramme,
    Member,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
)

if TYPE_CHECKING:
    from application.demo.city import Demo


@dataclass
class Story:
    """One household acted out in effective-date order: each step may schedule later ones.
    Each step calls the household's own method, as the caseworker's command would."""

    demo: Demo
    rng: Random
    cluster: Cluster
    plan: ModelPlan | None
    commune: str = ""
    address: str = ""
    head: str = ""
    people: list[Person] = field(default_factory=list)
    status: Status | None = None
    signals: frozenset[str] = frozenset()
    enrolled: bool = False
    priority: dict[str, float] = field(default_factory=dict)
    queue: list[tuple[date, int, Step]] = field(default_factory=list)
    scheduled: int = 0
    registered: Household | None = None
    # A household of a split unit its commune has not yet assigned: its story pauses there.
    awaiting: bool = False
    at: datetime | None = None
    # Registered only: a household the reviews never listed (`Cluster.quiet`).
    quiet: bool = False

    @property
    def household(self) -> Household:
        assert self.registered is not None
        return self.registered

    def schedule(self, day: date, step: Step) -> None:
        self.scheduled += 1
        heapq.heappush(self.queue, (day, self.scheduled, step))

    def play(self) -> None:
        """The household's whole history, recorded at one instant: it is written in one
        transaction, so no reader ever saw a part of it."""
        self.at = EventSourced.Event.create_timestamp()
        self.commune = self.cluster.commune.code
        self.schedule(between(self.rng, date(2021, 9, 1), date(2021, 9, 10)), self.register)
        while self.queue:
            day, _, step = heapq.heappop(self.queue)
            if day > self.demo.end or self.awaiting:
                return
            step(day)

    def recorded(self, day: date, note: str | None = None) -> Recorded:
        """The commune's caseworker records it; drawn after the step's own choices, as the
        command's context was."""
        return self.demo.recorded(self.rng, caseworker(self.commune), day, note, self.at)

    def register(self, day: date) -> None:
        rng = self.rng
        target = Status.NON_POOR if self.quiet else pick(rng, FIRST_STATUSES)
        self.people = self.family(day, target)
        ethnicity = pick(rng, ETHNICITIES)
        area_kind = self.cluster.commune.area_kind
        self.address = house_address(area_kind, rng.randint(1, 250))
        by = self.recorded(day)
        members = [
            Member.parse(self.member_data(p, ethnicity, day), f"members[{i}]")
            for i, p in enumerate(self.people)
        ]
        flags = {
            "ethnic_minority": ethnicity != "Kinh",
            "revolutionary_merit": rng.random() < 0.04,
            "no_labour_capacity": not any(p.can_work(day) for p in self.people),
            "social_protection": rng.random() < 0.05,
            "agricultural": rng.random() < AGRICULTURAL_SHARE[area_kind],
        }
        code = self.demo.household_code(self.commune)
        household = Household.register(
            household_code=code,
            commune_code=self.commune,
            village=self.cluster.village,
            address=self.address,
            members=members,
            flags=flags,
            by=by,
            household_id=self.demo.new_id("household", self.commune, code),
        )
        self.registered = self.demo.admit(household, by)
        self.head = self.people[0].member_id
        if not self.quiet:
            self.schedule(
                between(rng, date(2021, 9, 13), date(2021, 11, 30)),
                partial(self.periodic_survey, target),
            )
            for year in range(FIRST_REVIEW_YEAR + 1, LAST_YEAR + 1):
                self.schedule(date(year, 1, 2), self.family_year)
        if self.demo.registry.commune_on(self.commune, REFORM_2025) is None:
            self.schedule(REFORM_2025, self.follow_reform)
        self.schedule(REORGANISED, self.follow_reorganisation)

    def member_data(self, person: Person, ethnicity: str, on: date) -> dict[str, Any]:
        data: dict[str, Any] = {
            "member_id": person.member_id,
            "full_name": person.full_name,
            "sex": person.sex.value,
            "birth_date": person.birth_date.isoformat(),
            "relationship_to_head": person.relationship.value,
            "ethnicity": ethnicity,
            "working_capable": person.working_capable,
        }
        if years_old(person.birth_date, on) >= 14 and self.rng.random() < 0.85:
            century = person.birth_date.year // 100
            data["national_id"] = (
                f"031{ID_SEX_CENTURY[(person.sex, century)]}{person.birth_date.year % 100:02d}"
                f"{self.rng.randrange(10**6):06d}"
            )
        return data

    def family(self, day: date, target: Status) -> list[Person]:
        """A head, usually a spouse, then children a few years apart, a parent or grandchildren,
        up to the size drawn."""
        rng = self.rng
        size = pick(rng, HOUSEHOLD_SIZES)
        frail = 0.1 if target is Status.POOR else 0.03
        head_sex = Sex.M if rng.random() < 0.72 else Sex.F
        head_age = rng.randint(60, 88) if size == 1 else rng.randint(24, 80)
        surname = pick(rng, FAMILY_NAMES)

        def person(relationship: Relationship, sex: Sex, age: int, family: str) -> Person:
            born = date.fromordinal(day.toordinal() - age * 365 - rng.randrange(365))
            capable = rng.random() >= (frail + (0.3 if age >= 80 else 0))
            return Person(
                new_id(rng), full_name(rng, sex, family), sex, born, relationship, capable
            )

        people = [person(Relationship.HEAD, head_sex, head_age, surname)]
        father = surname
        if size >= 2 and rng.random() < 0.85:
            spouse_sex = Sex.F if head_sex is Sex.M else Sex.M
            spouse_surname = pick(rng, FAMILY_NAMES)
            people.append(
                person(
                    Relationship.SPOUSE,
                    spouse_sex,
                    max(20, head_age + rng.randint(-6, 4)),
                    spouse_surname,
                )
            )
            father = surname if head_sex is Sex.M else spouse_surname
        child_age = min(head_age - rng.randint(20, 30), 35)
        while len(people) < size:
            sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
            if head_age >= 55 and rng.random() < 0.5:
                people.append(person(Relationship.GRANDCHILD, sex, rng.randint(0, 15), father))
            elif head_age <= 50 and rng.random() < 0.2:
                people.append(
                    person(
                        Relationship.PARENT,
                        sex,
                        head_age + rng.randint(22, 30),
                        surname if sex is Sex.M else pick(rng, FAMILY_NAMES),
                    )
                )
            elif child_age >= 0:
                people.append(person(Relationship.CHILD, sex, child_age, father))
                child_age -= rng.randint(1, 4)
            else:
                break
        return people

    # ---- reviews --------------------------------------------------------------------------

    def periodic_survey(self, target: Status, day: date) -> None:
        survey_id = self.survey(ReviewKind.PERIODIC, day, target)
        decision_ref, decided = decision(self.commune, day.year)
        self.schedule(decided, partial(self.classify, survey_id, decision_ref))
        if day.year < LAST_REVIEW_YEAR:
            self.schedule(
                between(self.rng, date(day.year + 1, 9, 15), date(day.year + 1, 11, 30)),
                self.next_periodic_survey,
            )
        self.schedule(
            between(self.rng, date(day.year + 1, 3, 1), date(day.year + 1, 7, 31)),
            self.maybe_regular_review,
        )

    def next_periodic_survey(self, day: date) -> None:
        assert self.status is not None
        self.periodic_survey(pick(self.rng, YEARLY_CHANGE[self.status]), day)

    def maybe_regular_review(self, day: date) -> None:
        assert self.status is not None
        chance, changes = REGULAR_CHANGE[self.status]
        if self.rng.random() >= chance:
            return
        survey_id = self.survey(ReviewKind.REGULAR, day, pick(self.rng, changes))
        decision_ref = f"QĐ {self.rng.randint(100, 2999)}/QĐ-UBND"
        self.schedule(
            day + timedelta(days=self.rng.randint(7, 21)),
            partial(self.classify, survey_id, decision_ref),
        )

    def survey(self, kind: ReviewKind, day: date, target: Status) -> str:
        """A survey whose income and deprivations lead the standard to the target status."""
        rng = self.rng
        standard = catalogue().for_review(kind, day)
        area_kind = self.demo.registry.check_commune(self.commune, day).area_kind
        low, high = income_band(standard, area_kind, target)
        ranked = sorted(standard.keys, key=self.rank, reverse=True)
        deprived = set(ranked[: rng.choice(DEPRIVATION_COUNTS[target])])
        causes: set[Cause] = set()
        needs: set[Need] = set()
        if target in LISTED:
            causes = {pick(rng, CAUSES) for _ in range(rng.randint(1, 3))}
            needs = {need for cause in causes for need in CAUSE_NEEDS[cause]}
            needs |= {DEPRIVATION_NEEDS[key] for key in deprived if key in DEPRIVATION_NEEDS}
            if area_kind is AreaKind.RURAL and rng.random() < 0.4:
                needs.add(Need.PRODUCTION_SUPPORT)
        survey_id = new_id(rng)
        income = rng.randint(-(-low // INCOME_STEP), high // INCOME_STEP) * INCOME_STEP
        by = self.recorded(day)
        self.household.record_survey(
            survey_id=survey_id,
            kind=kind,
            standard=standard,
            income_per_capita_vnd=income,
            b1_score=None,
            deprivations={key: key in deprived for key in standard.keys},
            causes=causes,
            needs=needs,
            surveyor=by.actor,
            by=by,
        )
        self.signals = frozenset(needs) | frozenset(deprived)
        return survey_id

    def rank(self, key: str) -> float:
        """Each household's own order of deprivations, so the same ones persist over years."""
        if key not in self.priority:
            self.priority[key] = self.rng.random() ** (1 / DEPRIVATION_WEIGHTS.get(key, 1))
        return self.priority[key]

    def classify(self, survey_id: str, decision_ref: str, day: date) -> None:
        """Recognised under the survey's standard, for the kind of area the household lived in
        when surveyed."""
        by = self.recorded(day)
        household = self.household
        survey = household.check_classifiable(survey_id, day)
        households = self.demo.system.households
        standard, area_kind = households.survey_terms(household, survey, self.demo.registry)
        local = households.local_standard(survey, self.demo.registry)
        outcome = household.classify(survey_id, decision_ref, standard, area_kind, by, local)
        # The story moves by the household's living standard: inside the average band is
        # AVERAGE to it, whatever the recognition gives a household that does not farm.
        self.status = Status.AVERAGE if outcome.classification.average_band else outcome.status
        self.plan_help(day, outcome.newly_escaped_until is not None)

    # ---- help after a decision ------------------------------------------------------------

    def plan_help(self, decided: date, newly_escaped: bool) -> None:
        """What the commune arranges in the months after a decision."""
        rng = self.rng

        def later(first: int = 15, last: int = 220) -> date:
            return decided + timedelta(days=rng.randint(first, last))

        assert self.status is not None
        if self.status in LISTED:
            if Need.CREDIT in self.signals and rng.random() < 0.7:
                self.schedule(later(20), partial(self.grant_loan, pick(rng, OPEN_PROGRAMMES)))
            for rule in SUPPORT_RULES:
                if self.status in rule.statuses and (
                    not rule.signals or rule.signals & self.signals
                ):
                    self.schedule(later(), partial(self.support, rule))
            if Need.EMPLOYMENT in self.signals or rng.random() < 0.3:
                self.schedule(later(30, 240), self.secure_job)
            if Need.PRODUCTION_SUPPORT in self.signals or rng.random() < 0.4:
                self.plan_enrolment(decided)
        elif rng.random() < (0.35 if newly_escaped else 0.04):
            self.schedule(later(20, 300), partial(self.grant_loan, pick(rng, OPEN_PROGRAMMES)))

    def grant_loan(self, fallback: LoanProgramme, day: date) -> None:
        """The listed programmes when the rules allow on the disbursement day (asked with the
        rule's own queries), else a programme open to all (water and sanitation in a rural
        commune only); no more than the household may still owe under its ceiling, and no
        loan when that is less than the smallest one."""
        household = self.household
        status = household.status_on(day)
        area_kind = self.demo.registry.check_commune(self.commune, day).area_kind
        rules = programme_rules().loans
        if status in LISTED_PROGRAMMES:
            programme = LISTED_PROGRAMMES[status]
        elif household.newly_escaped_until(day) is not None:
            programme = LoanProgramme.NEWLY_ESCAPED
        elif (
            rules.programmes[fallback].rural_only and area_kind is not AreaKind.RURAL
        ) or not rules.open_to(fallback, household.standing_on(day)):
            programme = LoanProgramme.JOB_CREATION
        else:
            programme = fallback
        rng = self.rng
        kind = LOAN_KINDS[programme]
        amount = million(rng, kind.amounts, step=5 * MILLION)
        ceiling = rules.ceiling_of(programme)
        if ceiling is not None:
            room = ceiling.amount_vnd - household.owed_from(day, ceiling.programmes)
            amount = min(amount, room // (5 * MILLION) * 5 * MILLION)
            if amount <= 0:
                return
        term = rng.choice(kind.terms)
        loan_id = new_id(rng)
        purpose = rng.choice(kind.purposes)
        organisation, group = savings_group_of(household.id, self.cluster.village)
        household.grant_loan(
            loan_id=loan_id,
            programme=programme,
            amount_vnd=amount,
            term_months=term,
            annual_rate_pct=None,
            purpose=purpose,
            organisation=organisation,
            savings_group=group,
            by=self.recorded(day),
            area_kind=lambda: area_kind,
        )
        if rng.random() < 0.85:
            self.plan_repayments(loan_id, amount, term, day)

    def plan_repayments(self, loan_id: str, amount: int, term: int, granted: date) -> None:
        """A yearly share of the principal on each anniversary, the rest with the last one."""
        years = max(1, term // 12)
        share = amount // years // 100_000 * 100_000
        for year in range(1, years + 1):
            paid = share if year < years else amount - share * (years - 1)
            self.schedule(add_months(granted, 12 * year), partial(self.repay, loan_id, paid))

    def repay(self, loan_id: str, amount: int, day: date) -> None:
        self.household.repay_loan(loan_id, amount, self.recorded(day))

    def support(self, rule: SupportRule, day: date) -> None:
        rng = self.rng
        if rule.members:
            workers = [
                p
                for p in self.people
                if p.can_work(day) and years_old(p.birth_date, day) <= rule.max_age
            ]
            members: list[str | None] = [
                p.member_id for p in workers[: rule.members] if rng.random() < rule.chance
            ]
        else:
            members = [None] if rng.random() < rule.chance else []
        for member_id in members:
            amount = million(rng, rule.amounts) if rule.amounts else None
            if amount and rng.random() < TYPO_CHANCE:
                self.correct_typo(rule, member_id, amount * 10, day)
            self.provide(rule, member_id, amount, day)

    def provide(
        self, rule: SupportRule, member_id: str | None, amount: int | None, day: date
    ) -> int:
        """The support's entry; its version, which a retraction names."""
        household = self.household
        programme = programme_rules().programme_on(day)
        named = programme is not None and rule.project in programme.components
        project = rule.project if named else None  # no component of the programme that day
        household.provide_support(
            rule.kind, project, member_id, amount, rule.provider, self.recorded(day)
        )
        return household.version

    def correct_typo(self, rule: SupportRule, member_id: str | None, wrong: int, day: date) -> None:
        """A caseworker types one zero too many, then retracts the entry
        (docs/spec/corrections.md)."""
        version = self.provide(rule, member_id, wrong, day)
        reason = "Nhập sai số tiền (thừa một chữ số 0)"
        self.household.retract(version, reason, self.recorded(day))

    def secure_job(self, day: date) -> None:
        rng = self.rng
        candidates = [p for p in self.people if p.can_work(day) and not p.employed]
        if not candidates:
            return
        person = rng.choice(candidates)
        kind = pick(rng, EMPLOYMENT_KINDS)
        employer = rng.choice(EMPLOYERS[kind])
        self.household.secure_employment(person.member_id, kind, employer, self.recorded(day))
        person.employed = True
        if rng.random() < 0.25:
            self.schedule(
                day + timedelta(days=rng.randint(180, 720)), partial(self.end_job, person)
            )

    def end_job(self, person: Person, day: date) -> None:
        self.household.end_employment(person.member_id, self.recorded(day))
        person.employed = False

    def plan_enrolment(self, decided: date) -> None:
        """Join the cluster's model once, while it is open."""
        plan = self.plan
        if plan is None or self.enrolled:
            return
        first = max(decided + timedelta(days=20), plan.model.established_on)
        last = min(decided + timedelta(days=300), (plan.closes_on or date.max) - timedelta(days=1))
        if first <= last:
            self.enrolled = True
            self.schedule(between(self.rng, first, last), partial(self.enrol, plan.model))

    def enrol(self, model: LivelihoodModel, day: date) -> None:
        rng = self.rng
        members = [p.member_id for p in self.people if p.can_work(day)][: rng.randint(1, 2)]
        support = million(rng, (2, 10)) if rng.random() < 0.7 else None
        by = self.recorded(day)
        model.check_open_on(day)
        self.household.enrol_in_model(str(model.id), members, support, by)

    # ---- the family's own life ------------------------------------------------------------

    def family_year(self, day: date) -> None:
        """Deaths among the very old, births to young mothers and old heads handing over to an
        adult child, at random days of the year."""
        rng = self.rng
        year_end = date(day.year, 12, 28)
        for person in self.people:
            if person.present and years_old(person.birth_date, day) >= 75 and rng.random() < 0.06:
                self.schedule(between(rng, day, year_end), partial(self.death, person))
        if self.mother(day) is not None and rng.random() < 0.08:
            self.schedule(between(rng, day + timedelta(days=30), year_end), self.birth)
        if rng.random() < 0.08:
            self.schedule(between(rng, day, year_end), self.hand_over)
        if rng.random() < 0.02:
            self.schedule(between(rng, day, year_end), self.move_house)

    def move_house(self, day: date) -> None:
        """The family moves to another house of its village, recorded in the commune it lives
        in that day (a successor's code, once its own commune has ended)."""
        if self.awaiting:
            return
        area_kind = self.demo.registry.check_commune(self.commune, day).area_kind
        address = self.address
        while address == self.address:
            address = house_address(area_kind, self.rng.randint(1, 250))
        self.address = address
        by = self.recorded(day)
        claimed = self.household.move(self.commune, self.cluster.village, self.address, by)
        if claimed is not None:
            taken = partial(ConflictError, "household-code-taken", field="household_code")
            self.demo.unit.claim(*Household.code_claim(*claimed), self.household, by, taken)

    def hand_over(self, day: date) -> None:
        """An old head passes the household's book to a working adult child."""
        head = next(p for p in self.people if p.member_id == self.head)
        heirs = [
            p
            for p in self.people
            if p.relationship is Relationship.CHILD
            and p.can_work(day)
            and years_old(p.birth_date, day) >= 25
        ]
        if heirs and years_old(head.birth_date, day) >= 70:
            self.change_head(heirs[0], day)

    def mother(self, day: date) -> Person | None:
        return next(
            (
                p
                for p in self.people
                if p.present
                and p.sex is Sex.F
                and 20 <= years_old(p.birth_date, day) <= 40
                and p.relationship in (Relationship.HEAD, Relationship.SPOUSE)
            ),
            None,
        )

    def birth(self, day: date) -> None:
        rng = self.rng
        mother = self.mother(day)
        if mother is None:
            return
        father = next(
            (
                p
                for p in self.people
                if p.present
                and p.sex is Sex.M
                and p.relationship in (Relationship.HEAD, Relationship.SPOUSE)
            ),
            mother,
        )
        sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
        child = Person(
            new_id(rng),
            full_name(rng, sex, father.family_name),
            sex,
            day - timedelta(days=rng.randint(7, 40)),
            Relationship.CHILD,
            True,
        )
        member = Member.parse(
            {
                "member_id": child.member_id,
                "full_name": child.full_name,
                "sex": sex.value,
                "birth_date": child.birth_date.isoformat(),
                "relationship_to_head": "CHILD",
                "working_capable": True,
            },
            "member",
        )
        self.household.add_member(member, self.recorded(day))
        self.people.append(child)

    def death(self, person: Person, day: date) -> None:
        """A head's death passes the headship on first; a person living alone stays on."""
        if not person.present:
            return
        if person.member_id == self.head:
            heirs = sorted(
                (
                    p
                    for p in self.people
                    if p.present and p is not person and years_old(p.birth_date, day) >= 18
                ),
                key=lambda p: p.birth_date,
            )
            if not heirs:
                return
            self.change_head(
                next((p for p in heirs if p.relationship is Relationship.SPOUSE), heirs[0]), day
            )
        self.household.remove_member(person.member_id, RemovalReason.DECEASED, self.recorded(day))
        person.present = False

    def change_head(self, heir: Person, day: date) -> None:
        self.household.change_head(heir.member_id, self.recorded(day))
        self.head = heir.member_id

    def follow_reform(self, day: date) -> None:
        """The commune was merged away on 2025-01-01: the household counts in the commune it
        joined (Resolution 1232's successor, in the registry), with nothing recorded on it."""
        succession = self.demo.registry.successions.get(self.commune)
        if succession is not None and succession.heir is not None:
            self.commune = succession.heir

    def follow_reorganisation(self, day: date) -> None:
        """1 July 2025: a whole commune's household is in its successor with nothing recorded;
        a split one's is assigned by the new commune to where it lives (most to the first of
        the successors), some not yet."""
        succession = self.demo.registry.successions.get(self.commune)
        if succession is None:
            return
        if succession.heir is not None:
            self.commune = succession.heir
            return
        if self.rng.random() < AWAITING_CHANCE:
            self.awaiting = True
            return
        codes = succession.codes
        chosen = codes[0] if self.rng.random() < 0.7 else self.rng.choice(codes)
        self.demo.system.areas.check_successor(self.commune, succession, chosen)
        self.commune = chosen
        self.household.assign(chosen, self.recorded(day))


def house_address(area_kind: AreaKind, house: int) -> str:
    """A house number in a town's residential group; a hamlet (xóm) in a village."""
    return f"Số {house}" if area_kind is AreaKind.URBAN else f"Xóm {house % 9 + 1}"

"""What the households of a demo history share: the city's communes, models, officials,
plans and household totals (docs/spec/reorganisation.md)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial
from itertools import accumulate
from random import Random
from uuid import UUID

from application.admin_scope import check_inside
from application.areas import REFORM_2025, REORGANISED
from application.bulk import UnitOfWork
from application.commands import Actor
from application.demo.helpers import (
    UUID4_CLEAR,
    UUID4_SET,
    Cluster,
    ModelPlan,
    between,
    caseworker,
    full_name,
    million,
    new_id,
    pick,
)
from application.demo.story import (
    Story,
)
from application.demo.tables import (
    COMMUNE_WEIGHTS,
    COMMUNES_AS_OF,
    COURSES,
    EXAMPLE_PLANS,
    FAMILY_NAMES,
    LAST_YEAR,
    MILLION,
    MODEL_CLOSE_CHANCE,
    MODEL_REPLICATION_CHANCE,
    MODEL_TEMPLATES,
    POSITIONS,
    STATISTICS_OFFICES,
    VILLAGE_WORDS,
    VILLAGES,
)
from application.infrastructure.store import exists
from application.system import System
from domain.area_registry import AWAITING, AreaRegistry, Unit
from domain.base import Recorded, deterministic_id
from domain.dates import add_months
from domain.errors import ConflictError
from domain.household import Household
from domain.livelihood_model import LivelihoodModel
from domain.official import Official
from domain.plan import Plan
from domain.values import (
    CommuneKind,
    Sex,
)


def quiet_clusters(communes: list[Unit], cumulative: list[int], quiet: int) -> list[Cluster]:
    """`quiet` households spread over the communes by their cumulative weights, and within a
    commune over its villages."""
    clusters, placed = [], 0
    for commune, weight in zip(communes, cumulative, strict=True):
        share = quiet * weight // cumulative[-1]
        here, placed = share - placed, share
        for number in range(1, VILLAGES + 1):
            size = here * number // VILLAGES - here * (number - 1) // VILLAGES
            if size:
                village = f"{VILLAGE_WORDS[commune.area_kind]} {number}"
                clusters.append(Cluster(commune, village, 0, size))
    return clusters


class Demo:
    """What the households share: the system, the unit of work their aggregates go into, the
    city's communes, and per-commune counters."""

    def __init__(self, system: System, seed: int, unit: UnitOfWork) -> None:
        self.system = system
        self.seed = seed
        self.rng = Random(seed)
        self.unit = unit
        self.end = min(system.runner.today(), date(LAST_YEAR, 12, 31))
        self.registry = system.areas.registry()
        self.codes: dict[str, int] = {}
        self.pioneers: dict[str, LivelihoodModel] = {}
        self.models = 0
        self.officials = 0

    def recorded(
        self,
        rng: Random,
        actor: Actor,
        day: date,
        note: str | None = None,
        at: datetime | None = None,
    ) -> Recorded:
        """Who records a fact and when, as a command's context would say; its command id comes
        from the seed, so reruns record identical events. Only a date past the demo's end (at
        most today) needs the commands' check that nothing is dated after today. `at`: the
        instant of the household's whole history (docs/decisions.md, "One instant a
        recording")."""
        if day > self.end:
            self.system.runner.check_effective_date(day)
        return Recorded(day, actor.username, new_id(rng), note, at)

    def new_id(self, *key: str) -> UUID:
        """An aggregate's id, from the seed and what names it in this history: shaped as a
        random one (version 4), as a client's chosen id must be, so that every fact of the
        demo is one the commands would record alike."""
        digest = int.from_bytes(deterministic_id("demo", str(self.seed), *key).bytes, "big")
        return UUID(int=digest & UUID4_CLEAR | UUID4_SET)

    def plan_clusters(self, households: int, listed: float = 1.0) -> list[Cluster]:
        """Villages of households whose stories the reviews follow (`listed` of them), then the
        rest, registered only, in every village of every commune by the commune's weight."""
        stories = max(1, round(households * listed)) if households else 0
        communes = [u for u in self.registry.communes_on(COMMUNES_AS_OF) if self.followed(u.code)]
        weights = [COMMUNE_WEIGHTS[CommuneKind(unit.kind)] for unit in communes]
        cumulative = list(accumulate(weights))
        mean = max(2, min(15, stories // 5))
        clusters: list[Cluster] = []
        left = stories
        while left > 0:
            commune = self.rng.choices(communes, cum_weights=cumulative)[0]
            size = min(left, self.rng.randint(max(1, mean // 2), mean + mean // 2))
            village = f"{VILLAGE_WORDS[commune.area_kind]} {self.rng.randint(1, VILLAGES)}"
            clusters.append(Cluster(commune, village, size))
            left -= size
        return clusters + quiet_clusters(communes, cumulative, households - stories)

    def followed(self, commune_code: str) -> bool:
        """Can the registry follow the commune's households to today? Not those of a commune
        dissolved on 2025-01-01 whose successor no source names (docs/spec/reorganisation.md):
        the demo places none there."""
        return not (
            self.registry.ended(commune_code, REFORM_2025) == REFORM_2025
            and commune_code not in self.registry.successions
        )

    def household_code(self, commune_code: str) -> str:
        self.codes[commune_code] = self.codes.get(commune_code, 0) + 1
        return f"{commune_code}-{self.codes[commune_code]:05d}"

    def play(self, cluster: Cluster) -> None:
        """The cluster's model, then each of its households' whole history, then the model's
        closing if it closes."""
        model = self.establish_model(cluster) if cluster.size else None
        for _ in range(cluster.size):
            Story(self, Random(self.rng.getrandbits(64)), cluster, model).play()
        for _ in range(cluster.quiet):
            Story(self, Random(self.rng.getrandbits(64)), cluster, None, quiet=True).play()
        if model is not None:
            self.close_model(model, cluster.commune.code)

    def admit(self, household: Household, by: Recorded) -> Household:
        """A newly registered household, in a commune that exists that day, its code claimed
        in its commune in the same save."""
        commune_code, code = household.current_location().commune_code, household.household_code
        self.registry.check_commune(commune_code, by.effective_date)
        taken = partial(
            ConflictError,
            "household-code-taken",
            field="household_code",
            household_code=code,
            commune_code=commune_code,
        )
        self.unit.claim(*Household.code_claim(commune_code, code), household, by, taken)
        return household

    def establish_model(self, cluster: Cluster) -> ModelPlan | None:
        """A model for the cluster, some replicating the first model of the same template."""
        rng = self.rng
        title, kind, sector = MODEL_TEMPLATES[rng.randrange(len(MODEL_TEMPLATES))]
        day = between(rng, date(2022, 3, 1), date(2024, 9, 30))
        closes = add_months(day, rng.randint(12, 30)) if rng.random() < MODEL_CLOSE_CHANCE else None
        pioneer = self.pioneers.get(title)
        replicated = (
            pioneer is not None
            and pioneer.established_on < day
            and (rng.random() < MODEL_REPLICATION_CHANCE)
        )
        budget = million(rng, (100, 800), step=10 * MILLION)
        command_id = new_id(rng)
        if day > self.end:
            return None
        self.models += 1
        code = f"MH-{cluster.commune.code}-{self.models:05d}"
        self.registry.check_commune(cluster.commune.code, day)
        by = Recorded(day, caseworker(cluster.commune.code).username, command_id)
        model = LivelihoodModel.establish(
            code=code,
            name=f"{title}, {cluster.commune.name}",
            kind=kind,
            sector=sector,
            commune_code=cluster.commune.code,
            budget_vnd=budget,
            replicated_from=str(pioneer.id) if replicated and pioneer else None,
            by=by,
            model_id=self.new_id("model", code),
        )
        taken = partial(ConflictError, "model-code-taken", field="code", model_code=code)
        self.unit.claim(*LivelihoodModel.code_claim(cluster.commune.code, code), model, by, taken)
        if pioneer is None:
            self.pioneers[title] = model
        return ModelPlan(model, closes if closes and closes <= self.end else None)

    def close_model(self, plan: ModelPlan, commune_code: str) -> None:
        if plan.closes_on is not None:
            plan.model.close(self.recorded(self.rng, caseworker(commune_code), plan.closes_on))

    def register_officials(self, clusters: Iterable[Cluster]) -> None:
        """About one official for every two communes with households, some at district level,
        trained from 2022 on; a few leave."""
        communes = list({cluster.commune.code: cluster.commune for cluster in clusters}.values())
        for unit in communes[::2]:
            self.register_official(unit)

    def register_official(self, unit: Unit) -> None:
        rng = self.rng
        level = "district" if rng.random() < 0.3 else "commune"
        area_code = unit.parent_code if level == "district" else unit.code
        actor = Actor(
            f"demo.{area_code}", "caseworker" if level == "commune" else "supervisor", area_code
        )
        sex = pick(rng, ((Sex.M, 1), (Sex.F, 1)))
        name = full_name(rng, sex, pick(rng, FAMILY_NAMES))
        joined = between(rng, date(2020, 6, 1), date(2021, 12, 31))
        courses = sorted(
            (between(rng, date(2022, 3, 1), date(LAST_YEAR, 11, 30)), course)
            for course in rng.sample(COURSES, rng.randint(1, 3))
        )
        stays = rng.randint(0, len(courses)) if rng.random() < 0.15 else len(courses)
        if joined > self.end:
            return
        self.officials += 1
        self.registry.check_area(area_code, joined)
        official = self.unit.add(
            Official.register(
                name=name,
                area_code=area_code,
                position=POSITIONS[level],
                by=self.recorded(rng, actor, joined),
                official_id=self.new_id("official", str(self.officials)),
            )
        )
        for day, course in courses[:stays]:
            if day <= self.end:
                official.record_training(course, self.recorded(rng, actor, day))
        if stays < len(courses) and courses[stays][0] <= self.end:
            official.leave(self.recorded(rng, actor, courses[stays][0]))

    def adopt_plans(self) -> None:
        """The example plans beside 55/KH-UBND, each marked as an example in its number:
        Hải Dương's own plan for 2022-2025, and the new city's for 2026-2030 once the city has
        adopted it (docs/spec/reorganisation.md)."""
        for example in EXAMPLE_PLANS:
            if example.adopted_on > self.end:
                continue
            actor = Actor(example.adopted_by, "administrator", example.area_code)
            self.system.plans.check_plan_area(example.area_code, example.period_start)
            plan = Plan.adopt(
                reference=example.reference,
                area_code=example.area_code,
                period_start=example.period_start,
                period_end=example.period_end,
                baseline_date=example.period_start,
                targets=dict(example.targets),
                by=self.recorded(self.rng, actor, example.adopted_on),
            )
            if not exists(self.system.store, plan.id):
                self.unit.add(plan)

    def record_household_totals(self, clusters: Iterable[Cluster]) -> None:
        """The household totals the statistics offices give each year, the denominators of the
        poverty rates: here, the demo's own households of each province and district (from
        2026, of the city and each of its communes — a split commune's households counted in
        its first successor, where most of them went)."""
        registry: object = self.system.store.repository.get(self.registry.id)
        assert isinstance(registry, AreaRegistry)
        self.unit.add(registry)
        for year in range(2022, min(LAST_YEAR, self.system.runner.today().year) + 1):
            day = date(year, 1, 1)
            totals: dict[str, int] = {}
            for cluster in clusters:
                place = registry.place_on(cluster.commune.code, COMMUNES_AS_OF, day)
                succession = registry.successions.get(place.removeprefix(AWAITING))
                if place.startswith(AWAITING) and succession is not None:
                    place = succession.codes[0]
                unit = registry.commune_on(place, day)
                parent = unit.parent_code if unit else cluster.commune.parent_code
                areas = {parent, registry.province_of(parent, day)}
                for area in areas | ({place} if day >= REORGANISED else set()):
                    totals[area] = totals.get(area, 0) + cluster.households
            for area, total in sorted(totals.items()):
                office = STATISTICS_OFFICES[registry.province_of(area, day)]
                check_inside(self.system.areas, office, area, "area_code", day)
                by = self.recorded(self.rng, office, day)
                registry.record_household_total(area, year, total, by)

"""The composition root: one place that builds the store, the engine and every service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from application.accounts import AccountService
from application.areas import AreaService
from application.assignments import AssignmentService
from application.audit import AuditService
from application.commands import CommandRunner
from application.decisions import DecisionService
from application.households import HouseholdService
from application.imports import ImportService
from application.indicators import IndicatorService
from application.infrastructure.database import engine_for
from application.infrastructure.settings import Settings
from application.infrastructure.store import Backend, CaseStore, open_store
from application.integrity import IntegrityService
from application.lineage import LineageService
from application.readlog import ReadLog
from application.readmodels import ReadModels
from application.registries import ModelService, OfficialService, PlanService
from application.retention import RetentionService
from application.rounds import RoundService
from application.what_if import WhatIfService
from projections.sealing import Sealer


@dataclass
class System:
    settings: Settings
    store: CaseStore
    backend: Backend
    engine: Engine
    runner: CommandRunner
    areas: AreaService
    households: HouseholdService
    decisions: DecisionService
    imports: ImportService
    rounds: RoundService
    what_if: WhatIfService
    assignments: AssignmentService
    models: ModelService
    officials: OfficialService
    plans: PlanService
    accounts: AccountService
    reads: ReadModels
    indicators: IndicatorService
    lineage: LineageService
    audit: AuditService
    integrity: IntegrityService
    readlog: ReadLog
    retention: RetentionService

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        today: Callable[[], date] = date.today,
        bootstrap: bool = True,
    ) -> System:
        """Open (and on a new database, initialise) everything the settings name; without
        `bootstrap`, record nothing in the store (a verification reads it as it is)."""
        settings = settings or Settings.from_env()
        store, backend = open_store(settings)
        engine = engine_for(backend)
        runner = CommandRunner(store, today)
        areas = AreaService(store, runner)
        reads = ReadModels(store, backend, engine, areas, today, Sealer(store.sealing_key()))
        plans = PlanService(store, runner, areas, reads)
        if bootstrap:
            areas.bootstrap()
            plans.bootstrap()
        households = HouseholdService(store, backend, runner, areas)
        decisions = DecisionService(store, runner, areas, households, reads)
        return cls(
            settings=settings,
            store=store,
            backend=backend,
            engine=engine,
            runner=runner,
            areas=areas,
            households=households,
            decisions=decisions,
            imports=ImportService(store, households, reads),
            rounds=RoundService(store, runner, areas, households, decisions, reads),
            what_if=WhatIfService(store, runner, areas, reads),
            assignments=AssignmentService(areas, households, reads),
            models=ModelService(store, runner, areas, reads),
            officials=OfficialService(store, runner, areas, reads),
            plans=plans,
            accounts=AccountService(engine, areas),
            reads=reads,
            indicators=IndicatorService(store, areas, reads),
            lineage=LineageService(reads),
            audit=AuditService(store, areas, reads, today, backend),
            integrity=IntegrityService(
                store, backend, engine, settings.checkpoint_key, settings.checkpoint_public_key
            ),
            readlog=ReadLog(engine),
            retention=RetentionService(households, reads, today),
        )

    def is_empty(self) -> bool:
        """No household recorded yet: the first start, when the demo history is loaded."""
        return not self.households.list_registered()

    def close(self) -> None:
        self.reads.stop()
        self.store.close()
        self.engine.dispose()

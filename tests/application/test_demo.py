"""The demo history: reproducible from its seed, complete, and shaped like the city's lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from application.areas import REFORM_2025
from application.demo import CITY_LISTED, DemoSummary, load_demo
from application.infrastructure.settings import Settings
from application.system import System
from domain.errors import ConflictError
from domain.values import ReviewKind, Status
from tests.conftest import open_system

HOUSEHOLD_EVENTS = {
    "HouseholdRegistered", "MemberAdded", "MemberRemoved", "HeadChanged", "HouseholdMoved",
    "HouseholdSurveyed", "HouseholdClassified", "EscapedPoverty", "Relapsed", "LoanGranted",
    "LoanRepaid", "EnrolledInModel", "SupportProvided", "EmploymentSecured", "EmploymentEnded",
    "EntryRetracted",
}  # fmt: skip
FIRST_LISTS = date(2022, 1, 1)
END_OF_PLAN = date(2025, 12, 31)
SHARED_DEMO_SIZE = 150


def histories(system: System) -> list[list[tuple[str, str, dict[str, Any]]]]:
    """Each household's (type, effective date, data), households in registration order; a model
    is named by its code, since the service chooses model ids itself."""
    found = []
    for household_id in system.households.list_registered():
        entries = []
        for entry in system.households.history(household_id)["entries"]:
            data = dict(entry["data"])
            if "model_id" in data:
                data["model_id"] = system.models.get(data["model_id"])["code"]
            entries.append((entry["type"], entry["effective_date"], data))
        found.append(entries)
    return found


def recorded(system: System) -> list[Any]:
    """Every event in the store, decoded, in log order."""
    notifications = system.store.recorder.select_notifications(1, 1_000_000)
    return [system.store.mapper.to_domain_event(n) for n in notifications]


def event_types(system: System) -> Counter[str]:
    return Counter(event.TOPIC.split(":", 1)[1] for event in recorded(system))


def statuses_on(system: System, day: date) -> Counter[Status | None]:
    return Counter(
        system.households.load(household_id).status_on(day)
        for household_id in system.households.list_registered()
    )


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[System, DemoSummary]]:
    """One demo, shared by the tests that only read it; at this size every kind of event occurs."""
    system = open_system("memory://")
    summary = load_demo(system, SHARED_DEMO_SIZE, seed=2021)
    yield system, summary
    system.close()


def test_the_same_seed_gives_the_same_history(system: System) -> None:
    load_demo(system, 25, seed=5)
    again = open_system("memory://")
    try:
        load_demo(again, 25, seed=5)
        assert histories(again) == histories(system)
    finally:
        again.close()


def test_a_different_seed_gives_a_different_history(system: System) -> None:
    load_demo(system, 25, seed=5)
    other = open_system("memory://")
    try:
        load_demo(other, 25, seed=6)
        assert histories(other) != histories(system)
    finally:
        other.close()


def test_the_demo_records_every_kind_of_household_event(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    assert HOUSEHOLD_EVENTS - set(event_types(system)) == set()


def test_the_demo_builds_models_some_replicated_and_trains_officials(
    demo: tuple[System, DemoSummary],
) -> None:
    system, summary = demo
    models = [e for e in recorded(system) if e.TOPIC.endswith(":ModelEstablished")]
    types = event_types(system)
    assert len(models) == summary.models >= 5
    assert any(model.replicated_from for model in models)
    assert types["OfficialRegistered"] == summary.officials >= 1
    assert types["OfficialTrained"] >= 1


def test_the_first_lists_hold_fewer_poor_than_near_poor_and_most_households_on_neither(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    counts = statuses_on(system, FIRST_LISTS)
    rest = counts[Status.AVERAGE] + counts[Status.NON_POOR]
    assert 0 < counts[Status.POOR] < counts[Status.NEAR_POOR] < rest


def test_near_poor_households_fall_by_the_end_of_the_plan(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    before = statuses_on(system, FIRST_LISTS)[Status.NEAR_POOR]
    after = statuses_on(system, END_OF_PLAN)[Status.NEAR_POOR]
    assert after <= before * 0.7


def test_most_households_live_in_rural_communes(demo: tuple[System, DemoSummary]) -> None:
    system, _ = demo
    registry = system.areas.registry()
    kinds = Counter(
        registry.check_commune(e.commune_code, e.effective_date).kind
        for e in recorded(system)
        if e.TOPIC.endswith(":HouseholdRegistered")
    )
    assert kinds["XA"] > kinds.total() / 2


def test_households_escape_poverty_in_every_year_of_the_plan(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    years = {e.effective_date.year for e in recorded(system) if e.TOPIC.endswith(":EscapedPoverty")}
    assert {2022, 2023, 2024} <= years


def test_the_summary_counts_the_households_and_the_events_the_demo_recorded(
    demo: tuple[System, DemoSummary],
) -> None:
    system, summary = demo
    by_demo = [e for e in recorded(system) if e.actor.startswith("demo.")]
    assert summary.households == event_types(system)["HouseholdRegistered"] == SHARED_DEMO_SIZE
    assert summary.events == len(by_demo)


def test_progress_is_told_of_every_household(system: System) -> None:
    told: list[int] = []
    load_demo(system, 12, seed=1, progress=told.append)
    assert sum(told) == 12


def test_nothing_is_dated_after_today() -> None:
    today = date(2023, 6, 30)
    system = System.open(Settings(database_url="memory://"), today=lambda: today)
    try:
        load_demo(system, 20, seed=3)
        by_demo = [e for e in recorded(system) if e.actor.startswith("demo.")]
        assert by_demo
        assert max(e.effective_date for e in by_demo) <= today
    finally:
        system.close()


def test_the_demo_gives_the_household_totals_the_poverty_rates_divide_by(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    eve = date(2025, 6, 30)  # the last day of old Hai Phong, before Hải Dương joined
    in_city = sum(
        1
        for household_id in system.households.list_registered()
        if (place := system.areas.place_of(system.households.load(household_id), eve))
        and system.areas.registry().contains("31", place, eve)
    )
    rate = system.indicators.answer("31", eve, None, "replay")["figures"]
    assert rate["poverty_rate"]["denominator"] == in_city
    assert rate["poverty_rate"]["value"] is not None


def test_the_chunk_size_changes_the_transactions_not_the_history(system: System) -> None:
    load_demo(system, 30, seed=4, chunk=7)
    whole = open_system("memory://")
    try:
        load_demo(whole, 30, seed=4, chunk=1000)
        assert histories(whole) == histories(system)
    finally:
        whole.close()


def test_a_load_reports_each_chunk_it_wrote(system: System) -> None:
    told: list[int] = []
    summary = load_demo(system, 40, seed=2, progress=told.append, chunk=10)
    assert [chunk.households for chunk in summary.chunks] == told
    assert sum(told) == 40
    assert all(households >= 10 for households in told[:-1])


def test_a_second_load_of_the_same_seed_is_refused_whole(any_backend: System) -> None:
    load_demo(any_backend, 8, seed=9)
    written = any_backend.store.recorder.max_notification_id()
    with pytest.raises(ConflictError) as refused:
        load_demo(any_backend, 8, seed=9)
    assert refused.value.code in {"household-code-taken", "model-code-taken"}
    assert any_backend.store.recorder.max_notification_id() == written


def test_projections_of_a_bulk_load_equal_a_replay_and_pass_over_no_event(
    any_backend: System,
) -> None:
    load_demo(any_backend, 20, seed=12, chunk=6)
    report = any_backend.audit.verify(dates=[date(2022, 12, 31), date(2025, 12, 31)])
    assert report["differences"] == []
    assert report["projection_faults"] == []


@pytest.fixture(scope="module")
def city() -> Iterator[System]:
    """A demo in the city's proportions: a few households listed, most registered only."""
    system = open_system("memory://")
    load_demo(system, 4000, seed=2021, listed=CITY_LISTED)
    yield system
    system.close()


def test_in_the_city_proportions_the_poor_and_the_near_poor_are_each_a_few_in_a_hundred(
    city: System,
) -> None:
    counts = statuses_on(city, FIRST_LISTS)
    households = len(city.households.list_registered())
    assert households == 4000
    assert 0.003 < counts[Status.POOR] / households < 0.02
    assert 0.008 < counts[Status.NEAR_POOR] / households < 0.025


def test_the_households_no_review_listed_are_registered_in_their_village_and_never_surveyed(
    city: System,
) -> None:
    surveyed = {
        event.originator_id
        for event in recorded(city)
        if event.TOPIC.endswith(":HouseholdSurveyed")
    }
    quiet = [h for h in city.households.list_registered() if h not in surveyed]
    assert len(quiet) > 0.9 * 4000
    household = city.households.load(quiet[0])
    assert household.current_location().village
    assert household.classifications() == []


def test_the_household_totals_count_the_households_no_review_listed(city: System) -> None:
    eve = date(2025, 6, 30)
    rate = city.indicators.answer("31", eve, None, "replay")["figures"]["poverty_rate"]
    in_city = sum(
        1
        for household_id in city.households.list_registered()
        if (place := city.areas.place_of(city.households.load(household_id), eve))
        and city.areas.registry().contains("31", place, eve)
    )
    assert rate["denominator"] == in_city > 1000


def test_a_households_history_is_recorded_at_one_instant(demo: tuple[System, DemoSummary]) -> None:
    system, _ = demo
    instants: dict[Any, set[Any]] = {}
    for event in recorded(system):
        if event.TOPIC.split(":", 1)[1] in HOUSEHOLD_EVENTS:
            instants.setdefault(event.originator_id, set()).add(event.timestamp)
    assert instants
    assert all(len(found) == 1 for found in instants.values())


def test_in_the_city_proportions_every_commune_the_registry_follows_to_today_has_households(
    city: System,
) -> None:
    registry = city.areas.registry()
    communes = {unit.code for unit in registry.communes_on(date(2021, 10, 1))}
    unfollowed = {
        code
        for code in communes
        if registry.ended(code, REFORM_2025) == REFORM_2025 and code not in registry.successions
    }
    placed = {
        city.households.load(household_id).location_on(date(2021, 10, 1)).commune_code
        for household_id in city.households.list_registered()
    }
    in_hai_phong = {code for code in unfollowed if registry.province_of(code, REFORM_2025) == "31"}
    assert in_hai_phong == {"11308", "11314"}  # Hạ Lý, Trại Chuối: no source names a successor
    assert unfollowed - in_hai_phong == {"10849", "10852"}  # Hải Dương's Thanh Khê, Thanh Xá
    assert placed == communes - unfollowed


def test_every_periodic_review_is_decided_inside_its_window(
    demo: tuple[System, DemoSummary],
) -> None:
    system, _ = demo
    decided = []
    for household_id in system.households.list_registered():
        household = system.households.load(household_id)
        for entry in household.classifications():
            survey = household.survey(entry.survey_id)
            if survey is not None and survey.kind is ReviewKind.PERIODIC:
                decided.append(entry.effective_date)
    assert decided
    assert all(date(d.year, 9, 1) <= d <= date(d.year, 12, 14) for d in decided)

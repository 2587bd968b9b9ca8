"""A household as one of the province's own standards judged it (`Household.judged_by`), for a
plan that counts by that standard: its statuses, transitions and deprivations are that
standard's; a recognition it did not judge puts the household on no list; nothing is recorded.
Đồng Nai's standard of 2022-2025 stands in for a province's own: rural line 2,000,000, poor
with 2 deprivations or more."""

from __future__ import annotations

from datetime import date

from sqlalchemy import MetaData

from domain.household import Household
from domain.standards import STANDARD_ID_MAX, catalogue
from domain.values import AreaKind, Status, Transition
from projections.figures import FIGURES, JUDGEMENT_FREE
from projections.indicators import membership_table
from tests.domain.builders import by, household, standard, survey

PROVINCE = standard("DN-MDP-2022")


def recognised(h: Household, on: date, income: int, deprived: int, judged: bool = True) -> None:
    survey_id = f"survey-{h.version + 1}"
    survey(h, survey_id, on, income, deprived)
    local = PROVINCE if judged else None
    h.classify(survey_id, "QĐ/1", standard(), AreaKind.RURAL, by(on), local=local)


def statuses(h: Household) -> list[tuple[Status, Transition]]:
    return [(c.status, c.transition) for c in h.classifications()]


def test_the_statuses_and_transitions_are_those_the_provinces_standard_gave() -> None:
    h = household()
    recognised(h, date(2022, 3, 1), 1_800_000, 2)
    recognised(h, date(2023, 3, 1), 1_800_000, 0)

    judged = h.judged_by(PROVINCE)

    assert statuses(judged) == [
        (Status.POOR, Transition.NEW),
        (Status.NEAR_POOR, Transition.ESCAPED),
    ]
    assert statuses(h) == [
        (Status.NON_POOR, Transition.UNCHANGED),
        (Status.NON_POOR, Transition.UNCHANGED),
    ]


def test_the_deprivations_are_those_the_provinces_standard_counts() -> None:
    h = household()
    recognised(h, date(2022, 3, 1), 1_800_000, 2)

    (entry,) = h.judged_by(PROVINCE).classifications()

    assert (entry.standard_id, entry.deprived) == ("DN-MDP-2022", list(PROVINCE.keys[:2]))


def test_a_recognition_the_provinces_standard_did_not_judge_puts_the_household_on_no_list() -> None:
    h = household()
    recognised(h, date(2022, 3, 1), 1_800_000, 2)
    recognised(h, date(2023, 3, 1), 1_400_000, 4, judged=False)

    judged = h.judged_by(PROVINCE)

    assert judged.status_on(date(2022, 6, 30)) is Status.POOR
    assert statuses(judged)[1] == (Status.NON_POOR, Transition.UNCHANGED)
    assert h.status_on(date(2023, 6, 30)) is Status.POOR


def test_reading_a_household_as_the_provinces_standard_judged_it_records_nothing() -> None:
    h = household()
    recognised(h, date(2022, 3, 1), 1_800_000, 2)
    before = (h.version, len(h.pending_events), statuses(h))

    h.judged_by(PROVINCE)

    assert (h.version, len(h.pending_events), statuses(h)) == before


def test_every_standard_id_fits_the_figure_names_it_is_kept_under() -> None:
    judged = [c for f in FIGURES for c in (f.id, f.parts_count) if not c.startswith(JUDGEMENT_FREE)]
    longest = max(map(len, judged)) + len(":")
    width = membership_table(MetaData(), 1).c.figure.type.length

    assert all(len(s.id) <= STANDARD_ID_MAX for s in catalogue().standards)
    assert STANDARD_ID_MAX + longest <= width

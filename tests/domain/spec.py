"""Facts from docs/spec/ that the tests take their expectations from, kept apart from the
implementation's own data so that a wrong figure in the data shows up as a failing test."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# §3: the twelve indicators of VN-MDP-2022, and VN-MDP-2027's changes to them.
INDICATORS_2022 = (
    "employment",
    "dependents",
    "nutrition",
    "health_insurance",
    "adult_education",
    "child_schooling",
    "housing_quality",
    "housing_area",
    "domestic_water",
    "latrine",
    "telecom",
    "information_means",
)
INDICATORS_2027 = (
    *(k for k in INDICATORS_2022 if k not in ("telecom", "information_means")),
    "digital_services",
    "waste_treatment",
)
SPEC_INDICATORS = {"VN-MDP-2022": INDICATORS_2022, "VN-MDP-2027": INDICATORS_2027}
STANDARD_2027_FROM = date(2027, 1, 1)

# §3 in a rural commune under VN-MDP-2022 (line 1,500,000, band to 2,250,000):
# an income per person and a number of deprivations that lead to each status.
RURAL_2022_ANSWERS = {
    "POOR": (1_200_000, 3),
    "NEAR_POOR": (1_200_000, 2),
    "AVERAGE": (2_000_000, 5),
    "NON_POOR": (2_500_000, 0),
}

# §4: the level of each status.
LEVELS = {"POOR": 2, "NEAR_POOR": 1, "AVERAGE": 0, "NON_POOR": 0}

# §5: the ceiling of the loans for the poor, the near-poor and the newly escaped, and the term.
LOAN_CEILING = 100_000_000
MAX_TERM_MONTHS = 120
NEWLY_ESCAPED_MONTHS = 36


def standard_for_review(kind: str, day: date) -> str:
    """A periodic review held in year Y uses the standard in force on 1 January of Y+1; a
    regular review the one in force on its date (§3)."""
    reference = date(day.year + 1, 1, 1) if kind == "PERIODIC" else day
    return "VN-MDP-2027" if reference >= STANDARD_2027_FROM else "VN-MDP-2022"


def deprivations(keys: Sequence[str], deprived: int) -> dict[str, bool]:
    """An answer to every indicator, the first `deprived` of them deprived."""
    return {key: index < deprived for index, key in enumerate(keys)}

"""The next household code follows the commune's own pattern."""

from __future__ import annotations

from domain.codes import next_household_code


def test_the_next_code_is_one_past_the_highest_number_with_as_many_digits() -> None:
    assert next_household_code(["11278-00009", "11278-00016", "11278-00002"], "11278") == (
        "11278-00017"
    )


def test_the_communes_most_used_prefix_wins_over_a_stray_code() -> None:
    codes = ["HB-001", "HB-002", "HB-003", "11278-00999", "cũ"]

    assert next_household_code(codes, "11278") == "HB-004"


def test_a_commune_without_codes_starts_at_one_under_its_own_code() -> None:
    assert next_household_code([], "11278") == "11278-00001"

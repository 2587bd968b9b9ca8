"""GET /api/indicators: every figure of the catalogue for an area inside the caller's, as of a
date, as known at an instant, from the projections or by replay."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from domain.values import CATEGORY_KEYS
from projections.figures import FIGURES, SURVEY_LISTS
from tests.api.client import Api, Household, survey
from tests.conftest import TODAY

PATH = "/api/indicators"
PARTS = {"value", "numerator", "denominator", "target", "unit"}
WINDOW_FIGURES = ("escaped", "relapsed", "newly_poor", "models")


def figures(response: httpx.Response) -> dict[str, dict[str, object]]:
    assert response.status_code == 200, response.text
    found: dict[str, dict[str, object]] = response.json()["figures"]
    return found


@pytest.mark.parametrize("source", ["projection", "replay"])
def test_the_answer_holds_every_figure_of_the_catalogue(
    api: Api, poor_household: Household, source: str
) -> None:
    # The last day of old Hai Phong, the territory of plan 55/KH-UBND and its targets.
    response = api.get(PATH, who="supervisor", as_of="2025-06-30", source=source)

    found = figures(response)
    assert list(found) == [figure.id for figure in FIGURES]
    assert all(set(figure) - {"breakdown"} == PARTS for figure in found.values())
    assert found["poor"] == {
        "value": 1, "numerator": 1, "denominator": None, "target": None, "unit": "households",
        "breakdown": dict.fromkeys(CATEGORY_KEYS, 0),
    }  # fmt: skip
    assert found["credit_access"]["value"] == 0.0
    assert found["models"]["target"] == 300
    assert response.json()["source"] == source


def test_the_window_figures_are_split_by_year_or_kind_the_listed_by_category_the_answers_by_status(
    api: Api, poor_household: Household
) -> None:
    found = figures(api.get(PATH, who="supervisor", as_of="2023-06-30", source="replay"))

    answers = {f"{family}.{key.value}" for family, keys in SURVEY_LISTS.items() for key in keys}
    assert {figure for figure, parts in found.items() if "breakdown" in parts} == {
        *WINDOW_FIGURES,
        "poor",
        "near_poor",
        *answers,
    }
    assert found["newly_poor"]["breakdown"] == {"2022": 1, "2023": 0}
    assert found["models"]["breakdown"] == {"new": 0, "replicated": 0}
    assert found["need.CREDIT"]["breakdown"] == {"POOR": 1, "NEAR_POOR": 0}


def test_the_area_defaults_to_the_callers_the_date_to_today_and_the_source_to_projection(
    api: Api,
) -> None:
    response = api.get(PATH, who="caseworker")

    assert response.status_code == 200
    assert {key: response.json()[key] for key in ("area", "as_of", "known_at", "source")} == {
        "area": "11296",
        "as_of": TODAY.isoformat(),
        "known_at": None,
        "source": "projection",
    }


@pytest.mark.parametrize(
    "who", ["caseworker", "district_caseworker", "supervisor", "auditor", "administrator"]
)
def test_every_role_reads_the_figures_of_an_area_inside_its_own(api: Api, who: str) -> None:
    response = api.get(PATH, who=who, area="11296", source="replay")

    assert response.status_code == 200
    assert response.json()["area"] == "11296"


@pytest.mark.parametrize(
    ("who", "area"),
    [
        ("caseworker", "303"),  # the district around the caller's commune
        ("neighbour", "11296"),  # another commune of the same district
        ("stranger", "303"),  # another district
        ("district_caseworker", "31"),  # the city around the caller's district
        ("supervisor", "99999"),  # no such area
    ],
)
def test_an_area_outside_the_callers_is_not_found(api: Api, who: str, area: str) -> None:
    response = api.get(PATH, who=who, area=area, source="replay")

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["field"]) == ("area-not-found", "area")


def test_the_figures_need_a_token(api: Api) -> None:
    assert api.get(PATH, who=None).status_code == 401


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("as_of", "2025-13-01"),
        ("as_of", "yesterday"),
        ("known_at", "2025-06-31T00:00:00Z"),
        ("source", "guess"),
    ],
)
def test_a_malformed_parameter_is_a_problem_naming_it(api: Api, field: str, value: str) -> None:
    response = api.get(PATH, who="supervisor", **{field: value})

    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["field"]) == ("invalid-parameter", field)


def test_a_figure_as_known_at_an_instant_counts_only_what_was_recorded_by_then(
    api: Api, household: Household
) -> None:
    api.created(household.path("/surveys"), survey(survey_id="S-2022"))
    known_at = datetime.now(UTC)
    api.created(
        household.path("/classifications"),
        {"survey_id": "S-2022", "decision_ref": "15/QĐ-UBND", "effective_date": "2022-12-20"},
    )

    asked = {"who": "supervisor", "as_of": "2023-01-31", "source": "replay"}
    then = api.get(PATH, known_at=known_at.isoformat(), **asked)
    now = api.get(PATH, **asked)

    assert then.json()["known_at"] == known_at.isoformat()
    assert figures(then)["poor"]["numerator"] == 0
    assert figures(now)["poor"]["numerator"] == 1

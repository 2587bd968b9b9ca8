"""R4: schemathesis over the whole OpenAPI document, in the app, against a world with a poor
household, a model and an official: no request answers 5xx, a refused request records
nothing, and every refusal names the rule it broke (`code`) and, where one is to blame, the
field. A few examples an operation in CI; `make reliability` runs many more
(GIAMNGHEO_RELIABILITY=full) and prints the count."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.api.client import Api, World

pytestmark = pytest.mark.slow  # tens of seconds: CI runs it, test-fast leaves it out
FULL = os.environ.get("GIAMNGHEO_RELIABILITY") == "full"
EXAMPLES = 100 if FULL else 8
ANSWERS: Counter[str] = Counter()


@pytest.fixture(scope="module")
def api_schema(shared_world: tuple[Api, World]) -> schemathesis.BaseSchema:
    api, _ = shared_world
    return schemathesis.openapi.from_asgi("/api/openapi.json", api.client.app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module", autouse=True)
def tally() -> Iterator[None]:
    """The answers of the whole module, printed at its end for docs/reliability.md."""
    yield
    total = sum(ANSWERS.values())
    print(f"\nR4 schemathesis: {total} requests, by status {dict(sorted(ANSWERS.items()))}")


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,  # nothing written beside the tests
)


def answered(case: schemathesis.Case, api: Api, who: str) -> None:
    """The case sent as `who`: never 5xx; refused, with nothing recorded and the rule named."""
    before = api.system.store.recorder.max_notification_id()

    response = case.call(headers={"Authorization": f"Bearer {api.token(who)}"})

    ANSWERS[str(response.status_code)] += 1
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert api.system.store.recorder.max_notification_id() == before
        problem = response.json()
        assert problem["code"], problem


@schema.parametrize()
@FUZZ
def test_a_caseworker_gets_no_5xx_and_a_refusal_records_nothing_and_says_why(
    case: schemathesis.Case, shared_world: tuple[Api, World]
) -> None:
    answered(case, shared_world[0], "caseworker")


@schema.parametrize()
@FUZZ
def test_an_auditor_of_the_city_gets_no_5xx_and_a_refusal_records_nothing_and_says_why(
    case: schemathesis.Case, shared_world: tuple[Api, World]
) -> None:
    answered(case, shared_world[0], "auditor")

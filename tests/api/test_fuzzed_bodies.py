"""Whatever JSON a client sends, a write never fails with a server error, and a refused one is
a problem naming its rule that recorded nothing (docs/spec/quality.md R4, on generated bodies)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.client import WRITES, Api, World

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2024-01-02", "2099-01-01", "POOR", "HEAD", "{head}", "{model}"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def spoiled(valid: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The valid body with some of its fields, or new ones, given arbitrary JSON values."""
    keys = st.sampled_from([*valid, "extra"])
    return st.dictionaries(keys, JSON_VALUES, min_size=1, max_size=3).map(
        lambda changes: {**valid, **changes}
    )


@pytest.mark.parametrize(("path", "valid"), WRITES)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_body_makes_a_write_fail_with_a_server_error(
    api: Api, world: World, path: str, valid: dict[str, Any], data: st.DataObject
) -> None:
    body = world.fill(data.draw(spoiled(valid)))
    before = api.system.store.recorder.max_notification_id()

    response = api.post(world.fill(path), body)

    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        problem = response.json()
        assert problem["type"] == f"/problems/{problem['code']}"
        assert api.system.store.recorder.max_notification_id() == before

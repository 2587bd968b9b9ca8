"""The inputs an outside probe used to freeze the read side of the whole city are refused at
the door, on SQLite and PostgreSQL alike: a NUL in a text, a village longer than the lists can
show, a household code longer than 40, a 20 MB body, a household of 10,000 members. Each refusal
names the field or the limit, records nothing, and the read side stays healthy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI

from application.system import System
from tests.api.client import CHILD, Api, TestClient, registration

CASES = [
    # body, code, field
    pytest.param({"village": "v\u0000v"}, "text-unprintable", "village", id="nul-in-village"),
    pytest.param({"village": "v" * 201}, "text-too-long", "village", id="village-of-201"),
    pytest.param({"household_code": "H" * 41}, "text-too-long", "household_code",
                 id="code-of-41"),
    pytest.param({"address": "a" * 301}, "text-too-long", "address", id="address-of-301"),
    pytest.param({"village": "Tổ 3\nTổ 4"}, "text-unprintable", "village",
                 id="line-break-in-village"),
    pytest.param({"members": [{**CHILD, "relationship_to_head": "HEAD",
                  "full_name": "An\u0000"}]}, "text-unprintable", "members[0].full_name",
                 id="nul-in-a-name"),
    pytest.param({"members": [{**CHILD, "relationship_to_head": "HEAD"}] + [CHILD] * 50},
                 "too-many-members", "members", id="fifty-one-members"),
]  # fmt: skip


@pytest.fixture
def backend_api(
    app: FastAPI, any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Api]:
    monkeypatch.setattr(app.state, "system", any_backend)
    with TestClient(app) as client:
        yield Api(client, any_backend)


@pytest.mark.parametrize(("changes", "code", "field"), CASES)
def test_a_text_the_read_side_cannot_hold_is_refused_naming_the_field(
    backend_api: Api, changes: dict[str, Any], code: str, field: str
) -> None:
    with backend_api.records_nothing():
        response = backend_api.post("/api/households", registration(**changes))

    assert response.status_code == 422, response.text
    assert (response.json()["code"], response.json()["field"]) == (code, field)


def test_the_refusal_of_a_long_text_says_the_limit_in_the_users_language(
    backend_api: Api,
) -> None:
    response = backend_api.post(
        "/api/households",
        registration(village="v" * 201),
        headers={"Accept-Language": "vi"},
    )
    assert response.json()["detail"] == "“Thôn/tổ dân phố” dài quá 200 ký tự."


def test_a_body_over_a_mebibyte_is_refused_before_anything_reads_it(backend_api: Api) -> None:
    with backend_api.records_nothing():
        response = backend_api.post(
            "/api/households",
            registration(village="v" * 20_000_000),
            headers={"Accept-Language": "en"},
        )

    assert response.status_code == 413
    assert response.json()["code"] == "body-too-large"
    assert "1,024 KiB" in response.json()["detail"]


def test_a_body_streamed_without_a_length_is_held_to_the_same_limit(backend_api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"village": "'
        for _ in range(2048):
            yield b"v" * 1024
        yield b'"}'

    headers = backend_api.headers("caseworker", {"Content-Type": "application/json"})
    with backend_api.records_nothing():
        response = backend_api.client.post("/api/households", content=chunks(), headers=headers)

    assert response.status_code == 413


def test_after_the_probes_inputs_the_read_side_is_healthy_and_current(backend_api: Api) -> None:
    for changes in ({"village": "v\u0000v"}, {"village": "v" * 201}):
        backend_api.post("/api/households", registration(**changes))
    created = backend_api.created("/api/households", registration(household_code="QT-0009"))
    backend_api.system.reads.catch_up()

    health = backend_api.client.get("/healthz")

    assert health.status_code == 200
    assert health.json()["projection_faults"] == 0
    found = backend_api.get("/api/households", q="QT-0009").json()["items"]
    assert [item["id"] for item in found] == [created["id"]]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/households", {}),
        ("/api/indicators/poor/households", {"area": "31", "as_of": "2024-12-31"}),
    ],
)
def test_a_page_far_past_any_list_is_refused_naming_it(
    backend_api: Api, path: str, params: dict[str, str]
) -> None:
    """3·10¹⁷ overflowed the database's offset: a 500 on both backends before."""
    response = backend_api.get(path, "auditor", page=str(3 * 10**17), **params)

    assert response.status_code == 422
    assert response.json()["field"] == "page"

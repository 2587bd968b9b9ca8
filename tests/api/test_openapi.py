"""The API's own description."""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from domain.personal import SEALED_FIELDS
from tests.api.client import Api


def test_the_openapi_description_lists_every_route_with_bearer_authentication(api: Api) -> None:
    schema = api.client.get("/api/openapi.json").json()

    assert "/api/households/{household_id}/loans/{loan_id}/repayments" in schema["paths"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    loans = schema["paths"]["/api/households/{household_id}/loans"]["post"]
    assert {p["name"] for p in loans["parameters"]} >= {"Idempotency-Key", "If-Match"}
    assert "application/problem+json" in loans["responses"]["422"]["content"]


def test_the_api_documentation_page_is_served(api: Api) -> None:
    response = api.client.get("/api/docs")

    assert response.status_code == 200
    assert "/api/openapi.json" in response.text


def request_bodies(api: Api) -> dict[str, dict[str, Any]]:
    """Each route's request body schema, by method and path."""
    document = api.client.get("/api/openapi.json").json()
    return {
        f"{method.upper()} {path}": operation["requestBody"]["content"]["application/json"][
            "schema"
        ]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }


def test_every_request_body_documents_each_field_with_its_type(api: Api) -> None:
    bodies = request_bodies(api)

    assert len(bodies) >= 20
    untyped = [
        f"{route}: {name}"
        for route, schema in bodies.items()
        for name, field in schema["properties"].items()
        if not {"type", "anyOf", "enum"} & set(field)
    ]
    assert untyped == []


def test_every_request_bodys_example_is_valid_by_its_own_schema(api: Api) -> None:
    invalid = [
        f"{route}: {error}"
        for route, schema in request_bodies(api).items()
        for example in schema["examples"]
        for error in jsonschema_rs.validator_for(schema).iter_errors(example)
    ]
    assert invalid == []


def properties(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    """Every property name a schema can hold, at any depth."""
    if "$ref" in schema:
        return properties(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    found = set(schema.get("properties", {}))
    nested = [
        *schema.get("properties", {}).values(),
        *schema.get("anyOf", []),
        *schema.get("allOf", []),
        *([schema["items"]] if "items" in schema else []),
    ]
    for part in nested:
        found |= properties(part, components)
    return found


def test_no_writes_answer_holds_a_personal_field_since_its_receipt_is_kept(api: Api) -> None:
    """A write's answer is kept with its receipt, where a household's erasure cannot reach."""
    document = api.client.get("/api/openapi.json").json()
    components = document["components"]["schemas"]
    personal = {path[-1] for sealed in SEALED_FIELDS.values() for path in sealed.paths}
    answers = {
        f"{method.upper()} {path}": response["content"]["application/json"]["schema"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method != "get"
        for status, response in operation["responses"].items()
        if status.startswith("2") and "application/json" in response.get("content", {})
    }

    assert len(answers) >= 20
    assert {"full_name", "complainant", "finding"} <= personal
    assert {
        route: sorted(properties(schema, components) & personal)
        for route, schema in answers.items()
        if properties(schema, components) & personal
    } == {}

"""The API's own description."""

from __future__ import annotations

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

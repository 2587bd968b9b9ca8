"""Every answer the API tests receive is checked against the answer the OpenAPI document
describes for its route and status, so a documented field that an answer lacks, or gives with
another type, fails the test that met it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import httpx
import jsonschema_rs
from fastapi import FastAPI


@dataclass
class Document:
    app: FastAPI

    @cached_property
    def openapi(self) -> dict[str, Any]:
        return self.app.openapi()

    @cached_property
    def operations(self) -> list[tuple[re.Pattern[str], str, dict[str, Any]]]:
        """Each operation, by a pattern of its path and its method."""
        found = []
        for path, operations in self.openapi["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for method, operation in operations.items():
                found.append((pattern, method.upper(), operation))
        return found

    def schema_of(self, method: str, path: str, status: int) -> dict[str, Any] | None:
        for pattern, verb, operation in self.operations:
            if verb == method and pattern.match(path):
                answer = operation.get("responses", {}).get(str(status), {})
                content = answer.get("content", {}).get("application/json", {})
                schema: dict[str, Any] | None = content.get("schema")
                return schema or None
        return None

    def check(self, response: httpx.Response) -> None:
        """The answer matches its documented schema, where the document gives one."""
        if not response.headers.get("content-type", "").startswith("application/json"):
            return
        request = response.request
        schema = self.schema_of(request.method, request.url.path, response.status_code)
        if schema is None:
            return
        rooted = {**schema, "components": self.openapi.get("components", {})}
        errors = [str(error) for error in jsonschema_rs.validator_for(rooted).iter_errors(
            response.json()
        )]  # fmt: skip
        assert errors == [], f"{request.method} {request.url.path}: {errors}"

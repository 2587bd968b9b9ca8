"""Every answer the API tests receive is checked against the answer the OpenAPI document
describes for its route and status, so a documented field that an answer lacks, or gives with
another type, fails the test that met it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

import httpx
import jsonschema_rs
from fastapi import FastAPI


@dataclass(eq=False)
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

    def operation_of(self, method: str, path: str) -> int | None:
        """The index of the operation answering `method` on `path`, if one does."""
        for index, (pattern, verb, _) in enumerate(self.operations):
            if verb == method and pattern.match(path):
                return index
        return None

    @cache  # noqa: B019 - one document a test session, kept for the session
    def validator(self, operation: int, status: int) -> jsonschema_rs.Validator | None:
        """The compiled schema of the operation's answer with that status, if it documents one."""
        answer = self.operations[operation][2].get("responses", {}).get(str(status), {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        if not schema:
            return None
        return jsonschema_rs.validator_for(
            {**schema, "components": self.openapi.get("components", {})}
        )

    def check(self, response: httpx.Response) -> None:
        """The answer matches its documented schema, where the document gives one."""
        if not response.headers.get("content-type", "").startswith("application/json"):
            return
        request = response.request
        operation = self.operation_of(request.method, request.url.path)
        validator = None if operation is None else self.validator(operation, response.status_code)
        if validator is None:
            return
        errors = [str(error) for error in validator.iter_errors(response.json())]
        assert errors == [], f"{request.method} {request.url.path}: {errors}"

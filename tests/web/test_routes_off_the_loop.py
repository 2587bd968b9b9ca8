"""No route does its work on the event loop: a sign-in's password hash or a write's
read-your-writes wait would otherwise stall every other request of the server."""

from __future__ import annotations

import inspect

from fastapi import FastAPI

from tests.api.client import routes_of


def test_every_route_is_a_plain_function_run_in_the_thread_pool(app: FastAPI) -> None:
    routes = routes_of(app)
    on_the_loop = sorted(
        f"{sorted(route.methods)[0]} {route.path}"
        for route in routes
        if inspect.iscoroutinefunction(route.dependant.call)
    )
    assert len(routes) > 50
    assert on_the_loop == []

"""Each request that writes nothing reads one state of the read side (`application.readscope`):
the registry, the views' generations and the plans are looked up once for the whole page."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from application.readscope import read_scope

READS = frozenset({"GET", "HEAD"})


class ReadScope:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in READS:
            await self.app(scope, receive, send)
            return
        with read_scope():
            await self.app(scope, receive, send)

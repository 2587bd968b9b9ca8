"""A ceiling on request bodies, before anything parses them: no form or API call of this
system comes near a mebibyte, and a 20 MB village must not reach the application at all. The one
wider door is the upload of a survey file: a commune's runs to a few hundred KiB; a city's file
goes through the command line (docs/spec/review-round.md, "Import")."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.words import in_language
from web.i18n import language
from web.problems import MESSAGES, problem_response

MAX_BODY_BYTES = 1024 * 1024
WIDER: Mapping[str, int] = {"/imports": 8 * 1024 * 1024}


class BodyTooLargeError(Exception):
    pass


def replaying(messages: list[Message], then: Receive) -> Receive:
    """A body read already, its messages again, then what the client sends next (its
    disconnect)."""

    async def replay() -> Message:
        return messages.pop(0) if messages else await then()

    return replay


class BodyLimit:
    """Reads the body up to the limit, then hands it on; anything larger answers 413."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, wider: Mapping[str, int] = WIDER
    ) -> None:
        self.app = app
        self.limit = limit
        self.wider = wider

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.wider.get(scope["path"], self.limit)
        try:
            declared = int(dict(scope["headers"]).get(b"content-length", b"0"))
            if declared > limit:
                raise BodyTooLargeError
            messages = await self.read(receive, limit)
        except (BodyTooLargeError, ValueError):
            await self.refuse(scope, receive, send, limit)
            return
        await self.app(scope, replaying(messages, receive), send)

    async def read(self, receive: Receive, limit: int) -> list[Message]:
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLargeError
            if message["type"] != "http.request" or not message.get("more_body"):
                return messages

    async def refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        request = Request(scope, receive)
        lang = language(request)
        detail = in_language(MESSAGES["body-too-large"], lang).format(
            limit=f"{limit // 1024:,} KiB"
        )
        response = problem_response(413, "body-too-large", detail, lang)
        await response(scope, receive, send)

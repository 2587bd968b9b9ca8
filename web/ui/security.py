"""The protections every response carries (docs/spec/access.md): a Content-Security-Policy without
inline script or eval, no framing, no sniffing, no referrer to other sites, `no-store` on
everything but the static files, HttpOnly on every cookie, HSTS when served over HTTPS; CSRF
double-submit tokens on every unsafe request (asgi-csrf: a hidden field in forms, the
`x-csrftoken` header from htmx); and a limit on sign-in attempts (limits)."""

from __future__ import annotations

import math
import secrets
import time
from urllib.parse import urlencode

from asgi_csrf import asgi_csrf
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import Field, FormParser, parse_options_header
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.limits import replaying

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# Served over HTTPS once, a browser keeps to HTTPS for a year.
HSTS = "max-age=31536000"
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, with_http_only(value) if name.lower() == b"set-cookie" else value)
                    for name, value in message.get("headers", [])
                ]
                present = {name.lower() for name, _ in headers}
                extra = dict(HEADERS)
                extra["content-security-policy"] = CSP
                if not path.startswith("/static/"):
                    extra["cache-control"] = "no-store"
                if scope.get("scheme") == "https":  # behind TLS (or a proxy that says so)
                    extra["strict-transport-security"] = HSTS
                headers += [
                    (name.encode(), value.encode())
                    for name, value in extra.items()
                    if name.encode() not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def with_http_only(cookie: bytes) -> bytes:
    return cookie if b"httponly" in cookie.lower() else cookie + b"; HttpOnly"


class Csrf:
    """asgi-csrf as a Starlette middleware. Requests with a bearer token (the JSON API) and
    requests carrying no cookie at all are let through by asgi-csrf itself, except sign-in,
    which is always checked (a forged sign-in would put the victim in the attacker's account)."""

    def __init__(self, app: ASGIApp, secret: str | None, secure: bool) -> None:
        self.app = asgi_csrf(
            restoring_multipart(app),
            signing_secret=secret or secrets.token_hex(32),
            always_protect={"/login"},
            cookie_secure=secure,
            cookie_samesite="Lax",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/api/"):
            # asgi-csrf lets any bearer request through; only the API takes bearer tokens.
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            scope = {**scope, "headers": headers}
            if scope["method"] == "POST" and dict(headers).get(b"content-type", b"").startswith(
                MULTIPART
            ):
                scope, receive = await as_token_form(scope, receive)
        await self.app(scope, receive, send)


# asgi-csrf 0.11 cannot read a multipart form since python-multipart 0.0.26 changed its parser
# (simonw/asgi-csrf#38, still open): an upload's token is read here with python-multipart and
# shown to asgi-csrf as a form of that one field, which it checks as any other form; the
# request it lets through gets its own headers and body back. The body, already bounded by
# `BodyLimit`, is read once and replayed.
MULTIPART = b"multipart/form-data"
STASH = "giamngheo.multipart"


async def as_token_form(scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
    messages: list[Message] = []
    while not messages or messages[-1].get("more_body"):
        messages.append(await receive())
        if messages[-1]["type"] != "http.request":
            break
    headers = dict(scope["headers"])
    token = form_token(headers[b"content-type"], b"".join(m.get("body", b"") for m in messages))
    body = urlencode({"csrftoken": token} if token else {}).encode()
    kept = [(k, v) for k, v in scope["headers"] if k not in (b"content-type", b"content-length")]
    shown = [
        *kept,
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", str(len(body)).encode()),
    ]
    stashed = {**scope, "headers": shown, STASH: (scope["headers"], messages, receive)}
    shown_body: Message = {"type": "http.request", "body": body, "more_body": False}
    return stashed, replaying([shown_body], receive)


def restoring_multipart(app: ASGIApp) -> ASGIApp:
    async def restored(scope: Scope, receive: Receive, send: Send) -> None:
        if STASH in scope:
            headers, messages, client = scope[STASH]
            scope = {k: v for k, v in scope.items() if k != STASH}
            await app({**scope, "headers": headers}, replaying(messages, client), send)
            return
        await app(scope, receive, send)

    return restored


def form_token(content_type: bytes, body: bytes) -> str | None:
    """The `csrftoken` field of a multipart body, if it has one."""
    found: list[str] = []

    def on_field(field: Field) -> None:
        if field.field_name == b"csrftoken" and field.value:
            found.append(field.value.decode("latin-1"))

    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        return None
    try:
        parser = FormParser(MULTIPART.decode(), on_field, lambda _file: None, boundary=boundary)
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        return None
    return found[0] if found else None


class SignInLimit:
    """Failed sign-ins in a moving window, kept in memory (one process serves the pages;
    behind several, a shared storage from `limits` would do). Only failures count: an office
    behind one address signs in all day. `rule` holds each client address, and each user name
    from one address, so that guesses from elsewhere never lock a user out of their own
    office; `user_rule`, far looser, holds a user name from every address at once, against
    guesses spread over many addresses."""

    def __init__(self, rule: str = "10/minute;50/hour", user_rule: str = "200/hour") -> None:
        self.rules = parse_many(rule)
        self.user_rules = parse_many(user_rule)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def held(self, address: str, username: str) -> list[tuple[RateLimitItem, tuple[str, str]]]:
        """(rule, key) of every count a failure adds to."""
        name = username.casefold()
        own = [("address", address), ("user-at", f"{name}@{address}")]
        return [(rule, key) for rule in self.rules for key in own] + [
            (rule, ("username", name)) for rule in self.user_rules
        ]

    def wait(self, address: str, username: str) -> int:
        """Whole minutes until a sign-in may be tried again; 0 when it may now."""
        blocked = [
            self.limiter.get_window_stats(rule, *key).reset_time
            for rule, key in self.held(address, username)
            if not self.limiter.test(rule, *key)
        ]
        return max(1, math.ceil((max(blocked) - time.time()) / 60)) if blocked else 0

    def failed(self, address: str, username: str) -> None:
        for rule, key in self.held(address, username):
            self.limiter.hit(rule, *key)

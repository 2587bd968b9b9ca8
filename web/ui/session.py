"""Who is signed in: server-side sessions (starsessions, kept in the accounts database), idle
for at most 30 minutes and alive for at most 12 hours; the account is checked on every request,
so disabling it ends its sessions at once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, Request
from starsessions import SessionStore, regenerate_session_id

from application.accounts import AccountService
from application.commands import Actor
from web.deps import (
    ADMINISTRATOR,
    AUDITOR,
    CASEWORKER,
    CHAIRMAN,
    SUPERVISOR,
    Policy,
    SystemDep,
)

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
COOKIE = "giamngheo_session"


class AccountSessionStore(SessionStore):
    """starsessions' storage interface over the `web_sessions` table of the app's system
    (looked up on each call: the system is the app's, and tests give the app a new one)."""

    def __init__(self, accounts: Callable[[], AccountService]) -> None:
        self._accounts = accounts

    @property
    def accounts(self) -> AccountService:
        return self._accounts()

    async def read(self, session_id: str, lifetime: int) -> bytes:
        return await to_thread.run_sync(self.accounts.read_session, session_id)

    async def write(self, session_id: str, data: bytes, lifetime: int, ttl: int) -> str:
        username = json.loads(data).get("username")
        await to_thread.run_sync(
            self.accounts.write_session, session_id, data, username, ttl or lifetime
        )
        return session_id

    async def remove(self, session_id: str) -> None:
        await to_thread.run_sync(self.accounts.end_session, session_id)


class SignInRequiredError(Exception):
    """No live session: the page answers with the sign-in form."""


class RoleRefusedError(Exception):
    """Signed in, but the role may not use this page."""


class PasswordChangeRequiredError(Exception):
    """Signed in with a password someone else saw: the user chooses their own first."""


def sign_in(request: Request, actor: Actor, must_change_password: bool = False) -> None:
    """A new session id at sign-in, so an id planted before it is worth nothing."""
    request.session.clear()
    regenerate_session_id(request)
    request.session.update(username=actor.username, signed_in_at=time.time())
    if must_change_password:
        request.session["must_change_password"] = True


def password_changed(request: Request) -> None:
    request.session.pop("must_change_password", None)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in(request: Request, system: SystemDep) -> Actor | None:
    """The session's user while the session is young enough and the account enabled."""
    username = request.session.get("username")
    if not username:
        return None
    if time.time() - float(request.session.get("signed_in_at", 0)) > ABSOLUTE.total_seconds():
        sign_out(request)
        return None
    actor = system.accounts.actor_for_user(username)
    if actor is None:
        sign_out(request)
    request.state.actor = actor
    return actor


@dataclass(frozen=True)
class Signed(Policy):
    """Pages for signed-in users holding one of the roles; only the user's own password page
    until they have replaced a password someone else saw."""

    roles: tuple[str, ...]
    before_own_password: bool = False

    def __call__(self, request: Request, system: SystemDep) -> Actor:
        actor = signed_in(request, system)
        if actor is None:
            raise SignInRequiredError
        if actor.role not in self.roles:
            raise RoleRefusedError
        if request.session.get("must_change_password") and not self.before_own_password:
            raise PasswordChangeRequiredError
        return actor


# The page groups of docs/spec/interfaces.md and who may open them.
CASEWORKER_PAGES = Signed((CASEWORKER,))
# A commune's chairman reads its households before signing the review's decision.
SEARCH_PAGES = Signed((CASEWORKER, SUPERVISOR, CHAIRMAN))
HOUSEHOLD_PAGES = Signed((CASEWORKER, SUPERVISOR, AUDITOR, CHAIRMAN))
ROUND_PAGES = Signed((CASEWORKER, SUPERVISOR, CHAIRMAN))
CHAIRMAN_PAGES = Signed((CHAIRMAN,))
SUPERVISOR_PAGES = Signed((SUPERVISOR,))
# What-if runs are drafted and run by supervisors; auditors open the kept ones, each judged again
# as known at its instant, to check a cited result (docs/spec/what-if.md).
WHAT_IF_READERS = Signed((SUPERVISOR, AUDITOR))
# The dashboard only reads: auditors read it too, beside their replays (issue 10).
DASHBOARD_PAGES = Signed((SUPERVISOR, AUDITOR))
INDICATOR_PAGES = Signed((SUPERVISOR, AUDITOR))
REGISTRY_PAGES = Signed((CASEWORKER, SUPERVISOR))
AUDITOR_PAGES = Signed((AUDITOR,))
ADMIN_PAGES = Signed((ADMINISTRATOR,))
OWN_ACCOUNT_PAGES = Signed((CASEWORKER, SUPERVISOR, AUDITOR, ADMINISTRATOR, CHAIRMAN), True)


def current_user(request: Request) -> Actor:
    """The actor the route's policy admitted (a route without a policy has none)."""
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is None:
        raise SignInRequiredError
    return actor


PageUser = Annotated[Actor, Depends(current_user)]

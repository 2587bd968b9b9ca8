"""User accounts and API tokens. Passwords are hashed with argon2id; tokens are random and
only their SHA-256 is stored, so a copy of the database yields no usable credential."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    delete,
    false,
    insert,
    select,
    update,
)

from application.admin_scope import (
    check_may_add,
    check_may_manage,
    inside,
    may_manage,
    unknown_account,
)
from application.areas import AreaService
from application.commands import Actor
from application.infrastructure.database import add_missing_columns, metadata
from domain.errors import ConflictError, FieldChecks, NotFoundError, ValidationError
from projections.bitemporal import utc

# The chairman of a commune (or a delegate) signs its review decision: a role apart from the
# caseworker who surveys (Decision 24/2021/QĐ-TTg, Art. 4).
CHAIRMAN = "chairman"
ROLES = ("caseworker", "supervisor", "auditor", "administrator", CHAIRMAN)

users = Table(
    "users",
    metadata,
    Column("username", String(80), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("area_code", String(10), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Set when someone else saw the password (an administrator made or reset the account):
    # the user chooses their own before any other page.
    Column("must_change_password", Boolean, nullable=False, default=False, server_default=false()),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(80), ForeignKey("users.username"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # A token made before tokens expired has none, and no longer works.
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)
TOKEN_DAYS = 90
TOKEN_DAYS_MAX = 365
# A token is named by the start of its hash: enough to tell a user's tokens apart, and nothing
# that helps to guess the token.
TOKEN_ID = 12

# Web sessions live here, not in the cookie, so signing out or disabling a user really ends them.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("session_id", String(128), primary_key=True),
    Column("username", String(80), nullable=True, index=True),
    Column("data", LargeBinary, nullable=False),
    Column("expires_at", Float, nullable=False),
)

# Letters, digits, dot, underscore and hyphen: a name an officer can type and read out, the
# same on every keyboard (no spaces, no diacritics).
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,79}")
PASSWORD_MIN = 10

_hasher = PasswordHasher()
# Checked against when the user is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def new_password() -> str:
    """A one-time password to hand over: 16 random URL-safe characters."""
    return secrets.token_urlsafe(12)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_id(token: str) -> str:
    """The name a token is listed and revoked by."""
    return _token_hash(token)[:TOKEN_ID]


# Refuses (raises) a change to an account, given its `username`, `role` and `area_code`.
Guard = Callable[[Mapping[str, Any]], None]


class AccountService:
    """The plain methods (`add_user`, `disable_user`, ...) act on any account: they are the
    operator's, on the command line. The pages call the `*_as` methods, which act for an
    administrator within their scope (application/admin_scope.py)."""

    def __init__(self, engine: Engine, areas: AreaService) -> None:
        self.engine = engine
        self.areas = areas
        metadata.create_all(engine, tables=[users, api_tokens, web_sessions])
        add_missing_columns(engine, users)
        add_missing_columns(engine, api_tokens)

    def today(self) -> date:
        return self.areas.runner.today()

    def add_user(
        self,
        username: str,
        role: str,
        area_code: str,
        password: str | None = None,
        must_change: bool = False,
    ) -> str:
        """Create a user; returns the password (generated when none is given). The operator
        may name any unit the registry knows, one that has ended included (an auditor of a
        former district reads its history); an administrator's page offers standing units
        only (`admin_scope.check_may_add`)."""
        with FieldChecks() as check:
            check(check_role, role)
            check(check_username, username)
            level = check(self.areas.registry().level_of, area_code)
            check(check_role_level, role, level, area_code)
        password = password or new_password()
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.username).where(users.c.username == username)).first():
                raise ConflictError("username-taken", field="username", username=username)
            conn.execute(
                insert(users).values(
                    username=username,
                    role=role,
                    area_code=area_code,
                    password_hash=_hasher.hash(password),
                    disabled=False,
                    created_at=datetime.now(UTC),
                    must_change_password=must_change,
                )
            )
        return password

    def list_users(self) -> list[dict[str, Any]]:
        """Every account by user name, without its password hash; `created_at` in UTC."""
        query = select(
            users.c.username, users.c.role, users.c.area_code, users.c.disabled, users.c.created_at
        ).order_by(users.c.username)
        with self.engine.connect() as conn:
            rows = [dict(row._mapping) for row in conn.execute(query)]
        for row in rows:
            row["created_at"] = utc(row["created_at"])
        return rows

    def disable_user(self, username: str, guard: Guard | None = None) -> None:
        """The account stops working at once: its sessions end and its tokens are revoked
        (enabling it again brings neither back)."""
        self._change(username, guard, revoke=True, disabled=True)

    def enable_user(self, username: str, guard: Guard | None = None) -> None:
        self._change(username, guard, disabled=False)

    def reset_password(self, username: str, guard: Guard | None = None) -> str:
        """A new generated password, returned once and stored only as its hash; the old one
        and every session of the user stop working at once, and the user chooses their own at
        the next sign-in."""
        password = new_password()
        self._change(
            username,
            guard,
            revoke=True,
            password_hash=_hasher.hash(password),
            must_change_password=True,
        )
        return password

    def change_own_password(
        self, username: str, current: str, new: str, repeated: str, session_id: str | None
    ) -> None:
        """The user's own new password, after their current one: every other session of the
        user ends and their tokens are revoked; the session they changed it in goes on."""
        with FieldChecks() as check:
            check(self.check_current_password, username, current)
            check(check_new_password, username, current, new, repeated)
        with self.engine.begin() as conn:
            conn.execute(
                update(users)
                .where(users.c.username == username)
                .values(password_hash=_hasher.hash(new), must_change_password=False)
            )
            conn.execute(
                delete(web_sessions).where(
                    web_sessions.c.username == username, web_sessions.c.session_id != session_id
                )
            )
            revoke_tokens(conn, api_tokens.c.username == username)

    def check_current_password(self, username: str, current: str) -> None:
        if self.authenticate(username, current) is None:
            raise ValidationError("password-wrong", field="current_password")

    def must_change_password(self, username: str) -> bool:
        query = select(users.c.must_change_password).where(users.c.username == username)
        with self.engine.connect() as conn:
            return bool(conn.execute(query).scalar())

    def _change(
        self, username: str, guard: Guard | None, revoke: bool = False, **values: Any
    ) -> None:
        """Change an account, if the guard lets the change through, and end its web sessions,
        so the change holds from their next request (API tokens are checked against the
        account on every call); with `revoke`, its tokens are revoked too. The guard reads the
        account in the change's transaction."""
        query = select(users.c.username, users.c.role, users.c.area_code)
        with self.engine.begin() as conn:
            account = conn.execute(query.where(users.c.username == username)).first()
            if account is None:
                raise unknown_account(username)
            if guard is not None:
                guard(dict(account._mapping))
            conn.execute(update(users).where(users.c.username == username).values(values))
            conn.execute(delete(web_sessions).where(web_sessions.c.username == username))
            if revoke:
                revoke_tokens(conn, api_tokens.c.username == username)

    # ---- for an administrator, within their scope ------------------------------------------

    def users_seen_by(self, caller: Actor) -> list[dict[str, Any]]:
        """The accounts of the caller's area, each with `manageable`: whether the caller may
        disable, enable or reset it, and what became of its scope if its unit ended
        (`scope`: the unit it continues as, or the last day it reads)."""
        day = self.today()
        return [
            {
                **account,
                "manageable": may_manage(self.areas, caller, account, day),
                "scope": self.areas.scope_note(account["area_code"], day),
            }
            for account in self.list_users()
            if inside(self.areas, caller, account["area_code"], day)
        ]

    def add_user_as(self, caller: Actor, username: str, role: str, area_code: str) -> str:
        """A user of an area inside the caller's; an administrator only below the caller. The
        administrator sees the password: the user replaces it at the first sign-in."""
        check_may_add(self.areas, caller, role, area_code, self.today())
        return self.add_user(username, role, area_code, must_change=True)

    def guard_for(self, caller: Actor) -> Guard:
        """Lets through a change the caller may make to the account it is given."""
        day = self.today()
        return lambda account: check_may_manage(self.areas, caller, account, day)

    def disable_user_as(self, caller: Actor, username: str) -> None:
        self.disable_user(username, self.guard_for(caller))

    def enable_user_as(self, caller: Actor, username: str) -> None:
        self.enable_user(username, self.guard_for(caller))

    def reset_password_as(self, caller: Actor, username: str) -> str:
        return self.reset_password(username, self.guard_for(caller))

    def create_token(self, username: str, days: int = TOKEN_DAYS) -> str:
        """A bearer token for an enabled user, working for `days` days (at most a year); only
        its hash is stored."""
        if isinstance(days, bool) or not 1 <= days <= TOKEN_DAYS_MAX:
            raise ValidationError("token-days", field="days", limit=TOKEN_DAYS_MAX)
        token = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            row = conn.execute(select(users.c.disabled).where(users.c.username == username)).first()
            if row is None or row.disabled:
                raise NotFoundError("invalid-value", field="username", value=username)
            conn.execute(
                insert(api_tokens).values(
                    token_hash=_token_hash(token),
                    username=username,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
            )
        return token

    def tokens_of(self, username: str) -> list[dict[str, Any]]:
        """A user's tokens, newest first: the id that names each, when it was made, when it
        expires or expired, and whether it was revoked (times in UTC)."""
        table = api_tokens
        query = (
            select(table.c.token_hash, table.c.created_at, table.c.expires_at, table.c.revoked_at)
            .where(table.c.username == username)
            .order_by(table.c.created_at.desc())
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        now = datetime.now(UTC)
        return [
            {
                "id": row.token_hash[:TOKEN_ID],  # token_id(), from the stored hash
                "created_at": utc(row.created_at),
                "expires_at": utc(row.expires_at) if row.expires_at else None,
                "revoked_at": utc(row.revoked_at) if row.revoked_at else None,
                "works": row.revoked_at is None
                and row.expires_at is not None
                and utc(row.expires_at) > now,
            }
            for row in rows
        ]

    def revoke_token(self, token_id: str) -> str:
        """Revoke the token an id names (`tokens_of`); returns its user's name."""
        table = api_tokens
        if len(token_id) != TOKEN_ID or not all(c in "0123456789abcdef" for c in token_id):
            raise NotFoundError("token-not-found", field="token_id", token_id=token_id)
        with self.engine.begin() as conn:
            owner = conn.execute(
                select(table.c.username).where(table.c.token_hash.startswith(token_id))
            ).scalar()
            if owner is None:
                raise NotFoundError("token-not-found", field="token_id", token_id=token_id)
            revoke_tokens(conn, table.c.token_hash.startswith(token_id))
        return str(owner)

    def _actor(self, row: Any) -> Actor:
        return Actor(username=row.username, role=row.role, area_code=row.area_code)

    def actor_for_token(self, token: str) -> Actor | None:
        """The user a token stands for, while it is neither expired nor revoked and the user
        is enabled."""
        query = (
            select(users)
            .join(api_tokens, api_tokens.c.username == users.c.username)
            .where(
                api_tokens.c.token_hash == _token_hash(token),
                api_tokens.c.revoked_at.is_(None),
                api_tokens.c.expires_at > datetime.now(UTC),
                users.c.disabled.is_(False),
            )
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return self._actor(row) if row else None

    def authenticate(self, username: str, password: str) -> Actor | None:
        """The same work and the same answer for an unknown user and a wrong password."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.username == username)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerifyMismatchError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        return self._actor(row)

    def has_users(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(users.c.username).limit(1)).first() is not None

    def actor_for_user(self, username: str) -> Actor | None:
        """The actor a signed-in session names, while the account is enabled."""
        query = select(users).where(users.c.username == username, users.c.disabled.is_(False))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return self._actor(row) if row else None

    def read_session(self, session_id: str) -> bytes:
        """A session's data; nothing for an unknown or idle-expired one."""
        query = select(web_sessions.c.data).where(
            web_sessions.c.session_id == session_id, web_sessions.c.expires_at > time.time()
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return bytes(row.data) if row else b""

    def write_session(
        self, session_id: str, data: bytes, username: str | None, ttl_seconds: int
    ) -> None:
        expires_at = time.time() + ttl_seconds
        values = {"data": data, "username": username, "expires_at": expires_at}
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= time.time()))
            done = conn.execute(
                update(web_sessions).where(web_sessions.c.session_id == session_id).values(values)
            )
            if done.rowcount == 0:
                conn.execute(insert(web_sessions).values(session_id=session_id, **values))

    def end_session(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.session_id == session_id))


def check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError("invalid-value", field="role", value=role)


def check_role_level(role: str, level: str, area_code: str) -> None:
    """A chairman signs the decisions of one commune."""
    if role == CHAIRMAN and level != "commune":
        raise ValidationError("chairman-of-a-commune", field="area_code", area_code=area_code)


def check_username(username: str) -> None:
    if not username.strip():
        raise ValidationError("required", field="username")
    if not USERNAME.fullmatch(username):
        raise ValidationError("username-format", field="username", value=username)


def check_new_password(username: str, current: str, new: str, repeated: str) -> None:
    if len(new) < PASSWORD_MIN:
        raise ValidationError("password-too-short", field="new_password", limit=PASSWORD_MIN)
    if new in (current, username):
        raise ValidationError("password-unchanged", field="new_password")
    if repeated != new:
        raise ValidationError("passwords-differ", field="repeated_password")


def revoke_tokens(conn: Connection, which: ColumnElement[bool]) -> None:
    """Revoke the tokens a condition picks that are not revoked yet (the first revocation's
    time stays)."""
    conn.execute(
        update(api_tokens)
        .where(which, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )

"""What routes depend on: the system, the signed-in actor, the route's policy, the language and
a command context built from the `Idempotency-Key` and `If-Match` headers.

Every route declares a `Policy` (a test fails for one that does not): routers take it as a
router-level dependency, so the check runs before the handler and before the body is used."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BeforeValidator
from starlette.datastructures import FormData

from application.commands import Actor, CommandContext, Written, context
from application.system import System
from domain.errors import ConflictError, NotFoundError
from domain.words import ISO_DAY
from web.i18n import language
from web.problems import ProblemError, domain_problem

CASEWORKER = "caseworker"
SUPERVISOR = "supervisor"
AUDITOR = "auditor"
ADMINISTRATOR = "administrator"
CHAIRMAN = "chairman"

# Lost races: the answer carries the fresh state so the caller can redo their change on it.
RACE_CODES = ("stale-version", "concurrent-write")

_bearer = HTTPBearer(auto_error=False, description="A token from `giamngheo token create NAME`.")
_VERSION = re.compile(r'(?:W/)?"(\d{1,18})"|(\d{1,18})')

# A page of a list: a million pages of fifty is far past any list; a number beyond it would
# overflow the database's offset.
Page = Annotated[int, Query(ge=1, le=1_000_000)]


def written_as_a_date(value: object) -> object:
    """A date or an instant of a query is written out (2025-06-30, 2025-06-30T08:00:00+07:00):
    a bare number is not read as seconds since 1970."""
    if isinstance(value, str) and not ISO_DAY.match(value):
        raise ValueError("a date written YYYY-MM-DD, or an instant YYYY-MM-DDThh:mm:ss")
    return value


# The API's dates and instants (an instant without its zone is Vietnam's time: docs/spec/time.md).
Day = Annotated[date, BeforeValidator(written_as_a_date)]
Instant = Annotated[datetime, BeforeValidator(written_as_a_date)]


def get_system(request: Request) -> System:
    return cast(System, request.app.state.system)


SystemDep = Annotated[System, Depends(get_system)]


async def posted_form(request: Request) -> FormData:
    """The form is read on the event loop; the route itself is a plain `def`, which FastAPI
    runs in its thread pool, so a command's write and its read-your-writes wait (up to
    seconds) never stall the other requests."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]
Lang = Annotated[str, Depends(language)]


def authenticated(
    system: SystemDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The actor a bearer token names; the same 401 for a missing, unknown or disabled one."""
    actor = system.accounts.actor_for_token(credentials.credentials) if credentials else None
    if actor is None:
        raise ProblemError(401, "not-authenticated", headers={"WWW-Authenticate": "Bearer"})
    return actor


CurrentActor = Annotated[Actor, Depends(authenticated)]


class Policy:
    """Who may call a route. Marker base, so a test can find the policy of every route."""


@dataclass(frozen=True)
class Roles(Policy):
    """Signed-in users holding one of the roles; the rest get 403."""

    roles: tuple[str, ...]

    def __call__(self, actor: CurrentActor) -> Actor:
        if actor.role not in self.roles:
            raise ProblemError(403, "forbidden", role=actor.role)
        return actor


class Public(Policy):
    """Anyone, signed in or not: pages that show nothing of a household."""

    def __call__(self) -> None:
        return None


READ = Roles((CASEWORKER, SUPERVISOR, AUDITOR, ADMINISTRATOR, CHAIRMAN))
WRITE_HOUSEHOLDS = Roles((CASEWORKER,))
WRITE_REGISTRIES = Roles((CASEWORKER, ADMINISTRATOR))
ADMINISTER = Roles((ADMINISTRATOR,))
DECIDE = Roles((CHAIRMAN,))
PUBLIC = Public()


def today(system: System) -> date:
    return system.runner.today()


def require_area(system: System, actor: Actor, code: object, field: str, day: date) -> None:
    """A write naming a commune or area outside the actor's own is refused with 403: the caller
    named the place, so saying it is not theirs reveals nothing. A missing or malformed code is
    left to the application, which names the field."""
    if isinstance(code, str) and code and not system.areas.contains(actor.area_code, code, day):
        raise ProblemError(
            403, "outside-area", field=field, area_code=code, own_area=actor.area_code
        )


def readable_area(system: System, actor: Actor, area: str | None, day: date) -> str:
    """The area a read asks for (the actor's own by default); one outside the actor's area is
    the same 404 as an unknown code, so probing codes reveals nothing."""
    code = area or actor.area_code
    if not system.areas.contains(actor.area_code, code, day):
        raise NotFoundError("area-not-found", field="area", area_code=code)
    return code


def scoped(system: System, actor: Actor, area: str | None, day: date) -> str:
    """A readable area (`readable_area`) that the registry knows."""
    code = readable_area(system, actor, area, day)
    system.areas.registry().level_of(code)
    return code


def check_visible(system: System, actor: Actor, household_id: UUID) -> str:
    """Outside the actor's area a household does not exist for them; inside, its commune."""
    households = system.households
    return households.check_visible(actor, households.load(household_id))


def read_personal_data(system: System, actor: Actor, household_id: UUID, what: str) -> None:
    """Before showing a household's names, ids or incomes: the scope check, then a line in the
    personal-data read log (who, when, which household, through what)."""
    commune = check_visible(system, actor, household_id)
    system.readlog.record(actor, household_id, commune, what)


def read_complaints(system: System, actor: Actor, shown: Mapping[str, Any], what: str) -> None:
    """A round's complaints name people and tell of a household's life: showing them adds a
    line to the personal-data read log for each household complained about, as its page does."""
    ids = {h["household_code"]: h["id"] for h in shown["households"]}
    complained = dict.fromkeys(ids[c["household_code"]] for c in shown["complaints"])
    system.readlog.record_many(actor, [(h, shown["commune_code"]) for h in complained], what)


def effective_or_today(body: Mapping[str, Any], system: System) -> date:
    """The day a code is judged on: the body's effective date when it is one (communes change
    district over time), else today; a bad date is the application's to name."""
    try:
        return date.fromisoformat(str(body.get("effective_date")))
    except ValueError:
        return today(system)


def expected_version(if_match: str | None) -> int | None:
    """`If-Match` as `"3"`, `W/"3"` or `3`; `*` or no header means any version. An empty
    header names no version, so it matches none: refused as malformed rather than read as
    "any version", which would let through a change the client meant to guard."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = _VERSION.fullmatch(if_match.strip())
    if found is None:
        raise ProblemError(422, "invalid-parameter", field="If-Match")
    return int(found.group(1) or found.group(2))


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def created(answer: dict[str, Any]) -> JSONResponse:
    """201 with the service's answer (the first one again on a repeat), and the new ETag."""
    version = answer.get("version")
    return JSONResponse(answer, status_code=201, headers=etag(version) if version else None)


@dataclass(frozen=True)
class Command:
    """A write on behalf of the signed-in actor, under the request's idempotency key and
    expected version, answered in the caller's language."""

    system: System
    ctx: CommandContext
    lang: str

    @property
    def actor(self) -> Actor:
        return self.ctx.actor

    def is_repeat(self) -> bool:
        """Already answered under this key: the stored answer is given again, whatever moved."""
        return self.system.runner.answered(self.ctx)

    def run(
        self,
        action: Callable[[CommandContext], Written],
        fresh: Callable[[], dict[str, Any]] | None = None,
    ) -> JSONResponse:
        """Run once; a lost race answers 409 with `current`, the state to redo the change on."""
        try:
            written = action(self.ctx)
        except ConflictError as error:
            if fresh is None or error.code not in RACE_CODES:
                raise
            return domain_problem(error, self.lang, current=fresh())
        if not self.system.reads.wait_for(written.position):
            # Recorded, but the views have not seen it within the bound: say so, never claim it.
            return created({**written.answer, "views_behind": True})
        return created(written.answer)


def command(
    system: SystemDep,
    actor: CurrentActor,
    lang: Lang,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="A repeat with the same key returns the first answer, records nothing.",
        ),
    ] = None,
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='The version the change is based on: "3" (an ETag).'),
    ] = None,
) -> Command:
    return Command(system, context(actor, idempotency_key, expected_version(if_match)), lang)


CommandDep = Annotated[Command, Depends(command)]

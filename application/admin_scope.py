"""What an administrator may do, by area (issue 12). An administrator acts only inside their own
area: on the accounts, household totals and plans whose area lies inside it, and never on an
administrator of the same or a wider area, nor on their own account (that is for an
administrator above them, or for the operator on the command line). The plan's targets are
revised only by an administrator of the plan's whole area.

An account outside the caller's area is refused as if it did not exist (404), so trying names
reveals nothing; one the caller sees but may not touch is refused as forbidden (403). The
command line runs as the operator and calls the unscoped services."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from application.commands import Actor
from domain.errors import DomainError, NotFoundError

if TYPE_CHECKING:
    from application.areas import AreaService

ADMINISTRATOR = "administrator"


class ForbiddenError(DomainError):
    """The caller may see the thing, but it is not theirs to do: answered 403."""

    kind = "forbidden"


def unknown_account(username: str) -> NotFoundError:
    """The one refusal for an account that does not exist and for one the caller may not see."""
    return NotFoundError("account-not-found", field="username", username=username)


def inside(areas: AreaService, caller: Actor, area_code: str, day: date) -> bool:
    """Does the area lie inside the caller's own on `day` (their own area included)?"""
    return areas.contains(caller.area_code, area_code, day)


def below(areas: AreaService, caller: Actor, area_code: str, day: date) -> bool:
    """Is the area strictly inside the caller's: a district or a commune of a city
    administrator, a commune of a district administrator — never the caller's own area (nor
    the unit it continues as since the reorganisation)?"""
    own = {caller.area_code, areas.scope_of(caller.area_code, day)[0]}
    return area_code not in own and inside(areas, caller, area_code, day)


def check_inside(areas: AreaService, caller: Actor, area_code: str, field: str, day: date) -> None:
    """A write on an area outside the caller's is forbidden: they named it, so saying it is not
    theirs reveals nothing."""
    if not inside(areas, caller, area_code, day):
        raise ForbiddenError(
            "outside-area", field=field, area_code=area_code, own_area=caller.area_code
        )


def check_may_add(areas: AreaService, caller: Actor, role: str, area_code: str, day: date) -> None:
    """A new account of an area that exists and lies inside the caller's; an administrator
    only of an area strictly inside it."""
    areas.registry().check_area(area_code, day)
    check_inside(areas, caller, area_code, "area_code", day)
    if role == ADMINISTRATOR and not below(areas, caller, area_code, day):
        raise ForbiddenError("administrator-scope", field="role", area_code=area_code)


def refusal(
    areas: AreaService, caller: Actor, account: Mapping[str, Any], day: date
) -> DomainError | None:
    """Why the caller may not disable, enable or reset the password of the account (its
    `username`, `role` and `area_code`), or None when they may."""
    username, area_code = account["username"], account["area_code"]
    if not inside(areas, caller, area_code, day):
        return unknown_account(username)
    if username == caller.username:
        return ForbiddenError("own-account", field="username")
    if account["role"] == ADMINISTRATOR and not below(areas, caller, area_code, day):
        return ForbiddenError("administrator-scope", field="username", area_code=area_code)
    return None


def check_may_manage(
    areas: AreaService, caller: Actor, account: Mapping[str, Any], day: date
) -> None:
    refused = refusal(areas, caller, account, day)
    if refused is not None:
        raise refused


def may_manage(areas: AreaService, caller: Actor, account: Mapping[str, Any], day: date) -> bool:
    return refusal(areas, caller, account, day) is None


def may_revise(areas: AreaService, caller: Actor, plan_area: str, day: date) -> bool:
    """A plan is adopted and revised only by an administrator of the plan's whole area, or of
    the city that area merged into (Hải Dương's plan, entered by the city's administrators)."""
    successor = areas.registry().successor_of(plan_area, day)
    return caller.area_code in (plan_area, successor)


def check_may_revise(areas: AreaService, caller: Actor, plan_area: str, day: date) -> None:
    if not may_revise(areas, caller, plan_area, day):
        raise ForbiddenError("plan-whole-area", area_code=plan_area)


def totals_within(
    areas: AreaService, caller: Actor, totals: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The household totals of areas inside the caller's, each as the area stood on 1 January
    of its year (the day the registry dates it on)."""
    return [
        row for row in totals if inside(areas, caller, row["area_code"], date(row["year"], 1, 1))
    ]

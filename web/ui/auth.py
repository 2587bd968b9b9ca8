"""Signing in and out, the language switch, and the home page that sends each role to its own
first page. The same answer for an unknown user, a wrong password and a disabled account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from application.commands import Actor
from web.deps import ADMINISTRATOR, AUDITOR, CASEWORKER, CHAIRMAN, PUBLIC, SUPERVISOR, SystemDep
from web.ui.catalog import LANGUAGES
from web.ui.render import LANG_COOKIE, gettext, render
from web.ui.security import SignInLimit
from web.ui.session import sign_in, sign_out, signed_in

HOME = {
    CASEWORKER: "/households",
    SUPERVISOR: "/dashboard",
    AUDITOR: "/audit",
    ADMINISTRATOR: "/admin",
    CHAIRMAN: "/households",
}
YEAR = 365 * 24 * 3600

router = APIRouter(dependencies=[Depends(PUBLIC)], include_in_schema=False)


def local(target: str | None, fallback: str) -> str:
    """Only a path on this site: `next` must not send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return fallback


def home_of(actor: Actor) -> str:
    return HOME.get(actor.role, "/login")


@router.get("/")
def home(request: Request, system: SystemDep) -> Response:
    actor = signed_in(request, system)
    return RedirectResponse(home_of(actor) if actor else "/login", status_code=303)


@router.get("/login")
def login_form(request: Request, system: SystemDep, next: str | None = None) -> Response:
    actor = signed_in(request, system)
    if actor is not None:
        return RedirectResponse(local(next, home_of(actor)), status_code=303)
    return render(request, "ui/login.html", {"next": next or ""})


@router.post("/login")
def login(
    request: Request,
    system: SystemDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    _ = gettext(request)
    limit: SignInLimit = request.app.state.sign_in_limit
    address = request.client.host if request.client else "unknown"
    name = username.strip()
    again = limit.wait(address, name)
    if again:
        error = _(
            "Too many failed sign-ins from this computer or for this user name. "
            "Try again in %(minutes)s minutes."
        ) % {"minutes": again}
        answer = {"next": next, "error": error, "username": username}
        return render(request, "ui/login.html", answer, status=429)
    actor = system.accounts.authenticate(name, password)
    if actor is None:
        limit.failed(address, name)
        error = _("The user name or the password is wrong.")
        answer = {"next": next, "error": error, "username": username}
        return render(request, "ui/login.html", answer, status=401)
    sign_in(request, actor, system.accounts.must_change_password(actor.username))
    return RedirectResponse(local(next, home_of(actor)), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/language/{lang}")
def switch_language(lang: str, next: str | None = None) -> Response:
    response = RedirectResponse(local(next, "/"), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, httponly=True, samesite="lax")
    return response

"""Refusals on pages: sign-in needed (the sign-in form, or a redirect to it for htmx), a role
that may not use the page, and every other refusal as an error page in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from web import problems
from web.ui.render import page_language, render
from web.ui.session import (
    PasswordChangeRequiredError,
    RoleRefusedError,
    SignInRequiredError,
    signed_in,
)

OWN_PASSWORD = "/account/password"


def sign_in_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")


def error_page(request: Request, status: int, message: Callable[[str], str]) -> Response:
    """In the layout of the signed-in user, when there is one."""
    if getattr(request.state, "actor", None) is None:
        signed_in(request, request.app.state.system)
    return render(
        request,
        "ui/error.html",
        {"status": status, "message": message(page_language(request))},
        status=status,
    )


def install(app: FastAPI) -> None:
    problems.install(app, page=error_page)

    @app.exception_handler(SignInRequiredError)
    def on_sign_in_required(request: Request, _: SignInRequiredError) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": sign_in_url(request)})
        return RedirectResponse(sign_in_url(request), status_code=303)

    @app.exception_handler(PasswordChangeRequiredError)
    def on_password_change_required(request: Request, _: PasswordChangeRequiredError) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=403, headers={"HX-Redirect": OWN_PASSWORD})
        return RedirectResponse(OWN_PASSWORD, status_code=303)

    @app.exception_handler(RoleRefusedError)
    def on_role_refused(request: Request, _: RoleRefusedError) -> Response:
        return error_page(request, 403, problems.ProblemError(403, "page-forbidden").message)

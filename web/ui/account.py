"""A user's own account: the password they choose (after an administrator made or reset the
account, before any other page)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starsessions import get_session_id

from application.commands import Actor
from domain.errors import DomainError
from web.deps import PostedForm, SystemDep
from web.ui.auth import home_of
from web.ui.errors import OWN_PASSWORD
from web.ui.forms import NOTHING_REFUSED, Drawn, by_field, done
from web.ui.render import gettext, page_language, render
from web.ui.session import OWN_ACCOUNT_PAGES, PageUser, password_changed

router = APIRouter(prefix="/account", dependencies=[Depends(OWN_ACCOUNT_PAGES)])

FIELDS = ("current_password", "new_password", "repeated_password")


def password_form(
    request: Request, user: Actor, refused: Drawn = NOTHING_REFUSED, status: int = 200
) -> Response:
    context = {
        "home": home_of(user),
        "refused": refused,
        "required": bool(request.session.get("must_change_password")),
        "nav": "account",
    }
    return render(request, "ui/account/password.html", context, status=status)


@router.get("/password")
def password(request: Request, user: PageUser) -> Response:
    return password_form(request, user)


@router.post("/password")
def change_password(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """What was typed is never drawn again: a refusal shows the messages only."""
    current, new, repeated = (str(form.get(name) or "") for name in FIELDS)
    try:
        system.accounts.change_own_password(
            user.username, current, new, repeated, get_session_id(request)
        )
    except DomainError as error:
        refused = Drawn("password", True, errors=by_field(error), lang=page_language(request))
        return password_form(request, user, refused, 422)
    password_changed(request)
    _ = gettext(request)
    return done(request, OWN_PASSWORD, _("Your password has been changed."))

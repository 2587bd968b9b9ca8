"""One way to answer with a page or a fragment: the template in the reader's language (one
Jinja environment per language, each with its gettext catalog), the signed-in user, the CSRF
token and the formatting filters. A fragment is a named block of the page's own template."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_block

from application.commands import Actor
from application.system import System
from domain.standards import catalogue
from domain.words import programme_name
from web.ui import formats
from web.ui.catalog import LANGUAGES, translations
from web.ui.forms import take_notice

TEMPLATES = Path(__file__).parent.parent / "templates"
LANG_COOKIE = "lang"


def environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        day=formats.day,
        typed_day=formats.typed_day,
        instant=formats.instant,
        money=lambda value: formats.money(value, lang),
        number=lambda value: formats.number(value, lang),
        share=lambda value: formats.share(value, lang),
        term=lambda value: formats.term(value, lang),
        standard=lambda value: catalogue().name_of(str(value), lang),
        programme=lambda value: programme_name(value, lang),
    )
    env.globals["lang"] = lang
    return env


ENVIRONMENTS = {lang: environment(lang) for lang in LANGUAGES}


def page_language(request: Request) -> str:
    """The reader's switch (a cookie), else the deployment's default language."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    default: str = request.app.state.system.settings.lang
    return default if default in LANGUAGES else "vi"


def gettext(request: Request) -> Any:
    """`_` for messages made in Python (flash lines, chart labels), in the reader's language."""
    return translations(page_language(request)).gettext


def plurals(request: Request) -> Any:
    """The plural-aware `_`: one English form for one, another for several."""
    return translations(page_language(request)).ngettext


def role_names(_: Any) -> dict[str, str]:
    return {
        "caseworker": _("Caseworker"),
        "supervisor": _("Supervisor"),
        "auditor": _("Auditor"),
        "administrator": _("Administrator"),
        "chairman": _("Chairman (or delegate)"),
    }


def query(request: Request, **changes: object) -> str:
    """This page's query string with some parameters changed (None drops one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else "?"


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    block: str | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page, or only its `block` (an htmx fragment). A whole page takes the `notice` a
    write left before redirecting to it, so the line is shown once, on the page it was meant for."""
    lang = page_language(request)
    system: System = request.app.state.system
    actor: Actor | None = getattr(request.state, "actor", None)
    today: date = system.runner.today()
    token = request.scope.get("csrftoken")
    full: dict[str, Any] = {
        "request": request,
        "user": actor,
        "today": today,
        "csrftoken": token() if token else "",
        "area_name": lambda code, on=None: system.areas.name_of(code, on or today, lang),
        "query": lambda **changes: query(request, **changes),
        "other_lang": "en" if lang == "vi" else "vi",
        "role_names": role_names(translations(lang).gettext),
        "notice": None if block else take_notice(request),
        **(context or {}),
    }
    env = ENVIRONMENTS[lang]
    html = (
        render_block(env, template, block, **full)
        if block
        else env.get_template(template).render(full)
    )
    return HTMLResponse(html, status_code=status, headers=headers)

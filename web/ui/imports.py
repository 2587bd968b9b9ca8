"""The upload of a commune's survey file (docs/spec/review-round.md, "Import"): the import of
`giamngheo import`, run as the signed-in caseworker, so a commune outside their area, named by
the form or by a row, is refused. A file is checked first or imported at once; either way every
row is checked and each problem is listed by row and column, and nothing is recorded unless the
whole file passes. The file is read from a temporary copy that is gone when the answer is."""

from __future__ import annotations

import tempfile
from pathlib import Path, PureWindowsPath
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile

from application.commands import Actor, context
from application.system import System
from domain.area_registry import AWAITING
from domain.errors import DomainError, ValidationError
from web.deps import PostedForm, SystemDep, today
from web.ui.forms import NOTHING_REFUSED, Drawn, done, refused_by, text, views_behind
from web.ui.render import page_language, plurals, render
from web.ui.session import CASEWORKER_PAGES, PageUser

PATH = "/imports"
PAGE = "ui/households/imports.html"
KEY = "import"
# The inputs a refusal can mark; one naming another field is the form's own message.
INPUTS = ("commune_code", "file")

router = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])


def communes_of(system: System, user: Actor) -> list[tuple[str, str]]:
    """The communes of the user's area today, by name, as a select offers them (code, name
    with the code in brackets)."""
    day = today(system)
    codes = [
        c for c in system.areas.places_within(user.area_code, day) if not c.startswith(AWAITING)
    ]
    named = sorted((system.areas.name_of(code, day), code) for code in codes)
    return [(code, f"{name} ({code})") for name, code in named]


def places_of(system: System, user: Actor) -> list[tuple[str, str]]:
    """What the file may be of: each commune of the user's area, and the whole area when it is
    wider than a commune (its file names each row's commune)."""
    places = communes_of(system, user)
    if len(places) > 1:
        whole = system.areas.name_of(user.area_code, today(system))
        places.insert(0, (user.area_code, f"{whole} ({user.area_code})"))
    return places


def imports_page(
    request: Request,
    system: System,
    user: Actor,
    refused: Drawn = NOTHING_REFUSED,
    result: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "nav": "imports",
        "places": places_of(system, user),
        "refused": refused.of(KEY),
        "result": result,
    }
    return render(request, PAGE, context, status=status)


@router.get(PATH)
def upload_form(request: Request, system: SystemDep, user: PageUser) -> Response:
    return imports_page(request, system, user)


@router.post(PATH)
def upload(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    """Check the file, or import it: a file that passes is recorded and the page says what was
    (a reload sends nothing twice); one that does not is listed problem by problem."""
    lang = page_language(request)
    dry_run = text(form, "mode") != "import"
    try:
        done_ = import_upload(system, user, form, dry_run, lang)
    except DomainError as error:
        drawn = Drawn.refused(KEY, form, refused_by(error, lang), INPUTS)
        return imports_page(request, system, user, drawn, status=drawn.status)
    if done_["valid"] and not dry_run:
        notice = recorded(request, done_)
        if not system.reads.wait_for(system.store.recorder.max_notification_id()):
            notice = f"{notice} {views_behind(lang)}"
        return done(request, PATH, notice)
    status = 200 if done_["valid"] else 422
    sent = Drawn(KEY, True, {"commune_code": text(form, "commune_code") or ""})
    return imports_page(request, system, user, sent, done_, status)


def import_upload(
    system: System, user: Actor, form: FormData, dry_run: bool, lang: str
) -> dict[str, Any]:
    """The sent file, copied under its own name (without any folder it names) into a folder of
    its own, imported as the user."""
    upload = form.get("file")
    commune_code = text(form, "commune_code")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationError("required", field="file")
    if commune_code is None:
        raise ValidationError("required", field="commune_code")
    name = PureWindowsPath(upload.filename).name or "file"
    with tempfile.TemporaryDirectory(prefix="giamngheo-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(upload.file.read())
        return system.imports.run(context(user, note=name), commune_code, path, dry_run, lang)


def recorded(request: Request, done_: dict[str, Any]) -> str:
    """What an import recorded, by number: the surveys new to their households and those the
    file had already brought."""
    ngettext = plurals(request)
    said = ngettext(
        "%(n)s survey of %(file)s was recorded.",
        "%(n)s surveys of %(file)s were recorded.",
        done_["recorded"],
    ) % {"n": done_["recorded"], "file": done_["file"]}
    if done_["already_recorded"]:
        said += " " + ngettext(
            "%(n)s was recorded already.",
            "%(n)s were recorded already.",
            done_["already_recorded"],
        ) % {"n": done_["already_recorded"]}
    return str(said)

"""What every form does with what was typed: strings from the browser into the values the
services expect (amounts with separators, ticked boxes, lists), the command's idempotency key
and expected version from hidden fields, and the answer to a refusal — the field to mark and
the message in the reader's language, or, for a lost race, the fact that someone else changed
the household first. Nothing is recorded on a refusal: the services raise before they save."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from application.commands import Actor, CommandContext, Written, context
from domain.errors import ConflictError, DomainError
from web.deps import RACE_CODES

_SEPARATORS = re.compile(r"[\s.,_]")


def new_command_id() -> str:
    """Put into each form as it is drawn: sending it twice records it once."""
    return str(uuid.uuid4())


def amount(text: str | None) -> int | str | None:
    """`1.500.000`, `1,500,000` or `1500000` as an int; anything else as typed, for the service
    to name; empty as None."""
    if text is None or not text.strip():
        return None
    digits = _SEPARATORS.sub("", text.strip())
    return int(digits) if digits.isdigit() else text


def text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def ticked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def chosen(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def command_context(actor: Actor, form: FormData) -> CommandContext:
    """The form's own command id (a resend is answered once) and the version it was drawn on."""
    version = text(form, "version")
    return context(
        actor, text(form, "command_id"), int(version) if version and version.isdigit() else None
    )


@dataclass
class Outcome:
    """A form's result: what was written, or why not (`errors` by field, `race` when someone
    else changed the record first)."""

    written: Written | None = None
    errors: dict[str, str] = field(default_factory=dict)
    race: bool = False

    @property
    def ok(self) -> bool:
        return self.written is not None


def attempt(action: Callable[[CommandContext], Written], ctx: CommandContext, lang: str) -> Outcome:
    try:
        return Outcome(written=action(ctx))
    except ConflictError as error:
        if error.code in RACE_CODES:
            return Outcome(race=True, errors={"_form": error.message(lang)})
        return Outcome(errors={error.field or "_form": error.message(lang)})
    except DomainError as error:
        return Outcome(errors={error.field or "_form": error.message(lang)})


def values(form: FormData) -> dict[str, Any]:
    """The form as typed, to draw it again after a refusal."""
    return {key: form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key) for key in form}

"""What every form of the pages does with what was typed: strings from the browser into the
values the services expect (dates typed dd/mm/yyyy or picked, amounts with separators, ticked
boxes, lists), the command's idempotency key and expected version from hidden fields, the form
as drawn (fresh, or refused with its fields marked and what was typed kept), and after a write
the page again by a redirect with a line saying what was recorded. Nothing is recorded on a
refusal: the services raise before they save."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from application.commands import Actor, CommandContext, Written, context
from application.system import System
from domain.errors import ConflictError, DomainError, ValidationError
from web.deps import RACE_CODES
from web.ui.catalog import translations

DIGITS = re.compile(r"[0-9]{1,18}")
# Digits, or groups of three separated by one kind of mark: 1500000, 1.500.000, 1,500,000.
_WHOLE = re.compile(r"[0-9]{1,18}|[0-9]{1,3}(?:([., _\u00a0])[0-9]{3})(?:\1[0-9]{3}){0,4}")
_SEPARATORS = re.compile(r"[., _\u00a0]")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DMY_TIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
NOTICE = "notice"

# How the services take the fields the forms send; dates (`*_date`) and amounts (`*_vnd`) go
# by their names' endings, every other field not named here is text.
WHOLE_NUMBERS = frozenset(
    {"b1_score", "term_months", "project", "target_version", "total", "attendance"}
)
LISTS = frozenset({"causes", "needs", "member_ids"})
TICKS = frozenset({"working_capable"})
# Typed with a decimal comma as the pages print them (6,6), or a point.
DECIMALS = frozenset({"annual_rate_pct"})
# The dates a page accepts: the registry's and the standards' whole range.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def new_command_id() -> str:
    """Put into each form as it is drawn: sending it twice records it once."""
    return str(uuid.uuid4())


# ---- what was typed into the values the services take -----------------------------------------


def amount(text: str | None) -> int | str | None:
    """`1.500.000`, `1,500,000` or `1500000` as an int; anything else (`1.500.000,00`, `1.5`)
    as typed, for the service to name; empty as None."""
    if text is None or not text.strip():
        return None
    typed = text.strip()
    return int(_SEPARATORS.sub("", typed)) if _WHOLE.fullmatch(typed) else text


def iso_day(typed: str | None) -> str | None:
    """A date typed dd/mm/yyyy, as every date field of the pages shows it (or yyyy-mm-dd, as
    links and the API write it), as yyyy-mm-dd; anything else as typed, for the service to
    name."""
    found = _DMY.fullmatch(typed or "")
    if found is None:
        return typed
    day, month, year = found.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def iso_instant(typed: str) -> str:
    """An instant typed dd/mm/yyyy hh:mm[:ss] as ISO (yyyy-mm-ddThh:mm:ss); anything else as
    typed."""
    found = _DMY_TIME.fullmatch(typed)
    if found is None:
        return typed
    day, month, year, hour, minute, second = found.groups()
    clock = f"T{int(hour):02d}:{minute}:{second or '00'}" if hour else "T00:00:00"
    return f"{year}-{int(month):02d}-{int(day):02d}{clock}"


def decimal(raw: str | None) -> float | str | None:
    """`50`, `50.5` or `50,5` as a number; anything else as typed, for the service to name."""
    if raw is None:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return value if math.isfinite(value) else raw


def parse_day(text: str | None, fallback: date, field_name: str) -> date:
    """A date of a page's query (dd/mm/yyyy or yyyy-mm-dd), `fallback` when none is given."""
    if not text:
        return fallback
    try:
        day = date.fromisoformat(iso_day(text.strip()) or "")
    except ValueError:
        raise ValidationError("invalid-date", field=field_name) from None
    if not EARLIEST <= day <= LATEST:
        raise ValidationError("invalid-date", field=field_name)
    return day


def query_day(text: str | None, field_name: str) -> date | None:
    """An optional date of a page's query: None when it is not given."""
    return parse_day(text, date.min, field_name) if text and text.strip() else None


def text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def ticked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def chosen(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def typed(form: FormData, key: str, name: str | None = None) -> Any:
    """The input `key` as the services take the field `name` (by default the same)."""
    name = name or key
    if name.endswith("_date"):
        return iso_day(text(form, key))
    if name.endswith("_vnd") or name in WHOLE_NUMBERS:
        return amount(text(form, key))
    if name in DECIMALS:
        return decimal(text(form, key))
    if name in LISTS:
        return chosen(form, key)
    if name in TICKS:
        return ticked(form, key)
    return text(form, key)


def form_body(form: FormData, names: Iterable[str], **converted: object) -> dict[str, Any]:
    """The service's body from the form: the named fields typed (empty ones left out, so the
    service names what is missing), and the values converted by the page."""
    body: dict[str, object] = {name: typed(form, name) for name in names}
    body.update(converted)
    return {key: value for key, value in body.items() if value is not None}


def values(form: FormData) -> dict[str, Any]:
    """The form as typed, to draw it again after a refusal."""
    return {key: form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key) for key in form}


# ---- the command and its outcome ---------------------------------------------------------------


def command_context(actor: Actor, form: FormData) -> CommandContext:
    """The form's own command id (a resend is answered once) and the version it was drawn on."""
    version = text(form, "version")
    if version is not None and not DIGITS.fullmatch(version):
        raise ValidationError("invalid-value", field="version", value=version)
    return context(actor, text(form, "command_id"), int(version) if version else None)


# What a form says under an input: a refusal (worded when it is drawn, by the input's own label)
# or the page's own words.
Said = DomainError | str


@dataclass
class Outcome:
    """A form's result: what was written, or why not (`errors` by field, `race` when someone
    else changed the record first, `forbidden` when it is not the user's to do)."""

    written: Written | None = None
    errors: dict[str, list[Said]] = field(default_factory=dict)
    race: bool = False
    forbidden: bool = False
    lang: str = "vi"

    @property
    def ok(self) -> bool:
        return self.written is not None


def attempt(action: Callable[[CommandContext], Written], ctx: CommandContext, lang: str) -> Outcome:
    try:
        return Outcome(written=action(ctx), lang=lang)
    except DomainError as error:
        return refused_by(error, lang)


def refused_by(error: DomainError, lang: str) -> Outcome:
    """The outcome of a refusal: a lost race, a forbidden form, or the fields it names."""
    if isinstance(error, ConflictError) and error.code in RACE_CODES:
        return Outcome(race=True, errors={"_form": [error]}, lang=lang)
    return Outcome(errors=by_field(error), forbidden=error.kind == "forbidden", lang=lang)


def by_field(error: DomainError) -> dict[str, list[Said]]:
    """Each refused field's refusal, the first one a field has (`_form`: the form's own)."""
    errors: dict[str, list[Said]] = {}
    for refusal in error.refusals:
        errors.setdefault(refusal.field or "_form", [refusal])
    return errors


# ---- forms as drawn ----------------------------------------------------------------------------


def input_for(field_name: str, drawn: Collection[str]) -> str:
    """The input a refusal names: `member.birth_date` is the new-member form's `birth_date`,
    `deprivations.telecom` the deprivations' group; a field the form does not draw (the version,
    the record its route names) is the form's own message, `_form`."""
    head, _, tail = field_name.partition(".")
    for name in (field_name, tail, head):
        if name in drawn:
            return name
    return "_form"


@dataclass(frozen=True)
class Drawn:
    """One form as drawn (its key tells it from the page's other forms): fresh with its
    defaults, or as it was sent and refused (`sent`), with what was typed, the message for each
    input the refusal names (`_form` for the form's own), and whether it lost a race or was
    forbidden. A resent form keeps its command id: nothing was recorded under it."""

    key: str
    sent: bool = False
    typed: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, Sequence[Said]] = field(default_factory=dict)
    race: bool = False
    command_id: str = field(default_factory=new_command_id)
    forbidden: bool = False
    lang: str = "vi"

    @classmethod
    def refused(
        cls,
        key: str,
        form: FormData,
        outcome: Outcome,
        inputs: Collection[str],
        rename: Callable[[str], str] | None = None,
    ) -> Drawn:
        """The form as sent, its refusals on the inputs they name (`rename` gives the input of
        a field the service names otherwise)."""
        errors: dict[str, list[Said]] = {}
        for name, said in outcome.errors.items():
            errors.setdefault(input_for(rename(name) if rename else name, inputs), []).extend(said)
        sent = values(form)
        command_id = sent.get("command_id")
        if not (isinstance(command_id, str) and command_id):
            command_id = new_command_id()
        return cls(
            key, True, sent, errors, outcome.race, command_id, outcome.forbidden, outcome.lang
        )

    @property
    def status(self) -> int:
        """The answer's status when it is drawn again: a lost race, a forbidden form, else a
        refusal."""
        return 409 if self.race else 403 if self.forbidden else 422

    def value(self, name: str, default: object = "") -> object:
        found = self.typed.get(name, default)
        return found[0] if isinstance(found, list) else found

    def chosen(self, name: str, default: Collection[str] = ()) -> list[str]:
        if not self.sent:
            return list(default)
        found = self.typed.get(name, [])
        return found if isinstance(found, list) else [found]

    def ticked(self, name: str, default: bool = False) -> bool:
        """A box left unticked is not sent at all, so after a refusal absence means no."""
        return name in self.typed if self.sent else bool(self.typed.get(name, default))

    def error(self, name: str, label: str | None = None) -> str | None:
        """The message under the input `name`: a refusal of that very field names it by the
        input's `label` where the page gives it (the form's own words, "Ngày đăng ký", not the
        generic "Ngày hiệu lực"); one of a row or a part of it ("members[0].sex",
        "deprivations.telecom") by the generic label, which says which row or part."""
        said = self.errors.get(name)
        if not said:
            return None
        own = label if name.isidentifier() else None
        return " ".join(
            s if isinstance(s, str) else s.message(self.lang, own if s.field == name else None)
            for s in said
        )

    def of(self, key: str) -> Drawn:
        """For the template, the page's form `key`: this one as sent if it is the refused one,
        else a fresh one."""
        return self if self.sent and self.key == key else Drawn(key)


NOTHING_REFUSED = Drawn("")


# ---- after a write -----------------------------------------------------------------------------


def done(request: Request, target: str, notice: str) -> RedirectResponse:
    """After a write, the page again by a redirect (a reload sends nothing twice), with a line
    saying what was recorded."""
    request.session[NOTICE] = notice
    return RedirectResponse(target, status_code=303)


def take_notice(request: Request) -> str | None:
    """The line a write left for the page it redirected to, shown once."""
    if "session" not in request.scope:
        return None
    notice: str | None = request.session.pop(NOTICE, None)
    return notice


def answer(
    request: Request,
    system: System,
    outcome: Outcome,
    refused: Callable[[Outcome], Drawn],
    redraw: Callable[[Drawn], Response],
    target: Callable[[Written], str],
    notice: str,
) -> Response:
    """Written: wait (a bounded while) until the reads see it, then to the `target` page with
    the notice — which says so when the lists and figures have not caught up yet, rather than
    let the page claim what they do not show. Refused: the page again with the form marked
    (see `Drawn.status`)."""
    if outcome.written is not None:
        if not system.reads.wait_for(outcome.written.position):
            notice = f"{notice} {views_behind(outcome.lang)}"
        return done(request, target(outcome.written), notice)
    return redraw(refused(outcome))


def views_behind(lang: str) -> str:
    """What a page says after a write the lists and figures have not caught up with yet."""
    return str(
        translations(lang).gettext(
            "The lists and figures are still catching up and may not show it for a moment."
        )
    )

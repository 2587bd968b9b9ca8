"""The review round's pages (docs/spec/review-round.md, "The round"): a commune's rounds, with
the overdue ones marked, and each round's list by village with a form for every step. Nobody
chooses an id: households are named by code or ticked in their village's meeting form. The
caseworker records the steps, the chairman signs the decision, supervisors read; every form
goes to the same service as the JSON API."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor, CommandContext, Written
from application.inputs import (
    ConsultDistrict,
    DecideRound,
    HoldMeeting,
    OpenRound,
    PostList,
    ReceiveApplication,
    ReceiveComplaint,
    SettleComplaint,
)
from application.rounds import RoundService, by_village_and_code
from application.system import System
from web.deps import (
    CASEWORKER,
    CHAIRMAN,
    PostedForm,
    SystemDep,
    read_complaints,
    readable_area,
    today,
)
from web.ui import formats
from web.ui.documents import Cell, Document, Sheet, as_document
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    command_context,
    form_body,
    text,
)
from web.ui.households.common import N_
from web.ui.imports import communes_of
from web.ui.render import gettext, page_language, render
from web.ui.session import CASEWORKER_PAGES, CHAIRMAN_PAGES, ROUND_PAGES, PageUser

reads = APIRouter(dependencies=[Depends(ROUND_PAGES)])
writes = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])
decides = APIRouter(dependencies=[Depends(CHAIRMAN_PAGES)])

Action = Callable[[CommandContext], Written]
# A verdict per household in a meeting's form: its input's name, and the two answers.
VERDICT = "verdict-"
AGREED, DISAGREED = "agreed", "disagreed"


# ---- a commune's rounds -----------------------------------------------------------------------


def chosen_commune(system: System, user: Actor, asked: str | None) -> tuple[str, list[Any]]:
    """The commune the list is of: the one asked (inside the user's area), else the user's
    own when it is one commune, else the first of theirs; and the communes to choose from."""
    communes = communes_of(system, user)
    if asked:
        readable_area(system, user, asked, today(system))
        return asked, communes
    return (communes[0][0] if communes else user.area_code), communes


def rounds_page(
    request: Request,
    system: System,
    user: Actor,
    commune: str,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    code, communes = chosen_commune(system, user, commune)
    context = {
        "nav": "rounds",
        "commune": code,
        "communes": communes,
        "rounds": system.rounds.of_commune(code, user.area_code),
        "can_write": user.role == CASEWORKER,
        "refused": refused,
    }
    return render(request, "ui/rounds/list.html", context, status=status)


@reads.get("/rounds")
def rounds(request: Request, system: SystemDep, user: PageUser, commune: str = "") -> Response:
    return rounds_page(request, system, user, commune)


def opened(
    request: Request,
    form: FormData,
    system: System,
    user: Actor,
    form_name: str,
    fields: Collection[str],
    action: Callable[[str, dict[str, Any]], Action],
    notice: str,
) -> Response:
    """A form of the rounds' list that opens a round: to the round's page once opened."""
    commune = text(form, "commune_code") or ""
    body = form_body(form, fields)
    outcome = attempt(action(commune, body), command_context(user, form), page_language(request))
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(form_name, form, refusal, (*fields, "commune_code")),
        lambda drawn: rounds_page(request, system, user, commune, drawn, drawn.status),
        lambda written: f"/rounds/{written.answer['id']}",
        notice,
    )


@writes.post("/rounds")
def open_periodic(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    def action(commune: str, body: dict[str, Any]) -> Action:
        return lambda ctx: system.rounds.open_periodic(ctx, commune, OpenRound.parse(body))

    _ = gettext(request)
    notice = _("The periodic review was opened with the commune's poor and near-poor households.")
    return opened(request, form, system, user, "open", ("effective_date",), action, notice)


@writes.post("/rounds/regular")
def open_regular(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    def action(commune: str, body: dict[str, Any]) -> Action:
        return lambda ctx: system.rounds.open_regular(ctx, commune, ReceiveApplication.parse(body))

    _ = gettext(request)
    notice = _("The application was received: its regular review is open.")
    fields = ("household_code", "effective_date")
    return opened(request, form, system, user, "regular", fields, action, notice)


# ---- one round ---------------------------------------------------------------------------------


def meeting_key(village: str) -> str:
    """The key of a village's meeting form, which goes into element ids: a village's name has
    spaces and diacritics, so it is hashed."""
    return "meeting-" + hashlib.sha256(village.encode()).hexdigest()[:12]


def villages_of(households: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The round's households by village (name, meeting form's key, households by code)."""
    by_village = sorted(households, key=by_village_and_code)
    return [
        {"name": village, "key": meeting_key(village), "households": list(members)}
        for village, members in groupby(by_village, key=lambda h: h.get("village") or "")
    ]


def round_page(
    request: Request,
    system: System,
    user: Actor,
    round_id: str,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    shown = system.rounds.get(round_id, user.area_code)
    read_complaints(system, user, shown, "page:round")
    villages = villages_of(shown["households"])
    open_complaints = [c for c in shown["complaints"] if c["settled_on"] is None]
    can_write = user.role == CASEWORKER and shown["decision"] is None
    can_decide = user.role == CHAIRMAN and shown["decision"] is None
    context = {
        "nav": "rounds",
        "round": shown,
        "villages": villages,
        "codes": [(h["household_code"], h["household_code"]) for h in shown["households"]],
        "ready": [h for h in shown["households"] if ready(shown, h)],
        "open_complaints": open_complaints,
        "can_write": can_write,
        "can_decide": can_decide,
        "refused": refused,
        # A refused form the page no longer draws (the round moved on): its message on top.
        "stray": refused
        if refused.sent and refused.key not in drawn(shown, villages, open_complaints,
                                                     can_write, can_decide)
        else None,
    }  # fmt: skip
    return render(request, "ui/rounds/round.html", context, status=status)


def drawn(
    shown: dict[str, Any],
    villages: list[dict[str, Any]],
    open_complaints: list[dict[str, Any]],
    can_write: bool,
    can_decide: bool,
) -> set[str]:
    """The keys of the forms the round's page draws for the user."""
    keys = {"decision"} if can_decide else set()
    if can_write:
        keys.add("posting")
        keys.update(f"settle-{c['id']}" for c in open_complaints)
        if shown["kind"] == "PERIODIC":
            keys.update({"application", *(village["key"] for village in villages)})
        if shown["posting"]:
            keys.add("complaint")
        if shown["district_step"]:
            keys.add("opinion")
    return keys


def ready(shown: dict[str, Any], household: dict[str, Any]) -> bool:
    """Would the decision recognise it today: agreed (or re-checked), or, in a review that
    holds no meeting, not refused."""
    verdict = household["agreed"]
    return bool(verdict) if shown["kind"] == "PERIODIC" else verdict is not False


@reads.get("/rounds/{round_id}")
def one_round(round_id: str, request: Request, system: SystemDep, user: PageUser) -> Response:
    return round_page(request, system, user, round_id)


def step(
    request: Request,
    form: FormData,
    system: System,
    user: Actor,
    round_id: str,
    form_name: str,
    fields: Collection[str],
    action: Action,
    notice: str,
) -> Response:
    """One step's form: run it under the form's command id and the round's version, and back
    to the round's page."""
    system.rounds.visible(user.area_code, round_id)
    outcome = attempt(action, command_context(user, form), page_language(request))
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(form_name, form, refusal, fields),
        lambda drawn: round_page(request, system, user, round_id, drawn, drawn.status),
        lambda _written: f"/rounds/{round_id}",
        notice,
    )


def meeting_body(form: FormData) -> dict[str, Any]:
    """A village's meeting: each household of the village agreed, not agreed, or not spoken
    of, as its row of the form says."""
    verdicts = {
        key.removeprefix(VERDICT): value
        for key, value in form.multi_items()
        if key.startswith(VERDICT) and isinstance(value, str)
    }
    return form_body(
        form,
        ("village", "attendance", "minutes_ref", "effective_date"),
        agreed=[code for code, said in verdicts.items() if said == AGREED],
        disagreed=[code for code, said in verdicts.items() if said == DISAGREED],
    )


def posting_body(form: FormData) -> dict[str, Any]:
    """The places, one a line."""
    places = [line.strip() for line in (text(form, "places") or "").splitlines() if line.strip()]
    return form_body(form, ("effective_date",), places=places)


@dataclass(frozen=True)
class Step:
    """One step's form on the round's page: its path under the round, the form's key, the
    inputs a refusal can mark, the body it sends, the service it runs, and the line after."""

    path: str
    key: Callable[[FormData], str]
    fields: tuple[str, ...]
    body: Callable[[FormData], dict[str, Any]]
    run: Callable[[RoundService, CommandContext, str, dict[str, Any]], Written]
    notice: str


def fixed(key: str) -> Callable[[FormData], str]:
    return lambda _form: key


def sent(fields: tuple[str, ...]) -> Callable[[FormData], dict[str, Any]]:
    return lambda form: form_body(form, fields)


CASEWORKER_STEPS = (
    Step(
        "applications", fixed("application"), ("household_code", "effective_date"),
        sent(("household_code", "effective_date")),
        lambda r, ctx, rid, body: r.receive_application(ctx, rid, ReceiveApplication.parse(body)),
        N_("The application was received: the household is on the list."),
    ),
    Step(
        "meetings", lambda form: meeting_key(text(form, "village") or ""),
        ("village", "attendance", "minutes_ref", "effective_date", "agreed"), meeting_body,
        lambda r, ctx, rid, body: r.hold_meeting(ctx, rid, HoldMeeting.parse(body)),
        N_("The village meeting was recorded."),
    ),
    Step(
        "posting", fixed("posting"), ("places", "effective_date"), posting_body,
        lambda r, ctx, rid, body: r.post_list(ctx, rid, PostList.parse(body)),
        N_("The results were posted."),
    ),
    Step(
        "complaints", fixed("complaint"),
        ("household_code", "complainant", "grounds", "effective_date"),
        sent(("household_code", "complainant", "grounds", "effective_date")),
        lambda r, ctx, rid, body: r.receive_complaint(ctx, rid, ReceiveComplaint.parse(body)),
        N_("The complaint was received; the decision waits for its re-check."),
    ),
    Step(
        "district-opinion", fixed("opinion"), ("opinion_ref", "effective_date"),
        sent(("opinion_ref", "effective_date")),
        lambda r, ctx, rid, body: r.consult_district(ctx, rid, ConsultDistrict.parse(body)),
        N_("The district's opinion was recorded."),
    ),
)  # fmt: skip
DECISION = Step(
    "decision", fixed("decision"), ("decision_ref", "signer", "effective_date"),
    sent(("decision_ref", "signer", "effective_date")),
    lambda r, ctx, rid, body: r.decide(ctx, rid, DecideRound.parse(body)),
    N_("The decision was recorded and the round ended."),
)  # fmt: skip


def route_of(done: Step) -> Callable[..., Response]:
    """The route of one step (a route each, under its router, so each declares its policy)."""

    def record(
        round_id: str, request: Request, form: PostedForm, system: SystemDep, user: PageUser
    ) -> Response:
        body = done.body(form)

        def action(ctx: CommandContext) -> Written:
            return done.run(system.rounds, ctx, round_id, body)

        notice = gettext(request)(done.notice)
        key = done.key(form)
        return step(request, form, system, user, round_id, key, done.fields, action, notice)

    return record


for _step in CASEWORKER_STEPS:
    writes.add_api_route(f"/rounds/{{round_id}}/{_step.path}", route_of(_step), methods=["POST"])
decides.add_api_route("/rounds/{round_id}/decision", route_of(DECISION), methods=["POST"])


@writes.post("/rounds/{round_id}/complaints/{complaint_id}/settlement")
def settlement(
    round_id: str,
    complaint_id: str,
    request: Request,
    form: PostedForm,
    system: SystemDep,
    user: PageUser,
) -> Response:
    fields = ("outcome", "finding", "effective_date")
    body = form_body(form, fields)

    def action(ctx: CommandContext) -> Written:
        given = SettleComplaint.parse(body)
        return system.rounds.settle_complaint(ctx, round_id, complaint_id, given)

    notice = gettext(request)(N_("The complaint's re-check was recorded."))
    key = f"settle-{complaint_id}"
    return step(request, form, system, user, round_id, key, fields, action, notice)


# ---- the documents it prints --------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def document_of(
    request: Request, system: System, shown: dict[str, Any], title: str, sheets: list[Sheet],
    signature: tuple[str, str],
) -> Document:  # fmt: skip
    """The round's document: issued by the commune's People's Committee, of the round, as the
    store knows it at this minute."""
    _ = gettext(request)
    lang = page_language(request)
    commune = system.areas.name_of(shown["commune_code"], today(system), lang)
    of = round_title(request, shown)
    known = _("Drawn up on %(day)s from what was recorded by %(instant)s.") % {
        "day": formats.day(today(system)),
        "instant": formats.instant(datetime.now(UTC)),
    }
    return Document(
        title=title,
        issuer=_("People's Committee of %(commune)s") % {"commune": commune},
        motto=(_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")),
        lines=(f"{of} · {commune}", known),
        sheets=sheets,
        signature=signature,
    )


def round_title(request: Request, shown: dict[str, Any]) -> str:
    _ = gettext(request)
    if shown["kind"] == "PERIODIC":
        return str(_("Periodic review %(year)s") % {"year": shown["year"]})
    return str(_("Regular review of %(code)s") % {"code": shown["applicant"]})


def household_rows(
    request: Request, households: list[dict[str, Any]], result: bool
) -> list[list[Cell]]:
    """A list's rows: number, code, head, village, status now, and the review's result where
    the list shows it (the posting: what the survey leads to)."""
    lang = page_language(request)
    rows: list[list[Cell]] = []
    for number, h in enumerate(households, start=1):
        status = formats.term(h["status"], lang) if h.get("status") else None
        row: list[Cell] = [
            number,
            h["household_code"],
            h.get("head_name"),
            h.get("village"),
            status,
        ]
        if result:
            row.append(formats.term(h["result"], lang) if h.get("result") else None)
        rows.append(row)
    return rows


def list_headers(request: Request, result: bool) -> list[str]:
    _ = gettext(request)
    headers = [_("No."), _("Household code"), _("Head of household"), _("Village"), _("Status now")]
    return [*headers, _("Result of the review")] if result else headers


def download(body: bytes, name: str) -> Response:
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@reads.get("/rounds/{round_id}/posting.xlsx")
def posting_list(round_id: str, request: Request, system: SystemDep, user: PageUser) -> Response:
    """The list each village posts: its households with the result of their surveys, a sheet a
    village."""
    _ = gettext(request)
    shown = system.rounds.posting_list(round_id, user.area_code)
    system.readlog.record_many(
        user, [(h["id"], shown["commune_code"]) for h in shown["households"]], "download:posting"
    )
    sheets = [
        Sheet(village["name"] or _("No village recorded"), list_headers(request, True),
              household_rows(request, village["households"], True), today(system))
        for village in villages_of(shown["households"])
    ]  # fmt: skip
    title = _("List of the review's results posted publicly")
    signature = (_("For the People's Committee"), "")
    document = document_of(request, system, shown, title, sheets, signature)
    return download(as_document(document), f"posting-{shown['commune_code']}-{round_id[:8]}.xlsx")


@reads.get("/rounds/{round_id}/decision.xlsx")
def decision_annexes(
    round_id: str, request: Request, system: SystemDep, user: PageUser
) -> Response:
    """The decision's annexed lists, a sheet each, signed by the chairman who signed it."""
    _ = gettext(request)
    shown = system.rounds.decision_lists(round_id, user.area_code)
    lists = shown["lists"]
    system.readlog.record_many(
        user,
        [(h["id"], shown["commune_code"]) for listed in lists.values() for h in listed],
        "download:decision",
    )
    names = decision_list_names(request)
    sheets = [
        Sheet(names[name], list_headers(request, False),
              household_rows(request, lists[name], False), today(system))
        for name in names
        if lists.get(name)
    ]  # fmt: skip
    decision = shown["decision"]
    title = _("Decision %(number)s of %(day)s: the lists it recognises") % {
        "number": decision["number"], "day": formats.day(decision["decided_on"]),
    }  # fmt: skip
    document = document_of(request, system, shown, title, sheets, (_("CHAIRMAN"), shown["signer"]))
    return download(as_document(document), f"decision-{shown['commune_code']}-{round_id[:8]}.xlsx")


def decision_list_names(request: Request) -> dict[str, str]:
    """The decision's lists, in the order its annexes print them, by their titles."""
    _ = gettext(request)
    return {
        "poor": _("Poor households"),
        "near_poor": _("Near-poor households"),
        "escaped_poverty": _("Escaped poverty"),
        "escaped_near_poverty": _("Escaped near-poverty"),
        "outside_the_lists": _("Outside the lists"),
    }


router = APIRouter()
for _part in (reads, writes, decides):
    router.include_router(_part)

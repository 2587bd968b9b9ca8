"""The livelihood models and officials registries of the user's area: caseworkers and
supervisors read them (nothing outside their area), caseworkers establish and close models,
register officials and record their trainings and departures through the same services as the
JSON API. Also the places of an area the administrator's forms offer too."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from application.commands import Actor, CommandContext, Written
from application.inputs import Dated, EstablishModel, RecordTraining, RegisterOfficial
from application.system import System
from domain.values import ModelKind
from web.deps import CASEWORKER, PostedForm, SystemDep, require_area, today
from web.ui.forms import (
    NOTHING_REFUSED,
    Drawn,
    answer,
    attempt,
    command_context,
    form_body,
)
from web.ui.render import gettext, page_language, render
from web.ui.session import CASEWORKER_PAGES, REGISTRY_PAGES, PageUser

# ---- what the administrator's pages share with these ------------------------------------------


def places_within(system: System, area_code: str, day: date) -> list[dict[str, Any]]:
    """The city, districts and communes in force on `day` that lie inside the area (the area
    itself included), for the area choices of a form."""
    units = system.areas.units(day)
    city = {**units["city"], "level": "city", "kind": "", "parent_code": ""}
    every = [city, *units["districts"], *units["communes"]]
    return [unit for unit in every if system.areas.contains(area_code, unit["code"], day)]


def place_name(system: System, code: str, day: date, since: str) -> str:
    """The place's name today, or on `since` (ISO) for a commune merged away since."""
    name = system.areas.name_of(code, day)
    return name if name != code else system.areas.name_of(code, date.fromisoformat(since))


# ---- the pages --------------------------------------------------------------------------------

reads = APIRouter(dependencies=[Depends(REGISTRY_PAGES)])
writes = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])

MODEL_FIELDS = (
    "code", "name", "kind", "sector", "commune_code", "budget_vnd", "effective_date",
    "replicated_from",
)  # fmt: skip
OFFICIAL_FIELDS = ("name", "position", "area_code", "effective_date")
TRAINING_FIELDS = ("course", "effective_date")
DATED_FIELDS = ("effective_date",)


def dated(form: FormData) -> Dated:
    """A closing or a leaving: only from when."""
    return Dated.parse(form_body(form, DATED_FIELDS))


def models_page(
    request: Request,
    system: System,
    user: Actor,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    day = today(system)
    _ = gettext(request)
    places = places_within(system, user.area_code, day)
    listed = [
        {**model, "place": place_name(system, model["commune_code"], day, model["established_on"])}
        for model in system.models.listing(user.area_code, day)
    ]
    kind_names = {
        ModelKind.PRODUCTION: _("Production"),
        ModelKind.BUSINESS: _("Business"),
        ModelKind.SERVICE: _("Service"),
        ModelKind.STARTUP: _("Start-up"),
    }
    context = {
        "nav": "models",
        "models": listed,
        "kind_names": {kind.value: name for kind, name in kind_names.items()},
        "communes": [place for place in places if place["level"] == "commune"],
        "model_choices": [(model["id"], f"{model['code']} · {model['name']}") for model in listed],
        "can_write": user.role == CASEWORKER,
        "refused": refused,
    }
    return render(request, "ui/registries/models.html", context, status=status)


def officials_page(
    request: Request,
    system: System,
    user: Actor,
    refused: Drawn = NOTHING_REFUSED,
    status: int = 200,
) -> Response:
    day = today(system)
    context = {
        "nav": "officials",
        "officials": [
            {**one, "place": place_name(system, one["area_code"], day, one["registered_on"])}
            for one in system.officials.listing(user.area_code, day)
        ],
        "places": places_within(system, user.area_code, day),
        "can_write": user.role == CASEWORKER,
        "refused": refused,
    }
    return render(request, "ui/registries/officials.html", context, status=status)


@reads.get("/models")
def models(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    return models_page(request, system, user)


@reads.get("/officials")
def officials(request: Request, form: PostedForm, system: SystemDep, user: PageUser) -> Response:
    return officials_page(request, system, user)


Page = Callable[[Request, System, Actor, Drawn, int], Response]
Action = Callable[[CommandContext], Written]


@dataclass(frozen=True)
class Registry:
    """A page of these registries: where it is and how it is drawn."""

    path: str
    page: Page


MODELS = Registry("/models", models_page)
OFFICIALS = Registry("/officials", officials_page)


def write(
    request: Request,
    form: FormData,
    system: System,
    user: Actor,
    registry: Registry,
    form_name: str,
    fields: Collection[str],
    action: Callable[[FormData], Action],
    notice: str,
) -> Response:
    """One form of these pages: read it, run the service under the form's command id and
    version, and back to its page (see `answer`)."""
    outcome = attempt(action(form), command_context(user, form), page_language(request))
    return answer(
        request,
        system,
        outcome,
        lambda refusal: Drawn.refused(form_name, form, refusal, fields),
        lambda refused: registry.page(request, system, user, refused, refused.status),
        lambda _: registry.path,
        notice,
    )


@writes.post("/models")
def establish_model(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """A model of a commune of the caseworker's area; its code is unique."""

    def action(form: FormData) -> Action:
        body = form_body(form, MODEL_FIELDS)
        require_area(system, user, body.get("commune_code"), "commune_code", today(system))
        return lambda ctx: system.models.establish(ctx, EstablishModel.parse(body))

    _ = gettext(request)
    notice = _("The model was established.")
    return write(request, form, system, user, MODELS, "establish", MODEL_FIELDS, action, notice)


@writes.post("/models/{model_id}/closure")
def close_model(
    model_id: UUID, request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    key = str(model_id)
    system.models.get_within(user.area_code, key, today(system))

    def action(form: FormData) -> Action:
        return lambda ctx: system.models.close(ctx, key, dated(form))

    _ = gettext(request)
    notice = _("The model was closed.")
    return write(request, form, system, user, MODELS, f"close-{key}", DATED_FIELDS, action, notice)


@writes.post("/officials")
def register_official(
    request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """An official of the caseworker's area or of a place inside it."""

    def action(form: FormData) -> Action:
        body = form_body(form, OFFICIAL_FIELDS)
        require_area(system, user, body.get("area_code"), "area_code", today(system))
        return lambda ctx: system.officials.register(ctx, RegisterOfficial.parse(body))

    _ = gettext(request)
    notice = _("The official was registered.")
    return write(
        request, form, system, user, OFFICIALS, "register", OFFICIAL_FIELDS, action, notice
    )


@writes.post("/officials/{official_id}/trainings")
def record_training(
    official_id: UUID, request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    """The effective date is the day the course was completed."""
    key = str(official_id)
    system.officials.get_within(user.area_code, key, today(system))

    def action(form: FormData) -> Action:
        body = form_body(form, TRAINING_FIELDS)
        return lambda ctx: system.officials.record_training(ctx, key, RecordTraining.parse(body))

    _ = gettext(request)
    notice = _("The training was recorded.")
    return write(
        request, form, system, user, OFFICIALS, f"training-{key}", TRAINING_FIELDS, action, notice
    )


@writes.post("/officials/{official_id}/departure")
def record_departure(
    official_id: UUID, request: Request, form: PostedForm, system: SystemDep, user: PageUser
) -> Response:
    key = str(official_id)
    system.officials.get_within(user.area_code, key, today(system))

    def action(form: FormData) -> Action:
        return lambda ctx: system.officials.leave(ctx, key, dated(form))

    _ = gettext(request)
    notice = _("The departure was recorded.")
    return write(
        request, form, system, user, OFFICIALS, f"departure-{key}", DATED_FIELDS, action, notice
    )


router = APIRouter()
router.include_router(reads)
router.include_router(writes)

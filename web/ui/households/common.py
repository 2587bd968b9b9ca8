"""What the household pages share: their templates and routers by policy, the forms' titles,
the choices of their selects, and one `EventForm` per event of docs/spec/households.md."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData

from application import inputs as given
from application.commands import Written
from application.households import HouseholdService
from application.system import System
from application.typed import Input
from domain.errors import DomainError
from domain.programme import programme_rules
from domain.standards import PovertyStandard, catalogue
from domain.values import (
    CATEGORY_KEYS,
    Cause,
    EmploymentKind,
    EntrustingOrganisation,
    LoanProgramme,
    Need,
    Relationship,
    RemovalReason,
    ReviewKind,
    Sex,
    Status,
    SupportKind,
)
from domain.words import in_language, programme_name
from web.ui import formats
from web.ui.forms import (
    chosen,
    form_body,
)
from web.ui.render import gettext, page_language
from web.ui.session import CASEWORKER_PAGES, HOUSEHOLD_PAGES, SEARCH_PAGES

SEARCH = "ui/households/search.html"
REGISTER = "ui/households/new.html"
PAGE = "ui/households/household.html"

search_pages = APIRouter(dependencies=[Depends(SEARCH_PAGES)])
caseworker_pages = APIRouter(dependencies=[Depends(CASEWORKER_PAGES)])
household_pages = APIRouter(dependencies=[Depends(HOUSEHOLD_PAGES)])


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools look for)
    """Marks an English message for the catalog; it is translated where it is shown."""
    return message


# What each form is called on the page and in the confirmation after it is saved.
TITLES = {
    "registration": N_("Registration"),
    "survey": N_("Survey"),
    "classification": N_("Recognition of the status"),
    "categories": N_("Change of categories"),
    "loan": N_("Loan"),
    "repayment": N_("Loan repayment"),
    "enrolment": N_("Enrolment in a livelihood model"),
    "support": N_("Support"),
    "employment": N_("Job secured"),
    "employment-end": N_("Job ended"),
    "move": N_("Move"),
    "assignment": N_("Assignment to the new unit"),
    "member": N_("New member"),
    "removal": N_("Member leaving"),
    "head": N_("Change of head"),
    "retraction": N_("Retraction"),
    "void": N_("Voiding of the registration"),
    "erasure": N_("Erasure of personal data"),
}


def saved(request: Request, name: str) -> str:
    """The confirmation after the form `name` is recorded."""
    _ = gettext(request)
    return str(_("Saved: %(what)s.") % {"what": _(TITLES[name])})


# Every indicator of every standard, by key, in the order the standards list them.
INDICATORS = {i.key: i for s in catalogue().standards for i in s.indicators}


def choices(request: Request) -> dict[str, list[tuple[str, str]]]:
    """The options of the pages' selects and ticks, in the reader's words."""
    lang = page_language(request)

    def of(codes: Collection[StrEnum]) -> list[tuple[str, str]]:
        return [(code.value, formats.term(code.value, lang)) for code in codes]

    return {
        "statuses": of(Status),
        "needs": of(Need),
        "causes": of(Cause),
        "review_kinds": of(ReviewKind),
        "programmes": [(p.value, programme_name(p.value, lang)) for p in LoanProgramme],
        "organisations": of(EntrustingOrganisation),
        "categories": [(key, formats.term(key, lang)) for key in CATEGORY_KEYS],
        "support_kinds": of(SupportKind),
        "employment_kinds": of(EmploymentKind),
        "sexes": of(Sex),
        "relationships": of(Relationship),
        "new_relationships": of([r for r in Relationship if r is not Relationship.HEAD]),
        "removal_reasons": of(RemovalReason),
        "indicators": indicator_choices(None, lang),
    }


# ---- what was typed into the bodies the services take -----------------------------------------

HIDDEN = {"target_version"}


def survey_standard(system: System, body: Mapping[str, Any]) -> PovertyStandard | None:
    """The standard a survey of this kind and date falls under, if they name one yet."""
    try:
        kind = ReviewKind(str(body.get("kind")))
        day = date.fromisoformat(str(body.get("effective_date")))
        return system.households.standard_for(kind, day)
    except (ValueError, DomainError):
        return None


def deprivations(
    system: System, body: Mapping[str, Any], ticked_keys: list[str]
) -> dict[str, bool]:
    """Every indicator of the standard the survey falls under, ticked or not; when the kind or
    date does not name one yet, none, and the service names what is wrong."""
    standard = survey_standard(system, body)
    return {} if standard is None else {key: key in ticked_keys for key in standard.keys}


def indicator_choices(standard: PovertyStandard | None, lang: str) -> list[tuple[str, str]]:
    """The survey form's deprivation boxes: the indicators of the standard the survey falls
    under (every standard's, while the kind and date name none)."""
    shown = standard.indicators if standard is not None else INDICATORS.values()
    return [(i.key, in_language((i.vi, i.en), lang)) for i in shown]


Method = Callable[..., Written]
TICKED = ("deprivations", "categories")  # boxes, one per key: the body takes them as a mapping


@dataclass(frozen=True)
class EventForm:
    """One event's form: its route under the household, the fields of its body (read from the
    inputs of the same names) and the service method that records it."""

    name: str
    kind: type[Input]  # the command the form's body is parsed into
    path: str
    fields: tuple[str, ...]
    send: Callable[[HouseholdService], Method]
    which: str | None = None  # the body field telling this form from its siblings on the page

    @property
    def targets(self) -> list[str]:
        """The route's own parameters (the loan, the member), passed before the body."""
        return re.findall(r"\{(\w+)\}", self.path)

    def key(self, targets: list[str], body: Mapping[str, Any]) -> str:
        """The form's key on the page: one repayment form per loan, one retraction per entry."""
        own = [str(body.get(self.which))] if self.which else []
        return ":".join([self.name, *targets, *own])

    @property
    def drawn(self) -> set[str]:
        return set(self.fields) - HIDDEN

    def body(self, form: FormData, system: System) -> dict[str, Any]:
        body = form_body(form, (name for name in self.fields if name not in TICKED))
        if "deprivations" in self.fields:
            body["deprivations"] = deprivations(system, body, chosen(form, "deprivations"))
        if "categories" in self.fields:
            ticked_keys = chosen(form, "categories")
            body["categories"] = {key: key in ticked_keys for key in CATEGORY_KEYS}
        return body


MEMBER_FIELDS = (
    "full_name",
    "sex",
    "birth_date",
    "relationship_to_head",
    "ethnicity",
    "national_id",
    "working_capable",
)
ON = ("effective_date",)
PLACE = ("commune_code", "village", "address")
SURVEY_FIELDS = (
    "kind",
    "income_per_capita_vnd",
    "b1_score",
    "deprivations",
    "causes",
    "needs",
    "surveyor",
    *ON,
)
SURVEY = EventForm(
    "survey", given.RecordSurvey, "/surveys", SURVEY_FIELDS, lambda s: s.record_survey
)
LOAN_FIELDS = (
    "programme", "amount_vnd", "term_months", "annual_rate_pct", "purpose", "organisation",
    "savings_group", *ON,
)  # fmt: skip
EVENT_FORMS = (
    SURVEY,
    EventForm("classification", given.Classify, "/classifications",
              ("survey_id", "decision_ref", *ON), lambda s: s.classify),
    EventForm("categories", given.ChangeCategories, "/categories", ("categories", *ON),
              lambda s: s.change_categories),
    EventForm("loan", given.GrantLoan, "/loans", LOAN_FIELDS, lambda s: s.grant_loan),
    EventForm("repayment", given.RepayLoan, "/loans/{loan_id}/repayments", ("amount_vnd", *ON),
              lambda s: s.repay_loan),
    EventForm("enrolment", given.EnrolInModel, "/model-enrolments",
              ("model_id", "member_ids", "support_amount_vnd", *ON), lambda s: s.enrol_in_model),
    EventForm("support", given.ProvideSupport, "/supports",
              ("kind", "project", "member_id", "amount_vnd", "provider", *ON),
              lambda s: s.provide_support),
    EventForm("employment", given.SecureEmployment, "/employment",
              ("member_id", "kind", "employer", *ON), lambda s: s.secure_employment),
    EventForm("employment-end", given.Dated, "/employment/{member_id}/end", ON,
              lambda s: s.end_employment),
    EventForm("move", given.MoveHousehold, "/moves", (*PLACE, "household_code", *ON),
              lambda s: s.move),
    EventForm("assignment", given.AssignHousehold, "/assignment", ("commune_code",),
              lambda s: s.assign),
    EventForm("member", given.AddMember, "/members", (*MEMBER_FIELDS, *ON), lambda s: s.add_member),
    EventForm("removal", given.RemoveMember, "/members/{member_id}/removal", ("reason", *ON),
              lambda s: s.remove_member),
    EventForm("head", given.ChangeHead, "/head", ("member_id", *ON), lambda s: s.change_head),
    EventForm("retraction", given.Retract, "/retractions", ("target_version", "reason"),
              lambda s: s.retract, which="target_version"),
    EventForm("void", given.VoidRegistration, "/void", ("reason",), lambda s: s.void_registration),
    EventForm("erasure", given.ErasePersonalData, "/erasure", ("reason",),
              lambda s: s.erase_personal_data),
)  # fmt: skip


def project_options(lang: str) -> list[tuple[str, str]]:
    """The components of every national programme, each with its programme's years: the date of
    the support says which programme it belongs to, and a component of another is refused."""
    return [
        (
            str(number),
            f"{programme.component(number, lang)} ({programme.start.year}-{programme.end.year})",
        )
        for programme in programme_rules().programmes
        for number in programme.components
    ]

"""Households: registration, every event of docs/spec/households.md as a POST, and the reads.

Area scope: a household whose current commune lies outside the caller's area answers 404, the
same as an unknown id, so probing ids reveals nothing. Registering into a commune outside the
caller's area answers 403 (`outside-area`): the caller named that commune, so the refusal
reveals nothing, and it tells them why. Moving a household away is allowed: the commune it
leaves records the move."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from application import personal_data
from application.commands import Written
from application.readmodels import DirectoryQuery
from domain.values import Need, Status
from web.api import answers, bodies
from web.deps import (
    READ,
    WRITE_HOUSEHOLDS,
    Command,
    CommandDep,
    CurrentActor,
    Day,
    Instant,
    Lang,
    Page,
    SystemDep,
    check_visible,
    etag,
    read_personal_data,
    readable_area,
    require_area,
    today,
)

PAGE_SIZE = 50

reads = APIRouter(prefix="/households", tags=["households"], dependencies=[Depends(READ)])
writes = APIRouter(
    prefix="/households", tags=["households"], dependencies=[Depends(WRITE_HOUSEHOLDS)]
)
routers = (reads, writes)

HouseholdId = Annotated[UUID, Path(description="The household's id")]


def change(
    cmd: Command, household_id: UUID, method: Callable[..., Written], *args: Any
) -> JSONResponse:
    """Every household write, in one call (the application checks the scope); a lost race
    answers with the household's fresh state."""
    households = cmd.system.households
    return cmd.run(
        lambda ctx: method(ctx, household_id, *args), fresh=lambda: households.get(household_id)
    )


# ---- reads ---------------------------------------------------------------------------------


@reads.get(
    "",
    summary="Search the households of the caller's area",
    responses=answers.read(answers.SearchPage),
)
def search(
    actor: CurrentActor,
    system: SystemDep,
    q: str = "",
    area: str | None = None,
    status: Status | None = None,
    newly_escaped: bool | None = None,
    need: Need | None = None,
    voided: bool = False,
    page: Page = 1,
) -> dict[str, Any]:
    """By code, head's name or village (`q`, diacritics optional), sub-area, status, the
    newly-escaped window and the needs of the latest survey; from the household directory.
    Voided registrations are listed only with `voided=true`, and then only they."""
    return system.reads.search(
        DirectoryQuery(
            area=readable_area(system, actor, area, today(system)),
            q=q,
            status=status.value if status else None,
            newly_escaped=newly_escaped,
            need=need.value if need else None,
            voided=voided,
            page=page,
        )
    )


@reads.get(
    "/{household_id}",
    summary="A household as it stood on a date, as known at an instant",
    responses=answers.read(answers.Household),
)
def household(
    household_id: HouseholdId,
    actor: CurrentActor,
    system: SystemDep,
    as_of: Day | None = None,
    known_at: Instant | None = None,
) -> JSONResponse:
    """The `ETag` is the household's version, to send back as `If-Match` with a change."""
    read_personal_data(system, actor, household_id, "api:household")
    data = system.households.get(household_id, as_of, known_at)
    return JSONResponse(data, headers=etag(data["version"]))


@reads.get(
    "/{household_id}/history",
    summary="Every entry of the household, oldest first",
    responses=answers.read(answers.History),
)
def history(
    household_id: HouseholdId,
    actor: CurrentActor,
    system: SystemDep,
    caller_lang: Lang,
    as_of: Day | None = None,
    known_at: Instant | None = None,
    lang: Literal["vi", "en"] | None = None,
) -> dict[str, Any]:
    """Retracted entries stay, marked with the retraction that took them back."""
    read_personal_data(system, actor, household_id, "api:history")
    return system.households.history(household_id, as_of, known_at, lang or caller_lang)


@reads.get("/{household_id}/export", summary="Everything held about a household, for its members")
def export(
    household_id: HouseholdId, actor: CurrentActor, system: SystemDep, caller_lang: Lang
) -> JSONResponse:
    """Given to the household's members on request (Law 91/2025/QH15, Art. 4): its state, every
    entry of its history, and the register of why the system processes their data. Logged in
    the personal-data read log (`api:export`)."""
    read_personal_data(system, actor, household_id, "api:export")
    data = personal_data.export(system.households, system.rounds, household_id, caller_lang)
    name = f"household-{household_id}.json"  # the id: a code may hold any character
    return JSONResponse(data, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---- writes --------------------------------------------------------------------------------


@writes.post(
    "",
    status_code=201,
    summary="Register a household (HouseholdRegistered)",
    responses=answers.created(answers.Registered),
)
def register(body: bodies.Register, cmd: CommandDep) -> JSONResponse:
    """Exactly one member is the head; the code is unique within the commune."""
    require_area(cmd.system, cmd.actor, body.commune_code, "commune_code", body.effective_date)
    return cmd.run(lambda ctx: cmd.system.households.register(ctx, body))


@writes.post(
    "/{household_id}/surveys",
    status_code=201,
    summary="Record a survey",
    responses=answers.created(answers.SurveyRecorded),
)
def record_survey(household_id: HouseholdId, body: bodies.Survey, cmd: CommandDep) -> JSONResponse:
    """The standard is chosen by the system from the review kind and date; the answer previews
    the classification the survey leads to."""
    return change(cmd, household_id, cmd.system.households.record_survey, body)


@writes.post(
    "/{household_id}/surveys/preview",
    summary="Preview a survey's classification",
    responses=answers.read(answers.Preview),
)
def preview_survey(
    household_id: HouseholdId, body: bodies.Survey, actor: CurrentActor, system: SystemDep
) -> dict[str, Any]:
    """The classification the survey would lead to; records nothing."""
    check_visible(system, actor, household_id)
    return system.households.preview_survey(household_id, body)


@writes.post(
    "/{household_id}/classifications",
    status_code=201,
    summary="Recognise a status",
    responses=answers.created(answers.Recognised),
)
def classify(
    household_id: HouseholdId, body: bodies.Classification, cmd: CommandDep
) -> JSONResponse:
    """The status is computed from the survey, never typed in; escapes and relapses go with it."""
    return change(cmd, household_id, cmd.system.households.classify, body)


@writes.post(
    "/{household_id}/categories",
    status_code=201,
    summary="Change the categories",
    responses=answers.created(answers.Written),
)
def change_categories(
    household_id: HouseholdId, body: bodies.Categories, cmd: CommandDep
) -> JSONResponse:
    """The categories named change from the effective date on; the others stay as they were."""
    return change(cmd, household_id, cmd.system.households.change_categories, body)


@writes.post(
    "/{household_id}/loans",
    status_code=201,
    summary="Grant a loan",
    responses=answers.created(answers.LoanGranted),
)
def grant_loan(household_id: HouseholdId, body: bodies.Loan, cmd: CommandDep) -> JSONResponse:
    """Eligibility, ceiling and term are checked on the disbursement date (docs/spec/loans.md)."""
    return change(cmd, household_id, cmd.system.households.grant_loan, body)


@writes.post(
    "/{household_id}/loans/{loan_id}/repayments",
    status_code=201,
    summary="Record a repayment",
    responses=answers.created(answers.Written),
)
def repay_loan(
    household_id: HouseholdId, loan_id: str, body: bodies.Repayment, cmd: CommandDep
) -> JSONResponse:
    """Never more than the outstanding balance."""
    return change(cmd, household_id, cmd.system.households.repay_loan, loan_id, body)


@writes.post(
    "/{household_id}/model-enrolments",
    status_code=201,
    summary="Enrol in a model",
    responses=answers.created(answers.Enrolled),
)
def enrol_in_model(
    household_id: HouseholdId, body: bodies.Enrolment, cmd: CommandDep
) -> JSONResponse:
    """The model must be open on the effective date."""
    return change(cmd, household_id, cmd.system.households.enrol_in_model, body)


@writes.post(
    "/{household_id}/supports",
    status_code=201,
    summary="Record support provided",
    responses=answers.created(answers.Written),
)
def provide_support(
    household_id: HouseholdId, body: bodies.Support, cmd: CommandDep
) -> JSONResponse:
    """Production and vocational support name the member who received it."""
    return change(cmd, household_id, cmd.system.households.provide_support, body)


@writes.post(
    "/{household_id}/employment",
    status_code=201,
    summary="Record a job secured",
    responses=answers.created(answers.Written),
)
def secure_employment(
    household_id: HouseholdId, body: bodies.Employment, cmd: CommandDep
) -> JSONResponse:
    """The member must be of working age on the day the job starts."""
    return change(cmd, household_id, cmd.system.households.secure_employment, body)


@writes.post(
    "/{household_id}/employment/{member_id}/end",
    status_code=201,
    summary="Record a job ended",
    responses=answers.created(answers.Written),
)
def end_employment(
    household_id: HouseholdId, member_id: str, body: bodies.Dated, cmd: CommandDep
) -> JSONResponse:
    return change(cmd, household_id, cmd.system.households.end_employment, member_id, body)


@writes.post(
    "/{household_id}/moves",
    status_code=201,
    summary="Record a move",
    responses=answers.created(answers.Moved),
)
def move(household_id: HouseholdId, body: bodies.Move, cmd: CommandDep) -> JSONResponse:
    return change(cmd, household_id, cmd.system.households.move, body)


@writes.post(
    "/{household_id}/members",
    status_code=201,
    summary="Add a member",
    responses=answers.created(answers.MemberAdded),
)
def add_member(household_id: HouseholdId, body: bodies.NewMember, cmd: CommandDep) -> JSONResponse:
    """A second head cannot be added: change the head instead."""
    return change(cmd, household_id, cmd.system.households.add_member, body)


@writes.post(
    "/{household_id}/members/{member_id}/removal",
    status_code=201,
    summary="Remove a member",
    responses=answers.created(answers.Written),
)
def remove_member(
    household_id: HouseholdId, member_id: str, body: bodies.Removal, cmd: CommandDep
) -> JSONResponse:
    """The head cannot be removed until another member is made head."""
    return change(cmd, household_id, cmd.system.households.remove_member, member_id, body)


@writes.post(
    "/{household_id}/head",
    status_code=201,
    summary="Change the head",
    responses=answers.created(answers.Written),
)
def change_head(household_id: HouseholdId, body: bodies.Head, cmd: CommandDep) -> JSONResponse:
    return change(cmd, household_id, cmd.system.households.change_head, body)


@writes.post(
    "/{household_id}/retractions",
    status_code=201,
    summary="Retract an entry",
    responses=answers.created(answers.Written),
)
def retract(household_id: HouseholdId, body: bodies.Retraction, cmd: CommandDep) -> JSONResponse:
    """The entry stays in the history, struck through; its effect is taken back
    (docs/spec/corrections.md)."""
    return change(cmd, household_id, cmd.system.households.retract, body)


@writes.post(
    "/{household_id}/void",
    status_code=201,
    summary="Void a mistaken registration",
    responses=answers.created(answers.Written),
)
def void_registration(
    household_id: HouseholdId, body: bodies.Void, cmd: CommandDep
) -> JSONResponse:
    """The household counts in no figure and no list on any date; it and its history stay,
    marked void, and retracting the void restores it (docs/spec/corrections.md)."""
    return change(cmd, household_id, cmd.system.households.void_registration, body)


@writes.post(
    "/{household_id}/erasure",
    status_code=201,
    summary="Erase the household's personal data",
    responses=answers.created(answers.Written),
)
def erase_personal_data(
    household_id: HouseholdId, body: bodies.Erasure, cmd: CommandDep
) -> JSONResponse:
    """At the data subject's request (Law 91/2025/QH15): the household's key is destroyed, so
    names, citizen ids and addresses read as "—" in every event; the facts and the figures
    stay, and nothing more can be recorded for it (docs/spec/personal-data.md)."""
    return change(cmd, household_id, cmd.system.households.erase_personal_data, body)

"""Request bodies: each route's body is parsed, here and once, into the application's typed
command (`application.inputs`), and the OpenAPI document shows that command's schema — every
field with its JSON type, bounds and choices, which ones are required, and one valid example.
A refusal is the domain's, naming each faulty field in the user's language (docs/decisions.md,
"Typed edges")."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Body, Depends
from pydantic import WithJsonSchema

from application import inputs
from application.typed import Input, Json

I = TypeVar("I", bound=Input)  # noqa: E741


def parsed(kind: type[I]) -> Callable[..., I]:
    """The dependency that reads a JSON object body, documented by `kind`'s schema, and parses
    it into `kind`. Its signature is built here, not written: the body's schema is `kind`'s."""

    def parse(body: Json) -> I:
        return kind.parse(body)

    documented = Annotated[Json, WithJsonSchema(kind.documented()), Body()]
    body = inspect.Parameter("body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=documented)
    parse.__signature__ = inspect.Signature([body], return_annotation=kind)  # type: ignore[attr-defined]
    return parse


Register = Annotated[inputs.RegisterHousehold, Depends(parsed(inputs.RegisterHousehold))]
Survey = Annotated[inputs.RecordSurvey, Depends(parsed(inputs.RecordSurvey))]
Classification = Annotated[inputs.Classify, Depends(parsed(inputs.Classify))]
Categories = Annotated[inputs.ChangeCategories, Depends(parsed(inputs.ChangeCategories))]
Loan = Annotated[inputs.GrantLoan, Depends(parsed(inputs.GrantLoan))]
Repayment = Annotated[inputs.RepayLoan, Depends(parsed(inputs.RepayLoan))]
Enrolment = Annotated[inputs.EnrolInModel, Depends(parsed(inputs.EnrolInModel))]
Support = Annotated[inputs.ProvideSupport, Depends(parsed(inputs.ProvideSupport))]
Employment = Annotated[inputs.SecureEmployment, Depends(parsed(inputs.SecureEmployment))]
Dated = Annotated[inputs.Dated, Depends(parsed(inputs.Dated))]
Move = Annotated[inputs.MoveHousehold, Depends(parsed(inputs.MoveHousehold))]
Assignment = Annotated[inputs.AssignHousehold, Depends(parsed(inputs.AssignHousehold))]
VillageAssignment = Annotated[inputs.AssignVillage, Depends(parsed(inputs.AssignVillage))]
NewMember = Annotated[inputs.AddMember, Depends(parsed(inputs.AddMember))]
Removal = Annotated[inputs.RemoveMember, Depends(parsed(inputs.RemoveMember))]
Head = Annotated[inputs.ChangeHead, Depends(parsed(inputs.ChangeHead))]
Retraction = Annotated[inputs.Retract, Depends(parsed(inputs.Retract))]
Void = Annotated[inputs.VoidRegistration, Depends(parsed(inputs.VoidRegistration))]
Erasure = Annotated[inputs.ErasePersonalData, Depends(parsed(inputs.ErasePersonalData))]
Decision = Annotated[inputs.IssueDecision, Depends(parsed(inputs.IssueDecision))]
Model = Annotated[inputs.EstablishModel, Depends(parsed(inputs.EstablishModel))]
Official = Annotated[inputs.RegisterOfficial, Depends(parsed(inputs.RegisterOfficial))]
Training = Annotated[inputs.RecordTraining, Depends(parsed(inputs.RecordTraining))]
PlanAdoption = Annotated[inputs.AdoptPlan, Depends(parsed(inputs.AdoptPlan))]
RoundOpening = Annotated[inputs.OpenRound, Depends(parsed(inputs.OpenRound))]
Application = Annotated[inputs.ReceiveApplication, Depends(parsed(inputs.ReceiveApplication))]
Meeting = Annotated[inputs.HoldMeeting, Depends(parsed(inputs.HoldMeeting))]
Posting = Annotated[inputs.PostList, Depends(parsed(inputs.PostList))]
Complaint = Annotated[inputs.ReceiveComplaint, Depends(parsed(inputs.ReceiveComplaint))]
Settlement = Annotated[inputs.SettleComplaint, Depends(parsed(inputs.SettleComplaint))]
Opinion = Annotated[inputs.ConsultDistrict, Depends(parsed(inputs.ConsultDistrict))]
RoundDecision = Annotated[inputs.DecideRound, Depends(parsed(inputs.DecideRound))]

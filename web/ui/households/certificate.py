"""The certificate of a poor or near-poor household (Decision 24/2021/QĐ-TTg, Mẫu số 03,
"Giấy chứng nhận hộ nghèo, hộ cận nghèo"; docs/spec/review-round.md, "What it prints"), as a
page to print: the commune's People's Committee and the national motto, the certificate's
number left to be written by hand ("…/GCN-HN.HCN"), the household, its members and the
decision that recognised it, as of a date. Only for a household on the poor or near-poor list
that day; each showing is a line in the personal-data read log."""

from __future__ import annotations

from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from domain.errors import NotFoundError
from web.deps import SystemDep, read_personal_data, today
from web.ui.forms import query_day
from web.ui.households.common import household_pages
from web.ui.render import render
from web.ui.session import PageUser

CERTIFIED = ("POOR", "NEAR_POOR")


@household_pages.get("/households/{household_id}/certificate")
def certificate(
    request: Request,
    household_id: UUID,
    user: PageUser,
    system: SystemDep,
    as_of: str | None = None,
) -> Response:
    day = query_day(as_of, "as_of") or today(system)
    read_personal_data(system, user, household_id, "page:certificate")
    household = system.households.get(household_id, day)
    if household["status"] not in CERTIFIED or household["voided"] or household["erased"]:
        raise NotFoundError(
            "certificate-not-found", field="as_of", household_code=household["household_code"],
            date=day.isoformat(),
        )  # fmt: skip
    # A household awaiting its new unit since 1 July 2025 is certified by the unit it was in.
    commune = household["commune_code"] or household["awaiting_assignment_from"]
    context = {"nav": "households", "household": household, "on": day, "commune": commune}
    return render(request, "ui/households/certificate.html", context)

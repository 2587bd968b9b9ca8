"""The caseworker's household pages: search, registration, the household page and a form for
every event of docs/spec/households.md.

Every form sends the body the JSON API takes to the same service method, so the rules and their
messages live in one place. A refused form comes back with the page drawn again, that form open,
what was typed kept and the field named by the refusal marked; a lost race draws the household's
fresh state under the same form so the caseworker can check and resend. Nothing is recorded on a
refusal: the services raise before they save."""

from __future__ import annotations

from fastapi import APIRouter

from web.ui.households import (  # noqa: F401 - their routes
    certificate,
    page,
    registration,
    search,
)
from web.ui.households.common import caseworker_pages, household_pages, search_pages

router = APIRouter()
# Registration's fixed path comes before the household's `{household_id}`.
for _part in (search_pages, caseworker_pages, household_pages):
    router.include_router(_part)

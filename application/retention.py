"""Retention by purpose enforced: a household off the poor and near-poor lists that owes nothing
keeps its personal data the years the city sets after its last entry, then they are erased as
at a data subject's request — the same event, the same destroyed key — naming the retention as
the reason (docs/spec/personal-data.md, "Retention"). No period is set by law for these records,
so nothing is erased until the city sets one (GIAMNGHEO_RETENTION_YEARS, or `--years`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from application.areas import PROVINCE_CODE
from application.commands import Actor, context
from application.households import HouseholdService
from application.inputs import ErasePersonalData
from application.readmodels import ReadModels
from domain.dates import add_months
from domain.errors import ValidationError

# Who erases when the retention runs out: a named job, recorded as such on every erasure.
RETENTION_ACTOR = Actor("giamngheo-retention", "caseworker", PROVINCE_CODE)
REASON = "Hết thời hạn lưu trữ {years} năm sau mục cuối cùng ({last}); theo quy định của thành phố"


class RetentionService:
    def __init__(
        self, households: HouseholdService, reads: ReadModels, today: Callable[[], date]
    ) -> None:
        self.households, self.reads, self.today = households, reads, today

    def due(self, years: int | None) -> list[dict[str, Any]]:
        """The households whose retention has run out today, oldest first."""
        years = check_years(years)
        today = self.today()
        found = []
        for household_id in self.reads.quiet_since(add_months(today, -12 * years)):
            household = self.households.load(household_id)
            until = household.kept_until(years)
            if until is not None and until < today:
                found.append(
                    {
                        "id": household_id,
                        "household_code": household.code_on(today),
                        "last_entry": household.last_entry_date().isoformat(),
                        "kept_until": until.isoformat(),
                    }
                )
        return sorted(found, key=lambda item: (item["kept_until"], item["household_code"]))

    def erase_due(self, years: int | None) -> list[dict[str, Any]]:
        """Erase every household `due` finds; the ones erased."""
        erased = self.due(years)
        for item in erased:
            reason = REASON.format(years=years, last=item["last_entry"])
            self.households.erase_personal_data(
                context(RETENTION_ACTOR), item["id"], ErasePersonalData(reason=reason)
            )
        return erased


def check_years(years: int | None) -> int:
    if years is None:
        raise ValidationError("retention-not-set", field="years")
    if years < 1:
        raise ValidationError("invalid-value", field="years", value=years)
    return years

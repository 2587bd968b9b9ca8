"""The administrative units of Hai Phong as they stood on a date (districts and communes change:
the 2025 reform turned many xã into phường and merged others away)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from web.deps import READ, Day, SystemDep, today

reads = APIRouter(tags=["areas"], dependencies=[Depends(READ)])
routers = (reads,)


@reads.get("/areas", summary="The city, its districts and communes on a date")
def areas(system: SystemDep, as_of: Day | None = None) -> dict[str, Any]:
    return system.areas.units(as_of or today(system))

"""The HTML pages. For now only the index, which says what the system is and where the API's
documentation lives; the web UI of interfaces.md §3 comes later."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from web.deps import PUBLIC, SystemDep

DOCS_URL = "/api/docs"
OPENAPI_URL = "/api/openapi.json"

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(dependencies=[Depends(PUBLIC)], include_in_schema=False)

TEXTS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Giảm nghèo bền vững — Hải Phòng",
        "switch": "English",
        "what": "Hệ thống quản lý hồ sơ hộ nghèo, hộ cận nghèo theo Chương trình mục tiêu quốc "
        "gia giảm nghèo bền vững và Kế hoạch 55/KH-UBND của thành phố Hải Phòng: mỗi hộ có "
        "lịch sử rà soát, công nhận, vay vốn, hỗ trợ và việc làm không bao giờ bị sửa hay xóa.",
        "how": "Cán bộ và phần mềm khác dùng giao diện lập trình JSON, xác thực bằng mã truy cập "
        "(giamngheo token create TÊN).",
        "docs": "Tài liệu giao diện lập trình (API)",
        "openapi": "Mô tả OpenAPI",
        "later": "Giao diện web đầy đủ sẽ có trong phiên bản sau.",
    },
    "en": {
        "title": "Sustainable poverty reduction — Hai Phong",
        "switch": "Tiếng Việt",
        "what": "Case management of poor and near-poor households for Vietnam's National Target "
        "Program on Sustainable Poverty Reduction and Hai Phong's plan 55/KH-UBND: each "
        "household's reviews, recognitions, loans, support and jobs are kept as a history that "
        "is never altered or deleted.",
        "how": "Staff and other software use the JSON API, authenticated with a bearer token "
        "(giamngheo token create NAME).",
        "docs": "API documentation",
        "openapi": "OpenAPI description",
        "later": "The full web interface comes in a later version.",
    },
}


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request, system: SystemDep, lang: Literal["vi", "en"] | None = None
) -> HTMLResponse:
    """Vietnamese unless the deployment or the switch says English."""
    chosen = lang or ("en" if system.settings.lang == "en" else "vi")
    context = {
        "lang": chosen,
        "other_lang": "vi" if chosen == "en" else "en",
        "t": TEXTS[chosen],
        "docs_url": DOCS_URL,
        "openapi_url": OPENAPI_URL,
    }
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/healthz")
def health(system: SystemDep) -> dict[str, object]:
    """For the container's health check: the event store answers and the projections' lag."""
    head = system.reads.engine.log.head()
    return {
        "ok": True,
        "events": head,
        "projections_behind": head - system.reads.engine.lowest_position(),
    }

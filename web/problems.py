"""Every refusal as `application/problem+json` (RFC 9457): a stable `type` per rule, the message
in the caller's language, and the field or rule to blame, so a client can mark the right input
without parsing prose."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from domain.errors import MESSAGES as DOMAIN_MESSAGES
from domain.errors import DomainError
from domain.fields import field_label
from domain.words import in_language
from web.i18n import language

MEDIA_TYPE = "application/problem+json"

STATUS_BY_KIND = {
    "invalid": 422,
    "rule": 422,
    "forbidden": 403,
    "not-found": 404,
    "conflict": 409,
}

TITLES: dict[int, tuple[str, str]] = {
    # status: (Vietnamese, English)
    400: ("Yêu cầu sai định dạng", "Malformed request"),
    401: ("Chưa xác thực", "Not authenticated"),
    403: ("Không có quyền", "Forbidden"),
    404: ("Không tìm thấy", "Not found"),
    405: ("Phương thức không được hỗ trợ", "Method not allowed"),
    409: ("Xung đột với dữ liệu đã ghi", "Conflict with what is recorded"),
    413: ("Nội dung quá lớn", "Content too large"),
    422: ("Yêu cầu không được chấp nhận", "Request refused"),
    500: ("Lỗi hệ thống", "Internal error"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # the web layer's own refusals; the domain's are in domain.errors.MESSAGES
    "not-authenticated": (
        "Cần đăng nhập: gửi tiêu đề 'Authorization: Bearer <mã truy cập>' hợp lệ.",
        "Sign-in needed: send a valid 'Authorization: Bearer <token>' header.",
    ),
    "forbidden": (
        "Vai trò {role} không được phép thực hiện thao tác này.",
        "The role {role} may not do this.",
    ),
    "page-forbidden": (
        "Vai trò của bạn không được dùng trang này.",
        "Your role may not use this page.",
    ),
    # the same refusal as an administrator's out of their area, worded once
    "outside-area": DOMAIN_MESSAGES["outside-area"],
    "route-not-found": ("Không có địa chỉ {path}.", "There is no resource at {path}."),
    "method-not-allowed": (
        "Địa chỉ {path} không nhận phương thức {method}.",
        "{path} does not accept the method {method}.",
    ),
    "malformed-json": (
        "Nội dung yêu cầu không phải JSON hợp lệ.",
        "The request body is not valid JSON.",
    ),
    "body-not-object": (
        "Nội dung yêu cầu phải là một đối tượng JSON ({{...}}).",
        "The request body must be a JSON object ({{...}}).",
    ),
    "invalid-parameter": (
        "Tham số “{field}” không hợp lệ.",
        "The parameter “{field}” is not valid.",
    ),
    "malformed-request": (
        "Không thể xử lý yêu cầu như đã gửi.",
        "The request cannot be handled as sent.",
    ),
    "body-too-large": (
        "Nội dung yêu cầu lớn hơn {limit}; không có gì được ghi lại.",
        "The request body is larger than {limit}; nothing was recorded.",
    ),
    "internal-error": (
        "Đã có lỗi hệ thống; không có gì được ghi lại.",
        "Something went wrong on our side.",
    ),
}


class ProblemError(Exception):
    """A refusal decided by the web layer itself: authentication, policy or request shape."""

    def __init__(
        self,
        status: int,
        code: str,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
        **params: Any,
    ) -> None:
        self.status = status
        self.code = code
        self.field = field
        self.headers = headers
        self.params = params
        super().__init__(code)

    def message(self, lang: str) -> str:
        return in_language(MESSAGES[self.code], lang).format(
            field=field_label(self.field, lang), **self.params
        )


def problem_response(
    status: int,
    code: str,
    detail: str,
    lang: str,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """The one shape every refusal takes."""
    body = {
        "type": f"/problems/{code}",
        "title": in_language(TITLES.get(status, TITLES[400]), lang),
        "status": status,
        "detail": detail,
        "code": code,
        "field": field,
        **extra,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def domain_problem(error: DomainError, lang: str, **extra: Any) -> JSONResponse:
    """A refusal of the application or the domain; `extra` adds members such as `current`.
    `errors` lists every refused field (several when a form had several mistakes), each with
    its stable code and path, its label and its message in the caller's language; the
    top-level code and field are the first's."""
    return problem_response(
        STATUS_BY_KIND[error.kind],
        error.code,
        error.message(lang),
        lang,
        error.field,
        params=_params(error),
        errors=[
            {
                "code": refusal.code,
                "field": refusal.field,
                "label": field_label(refusal.field, lang) or None,
                "detail": refusal.message(lang),
                "params": _params(refusal),
            }
            for refusal in error.refusals
        ],
        **extra,
    )


def _params(error: DomainError) -> dict[str, Any]:
    return {key: _plain(value) for key, value in error.params.items()}


def web_problem(problem: ProblemError, lang: str) -> JSONResponse:
    return problem_response(
        problem.status, problem.code, problem.message(lang), lang, problem.field, problem.headers
    )


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else str(value)


def _validation_problem(error: RequestValidationError) -> ProblemError:
    """The first thing FastAPI refused, named: the body's shape, or a parameter."""
    first = error.errors()[0]
    where, *rest = first["loc"]
    if where == "body":
        if first["type"] == "json_invalid":
            return ProblemError(400, "malformed-json", field="body")
        return ProblemError(422, "body-not-object", field="body")
    return ProblemError(422, "invalid-parameter", field=str(rest[-1]) if rest else str(where))


def _http_problem(request: Request, error: HTTPException) -> ProblemError:
    """Starlette's own refusals: no such route, a method the route lacks, a malformed request."""
    path, method, headers = request.url.path, request.method, error.headers
    if error.status_code == 404:
        return ProblemError(404, "route-not-found", headers=headers, path=path)
    if error.status_code == 405:
        return ProblemError(405, "method-not-allowed", headers=headers, path=path, method=method)
    return ProblemError(error.status_code, "malformed-request", headers=headers)


# How a page (not an /api route) answers a refusal: status and the message in a language.
PageAnswer = Callable[[Request, int, Callable[[str], str]], Response]


def install(app: FastAPI, page: PageAnswer | None = None) -> None:
    """Register the handlers that turn every refusal, and any crash, into a problem under
    `/api`, and into an error page elsewhere when `page` is given."""

    def refuse(request: Request, problem: ProblemError) -> Response:
        if page is not None and not request.url.path.startswith("/api"):
            return page(request, problem.status, problem.message)
        return web_problem(problem, language(request))

    @app.exception_handler(DomainError)
    def on_domain_error(request: Request, error: DomainError) -> Response:
        if page is not None and not request.url.path.startswith("/api"):
            return page(request, STATUS_BY_KIND[error.kind], error.message)
        return domain_problem(error, language(request))

    @app.exception_handler(ProblemError)
    def on_problem(request: Request, problem: ProblemError) -> Response:
        return refuse(request, problem)

    @app.exception_handler(RequestValidationError)
    def on_validation(request: Request, error: RequestValidationError) -> Response:
        problem = _validation_problem(error)
        return refuse(request, problem)

    @app.exception_handler(HTTPException)
    def on_http(request: Request, error: HTTPException) -> Response:
        return refuse(request, _http_problem(request, error))

    @app.exception_handler(Exception)
    def on_crash(request: Request, error: Exception) -> Response:
        """A defect, not a refusal: the server logs it; the caller gets a problem, no details."""
        problem = ProblemError(500, "internal-error")
        return refuse(request, problem)

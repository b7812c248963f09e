"""The one mapping from errors to HTTP: every answer is `{"code", "message", "data"}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from diapo.errors import DiapoError, InvalidDraftError
from diapo.service.errors import RateLimitedError

__all__ = [
    "HTTP_STATUS",
    "ErrorEnvelope",
    "envelope",
    "error_response",
    "errors",
    "file_responses",
    "install_error_handlers",
    "ok",
]

log = logging.getLogger("diapo.service")

#: Protocol code -> HTTP status. Codes that are already HTTP statuses map to themselves.
HTTP_STATUS: dict[int, int] = {
    0: 200,
    1001: 401,
    1002: 404,
    2001: 402,
    4001: 415,
    4002: 413,
    499: 409,  # a cancelled render asked about as if it had finished
}


class ErrorEnvelope(BaseModel):
    """An error answer: the protocol code, a message for people, and details when there are."""

    code: int = Field(examples=[1001])
    message: str = Field(examples=["Unknown token; get a new anonymous token."])
    data: dict[str, Any] | None = Field(
        None, description="details: the invalid fields (422), the refused files, the cost..."
    )


#: What each error status means across the API, for the OpenAPI `responses` of the routes.
_ERROR_TEXT: dict[int, str] = {
    400: "400: a bad request (a missing or malformed header, a body that is not JSON)",
    401: "1001: the token is missing, malformed, unknown or expired",
    402: "2001: not enough credits; or 402: the attribution headers are missing",
    404: "1002: the session (or its media or render) is unknown or not this token's; 404",
    409: "409: the request clashes with what exists",
    413: "4002: a file over the size limit",
    415: "4001: a file type that is not supported",
    422: "422: invalid fields, listed in `data.errors`",
    429: "429: too many requests; retry after `Retry-After` seconds",
}

_RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 1}}
}


def errors(*statuses: int, page: bool = False, **described: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each an `ErrorEnvelope` in JSON.

    `described` overrides a status's description: `errors(404, s409="already registered")`.
    `page`: the route answers HTML; FastAPI would give a `model` its `text/html`
    type, so the JSON is spelled out (the JSON routes put the model in the components).
    """
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        doc: dict[str, Any] = {"description": described.get(f"s{status}", _ERROR_TEXT[status])}
        if page:
            ref = {"$ref": "#/components/schemas/ErrorEnvelope"}
            doc["content"] = {"application/json": {"schema": ref}}
        else:
            doc["model"] = ErrorEnvelope
        if status == 429:
            doc["headers"] = _RETRY_AFTER
        out[status] = doc
    return out


def file_responses(*media_types: str, what: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` of a file route: the whole file (200) or a byte range (206)."""
    content = {t: {"schema": {"type": "string", "format": "binary"}} for t in media_types}
    return {
        200: {"description": what, "content": content},
        206: {
            "description": f"part of {what}, for a `Range: bytes=...` request",
            "content": content,
            "headers": {
                "Content-Range": {
                    "description": "`bytes first-last/size`",
                    "schema": {"type": "string"},
                }
            },
        },
    }


def status_for(code: int) -> int:
    if code in HTTP_STATUS:
        return HTTP_STATUS[code]
    return code if 400 <= code <= 599 else 500


def envelope(data: Any = None, *, code: int = 0, message: str = "ok") -> dict[str, Any]:
    return {"code": code, "message": message, "data": data}


def ok(data: Any = None, *, status_code: int = 200) -> JSONResponse:
    """A success envelope."""
    return JSONResponse(envelope(data), status_code=status_code)


def error_data(exc: DiapoError) -> Any:
    if isinstance(exc, InvalidDraftError):
        return {"errors": exc.errors}
    detail = {k: v for k, v in exc.detail.items() if v is not None}
    return detail or None


def error_response(exc: DiapoError) -> JSONResponse:
    headers = {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(
        envelope(error_data(exc), code=exc.code, message=exc.message),
        status_code=status_for(exc.code),
        headers=headers,
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append(
            {
                "loc": ".".join(str(p) for p in err.get("loc", ())),
                "msg": err.get("msg", ""),
                "type": err.get("type", ""),
            }
        )
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Route every error, ours or the framework's, through the envelope."""

    async def on_diapo_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DiapoError)
        if status_for(exc.code) >= 500:  # protocol codes such as 1002 are not server errors
            log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return error_response(exc)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        first = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
        return JSONResponse(
            envelope({"errors": errors}, code=422, message=f"Invalid request: {first}"),
            status_code=422,
        )

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        message = {404: "Not found", 405: "Method not allowed"}.get(
            exc.status_code, str(exc.detail)
        )
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route on this path only; a path
            # served by several routes (GET and DELETE) allows all of theirs.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(
            envelope(None, code=exc.status_code, message=message),
            status_code=exc.status_code,
            headers=headers,
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s crashed", request.method, request.url.path)
        return JSONResponse(
            envelope(None, code=500, message="Internal error; please retry later."),
            status_code=500,
        )

    app.add_exception_handler(DiapoError, on_diapo_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on the request's path, asked of the routes themselves.

    (Included routers are routes too, so each method is matched, not read off a list.)
    """
    routes = [r for r in request.app.router.routes if not isinstance(r, Mount)]
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in routes)
    ]

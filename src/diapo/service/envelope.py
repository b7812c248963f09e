"""The one mapping from errors to HTTP: every answer is `{"code", "message", "data"}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from diapo.errors import DiapoError, InvalidDraftError
from diapo.service.errors import RateLimitedError

__all__ = ["HTTP_STATUS", "envelope", "error_response", "install_error_handlers", "ok"]

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
        if exc.code >= 500:
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
        return JSONResponse(
            envelope(None, code=exc.status_code, message=message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
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

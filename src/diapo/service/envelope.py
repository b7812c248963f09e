"""The one mapping from errors to HTTP: every answer is `{"code", "message", "data"}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from diapo.errors import DiapoError, InvalidDraftError
from diapo.service.db.accounts import find_token
from diapo.service.db.tables import Session
from diapo.service.errors import RateLimitedError
from diapo.service.messages import choose_language, localise

__all__ = [
    "HTTP_STATUS",
    "envelope",
    "error_response",
    "install_error_handlers",
    "name_session",
    "ok",
    "request_language",
    "session_language",
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


def error_response(exc: DiapoError, *, language: str = "en") -> JSONResponse:
    headers = {}
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(exc.retry_after)
    message = localise(exc.message, code=exc.code, language=language)
    return JSONResponse(
        envelope(error_data(exc), code=exc.code, message=message),
        status_code=status_for(exc.code),
        headers=headers,
    )


def name_session(request: Request, session_id: str) -> None:
    """Say which session a request is about when only its JSON body names it.

    The error handlers cannot read a body the route already read; what is
    put in `request.state` (kept in the request's scope) they can.
    """
    request.state.diapo_session_id = session_id


def session_language(request: Request, session_id: str) -> str | None:
    """The language of `session_id` if the request's token is of the account owning it.

    A deleted session still answers its language: its 1002 is then in it too.
    """
    authorization = request.headers.get("authorization", "")
    scheme, _, secret = authorization.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200 or len(session_id) > 64:
        return None
    db_ = request.app.state.diapo.db
    with db_.transaction() as db:
        token = find_token(db=db, secret=secret)
        if token is None:
            return None
        language: str | None = db.scalar(
            select(Session.language).where(
                Session.id == session_id, Session.account_id == token.account_id
            )
        )
        return language


async def request_language(request: Request, body: Any = None) -> str:
    """The language of an error's message: the named session's, else `Accept-Language`'s."""
    session_id = (
        request.path_params.get("session_id")
        or request.query_params.get("session_id")
        or getattr(request.state, "diapo_session_id", None)
    )
    if not session_id and isinstance(body, dict) and isinstance(body.get("session_id"), str):
        session_id = body["session_id"]
    if isinstance(session_id, str) and session_id:
        try:
            found = await run_in_threadpool(session_language, request, session_id)
        except Exception:  # the database is what failed: answer the error in any language
            log.exception("could not read the session's language")
            found = None
        if found:
            return found
    return choose_language(request.headers.get("accept-language"))


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
        return error_response(exc, language=await request_language(request))

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        first = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
        language = await request_language(request, getattr(exc, "body", None))
        message = localise(f"Invalid request: {first}", code=422, language=language)
        return JSONResponse(
            envelope({"errors": errors}, code=422, message=message),
            status_code=422,
        )

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        message = {404: "Not found", 405: "Method not allowed"}.get(
            exc.status_code, str(exc.detail)
        )
        language = choose_language(request.headers.get("accept-language"))
        message = localise(message, code=exc.status_code, language=language)
        return JSONResponse(
            envelope(None, code=exc.status_code, message=message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s crashed", request.method, request.url.path)
        language = choose_language(request.headers.get("accept-language"))
        message = localise("Internal error; please retry later.", code=500, language=language)
        return JSONResponse(
            envelope(None, code=500, message=message),
            status_code=500,
        )

    app.add_exception_handler(DiapoError, on_diapo_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)

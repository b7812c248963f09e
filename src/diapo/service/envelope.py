"""The one mapping from errors to HTTP: every answer is `{"code", "message", "data"}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from diapo.draft.bidi import without_bidi_controls
from diapo.errors import DiapoError, InvalidDraftError
from diapo.service.db.accounts import find_token
from diapo.service.db.tables import Session
from diapo.service.errors import RateLimitedError
from diapo.service.messages import choose_language, localise

__all__ = [
    "HTTP_STATUS",
    "ErrorEnvelope",
    "envelope",
    "error_response",
    "errors",
    "file_responses",
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
    # Messages quote names and text a person sent; no bidi control goes back with them.
    return {"code": code, "message": without_bidi_controls(message), "data": data}


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


def name_session(request: Request, session_id: str | None) -> None:
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
        if status_for(exc.code) >= 500:  # protocol codes such as 1002 are not server errors
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
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route on this path only; a path
            # served by several routes (GET and DELETE) allows all of theirs.
            headers["Allow"] = ", ".join(_allowed_methods(request))
        language = choose_language(request.headers.get("accept-language"))
        message = localise(message, code=exc.status_code, language=language)
        return JSONResponse(
            envelope(None, code=exc.status_code, message=message),
            status_code=exc.status_code,
            headers=headers,
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

"""Tokens and accounts: anonymous tokens, registration (binding a bind id), login."""

from __future__ import annotations

import html
import json
import math
import uuid
from datetime import timedelta
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import APIRouter, Form, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from diapo.service.db.accounts import (
    create_account,
    find_account_by_bind_id,
    find_account_by_email,
    issue_token,
    last_anonymous_token_for_client,
    lock_client_id,
)
from diapo.service.db.tables import utcnow
from diapo.service.deps import AttributionDep, ClientAddress, State
from diapo.service.envelope import errors, ok
from diapo.service.errors import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    TokenError,
)
from diapo.service.ledger import balance, grant
from diapo.service.ratelimit import count_hit
from diapo.service.schemas import Envelope, LoginRequest, RegisterRequest, TokenInfo
from diapo.service.settings import Settings
from diapo.service.views import absolute_url, iso

__all__ = ["router"]

router = APIRouter(tags=["auth"])

_hasher = PasswordHasher()


def _register_url(request: Request, settings: Settings, bind_id: str) -> str:
    return absolute_url(
        request, f"/register?bind={bind_id}", public_base_url=settings.public_base_url
    )


@router.post(
    "/api/auth/anonymous-token",
    summary="Get an anonymous token (one per client id per 7 days)",
    response_model=Envelope[TokenInfo],
    responses=errors(
        400,
        422,
        429,
        s400="400: `X-Client-Id` is missing or not a UUID",
        s429="429: this client id already has a token; retry after `Retry-After` seconds",
    ),
)
def anonymous_token(
    request: Request,
    state: State,
    attribution: AttributionDep,
    address: ClientAddress,
    x_client_id: Annotated[str | None, Header(description="a UUID the client keeps")] = None,
) -> JSONResponse:
    settings = state.settings
    try:
        client_id = str(uuid.UUID((x_client_id or "").strip()))
    except ValueError:
        raise BadRequestError(
            "Send an `X-Client-Id` header holding a UUID (generate one and keep it)."
        ) from None
    with state.db.transaction() as db:
        # Without the lock, simultaneous requests would all find no token and all get one.
        lock_client_id(db=db, client_id=client_id)
        now = utcnow()  # after the wait: the window counts from the winner's token
        last = last_anonymous_token_for_client(db=db, client_id=client_id)
        window = timedelta(seconds=settings.anonymous_token_window_seconds)
        if last is not None and last.created_at + window > now:
            retry = math.ceil((last.created_at + window - now).total_seconds())
            raise RateLimitedError(
                "This client already has an anonymous token; reuse it.", retry_after=retry
            )
        # Client ids cost nothing to make up: the credits of new tokens are also
        # limited per client address. Refused requests are rolled back, so only
        # tokens actually issued count.
        count_hit(
            db=db,
            key=f"anon:{address}",
            limit=settings.anonymous_tokens_per_address,
            window_seconds=settings.anonymous_token_address_window_seconds,
            message="Too many new anonymous tokens from this address",
        )
        account = create_account(db=db)
        token, secret = issue_token(
            db=db,
            account=account,
            ttl=timedelta(seconds=settings.token_ttl_seconds),
            client_id=client_id,
            anonymous=True,
            now=now,
        )
        token.attribution = json.dumps(attribution.as_dict())
        if settings.free_credits:
            grant(db=db, account_id=account.id, amount=settings.free_credits, note="welcome")
        bind_id = account.bind_id
        expires_at = token.expires_at
    return ok(
        {
            "token": secret,
            "credits": settings.free_credits,
            "expires_at": iso(expires_at),
            "bind_id": bind_id,
            "register_url": _register_url(request, settings, bind_id),
        }
    )


def _register(state: State, body: RegisterRequest) -> dict[str, object]:
    email = body.email.strip().lower()
    with state.db.transaction() as db:
        account = find_account_by_bind_id(db=db, bind_id=body.bind_id)
        if account is None:
            raise NotFoundError("Unknown bind id.")
        if account.email is not None:
            raise ConflictError("This bind id is already registered; log in instead.")
        if find_account_by_email(db=db, email=email) is not None:
            raise ConflictError("This email is already registered.")
        account.email = email
        account.password_hash = _hasher.hash(body.password)
        account.registered_at = utcnow()
        db.flush()
        credits = balance(db=db, account_id=account.id)
        return {"email": email, "bind_id": account.bind_id, "credits": credits.to_dict()}


@router.post(
    "/api/auth/register",
    summary="Register: bind an anonymous token's bind id to an email, keeping its credits",
    responses=errors(
        400,
        404,
        409,
        422,
        s404="404: unknown bind id",
        s409="409: the bind id or the email is already registered",
    ),
)
def register(state: State, body: RegisterRequest) -> JSONResponse:
    return ok(_register(state, body))


@router.post(
    "/api/auth/login",
    summary="Log in to a registered account: a new token",
    responses=errors(400, 401, 422, s401="1001: wrong email or password"),
)
def login(request: Request, state: State, body: LoginRequest) -> JSONResponse:
    settings = state.settings
    with state.db.transaction() as db:
        account = find_account_by_email(db=db, email=body.email)
        try:
            if account is None or account.password_hash is None:
                raise VerificationError("unknown")
            _hasher.verify(account.password_hash, body.password)
        except VerificationError:
            raise TokenError("Wrong email or password.") from None
        token, secret = issue_token(
            db=db,
            account=account,
            ttl=timedelta(seconds=settings.token_ttl_seconds),
            client_id=None,
            anonymous=False,
        )
        credits = balance(db=db, account_id=account.id)
        return ok(
            {
                "token": secret,
                "credits": credits.available,
                "expires_at": iso(token.expires_at),
                "bind_id": account.bind_id,
            }
        )


_FORM = """<!doctype html><html><head><meta charset="utf-8"><title>Diapo: register</title>
<style>body{{font-family:sans-serif;max-width:26em;margin:3em auto}}
input{{display:block;width:100%;margin:.4em 0 1em;padding:.4em}}</style></head><body>
<h1>Keep your Diapo credits</h1>{message}
<form method="post" action="/register">
<input type="hidden" name="bind_id" value="{bind}">
<label>Email<input type="email" name="email" required></label>
<label>Password (8 characters or more)<input type="password" name="password" minlength="8"
required></label><button type="submit">Register</button></form></body></html>"""


_HTML = {"text/html": {"schema": {"type": "string"}}}


@router.get(
    "/register",
    response_class=HTMLResponse,
    summary="Registration form",
    responses={200: {"description": "the form", "content": _HTML}, **errors(422, page=True)},
)
def register_form(bind: Annotated[str, Query(max_length=64)] = "") -> HTMLResponse:
    return HTMLResponse(_FORM.format(bind=html.escape(bind), message=""))


@router.post(
    "/register",
    response_class=HTMLResponse,
    summary="Registration form, submitted",
    description="What the form posts: the same as `/api/auth/register`, answered as a page.",
    responses={
        200: {"description": "registered", "content": _HTML},
        400: {"description": "refused: the form again, saying why", "content": _HTML},
        **errors(422, page=True, s422="422: a field of the form is missing"),
    },
)
def register_form_post(
    state: State,
    bind_id: Annotated[str, Form()],
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> HTMLResponse:
    try:
        body = RegisterRequest(bind_id=bind_id, email=email, password=password)
        _register(state, body)
    except Exception as exc:  # shown on the form, in the person's words
        message = getattr(exc, "message", None) or "Please check the email and the password."
        page = _FORM.format(bind=html.escape(bind_id), message=f"<p>{html.escape(message)}</p>")
        return HTMLResponse(page, status_code=400)
    return HTMLResponse(
        "<!doctype html><meta charset='utf-8'><p>Registered. Your credits are kept.</p>"
    )

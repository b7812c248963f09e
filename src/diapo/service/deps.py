"""Request dependencies as `Annotated` aliases: the app's state, a DB session, the token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.accounts import find_token
from diapo.service.db.tables import Token
from diapo.service.errors import TokenError
from diapo.service.ratelimit import count_hit
from diapo.service.settings import Settings
from diapo.service.state import ServiceState

__all__ = [
    "Attribution",
    "AttributionDep",
    "ClientAddress",
    "CurrentToken",
    "DbSession",
    "IdempotencyKey",
    "OptionalToken",
    "State",
    "client_address",
    "get_state",
]


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.diapo
    return state


State = Annotated[ServiceState, Depends(get_state)]


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address: the socket's peer, or the proxy's word for it when trusted.

    X-Forwarded-For is whatever the client wrote, except its last entry, which
    the proxy in front of us appended: only that one is taken, and only when
    `trust_forwarded_for` says there is such a proxy.
    """
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:100]
    return request.client.host if request.client else "unknown"


def _client_address(request: Request) -> str:
    return client_address(request, get_state(request).settings)


ClientAddress = Annotated[str, Depends(_client_address)]


def get_db(request: Request) -> Iterator[OrmSession]:
    """One transaction per request, committed when the handler returns normally."""
    with get_state(request).db.transaction() as db:
        yield db


DbSession = Annotated[OrmSession, Depends(get_db)]


def current_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
) -> Token:
    state = get_state(request)
    if not authorization:
        raise TokenError("Missing token: send `Authorization: Bearer <token>`.")
    scheme, _, secret = authorization.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        raise TokenError("Malformed token: send `Authorization: Bearer <token>`.")
    with state.db.transaction() as db:
        token = find_token(db=db, secret=secret)
        if token is None:
            raise TokenError("Unknown token; get a new anonymous token.")
        if token.expires_at <= state.clock.now():
            raise TokenError("This token has expired; get a new anonymous token.")
        db.expunge(token)
        # Counted in the database: the limit holds across restarts and web processes.
        count_hit(
            db=db,
            key=f"token:{token.id}",
            limit=state.settings.rate_limit_per_minute,
            window_seconds=60,
            message="Too many requests",
            now=state.clock.now().timestamp(),
        )
    return token


CurrentToken = Annotated[Token, Depends(current_token)]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who is calling: recorded on every call, required on export."""

    source: str | None
    version: str | None
    platform: str | None

    @property
    def complete(self) -> bool:
        return bool(self.source and self.version and self.platform)

    def as_dict(self) -> dict[str, str | None]:
        return {"source": self.source, "version": self.version, "platform": self.platform}


def attribution(
    x_skill_source: Annotated[str | None, Header(description="client name")] = None,
    x_skill_version: Annotated[str | None, Header(description="client version")] = None,
    x_skill_platform: Annotated[
        str | None, Header(description="clawhub, cursor, web, cli, unknown...")
    ] = None,
) -> Attribution:
    return Attribution(x_skill_source, x_skill_version, x_skill_platform)


AttributionDep = Annotated[Attribution, Depends(attribution)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="a retried request with the same key returns the first answer",
    ),
]


def optional_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
) -> Token | None:
    """The token when one is sent; file URLs may instead carry a signature."""
    if not authorization:
        return None
    return current_token(request, authorization)


OptionalToken = Annotated[Token | None, Depends(optional_token)]

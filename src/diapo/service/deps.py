"""Request dependencies as `Annotated` aliases: the app's state, a DB session, the token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.accounts import find_token
from diapo.service.db.tables import Token
from diapo.service.errors import TokenError

if TYPE_CHECKING:
    from diapo.service.app import ServiceState

__all__ = [
    "Attribution",
    "AttributionDep",
    "CurrentToken",
    "DbSession",
    "IdempotencyKey",
    "OptionalToken",
    "State",
    "get_state",
]


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.diapo
    return state


State = Annotated["ServiceState", Depends(get_state)]


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
    state.rate_limiter.check(token.id)
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

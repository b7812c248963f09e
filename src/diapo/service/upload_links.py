"""Signed upload URLs: a session's upload endpoint that works without the token, for a while.

An agent over remote MCP cannot send a large file through a tool call; it is
given this URL, and whatever holds the file (a shell with curl, the user's
browser) posts it there. The signature covers the path, hence the session.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, Request

from diapo.service.db.tables import Session, Token
from diapo.service.deps import current_token, get_state
from diapo.service.errors import TokenError
from diapo.service.ratelimit import count_hit
from diapo.service.signing import URLSigner
from diapo.service.state import ServiceState

__all__ = ["UploadToken", "signed_upload_path", "upload_path", "upload_token"]


def upload_path(session_id: str) -> str:
    return f"/api/upload-video/nemo_agent/me/{session_id}"


def _signer(state: ServiceState) -> URLSigner:
    return URLSigner(state.settings.signing_key, ttl_seconds=state.settings.upload_link_seconds)


def signed_upload_path(state: ServiceState, session_id: str) -> tuple[str, datetime]:
    """The session's upload path with its signature, and when it stops working."""
    signed, expires = _signer(state).sign_until(upload_path(session_id))
    return signed, datetime.fromtimestamp(expires, tz=UTC)


def upload_token(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
) -> Token:
    """The bearer token; without one, a valid upload signature stands for the session's token."""
    params = request.query_params
    if authorization or not params.get("sig"):
        return current_token(request, authorization)
    state = get_state(request)
    if not _signer(state).verify(request.url.path, params.get("exp"), params.get("sig")):
        raise TokenError("This upload link is invalid or has expired; ask for a new one.")
    with state.db.transaction() as db:
        session = db.get(Session, request.path_params.get("session_id", ""))
        token = db.get(Token, session.token_id) if session is not None else None
        if token is None:
            raise TokenError("This upload link is invalid or has expired; ask for a new one.")
        db.expunge(token)
        # A link is as limited as the token it stands for.
        count_hit(
            db=db,
            key=f"token:{token.id}",
            limit=state.settings.rate_limit_per_minute,
            window_seconds=60,
            message="Too many requests",
            now=state.clock.now().timestamp(),
        )
    return token


UploadToken = Annotated[Token, Depends(upload_token)]

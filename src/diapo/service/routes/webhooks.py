"""`/api/webhooks/secret`: the key render callbacks are signed with (shown once, rotatable)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from diapo.service.db.webhooks import account_secret, rotate_secret
from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import ok
from diapo.service.schemas import Envelope
from diapo.service.views import iso
from diapo.service.webhooks import SIGNATURE_HEADER

__all__ = ["router"]

router = APIRouter(tags=["webhooks"])

_SCHEME = (
    't=<Unix time>,v1=<hex HMAC-SHA256 of "<t>." + the raw request body, keyed by the secret>; '
    "refuse a call whose t is more than 5 minutes old"
)


class WebhookSecretCreated(BaseModel):
    secret: str = Field(description="shown only in this answer; store it now")
    header: str = Field(description="the header that carries each callback's signature")
    scheme: str
    created_at: str | None


class WebhookSecretStatus(BaseModel):
    exists: bool
    header: str
    scheme: str
    created_at: str | None


@router.post(
    "/api/webhooks/secret",
    summary="Create or rotate the account's webhook secret (shown once)",
    description=(
        "Render callbacks (`callback` on `POST /api/render/proxy/lambda`) are POSTed with "
        f"`{SIGNATURE_HEADER}: {_SCHEME}`. This creates the secret, or replaces it at once "
        "(callbacks sent from now on use the new one). The secret is in this answer only."
    ),
    response_model=Envelope[WebhookSecretCreated],
)
def create_secret(state: State, token: CurrentToken) -> JSONResponse:
    with state.db.transaction() as db:
        row = rotate_secret(db=db, account_id=token.account_id)
        data = {
            "secret": row.secret,
            "header": SIGNATURE_HEADER,
            "scheme": _SCHEME,
            "created_at": iso(row.created_at),
        }
    return ok(data)


@router.get(
    "/api/webhooks/secret",
    summary="Whether the account has a webhook secret (the secret itself is never shown again)",
    response_model=Envelope[WebhookSecretStatus],
)
def secret_status(state: State, token: CurrentToken) -> JSONResponse:
    with state.db.transaction() as db:
        row = account_secret(db=db, account_id=token.account_id)
        data = {
            "exists": row is not None,
            "header": SIGNATURE_HEADER,
            "scheme": _SCHEME,
            "created_at": iso(row.created_at) if row else None,
        }
    return ok(data)

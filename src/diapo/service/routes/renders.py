"""Exports: submit, poll, list, cancel and download renders."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.idempotency import find_answer, remember_answer, request_fingerprint
from diapo.service.db.tables import Render, Session, Token
from diapo.service.deps import AttributionDep, CurrentToken, IdempotencyKey, OptionalToken, State
from diapo.service.envelope import envelope, errors, file_responses, name_session, ok
from diapo.service.errors import (
    ConflictError,
    NotEnoughCreditsError,
    PaymentRequiredError,
    SessionNotFoundError,
)
from diapo.service.exports import (
    cancel_render,
    create_render,
    fail_unqueued,
    is_preview,
    owned_render,
    quote_render,
    session_renders,
)
from diapo.service.files import file_response, signed_or_owned
from diapo.service.ledger import balance, lock_account
from diapo.service.schemas import Envelope, RenderInfo, RenderRequest
from diapo.service.signing import URLSigner
from diapo.service.views import absolute_url, render_info
from diapo.service.webhooks import check_callback_url, register_callback, webhook_info

__all__ = ["router"]

router = APIRouter(tags=["renders"])
log = logging.getLogger("diapo.service")


def _info(
    job: Render, *, request: Request, signer: URLSigner, public_base_url: str | None
) -> dict[str, Any]:
    return {
        **render_info(job, request=request, signer=signer, public_base_url=public_base_url),
        "preview": is_preview(job),
        "webhook": webhook_info(job),
    }


_MIME = {
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}
_OTHER = "application/octet-stream"


@router.post(
    "/api/render/proxy/lambda",
    summary="Export: queue a render (credits frozen now, charged on success)",
    description=(
        "Needs the attribution headers `X-Skill-Source`, `X-Skill-Version`, "
        "`X-Skill-Platform` (402 without them). The draft is validated first (422 "
        "with the bad fields). The same `id` or `Idempotency-Key` returns the first "
        'render and never charges twice. With `"preview": true` (mp4 at 360p or '
        "480p only, else 422) it is a quick, low-quality render for a player that "
        "costs 0 credits; it is queued and listed like an export, with `preview: true`."
    ),
    response_model=Envelope[RenderInfo],
    responses=errors(
        400,
        401,
        402,
        404,
        409,
        422,
        429,
        s409="409: this render id is already used by another export of yours",
    ),
)
def submit_render(
    request: Request,
    state: State,
    token: CurrentToken,
    attribution: AttributionDep,
    body: RenderRequest,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    name_session(request, body.session_id)  # its errors speak the session's language
    if not attribution.complete:
        missing = [
            name
            for name, value in (
                ("X-Skill-Source", attribution.source),
                ("X-Skill-Version", attribution.version),
                ("X-Skill-Platform", attribution.platform),
            )
            if not value
        ]
        raise PaymentRequiredError(
            "Export refused: the attribution headers are missing. Register or upgrade to "
            "unlock export, or send " + ", ".join(missing) + ".",
            missing=missing,
        )
    settings = state.settings
    if body.callback:  # refused before anything is frozen or queued
        check_callback_url(body.callback, allow_loopback=settings.url_import_allow_loopback)
    fingerprint = request_fingerprint(body.model_dump(mode="json"))
    with state.db.transaction() as db:
        if idempotency_key:
            # Locked first: a request racing this one with the same key waits,
            # then finds this answer instead of rendering (and charging) again.
            lock_account(db=db, account_id=token.account_id)
            found = find_answer(
                db=db,
                account_id=token.account_id,
                scope="render",
                key=idempotency_key,
                fingerprint=fingerprint,
            )
            if found:
                return JSONResponse(found[1], status_code=found[0])
        try:
            job, new = create_render(
                db=db,
                settings=settings,
                token=token,
                body=body,
                attribution=attribution.as_dict(),
            )
        except NotEnoughCreditsError as exc:
            if not exc.detail.get("registered"):
                exc.detail["register_url"] = absolute_url(
                    request,
                    f"/register?bind={exc.detail['bind_id']}",
                    public_base_url=settings.public_base_url,
                )
                exc.message += " Register to keep your work and get more credits."
            else:
                exc.message += " Top up your credits to export."
            raise
        if new and body.callback:
            base = settings.public_base_url or str(request.base_url)
            register_callback(db=db, render=job, url=body.callback, base_url=base)
        answer = envelope(
            _info(
                job, request=request, signer=state.signer, public_base_url=settings.public_base_url
            )
        )
        if idempotency_key:
            remember_answer(
                db=db,
                account_id=token.account_id,
                scope="render",
                key=idempotency_key,
                fingerprint=fingerprint,
                status_code=200,
                body=answer,
            )
    if new:
        try:
            # A paid export goes ahead of every queued preview.
            state.queue.enqueue_render(job.id, preview=is_preview(job))
        except Exception:
            log.exception("could not queue render %s", job.id)
            with state.db.transaction() as db:
                fail_unqueued(db=db, render_id=job.id, reason="The job queue is unavailable.")
    return JSONResponse(answer)


class Price(BaseModel):
    cost: int = Field(description="credits the export would freeze now and charge on success")
    available: int = Field(description="credits available now")
    available_after: int = Field(description="available minus cost (negative: not enough)")
    duration_ms: int = Field(description="the output's length")
    format: str
    resolution: str
    preview: bool
    preset: str | None = Field(None, description="the platform preset the export is made for")
    warnings: list[str] = Field(
        default_factory=list, description="e.g. longer than the preset's platform takes"
    )


@router.post(
    "/api/render/price",
    summary="Price an export before paying: nothing is frozen, no job is made",
    description=(
        "The same body as an export; the same checks on it (422 with the bad fields, "
        "1002 for a session that is not this account's). Answers what the export "
        "would cost and the credits available before and after. Needs only the "
        "token, not the attribution headers."
    ),
    response_model=Envelope[Price],
    responses=errors(400, 401, 404, 422, 429),
)
def price_render(
    request: Request, state: State, token: CurrentToken, body: RenderRequest
) -> JSONResponse:
    name_session(request, body.session_id)  # its errors speak the session's language
    with state.db.transaction() as db:
        quote = quote_render(db=db, settings=state.settings, token=token, body=body)
        available = balance(db=db, account_id=token.account_id).available
    return ok(
        {
            "cost": quote.cost,
            "available": available,
            "available_after": available - quote.cost,
            "duration_ms": quote.duration_ms,
            "format": quote.format,
            "resolution": quote.resolution,
            "preview": quote.preview,
            "preset": quote.preset,
            "warnings": list(quote.warnings),
        }
    )


@router.get(
    "/api/render/proxy/lambda",
    summary="A session's renders, newest first",
    response_model=Envelope[list[RenderInfo]],
    responses=errors(401, 404, 422, 429),
)
def list_renders(
    request: Request,
    state: State,
    token: CurrentToken,
    session_id: Annotated[str, Query(min_length=1, max_length=64)],
) -> JSONResponse:
    with state.db.transaction() as db:
        jobs = session_renders(db=db, session_id=session_id, token=token)
        return ok(
            [
                _info(
                    j,
                    request=request,
                    signer=state.signer,
                    public_base_url=state.settings.public_base_url,
                )
                for j in jobs
            ]
        )


@router.get(
    "/api/render/proxy/lambda/{render_id}",
    summary="A render's status and progress; its download URL when completed",
    response_model=Envelope[RenderInfo],
    responses=errors(401, 404, 422, 429),
)
def get_render(request: Request, state: State, token: CurrentToken, render_id: str) -> JSONResponse:
    with state.db.transaction() as db:
        job = owned_render(db=db, render_id=render_id, token=token)
        return ok(
            _info(
                job,
                request=request,
                signer=state.signer,
                public_base_url=state.settings.public_base_url,
            )
        )


@router.delete(
    "/api/render/proxy/lambda/{render_id}",
    summary="Cancel a render (its frozen credits are released)",
    response_model=Envelope[RenderInfo],
    responses=errors(401, 404, 422, 429),
)
def delete_render(
    request: Request, state: State, token: CurrentToken, render_id: str
) -> JSONResponse:
    with state.db.transaction() as db:
        job = cancel_render(db=db, render_id=render_id, token=token)
        return ok(
            _info(
                job,
                request=request,
                signer=state.signer,
                public_base_url=state.settings.public_base_url,
            )
        )


@router.get(
    "/api/render/proxy/lambda/{render_id}/download",
    summary="The rendered file (token or signed URL); supports Range requests",
    response_class=FileResponse,
    responses={
        **file_responses(*sorted({*_MIME.values(), _OTHER}), what="the rendered file"),
        **errors(401, 404, 409, 422, 429, s409="409: the render is not completed"),
    },
)
def download_render(
    request: Request, state: State, token: OptionalToken, render_id: str
) -> Response:
    with state.db.transaction() as db:
        # With a token, the id is the account's own; a signed URL names the server's key.
        job = _public_render(db, render_id, token) or db.get(Render, render_id)
        session = db.get(Session, job.session_id) if job else None
        owner = session.account_id if session else None
    if job is None or not signed_or_owned(
        request, signer=state.signer, token=token, owner_account_id=owner
    ):
        raise SessionNotFoundError("Render not found in your sessions.")
    if job.status != "completed" or not job.output_key:
        raise ConflictError(f"This render is {job.status}; there is nothing to download.")
    return file_response(
        state.storage,
        job.output_key,
        media_type=_MIME.get(job.format, _OTHER),
        filename=f"diapo-{job.public_id}.{job.format}",
        inline=False,
        gone="The file of this render is no longer available; export it again.",
        request=request,
        redirect=state.settings.s3_presigned_downloads,
    )


def _public_render(db: OrmSession, render_id: str, token: Token | None) -> Render | None:
    if token is None:
        return None
    return db.scalar(
        select(Render).where(Render.account_id == token.account_id, Render.public_id == render_id)
    )

"""A session's media items: their description, thumbnail and original file (owner only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from diapo.service.db.sessions import owned_media
from diapo.service.db.tables import Media, Session
from diapo.service.deps import CurrentToken, OptionalToken, State
from diapo.service.envelope import errors, file_responses, ok
from diapo.service.errors import SessionNotFoundError
from diapo.service.files import file_response, signed_or_owned
from diapo.service.schemas import Envelope, MediaItem
from diapo.service.views import media_item

__all__ = ["router"]

router = APIRouter(tags=["media"])

_NOT_FOUND = "Media not found in your sessions."


@router.get(
    "/api/media/{media_id}",
    summary="One media item",
    response_model=Envelope[MediaItem],
    responses=errors(401, 404, 422, 429),
)
def get_media(request: Request, state: State, token: CurrentToken, media_id: str) -> JSONResponse:
    with state.db.transaction() as db:
        media = owned_media(db=db, media_id=media_id, token=token)
        if media is None:
            raise SessionNotFoundError(_NOT_FOUND)
        session = db.get(Session, media.session_id)
        return ok(
            media_item(
                media,
                request=request,
                signer=state.signer,
                public_base_url=state.settings.public_base_url,
                lang=session.language if session is not None else "en",
            )
        )


def _media_for_file(request: Request, state: State, token: OptionalToken, media_id: str) -> Media:
    with state.db.transaction() as db:
        media = db.get(Media, media_id)
        session = db.get(Session, media.session_id) if media else None
        owner = session.account_id if session else None
    if media is None or not signed_or_owned(
        request, signer=state.signer, token=token, owner_account_id=owner
    ):
        raise SessionNotFoundError(_NOT_FOUND)
    return media


@router.get(
    "/api/media/{media_id}/thumbnail",
    summary="A JPEG thumbnail (token or signed URL)",
    response_class=FileResponse,
    responses={
        **file_responses("image/jpeg", what="the thumbnail"),
        **errors(401, 404, 422, 429),
    },
)
def media_thumbnail(
    request: Request, state: State, token: OptionalToken, media_id: str
) -> Response:
    media = _media_for_file(request, state, token, media_id)
    if not media.thumb_key:
        raise SessionNotFoundError("This media item has no thumbnail.")
    return file_response(
        state.storage,
        media.thumb_key,
        media_type="image/jpeg",
        gone="The thumbnail of this media item is no longer available.",
        request=request,
    )


@router.get(
    "/api/media/{media_id}/file",
    summary="The original file (token or signed URL)",
    response_class=FileResponse,
    responses={
        **file_responses("image/*", "video/*", "audio/*", what="the file as uploaded"),
        **errors(401, 404, 422, 429),
    },
)
def media_file(request: Request, state: State, token: OptionalToken, media_id: str) -> Response:
    media = _media_for_file(request, state, token, media_id)
    return file_response(
        state.storage,
        media.storage_key,
        media_type=media.mime,
        filename=media.name,
        gone="The file of this media item is no longer available; upload it again.",
        request=request,
        redirect=state.settings.s3_presigned_downloads,
    )

"""Serving stored files to their owner: by token, or by a signed URL issued to the owner."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse

from diapo.service.db.tables import Token
from diapo.service.errors import NotFoundError
from diapo.service.signing import URLSigner
from diapo.service.storage import Storage

__all__ = ["file_response", "signed_or_owned"]


def signed_or_owned(
    request: Request, *, signer: URLSigner, token: Token | None, owner_account_id: str | None
) -> bool:
    """True when the request carries a token of the owner or a valid signature for this path."""
    if token is not None:
        return token.account_id == owner_account_id
    params = request.query_params
    return signer.verify(request.url.path, params.get("exp"), params.get("sig"))


def file_response(
    storage: Storage,
    key: str,
    *,
    media_type: str,
    filename: str | None = None,
    inline: bool = True,
    gone: str = "This file is no longer available.",
) -> FileResponse:
    """The file, with HTTP range support (Starlette answers `Range:` with 206).

    A file gone from storage (deleted, or a lost disk) is a 404 in the envelope
    saying `gone`: Starlette would find out only while sending, too late for
    anything but a 500.
    """
    if not storage.exists(key):
        raise NotFoundError(gone)
    return FileResponse(
        storage.local_path(key),
        media_type=media_type,
        filename=filename,
        content_disposition_type="inline" if inline else "attachment",
        headers={"Cache-Control": "private, max-age=3600"},
    )

"""Serving stored files to their owner: by token, or by a signed URL issued to the owner."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from diapo.service.db.tables import Token
from diapo.service.errors import NotFoundError
from diapo.service.signing import URLSigner
from diapo.service.storage import LocalStorage, Storage

__all__ = ["byte_range", "file_response", "signed_or_owned"]

_CACHE_CONTROL = "private, max-age=3600"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


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
    request: Request | None = None,
    redirect: bool = False,
) -> Response:
    """The file, with HTTP range support (a `Range:` request is answered with 206).

    A file gone from storage (deleted, or a lost disk) is a 404 in the envelope
    saying `gone`: Starlette would find out only while sending, too late for
    anything but a 500. A local file is sent by Starlette (sendfile); a file in
    an object store is streamed through from it, a range at a time, or, with
    `redirect`, answered with a 307 to a presigned URL of the store.
    """
    if isinstance(storage, LocalStorage):
        if not storage.exists(key):
            raise NotFoundError(gone)
        return FileResponse(
            storage.local_path(key),
            media_type=media_type,
            filename=filename,
            content_disposition_type="inline" if inline else "attachment",
            headers={"Cache-Control": _CACHE_CONTROL},
        )
    size = storage.size(key)
    if size is None:
        raise NotFoundError(gone)
    if redirect:
        url = storage.download_url(key, filename=filename, inline=inline)
        if url is not None:
            return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})
    headers = {"Cache-Control": _CACHE_CONTROL, "Accept-Ranges": "bytes"}
    if filename:
        kind = "inline" if inline else "attachment"
        quoted = quote(filename)  # as Starlette's FileResponse writes it
        headers["Content-Disposition"] = (
            f'{kind}; filename="{filename}"'
            if quoted == filename
            else f"{kind}; filename*=utf-8''{quoted}"
        )
    try:
        wanted = byte_range(request.headers.get("range") if request else None, size)
    except ValueError:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
    start, stop = wanted or (0, size)
    headers["Content-Length"] = str(stop - start)
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return StreamingResponse(
        storage.iter_bytes(key, start, stop),
        status_code=206 if wanted is not None else 200,
        media_type=media_type,
        headers=headers,
    )


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The `(start, stop)` of a one-range `Range:` header; None: send the whole file.

    A header that is not one `bytes=` range is ignored, as RFC 9110 allows
    (several ranges are answered with the whole file); a range that starts
    past the end raises ValueError (416).
    """
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        if int(last) == 0:
            raise ValueError("an empty suffix range")
        return max(0, size - int(last)), size
    start = int(first)
    if last and int(last) < start:  # invalid: ignored, like any malformed header
        return None
    stop = size if not last else min(size, int(last) + 1)
    if start >= size:
        raise ValueError("the range starts past the end")
    return start, stop

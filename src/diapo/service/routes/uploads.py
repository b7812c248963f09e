"""`POST /api/upload-video/nemo_agent/me/<session_id>`: files (multipart) or URLs (JSON)."""

from __future__ import annotations

import asyncio
import hashlib
import math
import uuid
from concurrent.futures import Future
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select

from diapo.errors import DiapoError, MediaTooLargeError
from diapo.service.db.idempotency import find_answer, remember_answer, request_fingerprint
from diapo.service.db.projects import record_picks
from diapo.service.db.sessions import require_session
from diapo.service.db.tables import Media, Token
from diapo.service.deps import CurrentToken, IdempotencyKey, State
from diapo.service.envelope import envelope, errors, status_for
from diapo.service.errors import BadRequestError, IdempotencyKeyReusedError
from diapo.service.ingest import (
    Incoming,
    MultipartReceiver,
    ProbedFile,
    add_analysis,
    analyse_file,
    check_file,
    discard_scratch_file,
    is_heavy,
    place_fields,
    preview_file,
    store_media,
)
from diapo.service.ledger import lock_account
from diapo.service.messages import localise
from diapo.service.schemas import Envelope, UploadResult, UrlImportRequest
from diapo.service.settings import Settings
from diapo.service.state import ServiceState
from diapo.service.upload_links import UploadToken, signed_upload_path
from diapo.service.urlimport import ImportSlots, fetch_url
from diapo.service.views import absolute_url, iso, media_item

__all__ = ["router"]

router = APIRouter(tags=["uploads"])

_JSON_LIMIT = 256 * 1024

_OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "position": {
                            "type": "array",
                            "items": {"type": "integer", "minimum": 0},
                            "description": (
                                "optional, one per file (the n-th is the n-th file's): the "
                                "order the person picked or dropped them in. The default "
                                "slideshow follows capture time when most photos have one, "
                                "else this order (uploads in the order they came), else "
                                "the upload order."
                            ),
                        },
                    },
                }
            },
            "application/json": {"schema": UrlImportRequest.model_json_schema()},
        },
    }
}


def _import_slots(request: Request, settings: Settings) -> ImportSlots:
    slots: ImportSlots | None = getattr(request.app.state, "diapo_import_slots", None)
    if slots is None:
        slots = ImportSlots(
            per_account=settings.url_import_max_per_account,
            total=settings.url_import_max_total,
            retry_after=math.ceil(min(settings.url_import_timeout_seconds, 60.0)),
        )
        request.app.state.diapo_import_slots = slots
    return slots


def _check_session(state: ServiceState, session_id: str, token: Token) -> None:
    with state.db.transaction() as db:
        require_session(db=db, session_id=session_id, token=token)


@router.post(
    "/api/upload-video/nemo_agent/me/{session_id}",
    summary="Upload photos, videos or music; or import them from URLs",
    description=(
        'Multipart with one or more files (any field name), or JSON `{"urls": [...]}`. '
        "The type is read from the bytes. Where a file is refused, the envelope carries "
        "its code (4001 type, 4002 size, 422 damaged) and `data.failed` says which; "
        "the other files are stored and listed in `data.media`. 4002 also covers photos "
        "over 100 megapixels, 20000 px a side or 20:1, and videos over 40 megapixels or "
        "8192 px a side a frame, and songs or clips whose sound lasts over 2 hours "
        "(`DIAPO_MAX_SOUND_SECONDS`), refused from their headers. File names are kept as "
        "sent, in Unicode (`filename*` preferred); a malformed multipart body or part "
        "header is a 400. Too many URL imports running at once, for the account or the "
        "server, is a 429 with `Retry-After`. Optional `position` form fields, one per "
        "file, say the order the person picked them in (400 if not whole numbers or not "
        "one per file): the default slideshow orders by capture time when most photos "
        "have one, else by this picked order (upload requests in the order they came), "
        "else in upload order. Instead of the token, the URL may carry the signature "
        "of a signed upload link (`POST .../link`)."
    ),
    openapi_extra=_OPENAPI_BODY,
    response_model=Envelope[UploadResult],
    responses=errors(
        400,
        401,
        404,
        413,
        415,
        422,
        429,
        s413="4002: a file over the size limit (`data.failed` names it; the others are stored)",
        s415="4001: a file type that is not supported (`data.failed` names it)",
        s422="422: invalid fields, or a damaged file or refused URL (`data.failed` names it)",
    ),
)
async def upload(
    request: Request,
    state: State,
    token: UploadToken,
    session_id: str,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    settings = state.settings
    await run_in_threadpool(_check_session, state, session_id, token)
    scratch = state.storage.scratch_dir()
    content_type = request.headers.get("content-type", "")
    fingerprint = ""
    if content_type.startswith("application/json"):
        urls = await _read_urls(request)
        if idempotency_key:
            fingerprint = request_fingerprint({"session_id": session_id, "urls": urls})
            found = await run_in_threadpool(
                _find_answer, state, token, idempotency_key, fingerprint
            )
            if found:
                return JSONResponse(found[1], status_code=found[0])
        # Each import holds a worker thread for up to its time limit; without a
        # cap, a few dozen slow hosts would take every thread the server has.
        with _import_slots(request, settings).hold(token.account_id):
            incoming = [
                await run_in_threadpool(
                    fetch_url,
                    url,
                    scratch=scratch,
                    max_bytes=settings.max_upload_bytes,
                    timeout=settings.url_import_timeout_seconds,
                    idle_timeout=settings.url_import_idle_seconds,
                    max_redirects=settings.url_import_max_redirects,
                    allow_loopback=settings.url_import_allow_loopback,
                )
                for url in urls
            ]
    else:
        incoming = await _receive_files(request, state, content_type)
        if idempotency_key:
            # The files are read first: only their bytes tell a retry from another upload.
            try:
                fingerprint = await run_in_threadpool(_files_fingerprint, session_id, incoming)
                found = await run_in_threadpool(
                    _find_answer, state, token, idempotency_key, fingerprint
                )
            except BaseException:
                _discard(incoming)
                raise
            if found:
                _discard(incoming)
                return JSONResponse(found[1], status_code=found[0])
    try:
        # Checked in the ingest pool, in turn with other accounts' files; this
        # request waits for them without holding a thread.
        probed, failed = await _check_all(state, token, session_id, incoming)
        status_code, answer, later = await run_in_threadpool(
            _store, state, request, token, session_id, probed, failed
        )
    finally:
        _discard(incoming)
    if later:
        answer = await _with_analyses(state, request, token, session_id, later, answer)
    if idempotency_key and answer["code"] == 0:
        await run_in_threadpool(
            _remember, state, token, idempotency_key, fingerprint, status_code, answer
        )
    return JSONResponse(answer, status_code=status_code)


class UploadLink(BaseModel):
    url: str = Field(description="POST the files here, multipart, as to the upload endpoint")
    method: str = "POST"
    field: str = Field("files", description="the multipart field name of each file")
    expires_at: str | None = Field(description="the link stops working then")
    max_bytes: int = Field(description="the size limit of one file")


@router.post(
    "/api/upload-video/nemo_agent/me/{session_id}/link",
    summary="A signed upload URL for this session, usable without the token for a while",
    description=(
        "For whatever holds a file but not the token (an agent's shell, a browser): "
        "`curl -F files=@photo.jpg '<url>'`. The same checks and answer as the upload "
        "endpoint; the link expires after `upload_link_seconds` (one hour by default)."
    ),
    response_model=Envelope[UploadLink],
    responses=errors(401, 404, 422, 429),
)
def upload_link(
    request: Request, state: State, token: CurrentToken, session_id: str
) -> JSONResponse:
    _check_session(state, session_id, token)
    signed, expires = signed_upload_path(state, session_id)
    settings = state.settings
    link = UploadLink(
        url=absolute_url(request, signed, public_base_url=settings.public_base_url),
        expires_at=iso(expires),
        max_bytes=settings.max_upload_bytes,
    )
    return JSONResponse(envelope(link.model_dump()))


def _discard(incoming: list[Incoming]) -> None:
    for item in incoming:
        if item.path is not None:
            discard_scratch_file(item.path)


def _files_fingerprint(session_id: str, incoming: list[Incoming]) -> str:
    files = []
    for item in incoming:
        digest = hashlib.sha256()
        if item.path is not None:
            with open(item.path, "rb") as f:
                for block in iter(lambda: f.read(1024 * 1024), b""):
                    digest.update(block)
        files.append([item.name, item.picked, item.size, digest.hexdigest()])
    return request_fingerprint({"session_id": session_id, "files": files})


async def _read_urls(request: Request) -> list[str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > _JSON_LIMIT:
            raise BadRequestError("The JSON body is too large.")
    try:
        return UrlImportRequest.model_validate_json(body).urls
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


async def _receive_files(
    request: Request, state: ServiceState, content_type: str
) -> list[Incoming]:
    settings = state.settings
    length = request.headers.get("content-length", "")
    # A body larger than every allowed file together is refused before reading it.
    cap = settings.max_upload_bytes * settings.max_files_per_upload + 1024 * 1024
    if length.isdigit() and int(length) > cap:
        raise MediaTooLargeError(
            f"The upload is larger than the limit of {settings.max_upload_bytes} bytes per file.",
            limit_bytes=settings.max_upload_bytes,
        )
    receiver = MultipartReceiver(
        content_type,
        scratch=state.storage.scratch_dir(),
        max_bytes=settings.max_upload_bytes,
        max_files=settings.max_files_per_upload,
    )
    try:
        async for chunk in request.stream():
            receiver.feed(chunk)
        files = receiver.finish()
    except BaseException:
        receiver.discard()
        raise
    if not files:
        raise BadRequestError("No file in the upload; send one or more files as multipart.")
    return files


async def _check_all(
    state: ServiceState, token: Token, session_id: str, incoming: list[Incoming]
) -> tuple[list[tuple[Incoming, ProbedFile]], list[tuple[Incoming, DiapoError]]]:
    """Each received file checked and thumbnailed in the pool; the refused ones apart."""
    failed: list[tuple[Incoming, DiapoError]] = []
    received = []
    for item in incoming:
        if item.error is not None or item.path is None:
            failed.append((item, item.error or BadRequestError(f"{item.name} was not received.")))
        else:
            received.append(item)
    results = await asyncio.gather(
        *(_check(state, token.account_id, item) for item in received), return_exceptions=True
    )
    probed: list[tuple[Incoming, ProbedFile]] = []
    for item, result in zip(received, results, strict=True):
        if isinstance(result, DiapoError):
            failed.append((item, result))
        elif isinstance(result, BaseException):
            raise result
        else:
            probed.append((item, result))
    # Refusals are listed in the order the files came, as the page shows them.
    order = {id(item): i for i, item in enumerate(incoming)}
    failed.sort(key=lambda pair: order[id(pair[0])])
    return probed, failed


async def _check(state: ServiceState, account: str, item: Incoming) -> ProbedFile:
    settings = state.settings
    path = item.path
    assert path is not None
    pool = state.ingest
    # The headers only (a few ms): whether the decode is heavy is known before it queues.
    head = await run_in_threadpool(
        partial(
            check_file,
            path,
            max_bytes=settings.max_upload_bytes,
            verify=False,
            max_sound_ms=settings.max_sound_seconds * 1000,
        )
    )
    heavy = is_heavy(head, heavy_pixels=settings.ingest_heavy_pixels)
    # A photo decoded whole is analysed from the decode its thumbnail needs (decoding
    # it again would cost more than the analysis); the others are analysed apart, later.
    analyse_now = heavy and head.kind == "image"

    def check() -> tuple[Any, bytes | None, dict[str, Any] | None]:
        info = check_file(  # decodes: damaged?
            path,
            max_bytes=settings.max_upload_bytes,
            max_sound_ms=settings.max_sound_seconds * 1000,
        )
        thumb, analysis = preview_file(
            path, info, thumbnail_size=settings.thumbnail_size, analyse=analyse_now
        )
        place = place_fields(info)
        if place is not None:
            analysis = {**(analysis or {}), **place}
        return info, thumb, analysis

    info, thumb, analysis = await pool.run(account, check, heavy=heavy)
    return ProbedFile(
        media_id=str(uuid.uuid4()),
        info=info,
        thumbnail=thumb,
        analysis=analysis,
        analyse_later=info.kind == "audio" or (info.kind == "image" and not analyse_now),
    )


def _store(
    state: ServiceState,
    request: Request,
    token: Token,
    session_id: str,
    probed: list[tuple[Incoming, ProbedFile]],
    failed: list[tuple[Incoming, DiapoError]],
) -> tuple[int, dict[str, Any], list[Future[None]]]:
    """Store the checked files; the answer, and the analyses queued for them."""
    settings = state.settings
    media = []
    stored: list[tuple[str, str, ProbedFile]] = []
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=session_id, token=token, lock=True)
        language = session.language
        picks = []
        for item, probe in probed:
            row = store_media(
                db=db, storage=state.storage, session_id=session_id, incoming=item, probed=probe
            )
            stored.append((row.id, row.storage_key, probe))
            picks.append((row, item.picked))
            media.append(
                media_item(
                    row,
                    request=request,
                    signer=state.signer,
                    public_base_url=settings.public_base_url,
                    lang=language,
                )
            )
        record_picks(db=db, picks=picks)
    later = [
        state.ingest.submit(
            token.account_id,
            partial(_analyse_stored, state, media_id, key, probe.info),
            heavy=is_heavy(probe.info, heavy_pixels=settings.ingest_heavy_pixels),
            priority="analysis",
            tag=session_id,
        )
        for media_id, key, probe in stored
        if probe.analyse_later
    ]
    data = {
        "media": media,
        "stored": [item.name for item, _ in probed],
        # Each refusal in the session's language, as the page shows it.
        "failed": [
            {
                "name": item.name,
                "code": exc.code,
                "message": localise(exc.message, code=exc.code, language=language),
            }
            for item, exc in failed
        ],
    }
    if not failed:
        return 200, envelope(data), later
    first = failed[0][1]
    first_text = localise(first.message, code=first.code, language=language)
    message = first_text if len(failed) == 1 else _refused(len(failed), language) + first_text
    return status_for(first.code), envelope(data, code=first.code, message=message), later


def _analyse_stored(state: ServiceState, media_id: str, key: str, info: Any) -> None:
    """A stored photo's analysis or song's tempo, written into its row when found."""
    analysis = analyse_file(state.storage.local_path(key), info)
    if analysis is not None:
        with state.db.transaction() as db:
            add_analysis(db=db, media_id=media_id, analysis=analysis)


async def _with_analyses(
    state: ServiceState,
    request: Request,
    token: Token,
    session_id: str,
    later: list[Future[None]],
    answer: dict[str, Any],
) -> dict[str, Any]:
    """The answer with the analyses done within `ingest_analysis_wait_seconds`; those
    still running under load follow in the state (`analysed`, `bpm`)."""
    # Under load (files waiting for a worker) the answer goes at once: waiting here
    # would add the whole budget to every upload and analyse nothing sooner.
    budget = 0.0 if state.ingest.busy() else state.settings.ingest_analysis_wait_seconds
    done, _ = await asyncio.wait([asyncio.wrap_future(f) for f in later], timeout=budget)
    if not done or answer["data"] is None:
        return answer
    ids = [m["media_id"] for m in answer["data"]["media"]]
    media = await run_in_threadpool(_media_items, state, request, token, session_id, ids)
    return {**answer, "data": {**answer["data"], "media": media}}


def _media_items(
    state: ServiceState, request: Request, token: Token, session_id: str, ids: list[str]
) -> list[dict[str, Any]]:
    settings = state.settings
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=session_id, token=token)
        rows = {m.id: m for m in db.scalars(select(Media).where(Media.id.in_(ids)))}
        return [
            media_item(
                rows[i],
                request=request,
                signer=state.signer,
                public_base_url=settings.public_base_url,
                lang=session.language,
            )
            for i in ids
            if i in rows
        ]


def _refused(count: int, language: str) -> str:
    return {"it": f"{count} file rifiutati: ", "zh": f"{count} 个文件被拒绝："}.get(
        language, f"{count} files refused: "
    )


def _find_answer(
    state: ServiceState, token: Token, key: str, fingerprint: str
) -> tuple[int, dict[str, Any]] | None:
    with state.db.transaction() as db:
        return find_answer(
            db=db, account_id=token.account_id, scope="upload", key=key, fingerprint=fingerprint
        )


def _remember(
    state: ServiceState,
    token: Token,
    key: str,
    fingerprint: str,
    status_code: int,
    answer: dict[str, Any],
) -> None:
    with state.db.transaction() as db:
        # Two uploads racing with one key both store their files; the first answer is kept.
        lock_account(db=db, account_id=token.account_id)
        try:
            known = find_answer(
                db=db, account_id=token.account_id, scope="upload", key=key, fingerprint=fingerprint
            )
        except IdempotencyKeyReusedError:
            return  # another upload raced this one with the key; its answer stays
        if known is None:
            remember_answer(
                db=db,
                account_id=token.account_id,
                scope="upload",
                key=key,
                fingerprint=fingerprint,
                status_code=status_code,
                body=answer,
            )

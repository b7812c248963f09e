"""Submitting and cancelling exports: validate, price, freeze credits, queue."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from diapo.draft import AudioTrack, Draft, VideoTrack, with_resolution
from diapo.draft.ops import SetPreset
from diapo.draft.presets import overrun, preset_resolution
from diapo.errors import InvalidDraftError, MissingMediaError, UnsupportedOutputError
from diapo.service.db.sessions import draft_session, latest_version, require_session
from diapo.service.db.tables import Media, Render, Session, Token, utcnow
from diapo.service.errors import (
    ConflictError,
    NotEnoughCreditsError,
    RateLimitedError,
    SessionNotFoundError,
)
from diapo.service.ledger import freeze, lock_account, settle
from diapo.service.pricing import (
    PREVIEW_FORMATS,
    PREVIEW_RESOLUTIONS,
    export_cost,
    is_free_preview,
)
from diapo.service.schemas import RenderRequest
from diapo.service.settings import Settings

__all__ = [
    "Quote",
    "cancel_render",
    "create_render",
    "is_preview",
    "owned_render",
    "quote_render",
    "render_quality",
    "session_renders",
]


def is_preview(job: Render) -> bool:
    """Whether this render is a free preview rather than an export."""
    return is_free_preview(cost=job.cost, fmt=job.format, resolution=job.resolution)


def render_quality(job: Render, settings: Settings) -> str:
    """The encoder quality for a job: previews favour speed, exports use the setting."""
    return "preview" if is_preview(job) else settings.render_quality


def _check_preview(body: RenderRequest) -> None:
    output = body.output
    if output.format in PREVIEW_FORMATS and output.resolution in PREVIEW_RESOLUTIONS:
        return
    raise UnsupportedOutputError(
        f"A preview is a quick, free mp4 at {' or '.join(PREVIEW_RESOLUTIONS)}; "
        f"{output.format} at {output.resolution} is an export: send it without `preview`.",
        errors=[
            {"loc": "output.format", "msg": "a preview is mp4"}
            if output.format not in PREVIEW_FORMATS
            else {
                "loc": "output.resolution",
                "msg": f"a preview is {' or '.join(PREVIEW_RESOLUTIONS)}",
            }
        ],
    )


# A polling hint for a client told to wait for its running previews: a
# capped preview at 360p or 480p takes seconds to render.
_PREVIEW_RETRY_SECONDS = 5


def _check_preview_length(draft: Draft, settings: Settings) -> None:
    seconds = draft.duration_ms() / 1000
    if seconds <= settings.preview_max_seconds:
        return
    limit = settings.preview_max_seconds
    raise UnsupportedOutputError(
        f"A preview shows at most {limit} s; this draft lasts {seconds:.0f} s. "
        "Export it without `preview`, or shorten it.",
        errors=[{"loc": "preview", "msg": f"a preview lasts at most {limit} s"}],
    )


def _check_running_previews(db: OrmSession, account_id: str, settings: Settings) -> None:
    # Called with the account locked: two previews submitted together are
    # counted one after the other.
    running = db.scalar(
        select(func.count())
        .select_from(Render)
        .where(
            Render.account_id == account_id,
            Render.status.in_(("queued", "rendering")),
            Render.cost == 0,
            Render.format.in_(PREVIEW_FORMATS),
            Render.resolution.in_(PREVIEW_RESOLUTIONS),
        )
    )
    if (running or 0) >= settings.previews_per_account:
        raise RateLimitedError(
            f"{running} previews of yours are still rendering (at most "
            f"{settings.previews_per_account} at once); wait for one to finish.",
            retry_after=_PREVIEW_RETRY_SECONDS,
        )


def owned_render(*, db: OrmSession, render_id: str, token: Token) -> Render:
    """The render if its session belongs to `token`'s account, else SessionNotFoundError (1002)."""
    job = db.scalar(
        select(Render)
        .join(Session, Session.id == Render.session_id)
        .where(
            Render.public_id == render_id,
            Render.account_id == token.account_id,
            Session.account_id == token.account_id,
        )
    )
    if job is None:
        raise SessionNotFoundError("Render not found in your sessions.")
    return job


def session_renders(*, db: OrmSession, session_id: str, token: Token) -> list[Render]:
    require_session(db=db, session_id=session_id, token=token)
    return list(
        db.scalars(
            select(Render).where(Render.session_id == session_id).order_by(Render.created_at.desc())
        )
    )


def _draft_to_render(
    db: OrmSession, session: Session, body: RenderRequest
) -> tuple[Draft, int | None]:
    if body.draft is None:
        current = latest_version(db=db, session=session)
        if current.draft is None:
            raise InvalidDraftError(
                "There is nothing to export yet: upload photos and ask for a slideshow first.",
                [{"loc": "draft", "msg": "the session has no draft yet"}],
            )
        return Draft.parse(current.draft), current.version
    try:
        return Draft.parse(body.draft), None
    except InvalidDraftError as exc:
        raise InvalidDraftError(
            exc.message, [{**e, "loc": f"draft.{e['loc']}".rstrip(".")} for e in exc.errors]
        ) from None


def _check_sources(db: OrmSession, session: Session, draft: Draft) -> None:
    ids = set(db.scalars(select(Media.id).where(Media.session_id == session.id)))
    missing = []
    for ti, track in enumerate(draft.t):
        if isinstance(track, VideoTrack):
            sources = [seg.m.src for seg in track.sg]
        elif isinstance(track, AudioTrack):
            sources = [a.m.src for a in track.sg]
        else:
            continue
        for si, src in enumerate(sources):
            if src.startswith("music:") or src in ids:
                continue
            missing.append({"loc": f"draft.t.{ti}.sg.{si}.m.src", "msg": f"unknown media {src!r}"})
    if missing:
        raise MissingMediaError("The draft uses media that is not in this session.", errors=missing)
    if draft.duration_ms() <= 0:
        raise InvalidDraftError(
            "The draft is empty: there is nothing to render.",
            [{"loc": "draft.t", "msg": "no segment"}],
        )


def _for_platform(
    db: OrmSession, session: Session, draft: Draft, body: RenderRequest
) -> tuple[Draft, str]:
    """The draft made for `output.preset` (if asked) and the resolution to render it at.

    The preset goes through the draft, as the chat's "per Instagram" does: the
    worker reads its bitrate and file-size rules from `c.preset`. A draft that
    already records a preset keeps it, and its resolution stays the ceiling.
    """
    from diapo.service.chatturn import media_ref

    preset = body.output.preset
    if preset is not None and preset != draft.c.preset:
        rows = db.scalars(select(Media).where(Media.session_id == session.id))
        draft = SetPreset(preset=preset).apply(draft, [media_ref(m) for m in rows])
    chosen = draft.c.preset
    resolution = body.output.resolution
    return draft, preset_resolution(chosen, resolution) if chosen else resolution


def _limit_warnings(draft: Draft) -> tuple[str, ...]:
    # The service never trims on its own: it says so, and the chat or the client may trim.
    found = overrun(draft)
    if found is None:
        return ()
    return (
        f"The video lasts {found.duration_ms / 1000:.0f} s; {found.preset.titles['en']} takes "
        f"at most {found.preset.max_seconds} s. Shorten it (the chat's trim_to_duration) "
        "before posting.",
    )


@dataclass(frozen=True, slots=True)
class _Asked:
    """An export request checked and priced: its session, the draft at its size, the cost."""

    session: Session
    draft: Draft
    version: int | None  # the session draft's version; None for a draft sent with the request
    resolution: str
    cost: int


def _asked(*, db: OrmSession, settings: Settings, token: Token, body: RenderRequest) -> _Asked:
    """What an export request asks for, checked (422, 1002) and priced.

    The same for a render and for its quote; what depends on the moment (the
    running previews, the balance) is left to each.
    """
    session = (
        require_session(db=db, session_id=body.session_id, token=token)
        if body.session_id is not None
        # The seed's clients send a render id and the draft only (PROTOCOL.md, export).
        else draft_session(db=db, token=token, draft=body.draft or {})
    )
    if body.preview:
        _check_preview(body)
    draft, version = _draft_to_render(db, session, body)
    _check_sources(db, session, draft)
    draft, resolution = _for_platform(db, session, draft, body)
    sized = with_resolution(draft, resolution)
    if body.preview:
        _check_preview_length(sized, settings)
    cost = export_cost(
        settings=settings,
        duration_ms=sized.duration_ms(),
        resolution=resolution,
        fmt=body.output.format,
        preview=body.preview,
    )
    return _Asked(session, sized, version, resolution, cost)


def create_render(
    *,
    db: OrmSession,
    settings: Settings,
    token: Token,
    body: RenderRequest,
    attribution: dict[str, str | None],
) -> tuple[Render, bool]:
    """The render for this request and whether it is new (an existing id returns the first).

    The account is locked before the id is looked up: two requests with the same
    id then run one after the other, and the second finds the first's render
    (PostgreSQL at READ COMMITTED reads what the lock holder committed).
    """
    account = lock_account(db=db, account_id=token.account_id)
    if body.id is not None:
        # Ids are the account's own: another account's render with this id is not seen.
        existing = db.scalar(
            select(Render)
            .where(Render.account_id == account.id, Render.public_id == body.id)
            .execution_options(populate_existing=True)
        )
        if existing is not None:
            if existing.account_id != token.account_id or body.session_id not in (
                None,
                existing.session_id,
            ):
                raise ConflictError("This render id is already used; choose another one.")
            return existing, False
    asked = _asked(db=db, settings=settings, token=token, body=body)
    if body.preview:
        _check_running_previews(db, account.id, settings)
    session, sized, version, resolution, cost = (
        asked.session, asked.draft, asked.version, asked.resolution, asked.cost,
    )  # fmt: skip
    # The key is always the server's: a client's id names the render only within its account.
    render_id = str(uuid.uuid4())
    try:
        freeze(
            db=db, account_id=account.id, amount=cost, render_id=render_id, bind_id=account.bind_id
        )
    except NotEnoughCreditsError as exc:
        exc.detail["registered"] = account.email is not None
        raise
    job = Render(
        id=render_id,
        public_id=body.id or render_id,
        account_id=account.id,
        session_id=session.id,
        status="queued",
        progress=0.0,
        format=body.output.format,
        resolution=resolution,
        draft=sized.to_json(),
        draft_version=version,
        cost=cost,
        credit_state="frozen",
        attribution=json.dumps(attribution),
    )
    db.add(job)
    db.flush()  # requests with one id wait on the account lock, so no race is left here
    return job, True


def cancel_render(*, db: OrmSession, render_id: str, token: Token) -> Render:
    """Cancel a queued or running render and release its credits (a finished one is unchanged).

    The row is locked before its status is read: a worker finishing the render
    at this moment either commits first (the render stays completed, charged)
    or waits and then finds it cancelled (its fenced update changes nothing).
    """
    owned = owned_render(db=db, render_id=render_id, token=token)
    job = db.scalar(
        select(Render)
        .where(Render.id == owned.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert job is not None
    if job.status in ("queued", "rendering"):
        job.status = "cancelled"
        job.error = "Cancelled."
        job.finished_at = utcnow()
        db.flush()
        settle(db=db, render_id=job.id, outcome="release")
        db.refresh(job)
    return job


def fail_unqueued(*, db: OrmSession, render_id: str, reason: str) -> None:
    """Mark a render failed that could not be put on the queue, releasing its credits."""
    job = db.get(Render, render_id)
    if job is not None and job.status == "queued":
        job.status, job.error, job.finished_at = "failed", reason, utcnow()
        db.flush()
        settle(db=db, render_id=render_id, outcome="release")


@dataclass(frozen=True)
class Quote:
    """What an export would cost, worked out as a submit would, with nothing frozen or queued."""

    cost: int
    duration_ms: int
    format: str
    resolution: str
    preview: bool
    preset: str | None = None
    warnings: tuple[str, ...] = ()


def quote_render(*, db: OrmSession, settings: Settings, token: Token, body: RenderRequest) -> Quote:
    """The price of this export request, after the same checks as `create_render` (422, 1002).

    Only the checks on what is asked are made: the running-previews limit (429)
    and the balance (2001) depend on the moment, and the price answers them as
    `available` and `available_after` instead.
    """
    asked = _asked(db=db, settings=settings, token=token, body=body)
    return Quote(
        cost=asked.cost,
        duration_ms=asked.draft.duration_ms(),
        format=body.output.format,
        resolution=asked.resolution,
        preview=body.preview,
        preset=asked.draft.c.preset,
        warnings=_limit_warnings(asked.draft),
    )

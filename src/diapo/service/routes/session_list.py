"""`GET /api/tasks/me/sessions`: the sessions of this account, newest first (its projects)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.projects import (
    Project,
    default_name,
    first_media_id,
    last_render,
    updated_at,
)
from diapo.service.db.tables import Media, Session
from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import ok
from diapo.service.schemas import Envelope
from diapo.service.signing import URLSigner
from diapo.service.views import absolute_url, iso, render_info

__all__ = ["LastRender", "SessionList", "SessionSummary", "router", "session_summary"]

router = APIRouter(tags=["sessions"])


class LastRender(BaseModel):
    id: str
    status: str
    format: str
    resolution: str
    url: str | None = None


class SessionSummary(BaseModel):
    session_id: str
    name: str
    task_name: str
    language: str
    version: int
    media_count: int
    thumbnail_url: str | None
    created_at: str | None
    updated_at: str | None
    last_render: LastRender | None


class SessionList(BaseModel):
    sessions: list[SessionSummary]


def session_summary(
    *,
    db: OrmSession,
    session: Session,
    request: Request,
    signer: URLSigner,
    public_base_url: str | None,
    media_count: int | None = None,
) -> dict[str, Any]:
    """A project as the list and the project endpoints answer it."""
    if media_count is None:
        media_count = (
            db.scalar(select(func.count()).select_from(Media).where(Media.session_id == session.id))
            or 0
        )
    thumb = first_media_id(db=db, session=session)
    job = last_render(db=db, session_id=session.id)
    render = None
    if job is not None:
        info = render_info(job, request=request, signer=signer, public_base_url=public_base_url)
        render = {k: info[k] for k in ("id", "status", "format", "resolution", "url")}
    return {
        "session_id": session.id,
        "name": default_name(db=db, session=session),
        "task_name": session.task_name,
        "language": session.language,
        "version": session.version,
        "media_count": media_count,
        "thumbnail_url": absolute_url(
            request, signer.sign(f"/api/media/{thumb}/thumbnail"), public_base_url=public_base_url
        )
        if thumb
        else None,
        "created_at": iso(session.created_at),
        "updated_at": iso(updated_at(db=db, session=session)),
        "last_render": render,
    }


@router.get(
    "/api/tasks/me/sessions",
    summary="This account's projects (sessions), newest first",
    description=(
        "The sessions of this token's account (every token of the account sees them, as "
        "the state and upload endpoints do), newest first. Each has its `name` (given "
        "with PATCH, else the draft's title text, else the task name), its draft "
        "`version`, `media_count`, `thumbnail_url` (signed: the thumbnail of the draft's "
        "first photo, else of the first media; null without media), `updated_at` (when "
        "the draft last changed) and `last_render` (`{id, status, format, resolution, "
        "url}`, url only once completed; null before any). Deleted sessions are left "
        "out. 1001 without a valid token."
    ),
    response_model=Envelope[SessionList],
    responses={401: {"description": "1001: token missing, unknown or expired"}},
)
def list_sessions(
    request: Request,
    state: State,
    token: CurrentToken,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many")] = 50,
) -> JSONResponse:
    with state.db.transaction() as db:
        deleted = select(Project.session_id).where(
            Project.session_id == Session.id, Project.deleted_at.is_not(None)
        )
        rows = db.scalars(
            select(Session)
            .where(Session.account_id == token.account_id, ~deleted.exists())
            .order_by(Session.created_at.desc(), Session.id)
            .limit(limit)
        ).all()
        counts: dict[str, int] = {}
        if rows:
            for session_id in db.scalars(
                select(Media.session_id).where(Media.session_id.in_([s.id for s in rows]))
            ):
                counts[session_id] = counts.get(session_id, 0) + 1
        sessions = [
            session_summary(
                db=db,
                session=s,
                request=request,
                signer=state.signer,
                public_base_url=state.settings.public_base_url,
                media_count=counts.get(s.id, 0),
            )
            for s in rows
        ]
    return ok({"sessions": sessions})

"""`GET /api/tasks/me/sessions`: the sessions of this account, newest first (its projects)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import select

from diapo.service.db.tables import Media, Session
from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import ok
from diapo.service.schemas import Envelope
from diapo.service.views import iso

__all__ = ["router"]

router = APIRouter(tags=["sessions"])


class SessionSummary(BaseModel):
    session_id: str
    task_name: str
    language: str
    version: int
    media_count: int
    created_at: str | None


class SessionList(BaseModel):
    sessions: list[SessionSummary]


@router.get(
    "/api/tasks/me/sessions",
    summary="This account's sessions, newest first",
    description=(
        "The sessions of this token's account (every token of the account sees them, as "
        "the state and upload endpoints do), newest first, with their draft version and "
        "how many media they hold."
    ),
    response_model=Envelope[SessionList],
)
def list_sessions(
    state: State,
    token: CurrentToken,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many")] = 50,
) -> JSONResponse:
    with state.db.transaction() as db:
        rows = db.scalars(
            select(Session)
            .where(Session.account_id == token.account_id)
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
            {
                "session_id": s.id,
                "task_name": s.task_name,
                "language": s.language,
                "version": s.version,
                "media_count": counts.get(s.id, 0),
                "created_at": iso(s.created_at),
            }
            for s in rows
        ]
    return ok({"sessions": sessions})

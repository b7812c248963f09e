"""Data access for editing sessions, their media and their draft history."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.projects import Project
from diapo.service.db.tables import DraftVersion, Media, Session, Token, Turn
from diapo.service.errors import SessionNotFoundError

__all__ = [
    "add_turn",
    "append_version",
    "create_session",
    "draft_session",
    "get_version",
    "latest_version",
    "list_media",
    "next_media_position",
    "owned_media",
    "owned_session",
    "require_session",
]


def create_session(*, db: OrmSession, token: Token, task_name: str, language: str) -> Session:
    session = Session(
        id=str(uuid.uuid4()),
        account_id=token.account_id,
        token_id=token.id,
        task_name=task_name,
        language=language,
        version=0,
    )
    db.add(session)
    db.flush()
    db.add(
        DraftVersion(
            session_id=session.id, version=0, draft=None, source="api", description="empty"
        )
    )
    db.flush()
    return session


def owned_session(
    *, db: OrmSession, session_id: str, token: Token, lock: bool = False
) -> Session | None:
    """The session if it belongs to `token`'s account, else None (unknown and foreign look alike).

    Sessions belong to the account, not to the token that created them: after
    registering and logging in, every token of the account sees them. A deleted
    one (see `db/projects.py`) is not found until it is restored.
    """
    deleted = select(Project.session_id).where(
        Project.session_id == Session.id, Project.deleted_at.is_not(None)
    )
    query = select(Session).where(
        Session.id == session_id, Session.account_id == token.account_id, ~deleted.exists()
    )
    if lock:
        query = query.with_for_update()
    return db.scalar(query)


def require_session(
    *, db: OrmSession, session_id: str, token: Token, lock: bool = False
) -> Session:
    """`owned_session`, or 1002 (SessionNotFoundError) where there is none."""
    session = owned_session(db=db, session_id=session_id, token=token, lock=lock)
    if session is None:
        raise SessionNotFoundError("Session not found; create a new session.")
    return session


def list_media(*, db: OrmSession, session_id: str) -> list[Media]:
    return list(
        db.scalars(
            select(Media)
            .where(Media.session_id == session_id)
            .order_by(Media.position, Media.created_at)
        )
    )


def next_media_position(*, db: OrmSession, session_id: str) -> int:
    current = db.scalar(select(func.max(Media.position)).where(Media.session_id == session_id))
    return 0 if current is None else current + 1


def owned_media(*, db: OrmSession, media_id: str, token: Token) -> Media | None:
    return db.scalar(
        select(Media)
        .join(Session, Session.id == Media.session_id)
        .where(Media.id == media_id, Session.account_id == token.account_id)
    )


def get_version(*, db: OrmSession, session_id: str, version: int) -> DraftVersion | None:
    return db.scalar(
        select(DraftVersion).where(
            DraftVersion.session_id == session_id, DraftVersion.version == version
        )
    )


def latest_version(*, db: OrmSession, session: Session) -> DraftVersion:
    row = get_version(db=db, session_id=session.id, version=session.version)
    assert row is not None, "a session always has its current version"
    return row


def append_version(
    *,
    db: OrmSession,
    session: Session,
    draft_json: str | None,
    source: str,
    description: str = "",
    undo_to: int | None,
    redo_to: int | None = None,
    copied_from: int | None = None,
) -> DraftVersion:
    """Add the next version and make it the session's current one."""
    row = DraftVersion(
        session_id=session.id,
        version=session.version + 1,
        draft=draft_json,
        source=source,
        description=description,
        undo_to=undo_to,
        redo_to=redo_to,
        copied_from=copied_from,
    )
    db.add(row)
    session.version = row.version
    db.flush()
    return row


def add_turn(
    *,
    db: OrmSession,
    session: Session,
    message: str,
    reply: str,
    kind: str,
    ops: list[dict[str, Any]],
) -> Turn:
    turn = Turn(
        session_id=session.id,
        message=message,
        reply=reply,
        kind=kind,
        ops=json.dumps(ops, ensure_ascii=False, default=str),
        version=session.version,
    )
    db.add(turn)
    db.flush()
    return turn


def _draft_sources(draft: dict[str, Any]) -> set[str]:
    """The media ids a raw draft names (`t[].sg[].m.src`), read leniently: not validated yet."""
    found: set[str] = set()
    tracks = draft.get("t")
    for track in tracks if isinstance(tracks, list) else ():
        segments = track.get("sg") if isinstance(track, dict) else None
        for segment in segments if isinstance(segments, list) else ():
            meta = segment.get("m") if isinstance(segment, dict) else None
            src = meta.get("src") if isinstance(meta, dict) else None
            if isinstance(src, str) and not src.startswith("music:"):
                found.add(src)
    return found


def draft_session(*, db: OrmSession, token: Token, draft: dict[str, Any]) -> Session:
    """The session a draft sent without `session_id` belongs to (the seed's clients send none).

    It is the account's session holding the draft's media; a draft of music and
    text only goes to the account's newest session. 1002 when the account has none.
    """
    deleted = select(Project.session_id).where(
        Project.session_id == Session.id, Project.deleted_at.is_not(None)
    )
    mine = select(Session).where(Session.account_id == token.account_id, ~deleted.exists())
    sources = _draft_sources(draft)
    session = None
    if sources:
        session = db.scalar(
            mine.join(Media, Media.session_id == Session.id)
            .where(Media.id.in_(sources))
            .group_by(Session.id)
            .order_by(func.count(Media.id).desc(), Session.created_at.desc())
            .limit(1)
        )
    if session is None:
        session = db.scalar(mine.order_by(Session.created_at.desc()).limit(1))
    if session is None:
        raise SessionNotFoundError("Session not found; create a new session.")
    return session

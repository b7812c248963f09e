"""Data access for a session's own settings (the assistant's reply language)."""

from __future__ import annotations

from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.sessions import owned_session
from diapo.service.db.tables import Session, Token

__all__ = ["update_session_settings"]


def update_session_settings(
    *, db: OrmSession, session_id: str, token: Token, language: str | None = None
) -> Session | None:
    """Change what is given of the session owned by `token`'s account; None if it is not theirs."""
    session = owned_session(db=db, session_id=session_id, token=token, lock=True)
    if session is None:
        return None
    if language is not None:
        session.language = language
    db.flush()
    return session

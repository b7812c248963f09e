"""Undo and redo on a session's draft history, by appending versions (nothing is ever lost).

Each version points at the version an undo brings back (`undo_to`) and the
one a redo brings back (`redo_to`). An edit appends a version whose undo
goes to the one before it and that has nothing to redo. An undo appends a
copy of its `undo_to` version that keeps that version's own undo pointer
and can redo to where it came from; a redo appends a copy of its `redo_to`
version with that version's pointers. So undo, undo, redo, redo walks back
and forth through the same states while the history only grows.
"""

from __future__ import annotations

from sqlalchemy.orm import Session as OrmSession

from diapo.service.db.sessions import append_version, get_version, latest_version
from diapo.service.db.tables import DraftVersion, Session

__all__ = ["redo", "undo"]


def undo(*, db: OrmSession, session: Session, steps: int = 1) -> int:
    """Undo up to `steps` edits; how many were undone."""
    done = 0
    for _ in range(max(1, steps)):
        current = latest_version(db=db, session=session)
        if current.undo_to is None:
            break
        target = _version(db, session, current.undo_to)
        append_version(
            db=db,
            session=session,
            draft_json=target.draft,
            source="undo",
            description=f"undo to version {target.version}",
            undo_to=target.undo_to,
            redo_to=current.version,
            copied_from=target.version,
        )
        done += 1
    return done


def redo(*, db: OrmSession, session: Session, steps: int = 1) -> int:
    """Redo up to `steps` undone edits; how many were redone."""
    done = 0
    for _ in range(max(1, steps)):
        current = latest_version(db=db, session=session)
        if current.redo_to is None:
            break
        target = _version(db, session, current.redo_to)
        append_version(
            db=db,
            session=session,
            draft_json=target.draft,
            source="redo",
            description=f"redo to version {target.version}",
            undo_to=target.undo_to,
            redo_to=target.redo_to,
            copied_from=target.version,
        )
        done += 1
    return done


def _version(db: OrmSession, session: Session, version: int) -> DraftVersion:
    row = get_version(db=db, session_id=session.id, version=version)
    assert row is not None, f"version {version} of a session's history is missing"
    return row

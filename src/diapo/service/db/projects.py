"""A session as the page's project: its name, soft deletion, chat history and picked order.

Kept in tables of their own (migration 0006) so the session rows and their
access code stay as they are: a session without a `projects` row has the
default name and is not deleted.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession

from diapo.draft.chronology import by_capture_time
from diapo.draft.vocabulary import PREVIEW_FORMATS, PREVIEW_RESOLUTIONS
from diapo.service.db.tables import Base, DraftVersion, Media, Render, Session, Token, utcnow

__all__ = [
    "RESTORE_DAYS",
    "ChatMessage",
    "MediaPick",
    "Project",
    "add_messages",
    "default_name",
    "deleted_session",
    "duplicate_session",
    "list_messages",
    "ordered_media",
    "project_of",
    "record_picks",
    "restore_session",
    "soft_delete",
]

#: How long a deleted project can be brought back.
RESTORE_DAYS = 7

#: The suffix of a duplicate's name, in the session's language.
_COPY = {"it": "copia", "en": "copy", "zh": "副本"}

NAME_MAX = 120


class Project(Base):
    """What the page adds to a session: a name of its own, and whether it was deleted."""

    __tablename__ = "projects"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    deleted_at: Mapped[datetime | None] = mapped_column(index=True)


class ChatMessage(Base):
    """One line of a session's chat: the person's message, a reply, or an error."""

    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # user | assistant | error
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MediaPick(Base):
    """Where a person put a file in the batch they picked or dropped (form field `position`)."""

    __tablename__ = "media_picks"

    media_id: Mapped[str] = mapped_column(ForeignKey("media.id"), primary_key=True)
    batch: Mapped[int] = mapped_column(Integer)  # the first media position of its upload request
    position: Mapped[int] = mapped_column(Integer)


def project_of(*, db: OrmSession, session_id: str) -> Project:
    """The session's project row, created on first use."""
    row = db.get(Project, session_id)
    if row is None:
        row = Project(session_id=session_id, name=None, deleted_at=None)
        db.add(row)
        db.flush()
    return row


def default_name(*, db: OrmSession, session: Session) -> str:
    """The project's name when none was given: the draft's title text, else the task name."""
    row = db.get(Project, session.id)
    if row is not None and row.name:
        return row.name
    current = db.scalar(
        select(DraftVersion.draft).where(
            DraftVersion.session_id == session.id, DraftVersion.version == session.version
        )
    )
    title = _title_text(current)
    return title or session.task_name


def _title_text(draft_json: str | None) -> str | None:
    # Read as plain JSON: a listing must not fail on one odd draft.
    if not draft_json:
        return None
    try:
        data = json.loads(draft_json)
        for track in data.get("t", []):
            if track.get("tt") != 7:
                continue
            for seg in track.get("sg", []):
                meta = seg.get("m", {})
                if meta.get("role", "title") == "title" and meta.get("text"):
                    return str(meta["text"]).strip()[:NAME_MAX] or None
    except (ValueError, AttributeError, TypeError):
        return None
    return None


def first_media_id(*, db: OrmSession, session: Session) -> str | None:
    """The first photo of the draft with a thumbnail, else the session's first media with one."""
    current = db.scalar(
        select(DraftVersion.draft).where(
            DraftVersion.session_id == session.id, DraftVersion.version == session.version
        )
    )
    with_thumbs = {
        m.id: m
        for m in db.scalars(
            select(Media).where(Media.session_id == session.id, Media.thumb_key.is_not(None))
        )
    }
    if current:
        try:
            for track in json.loads(current).get("t", []):
                if track.get("tt") != 0:
                    continue
                for seg in track.get("sg", []):
                    src = seg.get("m", {}).get("src")
                    if src in with_thumbs:
                        return str(src)
        except (ValueError, AttributeError, TypeError):
            pass
    if not with_thumbs:
        return None
    first = min(with_thumbs.values(), key=lambda m: (m.position, m.created_at))
    return first.id


def updated_at(*, db: OrmSession, session: Session) -> datetime | None:
    """When the draft last changed: the time its current version was made."""
    return db.scalar(
        select(DraftVersion.created_at).where(
            DraftVersion.session_id == session.id, DraftVersion.version == session.version
        )
    )


def last_render(*, db: OrmSession, session_id: str) -> Render | None:
    """The project's latest export; free previews (the page makes one after each edit) are not."""
    return db.scalar(
        select(Render)
        .where(
            Render.session_id == session_id,
            ~(
                (Render.cost == 0)
                & Render.format.in_(PREVIEW_FORMATS)
                & Render.resolution.in_(PREVIEW_RESOLUTIONS)
            ),
        )
        .order_by(Render.created_at.desc(), Render.id)
        .limit(1)
    )


def soft_delete(*, db: OrmSession, session: Session) -> datetime:
    """Hide the session (from the list, state, uploads, chat, exports); the restore deadline."""
    row = project_of(db=db, session_id=session.id)
    row.deleted_at = utcnow()
    db.flush()
    return row.deleted_at + timedelta(days=RESTORE_DAYS)


def deleted_session(*, db: OrmSession, session_id: str, token: Token) -> Session | None:
    """The account's session if it is deleted and still within its restore window."""
    row = db.scalar(
        select(Project)
        .join(Session, Session.id == Project.session_id)
        .where(
            Project.session_id == session_id,
            Session.account_id == token.account_id,
            Project.deleted_at.is_not(None),
        )
    )
    if row is None or row.deleted_at is None:
        return None
    if row.deleted_at + timedelta(days=RESTORE_DAYS) < utcnow():
        return None
    return db.get(Session, session_id)


def restore_session(*, db: OrmSession, session: Session) -> None:
    project_of(db=db, session_id=session.id).deleted_at = None
    db.flush()


def duplicate_session(*, db: OrmSession, source: Session, token: Token) -> Session:
    """A new session of the account with the source's latest draft and the same files.

    The media rows are new (new ids) but point at the same stored files: nothing
    deletes or rewrites a stored media file while a session lives, so sharing
    the storage keys is safe and no bytes are copied. The draft's media ids
    are rewritten to the new rows.
    """
    language = source.language
    name = f"{default_name(db=db, session=source)} ({_COPY.get(language, _COPY['en'])})"
    copy = Session(
        id=str(uuid.uuid4()),
        account_id=token.account_id,
        token_id=token.id,
        task_name=source.task_name,
        language=language,
        version=1,
    )
    db.add(copy)
    db.flush()
    ids: dict[str, str] = {}
    picks = {
        p.media_id: p
        for p in db.scalars(
            select(MediaPick)
            .join(Media, Media.id == MediaPick.media_id)
            .where(Media.session_id == source.id)
        )
    }
    for media in db.scalars(select(Media).where(Media.session_id == source.id)):
        new_id = str(uuid.uuid4())
        ids[media.id] = new_id
        db.add(
            Media(
                id=new_id,
                session_id=copy.id,
                kind=media.kind,
                format=media.format,
                mime=media.mime,
                name=media.name,
                width=media.width,
                height=media.height,
                duration_ms=media.duration_ms,
                has_audio=media.has_audio,
                taken_at=media.taken_at,
                size_bytes=media.size_bytes,
                storage_key=media.storage_key,
                thumb_key=media.thumb_key,
                source_url=media.source_url,
                position=media.position,
                created_at=media.created_at,
            )
        )
    db.flush()
    for old, pick in picks.items():
        db.add(MediaPick(media_id=ids[old], batch=pick.batch, position=pick.position))
    current = db.scalar(
        select(DraftVersion.draft).where(
            DraftVersion.session_id == source.id, DraftVersion.version == source.version
        )
    )
    draft = _renamed_sources(current, ids) if current else None
    db.add(
        DraftVersion(session_id=copy.id, version=0, draft=None, source="api", description="empty")
    )
    db.add(
        DraftVersion(
            session_id=copy.id,
            version=1,
            draft=draft,
            source="api",
            description=f"copy of {source.id} v{source.version}",
            undo_to=None,
        )
    )
    db.add(Project(session_id=copy.id, name=name[:NAME_MAX], deleted_at=None))
    db.flush()
    return copy


def _renamed_sources(draft_json: str, ids: dict[str, str]) -> str:
    """The draft with every media id replaced by its copy's."""
    data = json.loads(draft_json)
    for track in data.get("t", []):
        for seg in track.get("sg", []):
            meta = seg.get("m", {})
            if isinstance(meta.get("src"), str) and meta["src"] in ids:
                meta["src"] = ids[meta["src"]]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def add_messages(
    *, db: OrmSession, session_id: str, messages: list[tuple[str, str]], at: datetime | None = None
) -> None:
    """Append chat lines `(role, text)` to the session's history, in order."""
    when = at or utcnow()
    for i, (role, text) in enumerate(messages):
        if not text:
            continue
        # A microsecond apart: the history reads back in the order written.
        db.add(
            ChatMessage(
                session_id=session_id,
                role=role,
                text=text,
                at=when + timedelta(microseconds=i),
            )
        )
    db.flush()


def list_messages(*, db: OrmSession, session_id: str, limit: int) -> list[ChatMessage]:
    """The last `limit` lines of the session's chat, oldest first."""
    rows = list(
        db.scalars(
            select(ChatMessage)
            .where(ChatMessage.session_id == session_id)
            .order_by(ChatMessage.id.desc())
            .limit(limit)
        )
    )
    rows.reverse()
    return rows


def ordered_media(*, db: OrmSession, media: list[Media]) -> list[Media]:
    """The session's media in the order the default slideshow uses (the CLI's rule).

    By capture time when most photos have one (those without come after, in
    the next rule's order); else upload requests in the order they came, and
    within one request by the position the person picked the files in (form
    field `position`), then in the order they were sent. `media` comes in
    upload order.
    """
    upload_order = {m.id: i for i, m in enumerate(media)}
    picks: dict[str, MediaPick] = {}
    if media:
        picks = {
            p.media_id: p
            for p in db.scalars(
                select(MediaPick).where(MediaPick.media_id.in_([m.id for m in media]))
            )
        }

    def picked(m: Media) -> tuple[int, int, int]:
        pick = picks.get(m.id)
        if pick is None:
            return (m.position, 0, upload_order[m.id])
        return (pick.batch, pick.position, upload_order[m.id])

    in_picked_order = sorted(media, key=picked)
    # The command line orders its inputs by the same rule (`diapo.draft.chronology`).
    by_date = by_capture_time(
        in_picked_order, taken_at=lambda m: m.taken_at, counts=lambda m: m.kind != "audio"
    )
    return by_date if by_date is not None else in_picked_order


def record_picks(*, db: OrmSession, picks: list[tuple[Media, int | None]]) -> None:
    """Remember the picked position of each file of one upload request (None: not given)."""
    given = [(m, p) for m, p in picks if p is not None]
    if not given:
        return
    batch = min(m.position for m, _ in picks)
    for media, position in given:
        db.add(MediaPick(media_id=media.id, batch=batch, position=position))
    db.flush()

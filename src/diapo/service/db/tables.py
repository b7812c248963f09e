"""The database tables (SQLAlchemy 2 declarative); migrations in `migrations/` create them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Account",
    "Base",
    "DraftVersion",
    "IdempotencyRecord",
    "LedgerEntry",
    "Media",
    "RateLimit",
    "Render",
    "Session",
    "Token",
    "Turn",
    "utcnow",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Account(Base):
    """Who owns credits: anonymous until an email is bound to its `bind_id`."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bind_id: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    registered_at: Mapped[datetime | None]


class Token(Base):
    """A bearer token, stored as its SHA-256 only."""

    __tablename__ = "tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str | None] = mapped_column(String(36), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    attribution: Mapped[str] = mapped_column(Text, default="{}")  # X-Skill-* headers, JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class Session(Base):
    """An editing session: its media, its draft history, its renders."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    # The token that created it, for the record: the session belongs to the
    # account, and every token of the account sees it.
    token_id: Mapped[str] = mapped_column(ForeignKey("tokens.id"), index=True)
    task_name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Media(Base):
    """An uploaded or imported file, probed, with its thumbnail."""

    __tablename__ = "media"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # photo | clip | audio
    format: Mapped[str] = mapped_column(String(16))
    mime: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    taken_at: Mapped[datetime | None]
    size_bytes: Mapped[int] = mapped_column(BigInteger)  # PostgreSQL's INTEGER stops at 2 GiB
    storage_key: Mapped[str] = mapped_column(String(300))
    thumb_key: Mapped[str | None] = mapped_column(String(300))
    source_url: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the pixels or the sound say, measured once at ingest: a photo's
    # `PhotoAnalysis.to_dict()`, a song's {"bpm", "first_beat_ms"}, as JSON; None if unknown.
    analysis: Mapped[str | None] = mapped_column(Text)


class DraftVersion(Base):
    """One version of a session's draft; versions are only ever appended.

    `undo_to` is the version an undo from here brings back, `redo_to` the one
    a redo brings back; an undo or redo appends a copy of that version.
    """

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("session_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    draft: Mapped[str | None] = mapped_column(Text)  # JSON; None: the empty start
    source: Mapped[str] = mapped_column(String(16))  # chat | undo | redo | api
    description: Mapped[str] = mapped_column(Text, default="")
    undo_to: Mapped[int | None] = mapped_column(Integer)
    redo_to: Mapped[int | None] = mapped_column(Integer)
    copied_from: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Turn(Base):
    """A chat turn: what the person said and what the assistant did."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    ops: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of results
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Render(Base):
    """An export job and, once done, its output file."""

    __tablename__ = "renders"
    __table_args__ = (
        Index("ix_renders_status_heartbeat", "status", "heartbeat_at"),
        Index("ix_renders_account_status", "account_id", "status"),
        # A client-chosen id is the account's own: another account may choose it too.
        UniqueConstraint("account_id", "public_id"),
    )

    # The server's own key (a UUID), used by the queue, the ledger and storage.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    # The id the client knows the render by: its own `id`, else the same as `id` (0009).
    public_id: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # queued rendering completed failed cancelled
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    format: Mapped[str] = mapped_column(String(8))
    resolution: Mapped[str] = mapped_column(String(8))
    draft: Mapped[str] = mapped_column(Text)  # JSON, at the output resolution
    draft_version: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer)
    credit_state: Mapped[str] = mapped_column(String(16))  # frozen | charged | released
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    heartbeat_at: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(100))
    output_key: Mapped[str | None] = mapped_column(String(300))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    attribution: Mapped[str] = mapped_column(Text, default="{}")  # X-Skill-* headers, JSON
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # A chunked render's cache use, JSON {"reused": n, "rendered": m} (migration 0007).
    chunks: Mapped[str | None] = mapped_column(Text)


class LedgerEntry(Base):
    """One movement of credits; the ledger is append-only.

    grant: +available; freeze: available -> frozen; charge: -frozen;
    release: frozen -> available.
    """

    __tablename__ = "ledger"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    render_id: Mapped[str | None] = mapped_column(String(64), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotencyRecord(Base):
    """The first answer to a request made with an `Idempotency-Key`."""

    __tablename__ = "idempotency"
    __table_args__ = (UniqueConstraint("account_id", "scope", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    scope: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    # A hash of the request's parameters: the key sent with others is refused (0010).
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RateLimit(Base):
    """Hits on one rate-limit key in one fixed time window (see `ratelimit.py`)."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(index=True)  # when the window is over

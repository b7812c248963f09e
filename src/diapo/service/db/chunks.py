"""A chunked render's parts (video chunks, the soundtrack, the join) and the chunk cache's index.

Kept in tables of their own (migration 0007). A render whose `chunks`
column is set was split: its parts are rows here, each claimed, leased and
re-queued on its own, so a dead worker costs one chunk, not the export.
The cache's files live in the storage under `chunks/`; this index holds
their sizes and last use, so that every worker, on any host, evicts the same
least recently used entries.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from diapo.service.db.tables import Base, utcnow

__all__ = ["AUDIO_PART", "JOIN_PART", "CachedChunk", "RenderPart"]

#: The part numbers of a chunked render that are not video chunks.
AUDIO_PART = -2
JOIN_PART = -1


class RenderPart(Base):
    """One task of a chunked render: video chunk `part` (0, 1, ...), the soundtrack or the join."""

    __tablename__ = "render_parts"

    render_id: Mapped[str] = mapped_column(ForeignKey("renders.id"), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start_frame: Mapped[int] = mapped_column(Integer, default=0)
    end_frame: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str | None] = mapped_column(String(100))  # its cache key (not for the join)
    status: Mapped[str] = mapped_column(String(16))  # waiting (the join) queued rendering done
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    heartbeat_at: Mapped[datetime | None] = mapped_column(index=True)
    worker: Mapped[str | None] = mapped_column(String(100))


class CachedChunk(Base):
    """One entry of the chunk cache: its storage key, size and last use (the LRU's order)."""

    __tablename__ = "chunk_cache"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    length: Mapped[int] = mapped_column(BigInteger)  # bytes
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

"""The service's chunk cache: files in the storage under `chunks/`, an LRU index in the database."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from diapo.service.db.chunks import CachedChunk
from diapo.service.db.engine import Database
from diapo.service.db.tables import utcnow
from diapo.service.storage import Storage

__all__ = ["StoredChunkCache"]

log = logging.getLogger("diapo.worker")


class StoredChunkCache:
    """A `ChunkStore` any worker on any host shares: storage for bytes, the database for the LRU.

    Entries used within `keep_recent_seconds` are never evicted: a render's
    chunks, stored or reused moments ago, must still be there when its join
    reads them, even if the cache is smaller than one render.
    """

    def __init__(
        self, *, storage: Storage, db: Database, limit_bytes: int, keep_recent_seconds: float
    ) -> None:
        self.storage = storage
        self.db = db
        self.limit_bytes = limit_bytes
        self.keep_recent_seconds = keep_recent_seconds

    @staticmethod
    def _storage_key(key: str) -> str:
        return f"chunks/{key}"

    def fetch(self, key: str) -> Path | None:
        with self.db.transaction() as db:
            row = db.get(CachedChunk, key)
            if row is None:
                return None
            if not self.storage.exists(self._storage_key(key)):
                db.delete(row)  # its file went (a wiped directory): forget it
                return None
            row.used_at = utcnow()
        return self.storage.local_path(self._storage_key(key))

    def store(self, key: str, source: Path) -> Path:
        size = source.stat().st_size
        self.storage.put_file(self._storage_key(key), source)
        with self.db.transaction() as db:
            row = db.get(CachedChunk, key)
            if row is None:
                try:
                    with db.begin_nested():
                        db.add(CachedChunk(key=key, length=size, used_at=utcnow()))
                except IntegrityError:  # another worker stored the same chunk meanwhile
                    pass
            else:
                row.length, row.used_at = size, utcnow()
        self.evict()
        return self.storage.local_path(self._storage_key(key))

    def evict(self) -> list[str]:
        """Delete the least recently used entries beyond the limit; their keys."""
        removed: list[str] = []
        recent = utcnow() - timedelta(seconds=self.keep_recent_seconds)
        with self.db.transaction() as db:
            rows = db.scalars(select(CachedChunk).order_by(CachedChunk.used_at)).all()
            total = sum(r.length for r in rows)
            for row in rows:
                if total <= self.limit_bytes or row.used_at >= recent:
                    break
                db.delete(row)
                total -= row.length
                removed.append(row.key)
        # The files go once the rows are gone: a reader then finds no row, not a
        # row whose file vanished under it.
        for key in removed:
            self.storage.delete(self._storage_key(key))
        if removed:
            log.info("chunk cache: evicted %d least recently used entries", len(removed))
        return removed

    def size_bytes(self) -> int:
        with self.db.transaction() as db:
            return sum(db.scalars(select(CachedChunk.length)).all())

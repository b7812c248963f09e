"""Where files live: a small interface and its local-directory implementation.

Every write is atomic (a temporary file in the same directory, then a
rename), so a reader never sees half a file, even after a crash.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

__all__ = ["LocalStorage", "Storage"]


class Storage(Protocol):
    """Files by key (`media/<id>/original.jpg`); keys use `/` and no `..`."""

    def put_bytes(self, key: str, data: bytes) -> None: ...

    def put_file(self, key: str, source: Path) -> None:
        """Move `source` (a temporary file of ours) under `key`."""
        ...

    @contextmanager
    def writer(self, key: str) -> Iterator[IO[bytes]]:
        """A file to write `key` into; it appears only if the block ends without error."""
        ...

    def local_path(self, key: str) -> Path:
        """A path the engine can read (remote stores would fetch a cached copy)."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def scratch_dir(self) -> Path:
        """A directory for temporary files on the same filesystem."""
        ...

    def sweep_leftovers(self, *, older_than: float) -> int:
        """Delete scratch files and partial writes untouched for `older_than` seconds; a count."""
        ...


class LocalStorage:
    """Files under one directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / ".tmp").mkdir(exist_ok=True)

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts) or key.startswith("/"):
            raise ValueError(f"bad storage key {key!r}")
        return self.root.joinpath(*parts)

    def scratch_dir(self) -> Path:
        return self.root / ".tmp"

    def sweep_leftovers(self, *, older_than: float) -> int:
        # Live work keeps touching its files (an upload appends, an encoder
        # writes), so only what a killed process abandoned is this old.
        cutoff = time.time() - older_than
        removed = 0
        for entry in list(self.scratch_dir().iterdir()):
            if _newest_mtime(entry) < cutoff:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed += 1
        for part in self.root.rglob(".part-*"):
            if part.is_file() and _newest_mtime(part) < cutoff:
                part.unlink(missing_ok=True)
                removed += 1
        return removed

    @contextmanager
    def writer(self, key: str) -> Iterator[IO[bytes]]:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_bytes(self, key: str, data: bytes) -> None:
        with self.writer(key) as out:
            out.write(data)

    def put_file(self, key: str, source: Path) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)  # same filesystem: atomic
        except OSError:
            with self.writer(key) as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 1024 * 1024)
            Path(source).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def _newest_mtime(path: Path) -> float:
    """The latest modification time of `path` or, for a directory, of anything in it."""
    try:
        newest = path.lstat().st_mtime
        if path.is_dir() and not path.is_symlink():
            for child in path.rglob("*"):
                newest = max(newest, child.lstat().st_mtime)
    except FileNotFoundError:  # finished meanwhile: it is not a leftover
        return time.time()
    return newest

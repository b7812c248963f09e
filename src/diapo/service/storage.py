"""Where files live: a small interface and its local-directory implementation.

Every write is atomic (a temporary file in the same directory, then a
rename), so a reader never sees half a file, even after a crash. The other
implementation, `S3Storage` (`s3storage.py`), keeps them in an S3-compatible
object store; `open_storage(settings)` (`storages.py`) picks one from `DIAPO_STORAGE_URL`.
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

__all__ = ["LocalStorage", "Storage", "check_key", "sweep_dir", "sweep_parts"]

_READ_CHUNK = 1024 * 1024


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

    def size(self, key: str) -> int | None:
        """The stored file's size in bytes; None if there is no such file."""
        ...

    def iter_bytes(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """The bytes `start` to `stop` (exclusive; None: the end), read in chunks."""
        ...

    def download_url(self, key: str, *, filename: str | None, inline: bool) -> str | None:
        """A URL of the store itself that serves the file for a while; None where there is none."""
        ...

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
        return self.root.joinpath(*check_key(key))

    def scratch_dir(self) -> Path:
        return self.root / ".tmp"

    def sweep_leftovers(self, *, older_than: float) -> int:
        # Live work keeps touching its files (an upload appends, an encoder
        # writes), so only what a killed process abandoned is this old.
        cutoff = time.time() - older_than
        return sweep_dir(self.scratch_dir(), cutoff) + sweep_parts(self.root, cutoff)

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

    def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return None

    def iter_bytes(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        with open(self._path(key), "rb") as f:
            f.seek(start)
            left = None if stop is None else max(0, stop - start)
            while left is None or left > 0:
                chunk = f.read(_READ_CHUNK if left is None else min(_READ_CHUNK, left))
                if not chunk:
                    return
                if left is not None:
                    left -= len(chunk)
                yield chunk

    def download_url(self, key: str, *, filename: str | None, inline: bool) -> str | None:
        return None  # the service serves these files itself

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def sweep_dir(directory: Path, cutoff: float) -> int:
    """Delete the entries of `directory` untouched since `cutoff`; how many went."""
    removed = 0
    for entry in list(directory.iterdir()):
        if _newest_mtime(entry) < cutoff:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_parts(root: Path, cutoff: float) -> int:
    """Delete the partial writes (`.part-*`) under `root` untouched since `cutoff`."""
    removed = 0
    for part in root.rglob(".part-*"):
        if part.is_file() and _newest_mtime(part) < cutoff:
            part.unlink(missing_ok=True)
            removed += 1
    return removed


def check_key(key: str) -> list[str]:
    """The parts of a storage key; a ValueError for an empty one, `..` or a leading `/`."""
    parts = key.split("/")
    if not key or any(p in ("", ".", "..") for p in parts) or key.startswith("/"):
        raise ValueError(f"bad storage key {key!r}")
    return parts


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

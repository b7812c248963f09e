"""Whole-length stereo buffers kept in an unnamed temporary file, so memory stays flat in length.

A soundtrack is mixed, mastered and measured over its whole length before a
single sample is encoded, so its samples must exist somewhere whole: 15 minutes
of stereo float32 are 346 MB. A long buffer is therefore a shared mapping of a
temporary file. Each pass over it works a block at a time and then `release`s
the block: its pages leave the process (their data stays in the file, or the
page cache in front of it), so the peak memory (RSS) is a few blocks, not the
soundtrack. Short buffers stay ordinary arrays, where a file would only cost.

The file has no name (Linux's O_TMPFILE; elsewhere it is unlinked as soon as it
is made): it goes away with the last array that uses it, after a success, an
error, a cancel or a killed process alike, and never shows in an output folder.
It is made in the system's temporary folder (TMPDIR), which should be a disk,
not a RAM disk (tmpfs), for the memory to be saved rather than moved.
"""

from __future__ import annotations

import mmap
import tempfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["SPOOL_FRAMES", "release", "stereo_buffer"]

#: Buffers of this many frames and more go to a file (16 MB of stereo float32, 44 s at 48 kHz).
SPOOL_FRAMES = 1 << 21

Stereo = NDArray[np.float32]


class _Mapping(mmap.mmap):
    """A shared file mapping; dropping its pages loses nothing (the file holds the data)."""

    address: int


def stereo_buffer(frames: int, *, directory: Path | None = None) -> Stereo:
    """A zeroed float32 (frames, 2) array; from SPOOL_FRAMES frames on, backed by a temp file."""
    if frames < SPOOL_FRAMES:
        return np.zeros((frames, 2), np.float32)
    size = frames * 2 * 4
    with tempfile.TemporaryFile(prefix="diapo-audio-", dir=directory) as file:
        file.truncate(size)  # a sparse file: zeros, no disk used until written
        # The mapping keeps its own handle on the file; ours can close at once.
        mapping = _Mapping(file.fileno(), size)
    flat = np.frombuffer(mapping, np.float32)
    mapping.address = int(flat.ctypes.data)
    buffer: Stereo = flat.reshape(frames, 2)
    return buffer


def _mapping(array: NDArray[np.generic]) -> _Mapping | None:
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    return base if isinstance(base, _Mapping) else None


def release(array: NDArray[np.generic], lo: int, hi: int) -> None:
    """Let rows lo..hi of a `stereo_buffer` (or a view of one) leave memory; else do nothing.

    Safe at any time: the rows keep their values and come back from the file
    when next read. The pages at the range's edges go too, rounded outwards.
    """
    mapping = _mapping(array)
    if mapping is None or hi <= lo or array.ndim == 0 or not hasattr(mmap, "MADV_DONTNEED"):
        return  # (Windows has no madvise: the pages then go when the system wants them)
    row = array.strides[0]
    start = int(array.ctypes.data) + lo * row - mapping.address
    end = int(array.ctypes.data) + hi * row - mapping.address
    start = max(0, start - start % mmap.PAGESIZE)
    end = min(len(mapping), end)
    if end > start:
        mapping.madvise(mmap.MADV_DONTNEED, start, end - start)

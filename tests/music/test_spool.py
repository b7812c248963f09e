"""Spooled buffers: long ones live in an unnamed file, keep their values when let go of memory."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from diapo.music import spool
from diapo.music.spool import SPOOL_FRAMES, release, stereo_buffer


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def _open_files_in(folder: Path) -> list[str]:
    links = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # the listing's own handle is gone by now
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.startswith(str(folder))]


def test_a_short_buffer_is_an_ordinary_array() -> None:
    buffer = stereo_buffer(1000)
    assert buffer.shape == (1000, 2) and buffer.dtype == np.float32
    assert buffer.base is None and not buffer.any()


def test_releasing_an_ordinary_array_leaves_it_alone() -> None:
    # What release does to a spooled buffer would wipe an array in plain memory.
    x = np.ones((SPOOL_FRAMES, 2), np.float32)
    release(x, 0, len(x))
    release(x[100:], 0, 5000)
    assert bool(np.all(x == 1.0))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_long_buffer_keeps_its_values_when_its_memory_is_let_go(tmp_path: Path) -> None:
    frames = 4 * SPOOL_FRAMES  # 64 MB
    buffer = stereo_buffer(frames, directory=tmp_path)
    assert buffer.shape == (frames, 2) and buffer.dtype == np.float32 and not buffer[:100].any()
    before = _rss_mb()
    buffer[:, 0] = np.arange(frames, dtype=np.float32)
    buffer[:, 1] = -1.0
    filled = _rss_mb()
    release(buffer[10:], 0, frames - 10)  # through a view, as the mixer's passes do
    released = _rss_mb()
    assert filled - before > 48
    assert filled - released > 48
    assert np.array_equal(buffer[:, 0], np.arange(frames, dtype=np.float32))
    assert bool(np.all(buffer[:, 1] == -1.0))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_spooled_buffer_never_shows_a_file_and_goes_with_its_last_array(
    tmp_path: Path,
) -> None:
    buffer = stereo_buffer(SPOOL_FRAMES, directory=tmp_path)
    view = buffer[5:10]
    buffer[:] = 0.5
    assert list(tmp_path.iterdir()) == []
    assert len(_open_files_in(tmp_path)) == 1  # the mapping's own handle on the file
    del buffer
    gc.collect()
    assert bool(np.all(view == 0.5))  # a view keeps the file alive
    del view
    gc.collect()
    assert _open_files_in(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_the_threshold_is_a_few_seconds_of_sound() -> None:
    # Spooling costs page faults; a short piece (a style sample, a test) stays in memory.
    assert 10 * 48_000 < spool.SPOOL_FRAMES < 60 * 48_000

"""The chunk pool's stall watchdog: a chunk process alive but silent is killed and run again.

A stopped process (SIGSTOP) is the cleanest real hang: alive, holding its
files, never to speak again. Issue 14.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import av
import pytest

from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.errors import RenderError
from diapo.render.chunkpool import run_tasks
from diapo.render.chunks import render_chunked
from diapo.render.plan import make_plan

pytestmark = pytest.mark.timeout(180)  # a guard against a hang, not a speed test


@pytest.fixture(scope="module")
def draft(samples: dict[str, Path]) -> Draft:
    """Ten seconds at 320x180 with music: two chunks and a soundtrack task."""
    photos = [
        MediaRef(id=str(samples[k]), kind="photo", width=640, height=480, name=k)
        for k in ("landscape1", "portrait1", "landscape2")
    ]
    return with_resolution(build_slideshow(photos, seconds_per_photo=3.5, beat_sync=False), 320)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")  # a zombie still answers; /proc says it is dead
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] in ("Z", "X")


def _decoded_frames(path: Path) -> int:
    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(video=0))


def test_a_stopped_chunk_is_killed_and_rendered_again(draft: Draft, tmp_path: Path) -> None:
    starts: list[tuple[int, int]] = []
    retries: list[str] = []

    def stop_chunk_1_once_under_way(index: int, pid: int) -> None:
        starts.append((index, pid))
        if index == 1 and sum(1 for i, _ in starts if i == 1) == 1:
            # A moment after it began: hung mid-chunk, alive, its pipe open.
            threading.Timer(0.1, os.kill, (pid, signal.SIGSTOP)).start()

    result = render_chunked(
        draft,
        tmp_path / "s.mp4",
        jobs=2,
        started=stop_chunk_1_once_under_way,
        stall_seconds=3,
        retried=retries.append,
    )
    frames = make_plan(draft).frames
    assert result.frames == frames and _decoded_frames(result.path) == frames
    assert sorted(i for i, _ in starts) == [0, 1, 1]  # chunk 1 twice, chunk 0 once
    stopped = next(pid for i, pid in starts if i == 1)
    assert _gone(stopped), "the hung process was killed, not left behind"
    assert len(retries) == 1 and retries[0].startswith("chunk 2 of 2 (frames ")
    assert "no progress for" in retries[0] and "started again" in retries[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.mp4"]


def test_a_chunk_that_stalls_twice_fails_the_render_naming_it(draft: Draft, tmp_path: Path) -> None:
    pids: list[int] = []

    def stop_chunk_1(index: int, pid: int) -> None:
        if index == 1:
            pids.append(pid)
            os.kill(pid, signal.SIGSTOP)

    chunk = next(c for c in _chunks(draft) if c[0] == 1)
    with pytest.raises(RenderError) as caught:
        render_chunked(draft, tmp_path / "f.mp4", jobs=2, started=stop_chunk_1, stall_seconds=2)
    message = str(caught.value)
    assert message.startswith(f"Chunk 2 of 2 (frames {chunk[1]}-{chunk[2] - 1}) made no progress")
    assert "second try" in message
    assert int(message.split("no progress for ")[1].split(" s")[0]) >= 2  # how long it was silent
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)
    assert not list(tmp_path.iterdir()), "no partial output, no chunk left behind"


def _chunks(draft: Draft) -> list[tuple[int, int, int]]:
    from diapo.render.chunks import plan_chunks

    return [(c.index, c.start_frame, c.end_frame) for c in plan_chunks(draft, 2)]


def test_a_stall_limit_must_be_a_positive_number() -> None:
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="stall_seconds must be a positive number"):
            run_tasks(_nothing, [1], [1], jobs=1, stall_seconds=bad)


def _nothing(_task: int, _progress: object, _cancel: object) -> None:
    """A task that does nothing (never run: the limit is refused first)."""

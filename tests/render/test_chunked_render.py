"""render_chunked: chunks in worker processes, with progress, cancel and a retry for a dead one."""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import threading
from pathlib import Path

import av
import pytest

from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.errors import CorruptMediaError, RenderCancelled, RenderError
from diapo.render import render
from diapo.render.chunkpool import MEMORY_PER_PROCESS, default_jobs
from diapo.render.chunks import render_chunked
from diapo.render.plan import make_plan

pytestmark = pytest.mark.timeout(180)  # a guard against a hung worker, not a speed test


def _photo(path: Path) -> MediaRef:
    return MediaRef(id=str(path), kind="photo", width=640, height=480, name=path.name)


@pytest.fixture(scope="module")
def draft(samples: dict[str, Path]) -> Draft:
    """Ten seconds at 320x180: two runs of frames, so two chunks."""
    photos = [_photo(samples[k]) for k in ("landscape1", "portrait1", "landscape2")]
    return with_resolution(build_slideshow(photos, seconds_per_photo=3.5, beat_sync=False), 320)


@pytest.fixture(scope="module")
def single_frames(draft: Draft, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _frame_digests(render(draft, tmp_path_factory.mktemp("whole") / "w.mp4").path)


def _frame_digests(path: Path) -> list[str]:
    with av.open(str(path)) as c:
        return [hashlib.sha1(f.to_ndarray().tobytes()).hexdigest() for f in c.decode(video=0)]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers; its state in /proc says it is dead.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] in ("Z", "X")


def test_chunks_in_processes_make_the_single_process_video(
    draft: Draft, single_frames: list[str], tmp_path: Path
) -> None:
    seen: list[float] = []
    workers: list[tuple[int, int]] = []
    stats: list[tuple[int, float, int]] = []
    result = render_chunked(
        draft,
        tmp_path / "c.mp4",
        jobs=2,
        progress=seen.append,
        started=lambda i, pid: workers.append((i, pid)),
        chunk_stats=lambda c, s: stats.append((c.frames, s.seconds, s.peak_rss)),
    )
    assert sorted(i for i, _ in workers) == [0, 1]  # two chunks, one process each
    assert sum(f for f, _, _ in stats) == make_plan(draft).frames
    assert all(seconds > 0 and 50 * 2**20 < peak < 2**30 for _, seconds, peak in stats)
    assert result.frames == make_plan(draft).frames
    assert _frame_digests(result.path) == single_frames
    with av.open(str(result.path)) as c:
        assert c.streams.audio and c.streams.audio[0].codec_context.name == "aac"
    assert seen[-1] == 1.0 and all(a <= b for a, b in itertools.pairwise(seen))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.mp4"]  # no chunk left behind


def test_a_worker_killed_mid_chunk_is_run_again_alone(
    draft: Draft, single_frames: list[str], tmp_path: Path
) -> None:
    starts: list[tuple[int, int]] = []

    def kill_chunk_1_once_under_way(index: int, pid: int) -> None:
        starts.append((index, pid))
        if index == 1 and sum(1 for i, _ in starts if i == 1) == 1:
            # A moment after it began its frames: killed mid-chunk, not before or after it.
            # (Killing at a share of the progress raced with the chunk finishing first.)
            threading.Timer(0.1, os.kill, (pid, signal.SIGKILL)).start()

    result = render_chunked(draft, tmp_path / "k.mp4", jobs=2, started=kill_chunk_1_once_under_way)
    assert sorted(i for i, _ in starts) == [0, 1, 1]  # chunk 1 ran twice, chunk 0 once
    assert _frame_digests(result.path) == single_frames


def test_a_chunk_that_dies_twice_fails_the_render(draft: Draft, tmp_path: Path) -> None:
    def kill_chunk_1(index: int, pid: int) -> None:
        if index == 1:
            os.kill(pid, signal.SIGKILL)

    with pytest.raises(RenderError, match="died twice"):
        render_chunked(draft, tmp_path / "d.mp4", jobs=2, started=kill_chunk_1)
    assert not list(tmp_path.iterdir())


def test_cancel_stops_every_worker_and_leaves_nothing(draft: Draft, tmp_path: Path) -> None:
    pids: list[int] = []
    progress: list[float] = []
    with pytest.raises(RenderCancelled):
        render_chunked(
            draft,
            tmp_path / "x.mp4",
            jobs=2,
            progress=progress.append,
            cancel=lambda: bool(progress) and progress[-1] > 0.1,
            started=lambda _i, pid: pids.append(pid),
        )
    assert len(pids) == 2 and all(_gone(pid) for pid in pids)
    assert not list(tmp_path.iterdir())


def test_a_workers_error_reaches_the_caller_as_itself(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    photos = [_photo(samples[k]) for k in ("landscape1", "portrait1", "landscape2")]
    photos.append(_photo(samples["corrupt"]))
    bad = with_resolution(build_slideshow(photos, seconds_per_photo=3, beat_sync=False), 320)
    with pytest.raises(CorruptMediaError, match=r"corrupt\.jpg"):
        render_chunked(bad, tmp_path / "bad.mp4", jobs=2)
    assert not list(tmp_path.iterdir())


def test_gif_and_a_single_job_render_in_this_process(draft: Draft, tmp_path: Path) -> None:
    workers: list[int] = []
    gif = render_chunked(draft, tmp_path / "a.gif", jobs=4, started=lambda i, _p: workers.append(i))
    one = render_chunked(draft, tmp_path / "a.mp4", jobs=1, started=lambda i, _p: workers.append(i))
    assert workers == [] and gif.format == "gif" and one.frames == make_plan(draft).frames


def test_default_jobs_fit_the_cpus_and_the_memory() -> None:
    jobs = default_jobs()
    assert 1 <= jobs <= len(os.sched_getaffinity(0))
    with open("/proc/meminfo", encoding="ascii") as info:
        free = next(int(x.split()[1]) * 1024 for x in info if x.startswith("MemAvailable:"))
    assert jobs == 1 or jobs * MEMORY_PER_PROCESS <= free

"""Uploads are checked in a pool shared fairly by accounts: no uploader makes everyone wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from diapo.service.ingestpool import FairPool
from diapo.service.testing import LiveServer


def _blocking_job(log: list[str], name: str, gate: threading.Event) -> Callable[[], str]:
    def job() -> str:
        log.append(f"start {name}")
        assert gate.wait(30)
        return name

    return job


def test_accounts_take_turns_and_a_light_job_passes_the_heavy_ones() -> None:
    pool = FairPool(workers=2, heavy_slots=1)
    log: list[str] = []
    gates = {n: threading.Event() for n in ("a1", "a2", "a3", "b1", "c1")}
    try:
        a = [pool.submit("A", _blocking_job(log, n, gates[n]), heavy=True) for n in ("a1", "a2")]
        a.append(pool.submit("A", _blocking_job(log, "a3", gates["a3"]), heavy=True))
        # One heavy job of A runs; the other worker is free, but A's next is heavy too.
        deadline = time.monotonic() + 30
        while log != ["start a1"] and time.monotonic() < deadline:
            time.sleep(0.01)
        assert log == ["start a1"]
        b1 = pool.submit("B", _blocking_job(log, "b1", gates["b1"]))
        assert _started(log, "b1"), log  # B's light job did not wait for A's heavy ones
        c1 = pool.submit("C", _blocking_job(log, "c1", gates["c1"]), heavy=True)
        gates["a1"].set()
        assert a[0].result(30) == "a1"
        # The heavy slot goes round the accounts: A's second (A came first), then C's,
        # and only then A's third; C never waits for all of A's.
        assert _started(log, "a2"), log
        gates["a2"].set()
        assert _started(log, "c1") and "start a3" not in log, log
        for gate in gates.values():
            gate.set()
        assert [f.result(30) for f in (*a, b1, c1)] == ["a1", "a2", "a3", "b1", "c1"]
        assert log == ["start a1", "start b1", "start a2", "start c1", "start a3"]
    finally:
        for gate in gates.values():
            gate.set()
        pool.close()


def test_checks_go_before_analyses_and_a_session_waits_for_its_analyses() -> None:
    import asyncio

    pool = FairPool(workers=1, heavy_slots=1)
    log: list[str] = []
    hold = threading.Event()
    try:
        first = pool.submit("A", _blocking_job(log, "busy", hold))
        assert _started(log, "busy")
        later = pool.submit("A", lambda: log.append("analysis"), priority="analysis", tag="s1")
        check = pool.submit("B", lambda: log.append("check"))
        assert not asyncio.run(pool.settled("s1", timeout=0.05))
        hold.set()
        first.result(30), check.result(30), later.result(30)
        assert log == ["start busy", "check", "analysis"]
        assert asyncio.run(pool.settled("s1", timeout=5))
    finally:
        hold.set()
        pool.close()


def test_a_failing_job_gives_its_error_to_its_caller_only() -> None:
    pool = FairPool(workers=1, heavy_slots=1)
    try:
        bad = pool.submit("A", lambda: 1 / 0)
        good = pool.submit("A", lambda: "fine")
        with pytest.raises(ZeroDivisionError):
            bad.result(30)
        assert good.result(30) == "fine"
    finally:
        pool.close()


def _started(log: list[str], name: str) -> bool:
    deadline = time.monotonic() + 30
    while f"start {name}" not in log and time.monotonic() < deadline:
        time.sleep(0.01)
    return f"start {name}" in log


# -- on a real server -----------------------------------------------------------------


def _big_png(path: Path) -> Path:
    """24 MP of coarse noise: seconds to decode whole, a few MB on disk."""
    rng = np.random.default_rng(7)
    blocks = rng.integers(0, 4, (500, 750, 3), dtype=np.uint8) * 80
    pixels = np.repeat(np.repeat(blocks, 8, axis=0), 8, axis=1)
    Image.fromarray(pixels).save(path, compress_level=1)
    return path


@pytest.mark.slow
def test_a_big_png_uploader_does_not_starve_a_small_jpeg_uploader(
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    tmp_path: Path,
) -> None:
    big = _big_png(tmp_path / "big.png")
    live = server_factory(max_upload_bytes=100_000_000, ingest_heavy_pixels=1_000_000, workers=0)
    hog, small = api_factory(live), api_factory(live)
    hog_session, small_session = hog.session(), small.session()
    finished: list[str] = []
    lock = threading.Lock()

    def hog_upload(i: int) -> None:
        r = hog.upload(hog_session, big, timeout=300)
        assert r.status_code == 200, r.text
        with lock:
            finished.append(f"big{i}")

    hogs = [threading.Thread(target=hog_upload, args=(i,)) for i in range(4)]
    for thread in hogs:
        thread.start()
    time.sleep(1.0)  # the big uploads are sent and queued
    r = small.upload(small_session, sample_media["landscape1"], timeout=300)
    with lock:
        finished.append("small")
        big_before_small = len(finished) - 1
    for thread in hogs:
        thread.join(300)
    assert r.status_code == 200, r.text
    assert sorted(finished) == ["big0", "big1", "big2", "big3", "small"]
    # The small photo is checked beside the big ones, not after all four of them
    # (one decode gate per process answered it last).
    assert big_before_small <= 1, finished


def test_a_waited_for_sessions_analyses_go_before_other_analyses() -> None:
    import asyncio

    pool = FairPool(workers=1, heavy_slots=1)
    log: list[str] = []
    hold = threading.Event()
    try:
        pool.submit("A", _blocking_job(log, "busy", hold))
        assert _started(log, "busy")
        others = [
            pool.submit("B", partial(log.append, f"b{i}"), priority="analysis", tag="sb")
            for i in range(3)
        ]
        mine = pool.submit("C", lambda: log.append("c"), priority="analysis", tag="sc")
        assert not pool.busy()  # analyses waiting do not make a check wait
        pool.submit("D", lambda: log.append("d"))
        assert pool.busy()

        async def wait_mine() -> bool:
            waiter = asyncio.ensure_future(pool.settled("sc", timeout=30))
            await asyncio.sleep(0.05)  # the waiter has hurried C's analysis
            hold.set()
            return await waiter

        assert asyncio.run(wait_mine())
        mine.result(30)
        assert log[:3] == ["start busy", "d", "c"], log
        [f.result(30) for f in others]
        assert log == ["start busy", "d", "c", "b0", "b1", "b2"]
    finally:
        hold.set()
        pool.close()

"""A render survives its server: stopped or killed mid-job, it completes after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from diapo.service.testing import LiveServer


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_job_completes_after_a_restart_mid_render(
    how: str,
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = server_factory(job_lease_seconds=2, reaper_interval_seconds=0.5)
    api = api_factory(live)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    media = api.upload(session_id, *(sample_media[k] for k in names)).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media * 4, seconds=2)).json()["data"]["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        info = api.render(render_id)
        if info["status"] == "rendering" and info["progress"] > 0:
            break
        assert info["status"] in ("queued", "rendering"), info
        time.sleep(0.05)
    else:
        pytest.fail("the render never started")

    live.stop() if how == "stop" else live.kill()
    live.start()

    info = api.wait_render(render_id, timeout=90)
    assert info["status"] == "completed", info
    assert api.balance() == {"available": 99, "frozen": 0, "total": 99}
    assert api.get(info["url"]).status_code == 200


def _children(pid: int) -> list[int]:
    """The server's render worker processes: not the chat turns' forkserver, nor
    multiprocessing's resource tracker, which may be running beside them."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    helpers = (b"forkserver", b"resource_tracker")
    found = []
    for child in (int(p) for p in text.split()):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue  # gone meanwhile
        if not any(h in cmdline for h in helpers):
            found.append(child)
    return found


def test_a_killed_worker_is_replaced_and_its_job_finishes(
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = server_factory(job_lease_seconds=2, reaper_interval_seconds=0.5)
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media * 8, seconds=2)).json()["data"]["id"]
    deadline = time.monotonic() + 60
    while api.render(render_id)["status"] != "rendering" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.pid is not None
    [worker] = _children(live.pid)
    os.kill(worker, signal.SIGKILL)
    info = api.wait_render(render_id, timeout=90)
    assert info["status"] == "completed", info
    assert _children(live.pid) != [worker]
    assert api.balance()["frozen"] == 0


def test_diapo_worker_runs_jobs_for_a_server_without_one(
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = server_factory(workers=0)
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    ids = [api.export(session_id, draft=make_draft(media)).json()["data"]["id"] for _ in range(2)]
    time.sleep(0.5)
    assert {api.render(i)["status"] for i in ids} == {"queued"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIAPO_")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "diapo.service", "worker", "--workers", "2"],
        env={**env, "DIAPO_DATA_DIR": str(live.data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert {api.wait_render(i)["status"] for i in ids} == {"completed"}
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=30)
    assert api.balance() == {"available": 98, "frozen": 0, "total": 98}

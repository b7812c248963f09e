"""A render that hangs while its heartbeat thread runs is noticed, reaped and run again (issue 14).

The hangs are real. A part: one photo's stored file is swapped for a FIFO, so
the part that opens it blocks in open(2), waiting for a writer; once the stall
is seen, the file is put back for the next attempt and the FIFO fed, so that
the stuck thread comes back late and is fenced out. A whole render: the S3
server is stopped (SIGSTOP) while the worker fetches a photo, then let go.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import GifImagePlugin, Image
from sqlalchemy import select, update
from tests.service.s3server import S3Server

from diapo.service.db.chunks import RenderPart
from diapo.service.db.engine import Database
from diapo.service.db.tables import LedgerEntry, Media, Render, utcnow
from diapo.service.testing import InProcessServer, InProcessWorker, LiveServer, LiveWorker

MakeServer = Callable[..., InProcessServer]
pytestmark = pytest.mark.timeout(240)  # a guard against a hang, not a speed test

# Short leases and stall: a test-sized deployment. The stall is seen about
# a lease before the reaper may hand the part on, time to put the file back.
_SETTINGS: dict[str, Any] = {
    "workers": 0,
    "job_lease_seconds": 2,
    "reaper_interval_seconds": 0.2,
    "render_stall_seconds": 3,
}


def _upload(api: Any, sample_media: dict[str, Path]) -> tuple[str, list[Any]]:
    session_id = api.session()
    names = ["landscape1", "portrait1", "landscape2", "landscape3"]
    r = api.upload(session_id, *(sample_media[k] for k in names))
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


class _Fifo:
    """A stored media file swapped for a FIFO: whoever opens it blocks until `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = path.read_bytes()
        path.unlink()
        os.mkfifo(path)

    def restore(self) -> None:
        """Put the real file back where the FIFO was (no one is stuck on it any more)."""
        spare = self.path.with_name(self.path.name + ".back")
        spare.write_bytes(self.data)
        os.replace(spare, self.path)

    def wait_for_reader(self, timeout: float = 120) -> int:
        """Once someone is stuck opening the FIFO: a writing end of it (they stay stuck)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                # Without a reader waiting, a non-blocking open for writing fails (ENXIO).
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
                continue
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
            return fd

    def release(self, fd: int | None = None) -> None:
        """Put the real file back for the next opener and feed the one stuck on the FIFO."""
        # Opened first (a reader is blocked on it, so this does not block), then the
        # real file takes the FIFO's name, then the stuck reader gets the photo.
        fd = self.wait_for_reader() if fd is None else fd
        self.restore()
        threading.Thread(target=self._feed, args=(fd,), daemon=True).start()

    def unblock(self) -> None:
        """Whatever happened, let go anyone still stuck on the FIFO (a test must end)."""
        if stat.S_ISFIFO(self.path.stat().st_mode):
            with contextlib.suppress(OSError):  # no reader: nothing to let go
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            self.restore()

    def _feed(self, fd: int) -> None:
        with contextlib.suppress(OSError):  # the reader may stop reading early
            os.write(fd, self.data)
        os.close(fd)


def _wait_for_the_stall(server: InProcessServer, api: Any, render_id: str) -> None:
    deadline = time.monotonic() + 120
    while "(stalled)" not in server.log():
        info = api.render(render_id)
        assert info["status"] in ("queued", "rendering"), f"it ended, never stalled: {info}"
        assert time.monotonic() < deadline, "never saw the stall"
        time.sleep(0.05)


def _ledger(server: InProcessServer, render_id: str) -> list[tuple[str, int]]:
    with server.state.db.transaction() as db:
        entries = db.scalars(
            select(LedgerEntry).where(LedgerEntry.render_id == render_id).order_by(LedgerEntry.id)
        )
        return [(e.kind, e.amount) for e in entries]


def _stored_path(server: InProcessServer, media_id: str) -> Path:
    with server.state.db.transaction() as db:
        row = db.get(Media, media_id)
        assert row is not None
        return Path(server.state.storage.local_path(row.storage_key))


def _row(server: InProcessServer, render_id: str) -> tuple[Render, dict[int, RenderPart]]:
    with server.state.db.transaction() as db:
        job = db.get(Render, render_id)
        assert job is not None
        parts = db.scalars(select(RenderPart).where(RenderPart.render_id == render_id)).all()
        db.expunge_all()
        return job, {p.part: p for p in parts}


def test_a_hung_part_is_taken_over_by_another_attempt(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(**_SETTINGS)
    api = api_factory(server)
    session_id, media = _upload(api, sample_media)
    # Two chunks (frames 0-239, 240-284); the hanging photo shows in the first only.
    hanging, *others = media
    draft = make_draft([hanging, *others, *others[:2]], seconds=2.0, beat_sync=False)
    fifo = _Fifo(_stored_path(server, hanging["media_id"]))
    data = api.export(session_id, draft=draft).json()["data"]
    render_id, cost = data["id"], data["cost"]
    worker = InProcessWorker(server.state.settings, workers=2)  # two job threads
    worker.start()
    try:
        _wait_for_the_stall(server, api, render_id)
        fifo.release()
        info = api.wait_render(render_id, timeout=120)
        worker.wait_done(render_id, timeout=120)  # the stuck thread too, back and stopped
    finally:
        fifo.unblock()
        worker.stop()
    assert info["status"] == "completed", info
    assert _ledger(server, render_id) == [("freeze", cost), ("charge", cost)], "charged once"
    assert api.balance() == {"available": 100 - cost, "frozen": 0, "total": 100 - cost}
    job, parts = _row(server, render_id)
    assert job.attempts == 1, "the render was not started again, only its part"
    assert parts[0].status == "done" and parts[0].attempts == 2, "run again by another attempt"
    log = server.log()
    assert f"render {render_id} part 0 attempt 1: no progress for" in log
    assert f"render {render_id} part 0: worker {worker.ctx.name} stopped; re-queued" in log
    # The stuck attempt came back (the FIFO fed) after it was reaped: fenced out.
    assert "part 0 attempt 1: back after its stall" in log or (
        f"render {render_id} part 0: stopped (cancelled or taken away)" in log
    )
    assert len(api.get(info["url"]).content) > 1000


def test_a_whole_render_hung_on_its_object_store_is_taken_over(
    service_factory: MakeServer,
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
    s3_server: S3Server,
    tmp_path: Path,
) -> None:
    if os.environ.get("DIAPO_TEST_S3_ENDPOINT"):
        pytest.skip("the store must be a process of this run, to be paused")
    server = service_factory(**_SETTINGS, **s3_server.settings(s3_server.new_bucket()))
    api = api_factory(server)
    session_id, media = _upload(api, sample_media)
    draft = make_draft(media, seconds=1.0, beat_sync=False)
    data = api.export(session_id, draft=draft, output={"format": "gif", "resolution": "360p"})
    render_id, cost = data.json()["data"]["id"], data.json()["data"]["cost"]
    # A worker host of its own: its read cache starts empty, so it fetches the photos.
    settings = server.state.settings.model_copy(update={"storage_cache_dir": tmp_path / "w"})
    worker = InProcessWorker(settings, workers=2)
    try:
        with s3_server.paused():  # the photo's download hangs, unanswered
            worker.start()
            _wait_for_the_stall(server, api, render_id)
        info = api.wait_render(render_id, timeout=120)
        worker.wait_done(render_id, timeout=120)
    finally:
        worker.stop()
    assert info["status"] == "completed", info
    assert _ledger(server, render_id) == [("freeze", cost), ("charge", cost)], "charged once"
    job, parts = _row(server, render_id)
    assert not parts and job.attempts == 2, "the whole render was run again"
    log = server.log()
    assert f"render {render_id} attempt 1: no progress for" in log
    assert f"render {render_id}: worker {worker.ctx.name} stopped; re-queued" in log
    assert f"render {render_id} attempt 1: back after its stall" in log, "and fenced out"
    with Image.open(io.BytesIO(api.get(info["url"]).content)) as gif:
        assert isinstance(gif, GifImagePlugin.GifImageFile)
        assert gif.format == "GIF" and gif.n_frames > 10


def test_a_worker_whose_every_thread_is_stuck_exits_and_its_part_runs_elsewhere(
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    server = server_factory(**_SETTINGS)
    api = api_factory(server)
    session_id, media = _upload(api, sample_media)
    hanging, *others = media
    draft = make_draft([hanging, *others, *others[:2]], seconds=2.0, beat_sync=False)
    stored = next((server.data_dir / "files").glob(f"**/*{hanging['media_id']}*"))
    if stored.is_dir():
        stored = next(p for p in stored.iterdir() if p.name.startswith("original"))
    fifo = _Fifo(stored)
    render_id = api.export(session_id, draft=draft).json()["data"]["id"]
    stuck = LiveWorker(server, name="stuck", workers=1).start()  # one job thread
    try:
        deadline = time.monotonic() + 120
        while stuck.running:
            assert api.render(render_id)["status"] in ("queued", "rendering")
            assert time.monotonic() < deadline, "the stuck worker did not exit"
            time.sleep(0.1)
        fifo.restore()
        with LiveWorker(server, name="fresh", workers=1) as fresh:  # as its supervisor would
            info = api.wait_render(render_id, timeout=120)
    finally:
        stuck.stop()
    assert info["status"] == "completed", info
    assert api.balance() == {
        "available": 100 - info["cost"],
        "frozen": 0,
        "total": 100 - info["cost"],
    }
    assert "part 0 attempt 1: no progress for" in stuck.log()
    assert "every job thread of this worker is stuck in a stalled render; exiting" in stuck.log()
    assert f"render {render_id} part 0: worker" in fresh.log() and "re-queued" in fresh.log()
    db = Database(f"sqlite:///{server.data_dir / 'diapo.db'}")
    try:
        with db.transaction() as session:
            row = session.get(RenderPart, (render_id, 0))
            assert row is not None and row.status == "done" and row.attempts == 2
    finally:
        db.dispose()


def test_a_late_failure_of_a_part_handed_on_does_not_fail_the_render(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    from diapo.service.chunkjob import run_part
    from diapo.service.renderjob import run_render_job

    server = service_factory(**{**_SETTINGS, "render_stall_seconds": 600})
    api = api_factory(server)
    session_id, media = _upload(api, sample_media)
    hanging, *others = media
    draft = make_draft([hanging, *others, *others[:2]], seconds=2.0, beat_sync=False)
    fifo = _Fifo(_stored_path(server, hanging["media_id"]))
    data = api.export(session_id, draft=draft).json()["data"]
    render_id, cost = data["id"], data["cost"]
    worker = InProcessWorker(server.state.settings, workers=1)  # its context; never started
    try:
        run_render_job(render_id, ctx=worker.ctx)  # split: its parts wait on the queue
        stuck = threading.Thread(
            target=run_part, args=(render_id, 0), kwargs={"ctx": worker.ctx}, daemon=True
        )
        stuck.start()
        writer = fifo.wait_for_reader()  # part 0 is claimed and stuck on the photo
        # Its lease lapsed (a busy host) and another worker took the part over.
        with server.state.db.transaction() as db:
            db.execute(
                update(RenderPart)
                .where(RenderPart.render_id == render_id, RenderPart.part == 0)
                .values(attempts=2, worker="other:1", heartbeat_at=utcnow())
            )
        fifo.release(writer)  # the first attempt comes back, and fails (a FIFO is no photo)
        stuck.join(timeout=120)
        assert not stuck.is_alive()
    finally:
        fifo.unblock()
        worker.stop()
    assert "part 0: its failure came too late; ignored" in server.log()
    job, parts = _row(server, render_id)
    assert job.status == "rendering" and parts[0].attempts == 2, "the render is the new try's"
    assert _ledger(server, render_id) == [("freeze", cost)], "nothing settled yet"

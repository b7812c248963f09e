"""Chunked exports on the job queue: parts over worker threads, the chunk cache, retries, cancel."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import av
from sqlalchemy import select, update

from diapo.draft import Draft
from diapo.render import render
from diapo.render.plan import make_plan
from diapo.service.chunkstore import StoredChunkCache
from diapo.service.db.chunks import AUDIO_PART, JOIN_PART, RenderPart
from diapo.service.db.engine import Database
from diapo.service.db.tables import LedgerEntry, Media, Render, utcnow
from diapo.service.renderjob import run_render_job
from diapo.service.storage import LocalStorage
from diapo.service.testing import InProcessServer, InProcessWorker

MakeServer = Callable[..., InProcessServer]


def _photos(api: Any, sample_media: dict[str, Path]) -> tuple[str, list[Any]]:
    session_id = api.session()
    names = ["landscape1", "portrait1", "landscape2", "landscape3"]
    r = api.upload(session_id, *(sample_media[k] for k in names))
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def _frames(data: bytes) -> int:
    with av.open(io.BytesIO(data), "r") as container:
        return sum(1 for _ in container.decode(video=0))


def _video_packets(data: bytes) -> list[bytes]:
    with av.open(io.BytesIO(data), "r") as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def _parts(server: InProcessServer, render_id: str) -> list[RenderPart]:
    with server.state.db.transaction() as db:
        rows = db.scalars(
            select(RenderPart).where(RenderPart.render_id == render_id).order_by(RenderPart.part)
        ).all()
        db.expunge_all()
        return list(rows)


def _ledger(server: InProcessServer, render_id: str) -> list[tuple[str, int]]:
    with server.state.db.transaction() as db:
        return [
            (e.kind, e.amount)
            for e in db.scalars(
                select(LedgerEntry)
                .where(LedgerEntry.render_id == render_id)
                .order_by(LedgerEntry.id)
            )
        ]


def _frames_of_plan(server: InProcessServer, render_id: str) -> int:
    with server.state.db.transaction() as db:
        job = db.get(Render, render_id)
        assert job is not None
        return make_plan(Draft.parse(job.draft)).frames


def _single_process_render(server: InProcessServer, render_id: str, tmp: Path) -> Path:
    """The same draft rendered whole, in this process, as `diapo render` would."""
    with server.state.db.transaction() as db:
        job = db.get(Render, render_id)
        assert job is not None
        draft = Draft.parse(job.draft)
        paths = {
            m.id: server.state.storage.local_path(m.storage_key)
            for m in db.scalars(select(Media).where(Media.session_id == job.session_id))
        }
    return render(draft, tmp / "whole.mp4", resolve=paths.__getitem__).path


def _render_after_a_worker_died_on(server: InProcessServer, render_id: str, part: int) -> None:
    """Split the render, let a worker on another host take `part` and die without a word
    (its lease long run out), then let two worker threads finish what is left."""
    worker = InProcessWorker(server.state.settings, workers=2)
    try:
        run_render_job(render_id, ctx=worker.ctx)  # split; its parts wait on the queue
        with server.state.db.transaction() as db:
            db.execute(
                update(RenderPart)
                .where(RenderPart.render_id == render_id, RenderPart.part == part)
                .values(
                    status="rendering",
                    attempts=1,
                    worker="gone:1",
                    heartbeat_at=utcnow() - timedelta(seconds=30),
                )
            )
        worker.start()
        worker.wait_done(render_id)
    finally:
        worker.stop()


def test_export_runs_as_chunks_on_two_workers_with_the_single_render_frame_count(
    service_factory: MakeServer,
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
    tmp_path: Path,
) -> None:
    server = service_factory(workers=2)
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    draft = make_draft(media * 2, seconds=1.6, music="tarantella", title="Estate", beat_sync=False)
    data = api.export(session_id, draft=draft).json()["data"]
    seen: list[float] = []
    deadline = time.monotonic() + 120
    while (info := api.render(data["id"]))["status"] in ("queued", "rendering"):
        assert time.monotonic() < deadline
        seen.append(info["progress"])
        time.sleep(0.05)
    assert info["status"] == "completed", info
    # The progress is summed over the chunks as they render: it climbs, never back.
    assert seen == sorted(seen) and any(0.0 < f < 0.97 for f in seen), seen
    parts = _parts(server, data["id"])
    chunks = [p for p in parts if p.part >= 0]
    assert len(chunks) >= 2 and all(p.status == "done" for p in parts)
    assert sum(p.end_frame - p.start_frame for p in chunks) == _frames_of_plan(server, data["id"])
    assert info["chunks"] == {"reused": 0, "rendered": len(chunks)}
    assert api.balance() == {
        "available": 100 - info["cost"],
        "frozen": 0,
        "total": 100 - info["cost"],
    }
    video = api.get(info["url"]).content
    whole = _single_process_render(server, data["id"], tmp_path)
    assert _frames(video) == _frames(whole.read_bytes())
    # The chunks start where a whole render restarts its encoder: the same pictures.
    assert _video_packets(video) == _video_packets(whole.read_bytes())
    with av.open(io.BytesIO(video), "r") as container:
        assert container.streams.audio, "the soundtrack was muxed in at the join"


def test_re_export_after_a_title_edit_renders_only_the_chunk_under_the_title(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _photos(api, sample_media)
    first = make_draft(media, seconds=3.5, music="serenata", title="Napoli", beat_sync=False)
    a = api.wait_render(api.export(session_id, draft=first).json()["data"]["id"])
    n = a["chunks"]["rendered"]
    assert a["status"] == "completed" and a["chunks"] == {"reused": 0, "rendered": n} and n >= 2
    second = make_draft(
        media, seconds=3.5, music="serenata", title="Napoli di notte", beat_sync=False
    )
    b = api.wait_render(api.export(session_id, draft=second).json()["data"]["id"])
    assert b["status"] == "completed" and b["chunks"] == {"reused": n - 1, "rendered": 1}
    assert _frames(api.get(b["url"]).content) == _frames(api.get(a["url"]).content)
    # The same draft again: every chunk, and the soundtrack, come from the cache.
    c = api.wait_render(api.export(session_id, draft=second).json()["data"]["id"])
    assert c["chunks"] == {"reused": n, "rendered": 0}
    assert api.get(c["url"]).content[-2000:] == api.get(b["url"]).content[-2000:]


def test_the_cache_evicts_the_least_recently_used_chunks(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.migrate()
    storage = LocalStorage(tmp_path / "files")
    cache = StoredChunkCache(storage=storage, db=db, limit_bytes=3000, keep_recent_seconds=0)

    def put(key: str, size: int) -> None:
        source = storage.scratch_dir() / key
        source.write_bytes(b"c" * size)
        cache.store(key, source)

    for key in ("a.mp4", "b.mp4", "c.mp4"):
        put(key, 1000)
    assert cache.fetch("a.mp4") is not None  # used again: b is now the oldest
    put("d.mp4", 1000)
    assert cache.fetch("b.mp4") is None and not storage.exists("chunks/b.mp4")
    assert all(cache.fetch(k) is not None for k in ("a.mp4", "c.mp4", "d.mp4"))
    assert cache.size_bytes() == 3000
    db.dispose()


def test_recently_used_chunks_are_kept_past_the_limit(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    db.migrate()
    storage = LocalStorage(tmp_path / "files")
    cache = StoredChunkCache(storage=storage, db=db, limit_bytes=1000, keep_recent_seconds=600)
    for key in ("a.mp4", "b.mp4"):
        source = storage.scratch_dir() / key
        source.write_bytes(b"c" * 1000)
        cache.store(key, source)
    # A render in progress may still join both: neither goes yet.
    assert cache.fetch("a.mp4") is not None and cache.fetch("b.mp4") is not None
    db.dispose()


def test_a_chunk_whose_worker_died_is_rendered_again_alone(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(workers=0, job_lease_seconds=1, reaper_interval_seconds=0.2)
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    data = api.export(session_id, draft=make_draft(media * 2, seconds=1.6)).json()["data"]
    _render_after_a_worker_died_on(server, data["id"], part=1)
    info = api.render(data["id"])
    assert info["status"] == "completed", info
    attempts = {p.part: p.attempts for p in _parts(server, data["id"])}
    assert attempts.pop(1) == 2, "the dead worker's chunk was rendered again"
    assert set(attempts.values()) == {1} and {AUDIO_PART, JOIN_PART, 0} <= set(attempts)
    with server.state.db.transaction() as db:
        job = db.get(Render, data["id"])
        assert job is not None and job.attempts == 1, "the render itself was not started again"
    assert _ledger(server, data["id"]) == [("freeze", info["cost"]), ("charge", info["cost"])]
    assert "part 1: worker gone:1 stopped; re-queued" in server.log()


def test_a_chunk_that_fails_fails_the_render_and_releases_the_credits_once(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(workers=0)
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    data = api.export(session_id, draft=make_draft(media, seconds=1.6)).json()["data"]
    worker = InProcessWorker(server.state.settings, workers=2)
    try:
        run_render_job(data["id"], ctx=worker.ctx)
        # The third photo's file is lost after the render was split.
        with server.state.db.transaction() as db:
            lost = db.get(Media, media[2]["media_id"])
            assert lost is not None
            server.state.storage.delete(lost.storage_key)
        worker.start()
        worker.wait_done(data["id"])
    finally:
        worker.stop()
    info = api.render(data["id"])
    assert info["status"] == "failed" and "could not be found" in info["error"], info
    assert info["credit_state"] == "released" and info["url"] is None
    assert _ledger(server, data["id"]) == [("freeze", info["cost"]), ("release", info["cost"])]
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    join = next(p for p in _parts(server, data["id"]) if p.part == JOIN_PART)
    assert join.status == "waiting" and join.attempts == 0, "the join never ran"


def test_cancel_stops_every_chunk(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(workers=2)
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    draft = make_draft(media * 4, seconds=3.0)
    data = api.export(session_id, draft=draft, output={"format": "mp4", "resolution": "720p"})
    render_id = data.json()["data"]["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.status == "rendering" for p in _parts(server, render_id)):
            break
        time.sleep(0.02)
    r = api.delete(f"/api/render/proxy/lambda/{render_id}")
    assert r.json()["data"]["status"] == "cancelled"
    assert server.worker is not None
    server.worker.wait_done(render_id)
    parts = _parts(server, render_id)
    assert [p.attempts for p in parts if p.part == JOIN_PART] == [0], "the join never ran"
    assert sum(p.status == "done" for p in parts) < len(parts), "it stopped before the end"
    info = api.render(render_id)
    assert info["status"] == "cancelled" and info["url"] is None
    assert _ledger(server, render_id) == [("freeze", info["cost"]), ("release", info["cost"])]
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}


def test_a_preview_after_a_one_photo_edit_reuses_the_other_chunks(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _photos(api, sample_media)
    draft = make_draft(media, seconds=3.5, beat_sync=False)
    preview = {"format": "mp4", "resolution": "360p"}
    a = api.export(session_id, draft=draft, output=preview, preview=True).json()["data"]
    n = api.wait_render(a["id"])["chunks"]["rendered"]
    assert n >= 2
    draft["t"][0]["sg"][0]["m"]["kb"] = None  # the first photo without motion
    b = api.export(session_id, draft=draft, output=preview, preview=True).json()["data"]
    info = api.wait_render(b["id"])
    assert info["status"] == "completed" and info["chunks"] == {"reused": n - 1, "rendered": 1}


def test_parts_whose_messages_were_lost_are_queued_again(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(workers=0, job_lease_seconds=1, reaper_interval_seconds=0.2)
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    data = api.export(session_id, draft=make_draft(media, seconds=1.6)).json()["data"]
    worker = InProcessWorker(server.state.settings, workers=2)
    try:
        run_render_job(data["id"], ctx=worker.ctx)
        # The worker that split it died before its parts' messages were kept.
        worker.huey.storage.flush_queue()
        assert worker.huey.pending_count() == 0
        worker.start()
        worker.wait_done(data["id"])
    finally:
        worker.stop()
    info = api.render(data["id"])
    assert info["status"] == "completed", info
    assert "no worker took it; queued again" in server.log()
    assert _ledger(server, data["id"]) == [("freeze", info["cost"]), ("charge", info["cost"])]


def test_a_chunk_that_dies_on_its_last_attempt_fails_the_render_and_releases_credits(
    service_factory: MakeServer, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    server = service_factory(
        workers=0, job_lease_seconds=1, reaper_interval_seconds=0.2, job_max_attempts=1
    )
    api = api_factory(server)
    session_id, media = _photos(api, sample_media)
    data = api.export(session_id, draft=make_draft(media * 2, seconds=1.6)).json()["data"]
    _render_after_a_worker_died_on(server, data["id"], part=0)
    info = api.render(data["id"])
    assert info["status"] == "failed" and "stopped with its worker" in info["error"], info
    assert _ledger(server, data["id"]) == [("freeze", info["cost"]), ("release", info["cost"])]
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}

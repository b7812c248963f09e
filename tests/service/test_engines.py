"""The service on PostgreSQL and Redis: the protocol, the ledger, and workers on several hosts.

The servers are real: PostgreSQL and redis-server from the Debian packages,
started for this module (see `engines.py`); each test gets an empty database
and an empty Redis database. Skipped, with the reason, where they are not
installed (`bash scripts/install-engines.sh`).
"""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import av
import pytest
from sqlalchemy import create_engine, text
from tests.service.conftest import Api
from tests.service.engines import (
    PostgresServer,
    RedisServer,
)

from diapo.service.testing import LiveServer, LiveWorker

ENGINE_SETTINGS: dict[str, Any] = {
    "sse_heartbeat_seconds": 1,
    "job_lease_seconds": 2,
    "reaper_interval_seconds": 0.5,
    "rate_limit_per_minute": 10_000,
    "max_upload_bytes": 1_000_000,
    "render_quality": "preview",
}


class Engines:
    """A test's own PostgreSQL database and Redis queue, its servers and workers."""

    def __init__(self, tmp_path: Path, database_url: str, queue_url: str) -> None:
        self.tmp_path = tmp_path
        self.database_url = database_url
        self.queue_url = queue_url
        self.servers: list[LiveServer] = []
        self.workers: list[LiveWorker] = []
        self.engine = create_engine(database_url)

    def server(self, **settings: Any) -> LiveServer:
        """`diapo serve` (web, and its own worker unless `workers=0`) on these engines."""
        live = LiveServer(
            self.tmp_path / "data",
            settings={
                **ENGINE_SETTINGS,
                "database_url": self.database_url,
                "queue_url": self.queue_url,
                **settings,
            },
        )
        self.servers.append(live)
        return live.start()

    def worker(self, live: LiveServer, name: str) -> LiveWorker:
        """One more `diapo worker` process on the same database and queue."""
        worker = LiveWorker(live, name=name)
        self.workers.append(worker)
        return worker.start()

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def ledger_sums(self) -> dict[str, int]:
        rows = self.rows("SELECT kind, SUM(amount) FROM ledger GROUP BY kind")
        return {kind: int(total) for kind, total in rows}

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for live in self.servers:
            live.stop()
        self.engine.dispose()


@pytest.fixture
def engines(
    tmp_path: Path, postgres: PostgresServer, redis_server: RedisServer
) -> Iterator[Engines]:
    found = Engines(tmp_path, postgres.new_database(), redis_server.new_url())
    try:
        yield found
    finally:
        found.close()


def _chat(api: Any, session_id: str, message: str) -> list[dict[str, Any]]:
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    events = []
    with api.http.stream(
        "POST", "/run_sse", json=body, headers={**api.headers, "Accept": "text/event-stream"}
    ) as stream:
        assert stream.status_code == 200
        for line in stream.iter_lines():
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
    return events


def _wait_status(api: Api, render_id: str, wanted: str, *, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = api.render(render_id)
        if info["status"] == wanted:
            return info
        assert info["status"] in ("queued", "rendering"), info
        time.sleep(0.05)
    raise AssertionError(f"render {render_id} never reached {wanted!r}")


def test_protocol_flow_on_postgres_and_redis(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path]
) -> None:
    live = engines.server()
    api = api_factory(live)
    session_id = api.session(language="it")
    r = api.upload(session_id, sample_media["landscape1"], sample_media["portrait1"])
    assert r.status_code == 200, r.text
    media = r.json()["data"]["media"]

    events = _chat(api, session_id, "crea uno slideshow con musica italiana")
    assert events[0]["type"] == "start" and events[-1]["type"] == "done"
    assert "make_slideshow" in [e["name"] for e in events if e["type"] == "tool_call"]
    state = api.state(session_id).json()["data"]
    assert state["version"] == events[-1]["version"] >= 1
    video = next(t for t in state["draft"]["t"] if t["tt"] == 0)
    assert [s["m"]["src"] for s in video["sg"]] == [m["media_id"] for m in media]

    r = api.export(session_id, output={"format": "mp4", "resolution": "360p"})
    assert r.status_code == 200, r.text
    info = api.wait_render(r.json()["data"]["id"], timeout=60)
    assert info["status"] == "completed", info
    assert api.balance() == {
        "available": 100 - info["cost"],
        "frozen": 0,
        "total": 100 - info["cost"],
    }

    download = api.get(info["url"])
    assert download.status_code == 200 and len(download.content) == info["size_bytes"]
    with av.open(io.BytesIO(download.content), "r") as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (640, 360)
        assert container.streams.audio, "the export has no sound"
        assert sum(1 for _ in container.decode(video=0)) > 0

    # The rows really are in PostgreSQL, with aware times and the worker that rendered.
    [(status, worker, finished)] = engines.rows(
        "SELECT status, worker, finished_at FROM renders WHERE id = :id", id=info["id"]
    )
    assert status == "completed" and worker and finished is not None
    assert engines.ledger_sums() == {"grant": 100, "freeze": info["cost"], "charge": info["cost"]}


def test_concurrent_exports_never_overdraw_on_postgres(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    live = engines.server(workers=0)  # jobs stay queued, so the credits stay frozen
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media * 10, seconds=10)  # ~95 s at 1080p: 10 credits each
    output = {"format": "mp4", "resolution": "1080p"}

    def export(i: int) -> tuple[int, str | None]:
        client = api_factory(live, token=False)
        client.token = api.token
        body = client.export(session_id, id=f"race-{i}", draft=draft, output=output).json()
        return body["code"], (body["data"] or {}).get("id")

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(export, range(32)))

    assert Counter(code for code, _ in results) == {0: 10, 2001: 22}, results
    assert api.balance() == {"available": 0, "frozen": 100, "total": 100}

    accepted = [render_id for code, render_id in results if code == 0]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda rid: api.delete(f"/api/render/proxy/lambda/{rid}"), accepted * 2))
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    assert engines.ledger_sums() == {"grant": 100, "freeze": 100, "release": 100}
    states = engines.rows("SELECT status, credit_state FROM renders")
    assert Counter(map(tuple, states)) == {("cancelled", "released"): 10}


def test_two_worker_hosts_share_the_redis_queue(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    # Whole renders: each one is one job of one host (chunked ones: below).
    live = engines.server(workers=0, render_chunks=False)  # the web process renders nothing
    hosts = [engines.worker(live, "a"), engines.worker(live, "b")]
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media * 2, seconds=1.5)
    ids = [api.export(session_id, draft=draft).json()["data"]["id"] for _ in range(6)]

    infos = [api.wait_render(render_id, timeout=60) for render_id in ids]
    assert [i["status"] for i in infos] == ["completed"] * 6, infos
    assert api.balance() == {"available": 94, "frozen": 0, "total": 94}

    rendered_by = Counter(worker for (worker,) in engines.rows("SELECT worker FROM renders"))
    pids = {f"{name.rsplit(':', 1)[-1]}" for name in rendered_by}
    assert pids == {str(h.pid) for h in hosts}, (rendered_by, [h.log()[-2000:] for h in hosts])
    for host in hosts:
        assert "completed" in host.log()


def test_a_render_queued_twice_is_claimed_by_one_worker(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    import redis

    from diapo.service.jobs import JobQueue
    from diapo.service.settings import load_settings

    live = engines.server(workers=0)
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media * 3)).json()["data"]["id"]
    queue = redis.Redis.from_url(engines.queue_url)
    hosts = []
    try:
        with engines.engine.connect() as conn:
            # Hold the job row so both workers reach their claim at the same time.
            conn.execute(
                text("SELECT id FROM renders WHERE id = :id FOR UPDATE"), {"id": render_id}
            )
            # A second message for the same job, as two racing reapers could send.
            settings = load_settings(data_dir=live.data_dir, queue_url=engines.queue_url)
            JobQueue(settings).enqueue_render(render_id)
            hosts = [engines.worker(live, "a"), engines.worker(live, "b")]
            deadline = time.monotonic() + 10
            while queue.zcard("huey.redis.diapo") and time.monotonic() < deadline:
                time.sleep(0.05)
            assert queue.zcard("huey.redis.diapo") == 0
            time.sleep(0.5)
            conn.rollback()
    finally:
        queue.close()

    info = api.wait_render(render_id, timeout=60)
    assert info["status"] == "completed", info
    [(attempts,)] = engines.rows("SELECT attempts FROM renders WHERE id = :id", id=render_id)
    assert attempts == 1
    assert api.get(info["url"]).status_code == 200
    logs = [h.log() for h in hosts]
    assert sum(log.count(f"render {render_id}: completed") for log in logs) == 1, logs
    assert sum(log.count("not queued any more; skipped") for log in logs) == 1, logs
    assert api.balance()["frozen"] == 0


def test_a_job_whose_worker_host_dies_is_finished_by_the_other(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    live = engines.server(workers=0, render_chunks=False)  # a whole render, retried whole
    hosts = {str(w.pid): w for w in (engines.worker(live, "a"), engines.worker(live, "b"))}
    api = api_factory(live)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    media = api.upload(session_id, *(sample_media[k] for k in names)).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media * 3, seconds=2)).json()["data"]["id"]
    _wait_status(api, render_id, "rendering")
    [(worker,)] = engines.rows("SELECT worker FROM renders WHERE id = :id", id=render_id)
    dead = hosts.pop(worker.rsplit(":", 1)[-1])
    [(survivor_pid, survivor)] = hosts.items()
    dead.kill()

    info = api.wait_render(render_id, timeout=60)
    assert info["status"] == "completed", (info, survivor.log()[-3000:])
    [(worker, attempts)] = engines.rows(
        "SELECT worker, attempts FROM renders WHERE id = :id", id=render_id
    )
    assert worker.endswith(f":{survivor_pid}") and attempts == 2
    assert "re-queued" in survivor.log()
    cost = info["cost"]
    assert api.balance() == {"available": 100 - cost, "frozen": 0, "total": 100 - cost}
    assert engines.ledger_sums() == {"grant": 100, "freeze": cost, "charge": cost}
    assert api.get(info["url"]).status_code == 200


def test_a_chunk_whose_worker_host_dies_is_rendered_again_by_the_other(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    live = engines.server(workers=0)
    hosts = {str(w.pid): w for w in (engines.worker(live, "a"), engines.worker(live, "b"))}
    api = api_factory(live)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    media = api.upload(session_id, *(sample_media[k] for k in names)).json()["data"]["media"]
    draft = make_draft(media * 4, seconds=3, beat_sync=False)
    render_id = api.export(session_id, draft=draft).json()["data"]["id"]
    deadline = time.monotonic() + 60
    while not (
        taken := engines.rows(
            "SELECT part, worker FROM render_parts WHERE render_id = :id AND part >= 0 "
            "AND status = 'rendering'",
            id=render_id,
        )
    ):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    part, worker = taken[0]
    dead = hosts.pop(worker.rsplit(":", 1)[-1])
    [survivor] = hosts.values()
    dead.kill()

    info = api.wait_render(render_id, timeout=90)
    assert info["status"] == "completed", (info, survivor.log()[-3000:])
    attempts = dict(
        engines.rows("SELECT part, attempts FROM render_parts WHERE render_id = :id", id=render_id)
    )
    assert attempts[part] == 2, attempts
    [(render_attempts,)] = engines.rows("SELECT attempts FROM renders WHERE id = :id", id=render_id)
    assert render_attempts == 1, "only the dead host's chunks ran again, not the render"
    assert f"part {part}: worker {worker} stopped; re-queued" in survivor.log()
    cost = info["cost"]
    assert engines.ledger_sums() == {"grant": 100, "freeze": cost, "charge": cost}
    assert api.get(info["url"]).status_code == 200


def test_a_job_is_failed_with_credits_released_when_every_attempt_dies(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    live = engines.server(workers=0, job_max_attempts=1, render_chunks=False)
    doomed = engines.worker(live, "doomed")
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media * 6, seconds=2)).json()["data"]["id"]
    _wait_status(api, render_id, "rendering")
    doomed.kill()
    engines.worker(live, "reaper")  # only reaps: the job has no attempt left
    info = api.wait_render(render_id, timeout=30)
    assert info["status"] == "failed" and "worker" in info["error"], info
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    assert engines.ledger_sums() == {"grant": 100, "freeze": info["cost"], "release": info["cost"]}


def test_plain_postgres_urls_use_psycopg_and_migrate_to_big_sizes(
    postgres: PostgresServer,
) -> None:
    from diapo.service.db.engine import Database

    url = postgres.new_database().replace("postgresql+psycopg://", "postgresql://")
    db = Database(url)
    try:
        assert db.engine.dialect.driver == "psycopg"
        db.migrate()
        db.migrate()  # at head already: nothing to do
        with db.transaction() as session:
            types = session.execute(
                text(
                    "SELECT table_name, data_type FROM information_schema.columns "
                    "WHERE column_name = 'size_bytes' ORDER BY table_name"
                )
            ).all()
            head = session.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        db.dispose()
    assert [tuple(t) for t in types] == [("media", "bigint"), ("renders", "bigint")]
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from diapo.service.db.engine import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head == ScriptDirectory.from_config(config).get_current_head()


def test_on_redis_a_paid_export_starts_before_previews_queued_ahead_of_it(
    engines: Engines, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    live = engines.server(workers=0, previews_per_account=10)
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft, output = make_draft(media), {"format": "mp4", "resolution": "360p"}
    previews = [
        api.export(session_id, draft=draft, output=output, preview=True).json()["data"]["id"]
        for _ in range(3)
    ]
    export = api.export(session_id, draft=draft, output=output).json()["data"]["id"]
    worker = engines.worker(live, "a")
    for render_id in [*previews, export]:
        assert api.wait_render(render_id, timeout=60)["status"] == "completed"
    started = dict(engines.rows("SELECT id, started_at FROM renders"))
    assert started[export] < min(started[p] for p in previews), (started, worker.log()[-2000:])

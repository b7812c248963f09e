"""The deployment topology (`deploy/compose.yaml`) run as processes, and the compose file itself.

This machine runs no containers, so the same topology runs as processes on
loopback (`topology.py`): a web process, two `diapo worker` hosts sharing no
directory, PostgreSQL, Redis and moto's S3 server. An export goes through
it, and a worker killed (SIGKILL) mid-render leaves its job to the reaper and
another worker.
An export is split into chunk tasks: its chunks run on both worker hosts,
and a host killed mid-chunk costs that chunk alone a second attempt.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import pytest
from sqlalchemy import create_engine, text
from tests.service.engines import PostgresServer, RedisServer
from tests.service.s3server import S3Server
from tests.service.topology import Topology

from diapo.service.settings import Settings
from diapo.service.worker import ALIVE_FILE

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@pytest.fixture
def topology(
    tmp_path: Path, postgres: PostgresServer, redis_server: RedisServer, s3_server: S3Server
) -> Iterator[Topology]:
    found = Topology(
        tmp_path,
        database_url=postgres.new_database(),
        queue_url=redis_server.new_url(),
        s3=s3_server,
    )
    try:
        yield found
    finally:
        found.stop()


def _rows(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())
    finally:
        engine.dispose()


def _parts(url: str, render_id: str, status: str | None = None) -> list[Any]:
    sql = "SELECT part, worker, attempts FROM render_parts WHERE render_id = :id AND part >= 0"
    if status is not None:
        sql += f" AND status = '{status}'"
    return _rows(url, sql, id=render_id)


def test_an_export_is_chunked_across_two_worker_hosts_and_survives_one_killed(
    topology: Topology, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    web = topology.start_web()
    topology.start_workers(2)
    database = topology.settings["database_url"]
    api = api_factory(web)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    media = api.upload(session_id, *(sample_media[k] for k in names)).json()["data"]["media"]

    # One export through the deployment, start to end, its chunks on both worker hosts.
    draft = make_draft(media * 4, seconds=2.5, beat_sync=False)  # 30 s: several chunks
    first = api.export(session_id, draft=draft).json()["data"]["id"]
    info = api.wait_render(first, timeout=120)
    assert info["status"] == "completed", (info, [w.log()[-2000:] for w in topology.workers])
    parts = _parts(database, first)
    assert len(parts) >= 3, parts
    hosts = {worker.rsplit(":", 1)[-1] for _, worker, _ in parts}
    assert hosts == {str(w.pid) for w in topology.workers}, parts  # chunked across two hosts
    assert info["chunks"] == {"reused": 0, "rendered": len(parts)}
    download = api.get(info["url"])
    assert download.status_code == 200 and len(download.content) == info["size_bytes"]
    with av.open(io.BytesIO(download.content), "r") as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == round(info["duration_ms"] * 30 / 1000)
    assert f"diapo/renders/{first}/output.mp4" in topology.objects()
    # The web host keeps no file: uploads, chunks and outputs are in the bucket.
    assert not [p for p in (web.data_dir / "files").rglob("*") if p.is_file()]
    for worker in topology.workers:  # what their health check reads
        assert (worker.data_dir / ALIVE_FILE).is_file()
        # Each host fetched the media its chunks show from the bucket into its own cache.
        assert list((worker.data_dir / "cache").rglob("original.*"))

    # Another export; the host rendering one of its chunks dies with SIGKILL.
    second = api.export(session_id, draft=make_draft(media * 4, seconds=2.0, beat_sync=False))
    second_id = second.json()["data"]["id"]
    deadline = time.monotonic() + 60
    while not (taken := _parts(database, second_id, "rendering")):
        assert time.monotonic() < deadline, api.render(second_id)
        time.sleep(0.02)
    part, worker, _ = taken[0]
    doomed = topology.worker_by_pid(worker.rsplit(":", 1)[-1])
    doomed.kill()
    info = api.wait_render(second_id, timeout=120)
    logs = [w.log()[-3000:] for w in topology.workers]
    assert info["status"] == "completed", (info, logs)
    attempts = {p: a for p, _, a in _parts(database, second_id)}
    assert attempts[part] == 2, attempts  # the dead host's chunk, rendered again alone
    [(render_attempts,)] = _rows(
        database, "SELECT attempts FROM renders WHERE id = :id", id=second_id
    )
    assert render_attempts == 1 and doomed.pid is None
    assert any("re-queued" in log for log in logs), logs
    assert api.get(info["url"]).status_code == 200
    total = api.balance()
    spent = info["cost"] + api.render(first)["cost"]
    assert total == {"available": 100 - spent, "frozen": 0, "total": 100 - spent}


# -- deploy/compose.yaml ------------------------------------------------------------------


def _compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def _env_of(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    return {str(k): str(v) for k, v in env.items()}


def test_the_compose_file_runs_web_workers_and_engines_with_health_checks() -> None:
    compose = _compose()
    services = compose["services"]
    assert {"web", "worker", "postgres", "redis", "minio"} <= set(services)
    for name in ("web", "worker", "postgres", "redis", "minio"):
        assert "healthcheck" in services[name], f"{name} has no health check"
        assert services[name]["healthcheck"]["test"], name
    assert services["worker"]["command"][:2] == ["diapo", "worker"]
    assert services["web"]["command"][:2] == ["diapo", "serve"]
    assert services["web"]["build"]["dockerfile"] == "deploy/Dockerfile"
    # The web process waits for healthy engines, the bucket made first.
    depends = services["web"]["depends_on"]
    for engine in ("postgres", "redis", "minio"):
        assert depends[engine]["condition"] == "service_healthy"
    # Scaling workers (`--scale worker=3`) needs no fixed name or port on them.
    assert "container_name" not in services["worker"] and "ports" not in services["worker"]
    # The worker's health check reads the file the worker touches, in the image's data dir.
    assert f"/data/{ALIVE_FILE}" in " ".join(services["worker"]["healthcheck"]["test"])
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "DIAPO_DATA_DIR=/data" in dockerfile
    assert "COPY pyproject.toml" in dockerfile and "pip install '.[scale]'" in dockerfile


def test_every_diapo_setting_in_the_compose_file_is_a_real_setting() -> None:
    compose = _compose()
    known = {f"DIAPO_{name.upper()}" for name in Settings.model_fields}
    seen: set[str] = set()
    for name, service in compose["services"].items():
        for variable in _env_of(service):
            if variable.startswith("DIAPO_"):
                assert variable in known, f"{name}: {variable} is not a setting"
                seen.add(variable)
    assert {
        "DIAPO_DATABASE_URL",
        "DIAPO_QUEUE_URL",
        "DIAPO_STORAGE_URL",
        "DIAPO_S3_ENDPOINT_URL",
        "DIAPO_S3_ADDRESSING_STYLE",
        "DIAPO_SECRET_KEY",
    } <= seen
    # The values it sets are valid (those taken from the host's environment aside).
    web = _env_of(compose["services"]["web"])
    values: dict[str, Any] = {
        k.removeprefix("DIAPO_").lower(): v
        for k, v in web.items()
        if k.startswith("DIAPO_") and "${" not in v
    }
    assert Settings(**values).storage_url == "s3://diapo/files"


def test_the_deploy_readme_explains_every_setting_the_compose_file_sets() -> None:
    compose = _compose()
    readme = (DEPLOY / "README.md").read_text()
    assert "docker compose up --scale worker=3" in readme
    for service in compose["services"].values():
        for variable in _env_of(service):
            if variable.startswith("DIAPO_"):
                assert f"`{variable}`" in readme, f"{variable} is not explained"

"""The deployment topology (`deploy/compose.yaml`) run as processes, and the compose file itself.

This machine runs no containers, so the same topology runs as processes on
loopback (`topology.py`): a web process, two `diapo worker` hosts sharing no
directory, PostgreSQL, Redis and moto's S3 server. An export goes through
it, and a worker killed (SIGKILL) mid-render leaves its job to the reaper and
another worker.
"""

from __future__ import annotations

import io
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


def test_an_export_survives_a_worker_killed_mid_render_on_two_worker_hosts(
    topology: Topology, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    web = topology.start_web()
    topology.start_workers(2)
    database = topology.settings["database_url"]
    api = api_factory(web)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    media = api.upload(session_id, *(sample_media[k] for k in names)).json()["data"]["media"]

    # One export through the deployment, start to end.
    first = api.export(session_id, draft=make_draft(media)).json()["data"]["id"]
    info = api.wait_render(first, timeout=90)
    assert info["status"] == "completed", (info, [w.log()[-2000:] for w in topology.workers])
    download = api.get(info["url"])
    assert download.status_code == 200 and len(download.content) == info["size_bytes"]
    with av.open(io.BytesIO(download.content)) as container:
        assert sum(1 for _ in container.decode(video=0)) > 0
    assert f"diapo/renders/{first}/output.mp4" in topology.objects()
    # The web host keeps no file: uploads and outputs are in the bucket.
    assert not [p for p in (web.data_dir / "files").rglob("*") if p.is_file()]
    [(renderer,)] = _rows(database, "SELECT worker FROM renders WHERE id = :id", id=first)
    host = topology.worker_by_pid(renderer.rsplit(":", 1)[-1])
    for worker in topology.workers:  # what their health check reads
        assert (worker.data_dir / ALIVE_FILE).is_file()
    cached = sorted(p.name for p in (host.data_dir / "cache").rglob("original.*"))
    assert len(cached) == 3, cached  # its media came from the bucket into its own cache

    # A longer export; its worker dies with SIGKILL while it renders.
    second = api.export(session_id, draft=make_draft(media * 2, seconds=1.5)).json()["data"]["id"]
    while (status := api.render(second)["status"]) == "queued":
        pass
    assert status == "rendering"
    [(renderer,)] = _rows(database, "SELECT worker FROM renders WHERE id = :id", id=second)
    doomed = topology.worker_by_pid(renderer.rsplit(":", 1)[-1])
    doomed.kill()

    info = api.wait_render(second, timeout=90)
    logs = [w.log()[-3000:] for w in topology.workers]
    assert info["status"] == "completed", (info, logs)
    [(renderer, attempts)] = _rows(
        database, "SELECT worker, attempts FROM renders WHERE id = :id", id=second
    )
    assert attempts == 2 and doomed.pid is None
    assert renderer.rsplit(":", 1)[-1] in {str(w.pid) for w in topology.workers if w.running}
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
    values = {
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

"""Fixtures for the service tests: the service in process or in subprocesses, and a client.

Most tests run the service in this process (`server`, `service_factory`: an
`InProcessServer`, no sockets, a real SqliteHuey consumer in threads, a clock
they move). Tests about processes (restarts, kills, races between processes,
other engines, memory of the server process) use `server_factory`: real
`diapo serve` subprocesses (`LiveServer`).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.service.engines import (
    INSTALL_HINT,
    PostgresServer,
    RedisServer,
    find_postgres_bindir,
    find_redis_server,
)
from tests.service.s3server import S3Server

from diapo.service.testing import InProcessServer, LiveServer

Server = InProcessServer | LiveServer

TEST_SETTINGS: dict[str, Any] = {
    "sse_heartbeat_seconds": 1,
    "job_lease_seconds": 3,
    "reaper_interval_seconds": 1,
    "url_import_allow_loopback": True,
    "rate_limit_per_minute": 10_000,
    "max_upload_bytes": 1_000_000,
    # The upload answers carry their analyses however loaded the test machine is.
    "ingest_analysis_wait_seconds": 120,
}

ATTRIBUTION = {"X-Skill-Source": "diapo-tests", "X-Skill-Version": "1.0", "X-Skill-Platform": "cli"}


class Api:
    """The protocol, as a client speaks it: one token, its sessions, uploads and exports."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        client_id: str | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        """A client of a server at `base_url`, or on `http` (an in-process server's client)."""
        if http is None:
            if base_url is None:
                raise ValueError("give a base URL or an httpx client")
            http = httpx.Client(base_url=base_url, timeout=60)
        self._owns_http = base_url is not None
        self.http = http
        self.client_id = client_id or str(uuid.uuid4())
        self.token = ""
        self.bind_id = ""

    def close(self) -> None:
        if self._owns_http:  # an in-process server's client is the server's to close
            self.http.close()

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **ATTRIBUTION}

    def new_token(self) -> httpx.Response:
        r = self.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": self.client_id})
        if r.status_code == 200:
            self.token = r.json()["data"]["token"]
            self.bind_id = r.json()["data"]["bind_id"]
        return r

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.post(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.delete(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def session(self, language: str = "en") -> str:
        r = self.post(
            "/api/tasks/me/with-session/nemo_agent",
            json={"task_name": "project", "language": language},
        )
        assert r.status_code == 200, r.text
        session_id: str = r.json()["data"]["session_id"]
        return session_id

    def upload(self, session_id: str, *paths: Path, **kw: Any) -> httpx.Response:
        handles = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed below
        try:
            files = [("files", (p.name, h)) for p, h in zip(paths, handles, strict=True)]
            return self.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files, **kw)
        finally:
            for h in handles:
                h.close()

    def state(self, session_id: str) -> httpx.Response:
        return self.get(f"/api/state/nemo_agent/me/{session_id}/latest")

    def balance(self) -> dict[str, int]:
        r = self.get("/api/credits/balance/simple")
        assert r.status_code == 200, r.text
        data: dict[str, int] = r.json()["data"]
        return data

    def export(self, session_id: str, **body: Any) -> httpx.Response:
        headers = body.pop("headers", {})
        payload = {"session_id": session_id, **body}
        payload.setdefault("output", {"format": "mp4", "resolution": "360p"})
        return self.post("/api/render/proxy/lambda", json=payload, headers=headers)

    def render(self, render_id: str) -> dict[str, Any]:
        r = self.get(f"/api/render/proxy/lambda/{render_id}")
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()["data"]
        return data

    def wait_render(self, render_id: str, *, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            data = self.render(render_id)
            if data["status"] in ("completed", "failed", "cancelled"):
                return data
            time.sleep(0.2)
        raise AssertionError(f"render {render_id} did not finish in {timeout} s")


@pytest.fixture(scope="session")
def sample_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from diapo.samples import write_sample_set

    return write_sample_set(tmp_path_factory.mktemp("samples"), small=True)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """One in-process server for most tests (1 MB upload limit, loopback imports on)."""
    with InProcessServer(tmp_path_factory.mktemp("diapo-service"), settings=TEST_SETTINGS) as srv:
        yield srv


@pytest.fixture
def service_factory(tmp_path: Path) -> Iterator[Callable[..., InProcessServer]]:
    """Start in-process servers with other settings; they stop at the end of the test."""
    servers: list[InProcessServer] = []

    def start(**settings: Any) -> InProcessServer:
        srv = InProcessServer(
            tmp_path / f"service-{len(servers)}", settings={**TEST_SETTINGS, **settings}
        )
        servers.append(srv)
        return srv.start()

    try:
        yield start
    finally:
        for srv in servers:
            srv.stop()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start `diapo serve` subprocesses with other settings; they stop at the end of the test."""
    servers: list[LiveServer] = []

    def start(**settings: Any) -> LiveServer:
        live = LiveServer(
            tmp_path / f"server-{len(servers)}", settings={**TEST_SETTINGS, **settings}
        )
        servers.append(live)
        return live.start()

    try:
        yield start
    finally:
        for live in servers:
            live.stop()


@pytest.fixture
def api_factory() -> Iterator[Callable[..., Api]]:
    """`api_factory(server)`: a client with a fresh anonymous token, in process or live."""
    clients: list[Api] = []

    def make(target: Server, *, token: bool = True) -> Api:
        api = Api(http=target.http) if isinstance(target, InProcessServer) else Api(target.base_url)
        clients.append(api)
        if token:
            r = api.new_token()
            assert r.status_code == 200, r.text
        return api

    try:
        yield make
    finally:
        for api in clients:
            api.close()


@pytest.fixture
def api(server: InProcessServer, api_factory: Callable[..., Api]) -> Api:
    return api_factory(server)


def photo_draft(media: list[dict[str, Any]], *, seconds: float = 1.0, **kw: Any) -> dict[str, Any]:
    """A slideshow draft of uploaded photos, made by the real builder."""
    from diapo.draft import MediaRef, build_slideshow

    refs = [
        MediaRef(id=m["media_id"], kind="photo", width=m["width"], height=m["height"])
        for m in media
    ]
    data: dict[str, Any] = build_slideshow(refs, seconds_per_photo=seconds, **kw).to_dict()
    return data


@pytest.fixture
def make_draft() -> Callable[..., dict[str, Any]]:
    return photo_draft


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[dev]'")
    url = os.environ.get("DIAPO_TEST_POSTGRES_URL")
    if url:
        server = PostgresServer(admin_url=url)
    else:
        bindir = find_postgres_bindir()
        if bindir is None:
            pytest.skip(f"PostgreSQL is not installed: {INSTALL_HINT}")
        server = PostgresServer(bindir=bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    pytest.importorskip("redis", reason="redis (Python) is not installed: pip install -e '.[dev]'")
    url = os.environ.get("DIAPO_TEST_REDIS_URL")
    if url:
        server = RedisServer(url=url)
    else:
        binary = find_redis_server()
        if binary is None:
            pytest.skip(f"redis-server is not installed: {INSTALL_HINT}")
        server = RedisServer(binary=binary)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server on loopback for the whole run (each test takes a bucket of its own)."""
    pytest.importorskip("boto3", reason="boto3 is not installed: pip install -e '.[dev]'")
    endpoint = os.environ.get("DIAPO_TEST_S3_ENDPOINT")
    if not endpoint:
        pytest.importorskip("moto.server", reason="moto is not installed: pip install -e '.[dev]'")
    server = S3Server(endpoint=endpoint).start()
    try:
        yield server
    finally:
        server.stop()


# Every test client connects from 127.0.0.1, so the per-address limit of new
# anonymous tokens would soon refuse the suite's own tokens; it is tested on
# servers of its own (test_hardening.py).
TEST_SETTINGS["anonymous_tokens_per_address"] = 0

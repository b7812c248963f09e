"""Fixtures for the agent tests: a live `diapo serve`, phone photos, MCP clients (stdio, HTTP)."""

from __future__ import annotations

import http.server
import os
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from diapo.service.testing import LiveServer

pytest.importorskip("mcp", reason="the MCP SDK is not installed: pip install -e '.[dev]'")

AGENT_SETTINGS: dict[str, Any] = {
    "sse_heartbeat_seconds": 1,
    "job_lease_seconds": 5,
    "reaper_interval_seconds": 0.2,
    "url_import_allow_loopback": True,
    "rate_limit_per_minute": 10_000,
    # Every test client is a new anonymous client, all from 127.0.0.1.
    "anonymous_tokens_per_address": 0,
    "max_upload_bytes": 5_000_000,
}

ATTRIBUTION = {"X-Skill-Source": "diapo-tests", "X-Skill-Version": "1.0", "X-Skill-Platform": "cli"}

# The photos a phone would give: JPEGs of both orientations, one rotated by EXIF, a HEIC.
PHONE_PHOTOS = ("landscape1", "landscape2", "portrait1", "rotated_exif", "heic")


@pytest.fixture(scope="session")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from diapo.samples import write_sample_set

    return write_sample_set(tmp_path_factory.mktemp("agent-samples"), small=True)


@pytest.fixture(scope="session")
def phone_photos(photos: dict[str, Path]) -> list[Path]:
    return [photos[name] for name in PHONE_PHOTOS]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("agent-server"), settings=AGENT_SETTINGS) as live:
        yield live


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start a server with other settings; it stops at the end of the test."""
    started: list[LiveServer] = []

    def start(**settings: Any) -> LiveServer:
        live = LiveServer(
            tmp_path / f"server-{len(started)}", settings={**AGENT_SETTINGS, **settings}
        )
        started.append(live)
        return live.start()

    try:
        yield start
    finally:
        for live in started:
            live.stop()


def new_token(server: LiveServer) -> dict[str, Any]:
    """A fresh anonymous token's data (token, bind_id, credits...)."""
    r = httpx.post(
        server.base_url + "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())}
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


@pytest.fixture(scope="session")
def file_server(photos: dict[str, Path]) -> Iterator[str]:
    """A loopback HTTP server over the sample photos' folder (for URL imports)."""
    folder = next(iter(photos.values())).parent

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def diapo_command() -> str:
    """The `diapo` console script of this environment."""
    script = Path(sys.executable).parent / "diapo"
    assert script.exists(), f"no diapo script next to {sys.executable}"
    return str(script)


@asynccontextmanager
async def stdio_client(server: LiveServer, store: Path, *args: str) -> AsyncIterator[Any]:
    """`diapo mcp --server URL ARGS...` driven by the official MCP client over stdio."""
    from mcp import Client, StdioServerParameters
    from mcp.client.stdio import get_default_environment

    params = StdioServerParameters(
        command=diapo_command(),
        args=["mcp", "--server", server.base_url, *args],
        # Its own client store: a fresh client id, hence a fresh anonymous token.
        env={
            **get_default_environment(),
            # The code under test, when it is not the installed one (a worktree).
            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"},
            "DIAPO_CLIENT_STORE": str(store),
        },
    )
    async with Client(params, read_timeout_seconds=300) as client:
        yield client


@asynccontextmanager
async def http_client(server: LiveServer, token: str | None) -> AsyncIterator[Any]:
    """The official MCP client over streamable HTTP at the service's /mcp, with a bearer token."""
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=300) as http,
        Client(
            streamable_http_client(server.base_url + "/mcp", http_client=http),
            read_timeout_seconds=300,
        ) as client,
    ):
        yield client

"""Fixtures that start the real Diapo server (web + worker) for end-to-end tests.

`diapo_server` is one server for the whole test session; `diapo_server_factory`
starts servers with other settings (stopped at the end of the test). Both
give a `LiveServer`: `.base_url`, `.data_dir`, `.stop()`, `.start()`,
`.restart()`, `.kill()`, `.log()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.web_helpers import CHROMIUM, LAUNCH_ARGS, chromium_or_reason

from diapo.service.testing import LiveServer

#: Settings that keep tests quick: small heartbeat and lease, loopback URL imports allowed.
TEST_SETTINGS: dict[str, Any] = {
    "sse_heartbeat_seconds": 1,
    "job_lease_seconds": 3,
    "reaper_interval_seconds": 1,
    "url_import_allow_loopback": True,
    "rate_limit_per_minute": 10_000,
    # Every browser and client here connects from 127.0.0.1.
    "anonymous_tokens_per_address": 0,
    # The upload answers carry their analyses (the tray's badges) on a loaded machine too.
    "ingest_analysis_wait_seconds": 120,
}


@pytest.fixture(scope="session")
def diapo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("diapo-e2e"), settings=TEST_SETTINGS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def diapo_server_factory(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    servers: list[LiveServer] = []

    def start(**settings: Any) -> LiveServer:
        server = LiveServer(
            tmp_path / f"server-{len(servers)}", settings={**TEST_SETTINGS, **settings}
        )
        servers.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def sample_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from diapo.samples import write_sample_set

    return write_sample_set(tmp_path_factory.mktemp("samples"), small=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one a test module (skipped without either)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    reason = chromium_or_reason()
    if reason:
        pytest.skip(reason)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()

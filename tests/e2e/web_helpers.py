"""Driving the web page in Debian's Chromium with Playwright: launch, drop files, read state."""

from __future__ import annotations

import base64
import mimetypes
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "CHROMIUM",
    "LAUNCH_ARGS",
    "HeldRequest",
    "api_balance",
    "api_state",
    "chromium_or_reason",
    "drop_files",
    "settle",
    "timeline_ids",
]

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install-browser.sh"

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The preview starts playing after an await, when the click's activation may be gone.
    "--autoplay-policy=no-user-gesture-required",
]

ATTRIBUTION = {"X-Skill-Source": "diapo-tests", "X-Skill-Version": "0", "X-Skill-Platform": "cli"}


def chromium_or_reason() -> str | None:
    """None when Chromium is there (installing it if we may), else why the tests skip."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() == 0 and shutil.which("apt-get") and INSTALL_SCRIPT.exists():
        subprocess.run(["bash", str(INSTALL_SCRIPT)], check=False, timeout=900)
        if CHROMIUM.exists():
            return None
    return f"{CHROMIUM} is missing and could not be installed (run scripts/install-browser.sh)"


def drop_files(page: Any, selector: str, paths: list[Path]) -> None:
    """Dispatch a real drop event carrying `paths` as a DataTransfer, as a person dragging does."""
    files = [
        {
            "name": p.name,
            "type": mimetypes.guess_type(p.name)[0] or "application/octet-stream",
            "data": base64.b64encode(p.read_bytes()).decode(),
        }
        for p in paths
    ]
    transfer = page.evaluate_handle(
        """(files) => {
            const dt = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
                dt.items.add(new File([bytes], f.name, { type: f.type }));
            }
            return dt;
        }""",
        files,
    )
    for kind in ("dragenter", "dragover", "drop"):
        page.dispatch_event(selector, kind, {"dataTransfer": transfer})


class HeldRequest:
    """Hold the page's first `method` request to `pattern` in the browser until `release()`.

    Later requests to the same pattern go through: holding one is how a test makes sure
    something is still on its way, without guessing at timings.
    """

    def __init__(self, page: Any, pattern: str, method: str) -> None:
        self._page = page
        self._pattern = pattern
        self._method = method
        self._held: list[Any] = []
        self.seen = 0  # `method` requests to `pattern` so far, the held one included
        page.route(pattern, self._handle)

    def _handle(self, route: Any) -> None:
        if route.request.method == self._method:
            self.seen += 1
            if not self._held:
                self._held.append(route)
                return
        route.continue_()

    def release(self, timeout_ms: int = 10_000) -> None:
        """Wait until the request is held, let it go on to the server and wait for its answer."""
        # Route handlers run only while Playwright waits, so wait in short steps.
        for _ in range(timeout_ms // 50):
            if self._held:
                break
            self._page.wait_for_timeout(50)
        assert self._held, f"no {self._method} request to {self._pattern} was made"
        self._held[0].continue_()
        self._page.unroute(self._pattern)
        # Whatever the server does with it is done once its answer starts arriving.
        self._held[0].request.response()


def settle(page: Any, timeout: float = 60_000) -> None:
    """Wait until no chat turn is running (every edit goes through one)."""
    page.wait_for_function(
        "() => !document.body.classList.contains('turn-running')", timeout=timeout
    )


def _get(base_url: str, page: Any, path: str) -> dict[str, Any]:
    """A GET with the page's own token; the envelope's `data`."""
    token = page.evaluate("localStorage.getItem('diapo.token')")
    response = httpx.get(
        base_url + path, headers={"Authorization": f"Bearer {token}", **ATTRIBUTION}, timeout=30
    )
    body: dict[str, Any] = response.json()
    assert body["code"] == 0, body
    data: dict[str, Any] = body["data"]
    return data


def api_state(base_url: str, page: Any) -> dict[str, Any]:
    """The session's state as the API gives it, with the page's own token and session."""
    session = page.evaluate("localStorage.getItem('diapo.sessionId')")
    return _get(base_url, page, f"/api/state/nemo_agent/me/{session}/latest")


def api_balance(base_url: str, page: Any) -> dict[str, int]:
    """The page's credits as the API gives them: `available`, `frozen`, `total`."""
    return {k: int(v) for k, v in _get(base_url, page, "/api/credits/balance/simple").items()}


def timeline_ids(state: dict[str, Any]) -> list[str]:
    """Media ids of the main video track, in timeline order."""
    draft = state.get("draft") or {}
    for track in draft.get("t", []):
        if track.get("tt") == 0:
            return [seg["m"]["src"] for seg in track.get("sg", [])]
    return []

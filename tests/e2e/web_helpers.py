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
    "EXPORT_BOUND_MS",
    "EXPORT_TEST_TIMEOUT_S",
    "LAUNCH_ARGS",
    "HeldRequest",
    "LostAnswer",
    "accessibility_violations",
    "api_balance",
    "api_messages",
    "api_renders",
    "api_state",
    "chromium_or_reason",
    "drop_files",
    "long_press_drag",
    "settle",
    "timeline_ids",
]

CHROMIUM = Path("/usr/bin/chromium")

# An export is waited for as the page shows it done, up to a bound for a loaded machine (a
# 1080p export took over 120 s at load 3 beside other work), not a guess at its time; the tests
# that wait for one get a pytest timeout above it.
EXPORT_BOUND_MS = 600_000
EXPORT_TEST_TIMEOUT_S = 900
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

    def wait(self, timeout_ms: int = 10_000) -> None:
        """Wait until the request is made (and held)."""
        # Route handlers run only while Playwright waits, so wait in short steps.
        for _ in range(timeout_ms // 50):
            if self._held:
                break
            self._page.wait_for_timeout(50)
        assert self._held, f"no {self._method} request to {self._pattern} was made"

    def release(self, timeout_ms: int = 10_000) -> None:
        """Wait until the request is held, let it go on to the server and wait for its answer."""
        self.wait(timeout_ms)
        self._held[0].continue_()
        self._page.unroute(self._pattern)
        # Whatever the server does with it is done once its answer starts arriving.
        self._held[0].request.response()


class LostAnswer:
    """Let the page's first `method` request to `pattern` reach the server, then lose its answer.

    The server does all the work; the browser sees the connection drop, as when a phone
    leaves the wifi at the wrong moment. `headers` keeps every such request's headers.
    """

    def __init__(self, page: Any, pattern: str, method: str) -> None:
        self._page = page
        self._method = method
        self.lost = 0
        self.headers: list[dict[str, str]] = []
        page.route(pattern, self._handle)

    def _handle(self, route: Any) -> None:
        if route.request.method != self._method:
            route.continue_()
            return
        self.headers.append(route.request.all_headers())
        if self.lost:
            route.continue_()
            return
        self.lost += 1
        route.fetch()  # the server answers in full...
        route.abort("connectionreset")  # ...and the answer never reaches the page


def long_press_drag(page: Any, source: Any, target: Any, *, hold_ms: int = 700) -> None:
    """Press and hold `source` with a finger, drag it onto `target` and lift (real touch events)."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start and end
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 3
    x1, y1 = end["x"] + end["width"] / 2, end["y"] + end["height"] / 3
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *points: tuple[float, float]) -> None:
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x, "y": y} for x, y in points]},
        )

    touch("touchStart", (x0, y0))
    page.wait_for_timeout(hold_ms)
    for step in range(1, 9):
        touch("touchMove", (x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8))
        page.wait_for_timeout(30)
    touch("touchEnd")
    cdp.detach()


def accessibility_violations(page: Any) -> list[str]:
    """What axe-core (bundled by axe-playwright-python, nothing fetched) finds wrong on the page.

    One line per rule broken, with the elements that break it; empty when all is well.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


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


def api_renders(base_url: str, page: Any) -> list[dict[str, Any]]:
    """Every render of the page's session, previews included, as the API lists them."""
    session = page.evaluate("localStorage.getItem('diapo.sessionId')")
    data: Any = _get(base_url, page, f"/api/render/proxy/lambda?session_id={session}")
    return list(data)


def api_messages(base_url: str, page: Any) -> list[dict[str, Any]]:
    """The project's conversation as the API keeps it, oldest first."""
    session = page.evaluate("localStorage.getItem('diapo.sessionId')")
    data = _get(base_url, page, f"/api/tasks/me/sessions/{session}/messages")
    return list(data["messages"])


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

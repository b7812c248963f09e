"""The web page's figures: first-visit weight, picker-to-thumbnails time, edit-to-preview time.

Run: .venv/bin/python bench/web_bench.py (from the repository root; needs Chromium, see
scripts/install-browser.sh). It starts a real server, opens the page in Chromium at phone
size, picks 10 phone photos (12 MP JPEGs, 4032×3024), makes the video and edits it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright
from tests.e2e.web_helpers import CHROMIUM, LAUNCH_ARGS, settle

from diapo.samples import write_holiday_set
from diapo.service.testing import LiveServer

PHONE = {"width": 390, "height": 844}
SETTINGS = {"anonymous_tokens_per_address": 0, "rate_limit_per_minute": 10_000}


def first_visit(page: Any, base_url: str) -> tuple[int, int]:
    """Bytes of the page and its assets on a first visit: as sent (compressed), and unpacked."""
    sent: list[Any] = []
    page.on(
        "requestfinished",
        lambda r: sent.append(r) if r.url.startswith(base_url) and "/api/" not in r.url else None,
    )
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_load_state("networkidle")
    compressed = sum(r.sizes()["responseBodySize"] for r in sent)
    unpacked = sum(len(r.response().body()) for r in sent)
    return compressed, unpacked


def picker_to_thumbnails(page: Any, photos: list[Path]) -> tuple[float, float]:
    """Seconds from the file picker to every photo drawn from the file, and from the server."""
    started = time.monotonic()
    page.set_input_files("#file-input", [str(p) for p in photos])
    page.wait_for_function(
        f"""() => {{
            const imgs = [...document.querySelectorAll('#uploads .upload img')];
            return imgs.length === {len(photos)} && imgs.every((i) => i.complete && i.naturalWidth);
        }}""",
        timeout=300_000,
    )
    local = time.monotonic() - started
    page.wait_for_function(
        f"""() => {{
            const imgs = [...document.querySelectorAll('#uploads .upload.done img')];
            return imgs.length === {len(photos)} && imgs.every((i) => i.src.includes('/thumbnail')
                && i.complete && i.naturalWidth);
        }}""",
        timeout=600_000,
    )
    return local, time.monotonic() - started


def edit_to_preview(page: Any, command: str) -> float:
    """Seconds from sending an edit to the player showing a preview of the edited draft."""
    sent = page.locator(".message.user").count()
    started = time.monotonic()
    page.fill("#chat-input", command)
    page.press("#chat-input", "Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.message.user').length > {sent}")
    settle(page, timeout=120_000)
    version = page.evaluate("document.body.dataset.version")
    page.wait_for_function(
        f"() => document.getElementById('player').dataset.version === '{version}'",
        timeout=300_000,
    )
    return time.monotonic() - started


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="diapo-web-bench-") as tmp:
        root = Path(tmp)
        photos = write_holiday_set(root / "photos", 10)
        megabytes = sum(p.stat().st_size for p in photos) / 1e6
        server = LiveServer(root / "server", settings=SETTINGS).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
                context = browser.new_context(
                    viewport=PHONE, locale="it-IT", has_touch=True, is_mobile=True
                )
                page = context.new_page()
                compressed, unpacked = first_visit(page, server.base_url)
                print(f"first visit: {compressed / 1024:.1f} KB sent ({unpacked / 1024:.1f} KB)")
                local, served = picker_to_thumbnails(page, photos)
                print(
                    f"10 photos of 12 MP ({megabytes:.1f} MB): pictures from the files in "
                    f"{local:.1f} s, the server's thumbnails in {served:.1f} s"
                )
                page.fill("#chat-input", "crea uno slideshow")
                page.press("#chat-input", "Enter")
                page.wait_for_function("() => document.querySelectorAll('.message.user').length")
                settle(page, timeout=120_000)
                page.wait_for_function(
                    "() => document.getElementById('player').dataset.version", timeout=300_000
                )
                edits = ["ogni foto dura 2 secondi", "metti un titolo: Estate", "musica romantica"]
                times = [edit_to_preview(page, e) for e in edits]
                print(
                    "edit to refreshed preview: "
                    + ", ".join(f"{t:.1f}" for t in times)
                    + f" s (median {statistics.median(times):.1f} s)"
                )
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()

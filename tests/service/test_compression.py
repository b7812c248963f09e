"""gzip for JSON and the page; never for the chat stream or media; cache headers of the assets."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

GZIP = {"Accept-Encoding": "gzip"}


def test_json_answers_and_the_page_are_gzipped(api: Any) -> None:
    for _ in range(5):
        api.session()
    listing = api.get("/api/tasks/me/sessions", headers=GZIP)
    assert listing.status_code == 200
    assert listing.headers["content-encoding"] == "gzip"
    assert len(listing.json()["data"]["sessions"]) >= 5  # httpx decoded it
    openapi = api.http.get("/openapi.json", headers=GZIP)
    assert openapi.headers["content-encoding"] == "gzip"
    assert int(openapi.headers["content-length"]) < len(openapi.content) / 3
    page = api.http.get("/", headers=GZIP)
    assert page.headers["content-encoding"] == "gzip" and "<html" in page.text
    assert page.headers["cache-control"] == "no-cache"
    plain = api.get("/api/tasks/me/sessions", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_assets_named_with_this_release_are_cached_for_good(api: Any) -> None:
    current = version("diapo")
    for asset, kind in (("/web/app.css", "text/css"), ("/web/js/app.js", "javascript")):
        fresh = api.http.get(asset, params={"v": current}, headers=GZIP)
        assert fresh.status_code == 200 and kind in fresh.headers["content-type"]
        assert fresh.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert fresh.headers["content-encoding"] == "gzip"
        for params in ({}, {"v": "0.0.0-old"}):
            checked = api.http.get(asset, params=params)
            assert checked.headers["cache-control"] == "no-cache"


def test_the_chat_stream_is_not_gzipped(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    body = {
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": "make a slideshow"}]},
    }
    headers = {**api.headers, **GZIP, "Accept": "text/event-stream"}
    with api.http.stream("POST", "/run_sse", json=body, headers=headers) as r:
        assert r.status_code == 200
        assert "content-encoding" not in r.headers
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    assert events[0]["type"] == "start" and events[-1]["type"] == "done"


def test_media_and_ranges_are_sent_as_they_are(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    [clip] = api.upload(session_id, sample_media["clip"]).json()["data"]["media"]
    original = sample_media["clip"].read_bytes()
    whole = api.http.get(clip["url"], headers=GZIP)
    assert whole.status_code == 200 and "content-encoding" not in whole.headers
    assert whole.content == original
    part = api.http.get(clip["url"], headers={**GZIP, "Range": "bytes=100-1099"})
    assert part.status_code == 206 and "content-encoding" not in part.headers
    assert part.content == original[100:1100]
    assert part.headers["content-range"] == f"bytes 100-1099/{len(original)}"
    thumb = api.http.get(clip["thumbnail_url"], headers=GZIP)
    assert thumb.status_code == 200 and "content-encoding" not in thumb.headers

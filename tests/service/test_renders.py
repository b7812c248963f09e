"""Exports: queue, progress, completion, download with ranges, idempotency, cancel, ownership."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av

from diapo.service.testing import InProcessServer


def _session_with_photos(
    api: Any, sample_media: dict[str, Path], n: int = 2
) -> tuple[str, list[Any]]:
    session_id = api.session()
    names = ["landscape1", "portrait1", "landscape2", "landscape3"][:n]
    r = api.upload(session_id, *(sample_media[k] for k in names))
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def test_export_renders_charges_and_downloads_with_ranges(
    api: Any,
    api_factory: Any,
    server: InProcessServer,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    session_id, media = _session_with_photos(api, sample_media)
    r = api.export(session_id, id="my-render-1", draft=make_draft(media, music="tarantella"))
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["id"] == "my-render-1" and data["status"] in ("queued", "rendering")
    assert data["cost"] == 1
    assert api.balance() == {"available": 99, "frozen": 1, "total": 100}

    seen = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        info = api.render("my-render-1")
        seen.add(info["status"])
        assert 0.0 <= info["progress"] <= 1.0
        if info["status"] == "completed":
            break
        time.sleep(0.05)
    assert info["status"] == "completed" and info["progress"] == 1.0, info
    assert "rendering" in seen or "queued" in seen
    assert (info["width"], info["height"]) == (640, 360)
    assert api.balance() == {"available": 99, "frozen": 0, "total": 99}

    whole = api.get(info["url"])
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert len(whole.content) == info["size_bytes"]
    part = api.get(info["url"], headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.content == whole.content[100:1100]
    assert part.headers["content-range"] == f"bytes 100-1099/{info['size_bytes']}"

    with av.open(io.BytesIO(whole.content)) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (640, 360)
        assert container.streams.audio, "the music is in the file"

    # The signed URL works without a token; a changed signature or another token does not.
    anonymous = server.http  # no token
    assert anonymous.get(info["url"]).status_code == 200
    assert anonymous.get(info["url"].replace("sig=", "sig=0")).status_code == 404
    plain = info["url"].split("?")[0]
    other = api_factory(server)
    assert other.get(plain).json()["code"] == 1002
    assert other.get("/api/render/proxy/lambda/my-render-1").json()["code"] == 1002
    assert api.get(plain).status_code == 200

    listed = api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"]
    assert [x["id"] for x in listed] == ["my-render-1"]


def test_same_idempotency_key_or_render_id_charges_once(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session_with_photos(api, sample_media, 1)
    draft = make_draft(media)
    key = {"Idempotency-Key": "export-once"}
    first = api.export(session_id, draft=draft, headers=key).json()["data"]
    again = api.export(session_id, draft=draft, headers=key).json()["data"]
    assert again["id"] == first["id"]
    by_id = [api.export(session_id, id="fixed-id", draft=draft).json()["data"] for _ in range(2)]
    assert by_id[0]["id"] == by_id[1]["id"] == "fixed-id"
    for render_id in (first["id"], "fixed-id"):
        assert api.wait_render(render_id)["status"] == "completed"
    assert api.balance() == {"available": 98, "frozen": 0, "total": 98}
    listed = api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"]
    assert len(listed) == 2


def test_cancel_releases_the_frozen_credits(
    service_factory: Callable[..., InProcessServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = service_factory(workers=0)  # nothing picks the job up: it stays queued
    api = api_factory(live)
    session_id, media = _session_with_photos(api, sample_media, 1)
    data = api.export(session_id, draft=make_draft(media, seconds=25)).json()["data"]
    assert data["cost"] == 2 and api.balance() == {"available": 98, "frozen": 2, "total": 100}
    r = api.delete(f"/api/render/proxy/lambda/{data['id']}")
    assert r.status_code == 200 and r.json()["data"]["status"] == "cancelled"
    assert r.json()["data"]["credit_state"] == "released"
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    # Cancelling twice changes nothing.
    assert (
        api.delete(f"/api/render/proxy/lambda/{data['id']}").json()["data"]["status"] == "cancelled"
    )
    assert api.balance()["available"] == 100


def test_cancel_stops_a_running_render(
    api: Any, server: InProcessServer, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session_with_photos(api, sample_media, 4)
    data = api.export(session_id, draft=make_draft(media * 5, seconds=3)).json()["data"]
    deadline = time.monotonic() + 60
    while api.render(data["id"])["status"] == "queued" and time.monotonic() < deadline:
        time.sleep(0.05)
    api.delete(f"/api/render/proxy/lambda/{data['id']}")
    assert api.render(data["id"])["status"] == "cancelled"
    assert server.worker is not None
    server.worker.wait_done(data["id"])  # it noticed at a heartbeat and stopped
    info = api.render(data["id"])
    assert info["status"] == "cancelled" and info["url"] is None
    assert api.balance()["frozen"] == 0 and api.balance()["available"] == 100


def test_export_of_the_latest_draft_needs_one(api: Any) -> None:
    r = api.export(api.session())
    assert r.status_code == 422 and r.json()["data"]["errors"][0]["loc"] == "draft"


def test_still_and_audio_outputs(api: Any, sample_media: dict[str, Path], make_draft: Any) -> None:
    session_id, media = _session_with_photos(api, sample_media, 1)
    draft = make_draft(media, music="tarantella")
    jpg = api.export(session_id, draft=draft, output={"format": "jpg", "resolution": "360p"})
    mp3 = api.export(session_id, draft=draft, output={"format": "mp3", "resolution": "360p"})
    for r, mime in ((jpg, "image/jpeg"), (mp3, "audio/mpeg")):
        info = api.wait_render(r.json()["data"]["id"])
        assert info["status"] == "completed", info
        got = api.get(info["url"])
        assert got.status_code == 200 and got.headers["content-type"] == mime

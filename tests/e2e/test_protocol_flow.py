"""The whole protocol as a client walks it, against the real server and worker."""

from __future__ import annotations

import io
import json
import time
import uuid
from pathlib import Path
from typing import Any

import av
import httpx

from diapo.service.testing import LiveServer

ATTRIBUTION = {"X-Skill-Source": "e2e", "X-Skill-Version": "1.0", "X-Skill-Platform": "cli"}


def read_events(response: httpx.Response) -> tuple[list[dict[str, Any]], int]:
    """The `data:` events of an SSE stream, and how many comment lines (heartbeats) came."""
    events, comments = [], 0
    for line in response.iter_lines():
        if line.startswith("data: "):
            events.append(json.loads(line[6:]))
        elif line.startswith(":"):
            comments += 1
    return events, comments


def test_token_session_upload_chat_state_export_download(
    diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    with httpx.Client(base_url=diapo_server.base_url, timeout=60) as http:
        # 1. Anonymous token
        r = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
        assert r.status_code == 200 and r.json()["code"] == 0
        token = r.json()["data"]["token"]
        assert r.json()["data"]["credits"] == 100
        auth = {"Authorization": f"Bearer {token}", **ATTRIBUTION}

        # 2. Session, in Italian
        r = http.post(
            "/api/tasks/me/with-session/nemo_agent",
            json={"task_name": "project", "language": "it"},
            headers=auth,
        )
        session_id = r.json()["data"]["session_id"]
        assert r.json()["data"]["bind_id"]

        # 3. Upload photos
        names = ("landscape1", "portrait1", "landscape2")
        handles = [open(sample_media[n], "rb") for n in names]  # noqa: SIM115
        try:
            r = http.post(
                f"/api/upload-video/nemo_agent/me/{session_id}",
                files=[("files", (h.name.rsplit("/", 1)[-1], h)) for h in handles],
                headers=auth,
            )
        finally:
            for h in handles:
                h.close()
        assert r.status_code == 200, r.text
        media = r.json()["data"]["media"]
        assert [m["kind"] for m in media] == ["image"] * 3
        assert all(m["thumbnail_url"] for m in media)

        # 4. Chat over SSE
        with http.stream(
            "POST",
            "/run_sse",
            json={
                "session_id": session_id,
                "new_message": {
                    "role": "user",
                    "parts": [{"text": "crea uno slideshow con musica italiana"}],
                },
            },
            headers={**auth, "Accept": "text/event-stream"},
        ) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            events, _ = read_events(stream)
        types = [e["type"] for e in events]
        assert types[0] == "start" and types[-1] == "done"
        assert "tool_call" in types and "tool_result" in types and "state" in types
        calls = [e["name"] for e in events if e["type"] == "tool_call"]
        assert "make_slideshow" in calls
        assert all(e["ok"] for e in events if e["type"] == "tool_result")
        reply = next(e["text"] for e in events if e["type"] == "text")
        assert reply  # Italian, from the interpreter

        # 5. State
        r = http.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers=auth)
        state = r.json()["data"]
        assert state["version"] == events[-1]["version"] >= 1
        draft = state["draft"]
        video = next(t for t in draft["t"] if t["tt"] == 0)
        # Every photo has a capture date: the slideshow follows them (the CLI's rule).
        by_date = sorted(media, key=lambda m: m["taken_at"])
        assert [s["m"]["src"] for s in video["sg"]] == [m["media_id"] for m in by_date]
        music = next(t for t in draft["t"] if t["tt"] == 1)
        assert music["sg"][0]["m"]["src"].startswith("music:")
        assert len(state["media"]) == 3

        # 6. Export the latest draft at 360p
        r = http.post(
            "/api/render/proxy/lambda",
            json={"session_id": session_id, "output": {"format": "mp4", "resolution": "360p"}},
            headers=auth,
        )
        assert r.status_code == 200, r.text
        render_id = r.json()["data"]["id"]
        balance = http.get("/api/credits/balance/simple", headers=auth).json()["data"]
        assert balance["frozen"] >= 1 and balance["total"] == 100

        # 7. Poll
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            info = http.get(f"/api/render/proxy/lambda/{render_id}", headers=auth).json()["data"]
            if info["status"] not in ("queued", "rendering"):
                break
            time.sleep(0.25)
        assert info["status"] == "completed", info
        balance = http.get("/api/credits/balance/simple", headers=auth).json()["data"]
        assert balance["frozen"] == 0 and balance["total"] == 100 - info["cost"]

        # 8. Download, whole and by range
        whole = http.get(info["url"], headers=auth)
        assert whole.status_code == 200
        head = http.get(info["url"], headers={**auth, "Range": "bytes=0-1023"})
        assert head.status_code == 206 and head.content == whole.content[:1024]

    # 9. The file is a real H.264 + AAC video of the right size with sound
    with av.open(io.BytesIO(whole.content), "r") as container:
        video_stream = container.streams.video[0]
        assert video_stream.codec_context.name == "h264"
        assert (video_stream.codec_context.width, video_stream.codec_context.height) == (640, 360)
        assert container.streams.audio and container.streams.audio[0].codec_context.name == "aac"
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= 30 * 3

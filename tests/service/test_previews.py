"""Free previews for a player, and changing a session's reply language."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av

from diapo.service.testing import InProcessServer


def _session_with_photos(api: Any, sample_media: dict[str, Path], language: str = "en") -> str:
    session_id: str = api.session(language)
    r = api.upload(session_id, sample_media["landscape1"], sample_media["landscape2"])
    assert r.status_code == 200, r.text
    return session_id


def _chat(api: Any, session_id: str, message: str) -> str:
    """The assistant's text reply to one message."""
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    with api.http.stream(
        "POST", "/run_sse", json=body, headers={**api.headers, "Accept": "text/event-stream"}
    ) as r:
        assert r.status_code == 200, r.read()
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    return " ".join(e["text"] for e in events if e["type"] == "text")


def test_preview_is_free_quick_and_plays_as_h264(
    api: Any, server: InProcessServer, sample_media: dict[str, Path]
) -> None:
    session_id = _session_with_photos(api, sample_media)
    _chat(api, session_id, "make a slideshow with music")
    before = api.balance()

    r = api.export(session_id, output={"format": "mp4", "resolution": "360p"}, preview=True)
    assert r.status_code == 200, r.text
    submitted = r.json()["data"]
    assert submitted["cost"] == 0 and submitted["preview"] is True
    assert api.balance() == before  # nothing frozen either

    info = api.wait_render(submitted["id"])
    assert info["status"] == "completed", info
    assert info["preview"] is True and info["cost"] == 0
    assert (info["width"], info["height"]) == (640, 360)
    assert api.balance() == before
    assert f"render {info['id']}: attempt 1, mp4, preview quality" in server.log()

    with av.open(io.BytesIO(api.get(info["url"]).content), "r") as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (640, 360)
        assert next(container.decode(video=0)).width == 640

    listed = api.get("/api/render/proxy/lambda", params={"session_id": session_id}).json()["data"]
    assert [(x["id"], x["preview"]) for x in listed] == [(info["id"], True)]


def test_preview_is_only_a_small_mp4(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = _session_with_photos(api, sample_media)
    _chat(api, session_id, "make a slideshow")
    before = api.balance()
    for output, loc in (
        ({"format": "mp4", "resolution": "1080p"}, "output.resolution"),
        ({"format": "mp4", "resolution": "720p"}, "output.resolution"),
        ({"format": "gif", "resolution": "360p"}, "output.format"),
    ):
        r = api.export(session_id, output=output, preview=True)
        assert r.status_code == 422, r.text
        body = r.json()
        assert body["code"] == 422
        assert "preview" in body["message"] and "360p or 480p" in body["message"]
        assert [e["loc"] for e in body["data"]["errors"]] == [loc]
    r = api.export(session_id, output={"format": "mp4", "resolution": "480p"}, preview=True)
    assert r.status_code == 200 and r.json()["data"]["cost"] == 0
    assert api.wait_render(r.json()["data"]["id"])["height"] == 480
    assert api.balance() == before


def test_preview_still_needs_attribution_and_a_token(
    api: Any,
    api_factory: Callable[..., Any],
    server: InProcessServer,
    sample_media: dict[str, Path],
) -> None:
    session_id = _session_with_photos(api, sample_media)
    _chat(api, session_id, "make a slideshow")
    bare = {"Authorization": f"Bearer {api.token}"}
    r = api.http.post(
        "/api/render/proxy/lambda",
        json={"session_id": session_id, "preview": True, "output": {"resolution": "360p"}},
        headers=bare,
    )
    assert r.status_code == 402 and r.json()["code"] == 402
    anonymous = api_factory(server, token=False)
    r = anonymous.http.post(
        "/api/render/proxy/lambda", json={"session_id": session_id, "preview": True}
    )
    assert r.status_code == 401 and r.json()["code"] == 1001


def test_an_export_still_charges(
    api: Any, server: InProcessServer, sample_media: dict[str, Path]
) -> None:
    session_id = _session_with_photos(api, sample_media)
    _chat(api, session_id, "make a slideshow")
    r = api.export(session_id, output={"format": "mp4", "resolution": "360p"})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["preview"] is False and data["cost"] >= 1
    info = api.wait_render(data["id"])
    assert info["status"] == "completed" and info["credit_state"] == "charged"
    assert f"render {info['id']}: attempt 1, mp4, standard quality" in server.log()
    assert api.balance() == {
        "available": 100 - data["cost"],
        "frozen": 0,
        "total": 100 - data["cost"],
    }


def test_reply_language_follows_the_session_setting(
    api: Any,
    api_factory: Callable[..., Any],
    server: InProcessServer,
    sample_media: dict[str, Path],
) -> None:
    session_id = _session_with_photos(api, sample_media, language="it")
    _chat(api, session_id, "crea uno slideshow")
    assert _chat(api, session_id, "annulla") == "Annullo l'ultima modifica."

    r = api.http.patch(
        f"/api/tasks/me/sessions/{session_id}", json={"language": "en"}, headers=api.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["code"] == 0 and r.json()["data"]["language"] == "en"
    assert r.json()["data"]["session_id"] == session_id
    assert _chat(api, session_id, "redo").startswith("Redoing the edit.")

    r = api.http.patch(
        f"/api/tasks/me/sessions/{session_id}", json={"language": "zh"}, headers=api.headers
    )
    assert r.json()["data"]["language"] == "zh"
    # A message in no language of its own is answered in the session's (issue 19: the
    # language the person wrote in first, else the session's).
    assert _chat(api, session_id, "9:16").startswith("已完成")
    assert _chat(api, session_id, "撤销").startswith("撤销上一步修改。")
    assert _chat(api, session_id, "undo").startswith("Undoing the last edit.")

    bad = api.http.patch(
        f"/api/tasks/me/sessions/{session_id}", json={"language": "fr"}, headers=api.headers
    )
    assert bad.status_code == 422 and bad.json()["code"] == 422
    assert bad.json()["data"]["errors"][0]["loc"].endswith("language")

    other = api_factory(server)
    foreign = other.http.patch(
        f"/api/tasks/me/sessions/{session_id}", json={"language": "it"}, headers=other.headers
    )
    assert foreign.status_code == 404 and foreign.json()["code"] == 1002
    unknown = api.http.patch(
        "/api/tasks/me/sessions/no-such-session", json={"language": "it"}, headers=api.headers
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == 1002
    assert _chat(api, session_id, "重做").startswith("重做修改。")  # unchanged by the refusals

"""Platform presets through the API: `output.preset` on an export and on its price."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import av

from diapo.draft import Draft


def _session(api: Any, sample_media: dict[str, Path]) -> tuple[str, list[Any]]:
    session_id = api.session()
    r = api.upload(session_id, sample_media["landscape1"], sample_media["portrait1"])
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def _price(api: Any, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post("/api/render/price", json=body)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()["data"]
    return data


def test_price_with_a_preset_uses_its_resolution_and_warns_when_too_long(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session(api, sample_media)
    body = {"session_id": session_id, "draft": make_draft(media, seconds=40.0)}
    whatsapp = _price(api, {**body, "output": {"resolution": "1080p", "preset": "whatsapp"}})
    plain_720 = _price(api, {**body, "output": {"resolution": "720p"}})
    assert (whatsapp["preset"], whatsapp["resolution"]) == ("whatsapp", "720p")
    assert whatsapp["cost"] == plain_720["cost"]
    assert whatsapp["warnings"] == []  # about 80 s: WhatsApp's 180 s are not passed
    stories = _price(api, {**body, "output": {"preset": "instagram-stories"}})
    assert stories["resolution"] == "1080p"
    assert len(stories["warnings"]) == 1 and "at most 60 s" in stories["warnings"][0]
    plain = _price(api, {**body, "output": {"resolution": "1080p"}})
    assert (plain["preset"], plain["warnings"]) == (None, [])


def test_an_unknown_preset_is_a_clear_422(api: Any, sample_media: dict[str, Path]) -> None:
    session_id, _media = _session(api, sample_media)
    r = api.export(session_id, output={"format": "mp4", "preset": "myspace"})
    assert r.status_code == 422
    assert "output.preset" in r.text


def test_an_export_for_whatsapp_renders_its_frame_under_its_peak(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session(api, sample_media)
    r = api.export(
        session_id,
        draft=make_draft(media, seconds=1.0),
        output={"format": "mp4", "resolution": "360p", "preset": "whatsapp"},
    )
    assert r.status_code == 200, r.text
    info = api.wait_render(r.json()["data"]["id"])
    assert info["status"] == "completed", info
    assert (info["width"], info["height"], info["resolution"]) == (360, 640, "360p")
    body = api.get(info["url"]).content
    assert info["size_bytes"] == len(body) < 16_000_000
    settings = re.search(rb"options: ([^\x00]*)", body)
    assert settings is not None and b"vbv_maxrate=4000" in settings.group(1)


def test_a_draft_that_records_a_preset_keeps_it_through_export(
    api: Any, sample_media: dict[str, Path], make_draft: Any, tmp_path: Path
) -> None:
    from diapo.draft.ops import SetPreset

    session_id, media = _session(api, sample_media)
    draft = SetPreset(preset="instagram-feed").apply(
        Draft.parse(make_draft(media, seconds=1.0)), []
    )
    r = api.export(session_id, draft=draft.to_dict(), output={"resolution": "360p"})
    assert r.status_code == 200, r.text
    info = api.wait_render(r.json()["data"]["id"])
    assert info["status"] == "completed", info
    out = tmp_path / "feed.mp4"
    out.write_bytes(api.get(info["url"]).content)
    with av.open(str(out)) as c:
        v = c.streams.video[0].codec_context
        assert (v.width, v.height) == (360, 450)  # 4:5 at 360p

"""The default slideshow's order: capture time when most photos have one, else picked order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _upload(api: Any, session_id: str, paths: list[Path], positions: list[Any] | None) -> Any:
    handles = [p.open("rb") for p in paths]
    try:
        files = [("files", (p.name, h)) for p, h in zip(paths, handles, strict=True)]
        data = {"position": [str(x) for x in positions]} if positions is not None else None
        return api.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files, data=data)
    finally:
        for h in handles:
            h.close()


def _slideshow_names(api: Any, session_id: str) -> list[str]:
    body = {
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": "make a slideshow"}]},
    }
    with api.http.stream("POST", "/run_sse", json=body, headers=api.headers) as r:
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    assert any(e["type"] == "state" for e in events), events
    state = api.state(session_id).json()["data"]
    names = {m["media_id"]: m["name"] for m in state["media"]}
    return [names[seg["m"]["src"]] for seg in state["draft"]["t"][0]["sg"]]


def test_undated_photos_follow_the_picked_order(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    paths = [sample_media["tiny"], sample_media["panorama"], sample_media["png_alpha"]]
    r = _upload(api, session_id, paths, [2, 0, 1])
    assert r.status_code == 200, r.text
    assert _slideshow_names(api, session_id) == ["panorama.jpg", "png_alpha.png", "tiny.jpg"]


def test_batches_keep_their_upload_order_and_their_own_picks(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session()
    first = [sample_media["tiny"], sample_media["panorama"]]
    second = [sample_media["png_alpha"], sample_media["webp"]]
    assert _upload(api, session_id, first, [1, 0]).status_code == 200
    assert _upload(api, session_id, second, [1, 0]).status_code == 200
    assert _slideshow_names(api, session_id) == [
        "panorama.jpg",
        "tiny.jpg",
        "webp.webp",
        "png_alpha.png",
    ]


def test_without_positions_the_upload_order_holds(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    paths = [sample_media["png_alpha"], sample_media["tiny"], sample_media["panorama"]]
    assert _upload(api, session_id, paths, None).status_code == 200
    assert _slideshow_names(api, session_id) == ["png_alpha.png", "tiny.jpg", "panorama.jpg"]


def test_capture_time_wins_when_most_photos_have_one(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session()
    paths = [sample_media["landscape3"], sample_media["tiny"], sample_media["landscape1"]]
    paths.append(sample_media["landscape2"])
    assert _upload(api, session_id, paths, [0, 1, 2, 3]).status_code == 200
    # Three of four dated: by date, the undated one after them.
    assert _slideshow_names(api, session_id) == [
        "landscape1.jpg",
        "landscape2.jpg",
        "landscape3.jpg",
        "tiny.jpg",
    ]


def test_bad_positions_are_a_400(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    paths = [sample_media["tiny"], sample_media["panorama"]]
    for positions in (["first", "second"], ["-1", "0"], ["0"]):
        r = _upload(api, session_id, paths, positions)
        assert r.status_code == 400, r.text
        assert "position" in r.json()["message"]
    assert api.state(session_id).json()["data"]["media"] == []

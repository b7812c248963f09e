"""Uploads: type from the bytes, probe and thumbnail, per-file errors, streaming size limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from diapo.service.testing import LiveServer


def test_several_files_one_bad_the_others_stored(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    r = api.upload(
        session_id,
        sample_media["landscape1"],
        sample_media["text_as_jpg"],
        sample_media["clip"],
        sample_media["corrupt"],
        sample_media["mp3"],
    )
    body = r.json()
    assert r.status_code == 415 and body["code"] == 4001
    data = body["data"]
    assert data["stored"] == ["landscape1.jpg", "clip.mp4", "tone.mp3"]
    failed = {f["name"]: f["code"] for f in data["failed"]}
    assert failed == {"text_as_jpg.jpg": 4001, "corrupt.jpg": 422}
    photo, clip, song = data["media"]
    assert (photo["kind"], photo["width"], photo["height"]) == ("image", 640, 480)
    assert "duration_ms" not in photo
    assert clip["kind"] == "video" and clip["duration_ms"] > 0 and clip["has_audio"]
    assert song["kind"] == "audio" and song["duration_ms"] > 0 and song["thumbnail_url"] is None
    state = api.state(session_id).json()["data"]
    assert [m["media_id"] for m in state["media"]] == [m["media_id"] for m in data["media"]]


def test_type_comes_from_the_bytes_not_the_name(api: Any, sample_media: dict[str, Path]) -> None:
    r = api.upload(api.session(), sample_media["jpeg_as_png"])
    assert r.status_code == 200
    assert r.json()["data"]["media"][0]["format"] == "jpeg"


def test_thumbnails_and_files_are_served_to_the_owner_only(
    api: Any, api_factory: Any, server: LiveServer, sample_media: dict[str, Path]
) -> None:
    item = api.upload(api.session(), sample_media["portrait1"]).json()["data"]["media"][0]
    # Sent without the token (the client sends it per request): a signed URL needs
    # none, as in an <img> tag.
    thumb = api.http.get(item["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert thumb.content[:2] == b"\xff\xd8"
    original = api.get(item["url"].split("?")[0])
    assert original.content == sample_media["portrait1"].read_bytes()
    assert api.get(f"/api/media/{item['media_id']}").json()["data"]["width"] == 480
    other = api_factory(server)
    assert other.get(f"/api/media/{item['media_id']}").json()["code"] == 1002
    assert other.get(f"/api/media/{item['media_id']}/thumbnail").json()["code"] == 1002


def test_same_idempotency_key_uploads_once(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    key = {"Idempotency-Key": "upload-1"}
    first = api.upload(session_id, sample_media["landscape2"], headers=key).json()
    again = api.upload(session_id, sample_media["landscape2"], headers=key).json()
    assert first == again
    assert len(api.state(session_id).json()["data"]["media"]) == 1


def test_an_idempotency_key_sent_again_with_other_files_is_refused(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("it")
    key = {"Idempotency-Key": "upload-2"}
    first = api.upload(session_id, sample_media["landscape2"], headers=key)
    other = api.upload(session_id, sample_media["landscape3"], headers=key)
    assert first.status_code == 200 and other.status_code == 422, other.text
    assert other.json()["code"] == 422
    # Said in the session's language, from the catalogue.
    assert other.json()["message"].startswith("Questa Idempotency-Key è già stata usata")
    # The other file is not stored, and the first upload's retry still gets its answer.
    assert [m["name"] for m in api.state(session_id).json()["data"]["media"]] == [
        sample_media["landscape2"].name
    ]
    assert api.upload(session_id, sample_media["landscape2"], headers=key).json() == first.json()


def _vm_hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _multipart_stream(name: str, size: int, boundary: str) -> Iterator[bytes]:
    yield (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    chunk = b"\0" * (1024 * 1024)
    sent = 0
    while sent < size:
        part = chunk[: min(len(chunk), size - sent)]
        sent += len(part)
        yield part
    yield f"\r\n--{boundary}--\r\n".encode()


def test_201_mb_upload_is_refused_without_buffering(
    server_factory: Callable[..., LiveServer], api_factory: Any
) -> None:
    live = server_factory(max_upload_bytes=200 * 1024 * 1024, workers=0)
    api = api_factory(live)
    session_id = api.session()
    assert live.pid is not None
    before = _vm_hwm_kb(live.pid)
    boundary = "diapo-test-boundary"
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{session_id}",
        content=_multipart_stream("huge.mp4", 201 * 1024 * 1024, boundary),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413 and r.json()["code"] == 4002
    assert r.json()["data"]["failed"][0]["name"] == "huge.mp4"
    grown_mb = (_vm_hwm_kb(live.pid) - before) / 1024
    assert grown_mb < 40, f"the server's peak memory grew by {grown_mb:.0f} MB"
    scratch = live.data_dir / "files" / ".tmp"
    assert not any(p.is_file() for p in scratch.rglob("*")), "nothing is left behind"

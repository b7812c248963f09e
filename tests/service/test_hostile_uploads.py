"""Hostile uploads over a real server: odd file names, broken multipart, memory-eating media."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from PIL import Image
from tests.media.hostile import blank_movie, blank_png, jpeg_claiming
from tests.service.conftest import Api

from diapo.service.testing import LiveServer

BOUNDARY = "diapo-hostile-boundary"


@pytest.fixture(scope="module")
def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 20)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _part(disposition: bytes, body: bytes, *, extra: bytes = b"") -> bytes:
    return (
        f"--{BOUNDARY}\r\n".encode()
        + b"Content-Disposition: "
        + disposition
        + b"\r\nContent-Type: application/octet-stream\r\n"
        + extra
        + b"\r\n"
        + body
        + b"\r\n"
    )


def _send(api: Api, session_id: str, body: bytes) -> httpx.Response:
    return api.post(
        f"/api/upload-video/nemo_agent/me/{session_id}",
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )


def _upload_named(api: Any, session_id: str, disposition: bytes, body: bytes) -> httpx.Response:
    return _send(api, session_id, _part(disposition, body) + f"--{BOUNDARY}--\r\n".encode())


@pytest.mark.parametrize(
    ("disposition", "shown"),
    [
        ('form-data; name="files"; filename="照片.jpg"'.encode(), "照片.jpg"),
        ('form-data; name="files"; filename="caffè.jpg"'.encode(), "caffè.jpg"),
        (b"form-data; name=\"files\"; filename*=UTF-8''" + quote("照片.jpg").encode(), "照片.jpg"),
        (
            b'form-data; name="files"; filename="fallback.jpg"; filename*=utf-8\'\''
            + quote("caffè 2.jpg").encode(),
            "caffè 2.jpg",
        ),
        # Latin-1 bytes from an old client are read as Latin-1, not as broken UTF-8.
        ('form-data; name="files"; filename="caffè.jpg"'.encode("latin-1"), "caffè.jpg"),
        # A decomposed è (e + combining grave, as macOS names files) is shown composed.
        ('form-data; name="files"; filename="caffe\u0300.jpg"'.encode(), "caffè.jpg"),
        (b'form-data; name="files"; filename=".."', ".."),
        (b'form-data; name="files"; filename="."', "."),
        (b'form-data; name="files"; filename="a/b/../c.jpg"', "a/b/../c.jpg"),
        (b'form-data; name="files"; filename="..\\\\..\\\\win.jpg"', "..\\..\\win.jpg"),
        (b'form-data; name="files"; filename="say \\"cheese\\".jpg"', 'say "cheese".jpg'),
    ],
)
def test_file_names_are_kept_as_sent(
    api: Any, small_jpeg: bytes, disposition: bytes, shown: str
) -> None:
    session_id = api.session()
    r = _upload_named(api, session_id, disposition, small_jpeg)
    assert r.status_code == 200, r.text
    item = r.json()["data"]["media"][0]
    assert item["name"] == shown
    assert r.json()["data"]["stored"] == [shown]
    # The session's state and the media item say the same, and the original comes back intact.
    state = api.state(session_id).json()["data"]
    assert [m["name"] for m in state["media"]] == [shown]
    original = api.get(item["url"].split("?")[0])
    assert original.status_code == 200 and original.content == small_jpeg


def test_download_names_the_file_in_unicode(api: Any, small_jpeg: bytes) -> None:
    r = _upload_named(
        api, api.session(), 'form-data; name="f"; filename="照片.jpg"'.encode(), small_jpeg
    )
    item = r.json()["data"]["media"][0]
    got = api.get(item["url"].split("?")[0])
    assert "filename*=utf-8''" + quote("照片.jpg") in got.headers["content-disposition"]


def test_an_overlong_name_is_stored_safely_and_shown_whole(api: Any, small_jpeg: bytes) -> None:
    name = "é" * 250 + ".jpg"  # 504 bytes of UTF-8: over any file system's limit for a name
    session_id = api.session()
    r = _upload_named(
        api, session_id, f'form-data; name="f"; filename="{name}"'.encode(), small_jpeg
    )
    assert r.status_code == 200, r.text
    assert r.json()["data"]["media"][0]["name"] == name


def test_a_thousand_character_name_is_shortened_in_the_middle(api: Any, small_jpeg: bytes) -> None:
    name = "v" * 996 + ".jpg"
    r = _upload_named(
        api, api.session(), f'form-data; name="f"; filename="{name}"'.encode(), small_jpeg
    )
    assert r.status_code == 200, r.text
    shown = r.json()["data"]["media"][0]["name"]
    # The media table holds 300 characters; the start and the extension stay.
    assert shown == "v" * 259 + "…" + "v" * 36 + ".jpg"


def test_a_damaged_file_with_a_hostile_name_is_reported_by_that_name(api: Any) -> None:
    r = _upload_named(
        api, api.session(), b'form-data; name="f"; filename="../../x.jpg"', b"\xff\xd8\xff"
    )
    assert r.status_code == 422, r.text
    assert r.json()["data"]["failed"][0]["name"] == "../../x.jpg"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (_part(b'form-data; name="f"; filename="open.jpg', b"x"), "not closed"),
        (_part(b'form-data; name="f"; filename', b"x"), "key=value"),
        (_part(b'form-data; name="f"; filename="a.jpg"; filename="b.jpg"', b"x"), "twice"),
        (_part(b"form-data; name=\"f\"; filename*=UTF-8''%E7%85", b"x"), "UTF-8"),
        (_part(b"form-data; name=\"f\"; filename*=UTF-8''bad%zz.jpg", b"x"), "percent"),
        (_part(b"form-data; name=\"f\"; filename*=koi8-r''x.jpg", b"x"), "charset"),
        (_part(b'form-data; name="f"; filename*=x.jpg', b"x"), "charset'language'value"),
        (_part(b'attachment; filename="a.jpg"', b"x"), "form-data"),
        (_part(b'; filename="a.jpg"', b"x"), "disposition type"),
        (
            _part(b'form-data; name="f"; filename="a.jpg"', b"x", extra=b"No colon here\r\n"),
            "malformed",
        ),
        (
            _part(
                b'form-data; name="f"; filename="a.jpg"',
                b"x",
                extra=b"X: " + b"a" * 20_000 + b"\r\n",
            ),
            "header size",
        ),
        (
            f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n\r\nxx\r\n".encode(),
            "no Content-Disposition",
        ),
    ],
)
def test_malformed_part_headers_are_400(api: Any, body: bytes, says: str) -> None:
    r = _send(api, api.session(), body + f"--{BOUNDARY}--\r\n".encode())
    assert r.status_code == 400, r.text
    assert r.json()["code"] == 400 and says in r.json()["message"]


def test_a_body_without_its_closing_boundary_is_400(api: Any, small_jpeg: bytes) -> None:
    r = _send(api, api.session(), _part(b'form-data; name="f"; filename="a.jpg"', small_jpeg))
    assert r.status_code == 400 and "closing boundary" in r.json()["message"]


def test_nothing_is_stored_or_left_behind_after_a_broken_body(api: Any, server: Any) -> None:
    session_id = api.session()
    good = _part(b'form-data; name="f"; filename="a.jpg"', b"\xff\xd8\xff" + b"\0" * 100)
    r = _send(api, session_id, good + _part(b'form-data; name="f"; filename="b.jpg', b"x"))
    assert r.status_code == 400
    assert api.state(session_id).json()["data"]["media"] == []
    scratch = server.data_dir / "files" / ".tmp"
    assert not any(p.is_file() for p in scratch.rglob("*"))


def _peak_mb(pid: int) -> int:
    """The highest resident memory the process has reached, in MB (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM")


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def test_six_hostile_uploads_at_once_stay_under_a_gigabyte(
    server_factory: Callable[..., LiveServer], api_factory: Any, tmp_path: Path
) -> None:
    live = server_factory(max_upload_bytes=50_000_000)
    assert live.pid is not None
    files = {
        # 385 KB that decode to 297 MB at full size and could not be shrunk while decoding.
        "strip.png": blank_png(1, 99_000_000, channels=3),
        "claim.jpg": jpeg_claiming(30_000, 30_000),
        # Photos decoded whole are capped at 50 MP: 100 MP with transparency would be
        # 400 MB before it could be shrunk. The largest allowed is 200 MB once decoded.
        "too_big.png": blank_png(9_990, 9_990, channels=4),
        "big1.png": blank_png(7_070, 7_070, channels=4),
        "big2.png": blank_png(7_070, 7_070, channels=4),
        "movie.mov": blank_movie(tmp_path / "movie.mov", 6_400, 6_400).read_bytes(),
    }
    answers: dict[str, httpx.Response] = {}

    def upload(name: str) -> None:
        api = api_factory(live)
        answers[name] = api.post(
            f"/api/upload-video/nemo_agent/me/{api.session()}",
            files=[("files", (name, files[name]))],
        )

    threads = [threading.Thread(target=upload, args=(name,)) for name in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    codes = {name: r.status_code for name, r in answers.items()}
    assert codes == {
        "strip.png": 413,
        "claim.jpg": 413,
        "too_big.png": 413,
        "big1.png": 200,
        "big2.png": 200,
        "movie.mov": 413,
    }, {name: r.text[:200] for name, r in answers.items()}
    assert "20000 pixels on a side" in answers["strip.png"].json()["message"]
    assert "40 megapixels" in answers["movie.mov"].json()["message"]
    assert "PNG photos may have at most 50 megapixels" in answers["too_big.png"].json()["message"]
    # The server and the render worker it starts, as the goal counts them. Its other
    # children (the forkserver of the chat-turn processes and multiprocessing's resource
    # tracker) hold imported code only, the same whatever is uploaded; bounded apart.
    workers = [pid for pid in _children(live.pid) if b"diapo.service\x00worker" in _cmdline(pid)]
    helpers = [pid for pid in _children(live.pid) if pid not in workers]
    assert len(workers) == 1, [_cmdline(pid) for pid in _children(live.pid)]
    peak = _peak_mb(live.pid) + _peak_mb(workers[0])
    # Measured: about 500 MB for the server and 220 MB for its worker (3.5 GB before).
    assert peak < 1000, f"server and worker peaked at {peak} MB together"
    for pid in helpers:
        assert _peak_mb(pid) < 400, (_cmdline(pid), _peak_mb(pid))

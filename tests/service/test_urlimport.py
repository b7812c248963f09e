"""Importing from URLs: a loopback file server for success, and every SSRF refusal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from diapo.service.testing import LiveServer
from diapo.service.urlimport import fetch_url


@pytest.fixture
def file_server(sample_media: dict[str, Path]) -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1: /photo.jpg, /big.jpg, /redirect?to=<url>."""
    photo = sample_media["landscape1"].read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/redirect?to="):
                self.send_response(302)
                self.send_header("Location", self.path.split("=", 1)[1])
                self.end_headers()
                return
            body = {"/photo.jpg": photo, "/big.jpg": photo + b"\0" * 1_200_000}.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _import(api: Any, session_id: str, *urls: str) -> httpx.Response:
    return api.post(f"/api/upload-video/nemo_agent/me/{session_id}", json={"urls": list(urls)})


def test_import_from_a_url(api: Any, file_server: str) -> None:
    session_id = api.session()
    r = _import(api, session_id, f"{file_server}/photo.jpg")
    assert r.status_code == 200, r.text
    item = r.json()["data"]["media"][0]
    assert (item["name"], item["kind"], item["width"]) == ("photo.jpg", "image", 640)


def test_redirects_are_checked_at_every_hop(api: Any, file_server: str) -> None:
    session_id = api.session()
    ok = _import(api, session_id, f"{file_server}/redirect?to={file_server}/photo.jpg")
    assert ok.status_code == 200, ok.text
    r = _import(api, session_id, f"{file_server}/redirect?to=http://169.254.169.254/latest/")
    assert r.status_code == 422
    assert "169.254.169.254" in r.json()["data"]["failed"][0]["message"]


def test_too_large_download_is_4002(api: Any, file_server: str) -> None:
    r = _import(api, api.session(), f"{file_server}/big.jpg", f"{file_server}/photo.jpg")
    assert r.status_code == 413 and r.json()["code"] == 4002
    assert r.json()["data"]["stored"] == ["photo.jpg"]


def test_private_and_loopback_addresses_are_refused(
    server_factory: Callable[..., LiveServer], api_factory: Any, file_server: str
) -> None:
    live = server_factory(url_import_allow_loopback=False, workers=0)
    api = api_factory(live)
    port = file_server.rsplit(":", 1)[1]
    urls = [
        f"http://127.0.0.1:{port}/photo.jpg",
        f"http://localhost:{port}/photo.jpg",
        "http://10.1.2.3/photo.jpg",
        "http://192.168.0.1/photo.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/photo.jpg",
        "file:///etc/passwd",
        "ftp://example.com/photo.jpg",
    ]
    r = _import(api, api.session(), *urls)
    body = r.json()
    assert r.status_code == 422 and body["code"] == 422
    assert body["data"]["stored"] == [] and len(body["data"]["failed"]) == len(urls)
    messages = [f["message"] for f in body["data"]["failed"]]
    assert "loopback" in messages[0] and "loopback" in messages[1]
    assert "private" in messages[2] and "link-local" in messages[4]
    assert "http and https" in messages[6]


def test_a_public_url_redirecting_to_loopback_is_refused(tmp_path: Path) -> None:
    # The outside web is faked here: a public address that answers with a
    # redirect to 127.0.0.1. The request goes to the checked address itself.
    seen: list[str] = []

    def web(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.host} {request.headers['host']}")
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8000/admin"})

    got = fetch_url(
        "http://93.184.215.14/photo.jpg",
        scratch=tmp_path,
        max_bytes=1_000_000,
        timeout=5,
        max_redirects=3,
        allow_loopback=False,
        transport=httpx.MockTransport(web),
    )
    assert seen == ["93.184.215.14 93.184.215.14"]
    assert got.error is not None and "loopback" in got.error.message

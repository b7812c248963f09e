"""Importing from URLs: a loopback file server for success, and every SSRF refusal."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.service.conftest import Api

from diapo.service.errors import UnsafeURLError
from diapo.service.testing import LiveServer
from diapo.service.urlimport import check_address, embedded_ipv4, fetch_url


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


def _import(api: Api, session_id: str, *urls: str) -> httpx.Response:
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


class _Drip:
    """A loopback server that answers one byte a second, in its body or in its headers."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.release = threading.Event()
        drip = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                drip.started.release()
                try:
                    if self.path == "/slow-headers":
                        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                        self._drip(b"X-Slow: " + b"a" * 1000)
                        return
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self._drip(b"\xff" * 100_000)
                except OSError:
                    pass  # the importer hung up, as it should

            def _drip(self, data: bytes) -> None:
                for i in range(len(data)):
                    if drip.release.wait(1.0):
                        return
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def drip() -> Iterator[_Drip]:
    server = _Drip()
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("path", ["/photo.jpg", "/slow-headers"])
def test_a_host_sending_one_byte_a_second_is_cut_at_the_deadline(
    tmp_path: Path, drip: _Drip, path: str
) -> None:
    started = time.monotonic()
    got = fetch_url(
        drip.url + path,
        scratch=tmp_path,
        max_bytes=1_000_000,
        timeout=2,
        max_redirects=0,
        allow_loopback=True,
    )
    elapsed = time.monotonic() - started
    assert got.error is not None and "took longer than 2 s" in got.error.message
    # Generous: the drip would last 100,000 s (or 1,000 s in the headers) if let.
    assert elapsed < 15, f"the import lasted {elapsed:.0f} s"
    assert list(tmp_path.iterdir()) == []


def test_the_server_cuts_a_dripping_import_at_its_time_limit(
    server_factory: Callable[..., LiveServer], api_factory: Any, drip: _Drip
) -> None:
    live = server_factory(url_import_timeout_seconds=2, workers=0)
    api = api_factory(live)
    r = _import(api, api.session(), f"{drip.url}/photo.jpg")
    assert r.status_code == 422, r.text
    assert "took longer than 2 s" in r.json()["data"]["failed"][0]["message"]


def test_concurrent_imports_are_capped_per_account_and_overall(
    server_factory: Callable[..., LiveServer],
    api_factory: Any,
    drip: _Drip,
    file_server: str,
) -> None:
    live = server_factory(
        url_import_timeout_seconds=60,
        url_import_max_per_account=1,
        url_import_max_total=2,
        workers=0,
    )
    ann, bob, cid = api_factory(live), api_factory(live), api_factory(live)
    sessions = {api: api.session() for api in (ann, bob, cid)}
    answers: list[httpx.Response] = []

    def slow_import(api: Any) -> None:
        answers.append(_import(api, sessions[api], f"{drip.url}/photo.jpg"))

    first = threading.Thread(target=slow_import, args=(ann,))
    first.start()
    assert drip.started.acquire(timeout=30)
    again = _import(ann, sessions[ann], f"{file_server}/photo.jpg")
    assert again.status_code == 429 and again.json()["code"] == 429
    assert int(again.headers["Retry-After"]) >= 1
    assert "already have 1 URL import" in again.json()["message"]

    second = threading.Thread(target=slow_import, args=(bob,))
    second.start()
    assert drip.started.acquire(timeout=30)
    busy = _import(cid, sessions[cid], f"{file_server}/photo.jpg")
    assert busy.status_code == 429 and "as many URLs as it can" in busy.json()["message"]
    # Uploads of files and everything else still answer while the imports hang.
    assert httpx.get(f"{live.base_url}/healthz", timeout=10).status_code == 200
    assert cid.balance()["available"] >= 0

    drip.release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert [a.status_code for a in answers] == [422, 422]
    done = _import(ann, sessions[ann], f"{file_server}/photo.jpg")
    assert done.status_code == 200, done.text


@pytest.mark.parametrize(
    ("address", "leads_to"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),  # IPv4-mapped
        ("::ffff:0:10.0.0.1", "10.0.0.1"),  # IPv4-translated
        ("64:ff9b::7f00:1", "127.0.0.1"),  # NAT64
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),  # NAT64 to the metadata service
        ("2002:c0a8:101::1", "192.168.1.1"),  # 6to4
        ("::10.1.2.3", "10.1.2.3"),  # IPv4-compatible
        ("::7f00:1", "127.0.0.1"),
        # Teredo: server 65.54.227.120, client 192.168.0.1 stored bit-inverted.
        ("2001:0:4136:e378:8000:63bf:3f57:fffe", "192.168.0.1"),
    ],
)
def test_ipv6_forms_are_judged_by_the_ipv4_they_carry(address: str, leads_to: str) -> None:
    ip = ipaddress.IPv6Address(address)
    assert str(embedded_ipv4(ip)) == leads_to
    with pytest.raises(UnsafeURLError) as caught:
        check_address(ip, allow_loopback=False)
    assert f"leads to {leads_to}" in caught.value.message


@pytest.mark.parametrize(
    ("address", "leads_to"),
    [
        ("64:ff9b::808:808", "8.8.8.8"),
        ("2002:808:808::1", "8.8.8.8"),
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", "8.8.8.8"),
    ],
)
def test_ipv6_forms_carrying_a_public_ipv4_are_allowed(address: str, leads_to: str) -> None:
    ip = ipaddress.IPv6Address(address)
    assert str(embedded_ipv4(ip)) == leads_to
    check_address(ip, allow_loopback=False)


@pytest.mark.parametrize("address", ["::1", "::", "2606:4700::1111", "fe80::1", "fd00::1"])
def test_plain_ipv6_addresses_carry_no_ipv4(address: str) -> None:
    assert embedded_ipv4(ipaddress.IPv6Address(address)) is None


def test_loopback_is_still_loopback_when_allowed_through_an_embedding() -> None:
    check_address(ipaddress.ip_address("::1"), allow_loopback=True)
    check_address(ipaddress.ip_address("::ffff:127.0.0.1"), allow_loopback=True)
    with pytest.raises(UnsafeURLError, match="private"):
        check_address(ipaddress.ip_address("64:ff9b::a00:1"), allow_loopback=True)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A host that takes the connection and never answers."""
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_a_silent_host_is_cut_at_the_idle_limit_and_the_message_names_it(
    service_factory: Callable[..., Any], api_factory: Any, silent_server: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    got = fetch_url(
        f"{silent_server}/photo.jpg",
        scratch=tmp_path,
        max_bytes=1_000_000,
        timeout=60,
        idle_timeout=1,
        max_redirects=0,
        allow_loopback=True,
    )
    elapsed = time.monotonic() - started
    # Cut by the idle limit, and said so: not "took longer than 60 s" after one second.
    assert got.error is not None
    assert (
        got.error.message
        == f"{silent_server}/photo.jpg sent nothing for 1 s; the import was stopped."
    )
    assert elapsed < 30, f"the import lasted {elapsed:.0f} s"
    live = service_factory(url_import_timeout_seconds=60, url_import_idle_seconds=1, workers=0)
    api = api_factory(live)
    r = _import(api, api.session("it"), f"{silent_server}/photo.jpg")
    assert r.status_code == 422, r.text
    assert "non ha inviato nulla per 1 s" in r.json()["data"]["failed"][0]["message"], r.text

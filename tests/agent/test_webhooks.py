"""Render webhooks: signed callbacks, retried from the worker, refused for private addresses."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import re
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.agent.conftest import AGENT_SETTINGS, ATTRIBUTION, new_token

from diapo.agent import render_skill
from diapo.client import WebhookSignatureError, verify_webhook
from diapo.service.testing import LiveServer, LiveWorker

FAST_RETRIES = {"webhook_retry_seconds": [0.5, 0.5, 0.5]}


@dataclass
class Receiver:
    """A loopback endpoint that records every callback; the first `fail_first` get a 500."""

    url: str
    fail_first: int = 0
    calls: list[tuple[dict[str, str], bytes, int]] = field(default_factory=list)

    def wait_for(self, n: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while len(self.calls) < n:
            assert time.monotonic() < deadline, f"{len(self.calls)} callbacks, wanted {n}"
            time.sleep(0.1)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = 500 if len(box.calls) < box.fail_first else 204
            box.calls.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
            self.send_response(status)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/diapo"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        httpd.shutdown()
        httpd.server_close()


class Account:
    """One anonymous account with a session holding a slideshow draft."""

    def __init__(self, server: LiveServer, photo: Path) -> None:
        self.http = httpx.Client(base_url=server.base_url, timeout=60)
        token = new_token(server)["token"]
        self.http.headers.update({"Authorization": f"Bearer {token}", **ATTRIBUTION})
        r = self.http.post("/api/tasks/me/with-session/nemo_agent", json={"language": "en"})
        self.session_id = r.json()["data"]["session_id"]
        files = [("files", (photo.name, photo.read_bytes()))]
        r = self.http.post(f"/api/upload-video/nemo_agent/me/{self.session_id}", files=files)
        assert r.json()["code"] == 0, r.text
        message = {"role": "user", "parts": [{"text": "make a slideshow"}]}
        r = self.http.post("/run_sse", json={"session_id": self.session_id, "new_message": message})
        assert '"kind": "edit"' in r.text or '"kind":"edit"' in r.text, r.text[-500:]

    def secret(self) -> str:
        r = self.http.post("/api/webhooks/secret")
        assert r.status_code == 200, r.text
        secret: str = r.json()["data"]["secret"]
        return secret

    def export(self, callback: str | None, **extra: Any) -> httpx.Response:
        body: dict[str, Any] = {
            "session_id": self.session_id,
            "output": {"format": "mp4", "resolution": "360p"},
            **extra,
        }
        if callback is not None:
            body["callback"] = callback
        return self.http.post("/api/render/proxy/lambda", json=body)

    def render(self, render_id: str) -> dict[str, Any]:
        data: dict[str, Any] = self.http.get(f"/api/render/proxy/lambda/{render_id}").json()["data"]
        return data

    def wait_webhook(self, render_id: str, state: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            info = self.render(render_id)
            if info["webhook"]["state"] == state:
                return info
            assert time.monotonic() < deadline, info["webhook"]
            time.sleep(0.2)


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server as deployed: loopback callbacks refused too."""
    settings = {**AGENT_SETTINGS, "url_import_allow_loopback": False}
    with LiveServer(tmp_path_factory.mktemp("strict"), settings=settings) as live:
        yield live


@pytest.fixture
def make_account() -> Iterator[Callable[[LiveServer, Path], Account]]:
    made: list[Account] = []

    def make(server: LiveServer, photo: Path) -> Account:
        made.append(Account(server, photo))
        return made[-1]

    try:
        yield make
    finally:
        for account in made:
            account.http.close()


def signed_by(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does: the documented verifier (signature and age)."""
    try:
        verify_webhook(secret, body, headers.get("x-diapo-signature"))
    except WebhookSignatureError:
        return False
    return True


def test_a_completed_render_is_posted_signed_and_retried_after_a_failure(
    server_factory: Any,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    server = server_factory(**FAST_RETRIES)
    account = make_account(server, photos["landscape1"])
    secret = account.secret()
    receiver.fail_first = 1

    r = account.export(receiver.url)
    assert r.status_code == 200, r.text
    render_id = r.json()["data"]["id"]
    assert r.json()["data"]["webhook"] == {
        "url": receiver.url,
        "state": "pending",
        "attempts": [],
        "next_at": None,
    }
    info = account.wait_webhook(render_id, "delivered")

    assert [status for _, _, status in receiver.calls] == [500, 204]
    for headers, body, _ in receiver.calls:
        assert signed_by(secret, headers, body)
        assert headers["x-diapo-event"] == "render.completed"
        payload = json.loads(body)
        assert payload["event"] == "render.completed"
        assert payload["render"]["id"] == render_id
        assert payload["render"]["status"] == "completed"
        # The link in the payload downloads the video without the token.
        assert payload["render"]["url"].startswith(server.base_url)
    assert httpx.get(json.loads(receiver.calls[-1][1])["render"]["url"]).status_code == 200
    attempts = info["webhook"]["attempts"]
    assert [a["status_code"] for a in attempts] == [500, 204]
    assert attempts[0]["error"] == "HTTP 500"
    assert attempts[1]["at"] > attempts[0]["at"]


def test_delivery_gives_up_after_the_configured_retries(
    server_factory: Any,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    server = server_factory(webhook_retry_seconds=[0.3, 0.3])
    account = make_account(server, photos["landscape1"])
    account.secret()
    receiver.fail_first = 100
    render_id = account.export(receiver.url).json()["data"]["id"]
    info = account.wait_webhook(render_id, "failed")
    assert len(receiver.calls) == 3
    assert [a["status_code"] for a in info["webhook"]["attempts"]] == [500, 500, 500]
    assert info["webhook"]["next_at"] is None


def test_a_cancelled_render_is_posted_by_the_worker(
    server_factory: Any,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    # No worker at first: the render waits in the queue, so the cancel always wins.
    server = server_factory(workers=0, **FAST_RETRIES)
    account = make_account(server, photos["landscape1"])
    secret = account.secret()
    render_id = account.export(receiver.url).json()["data"]["id"]
    r = account.http.delete(f"/api/render/proxy/lambda/{render_id}")
    assert r.json()["data"]["status"] == "cancelled"
    time.sleep(0.5)
    assert receiver.calls == []  # nothing is sent from the request
    with LiveWorker(server):
        account.wait_webhook(render_id, "delivered")
    headers, body, _ = receiver.calls[0]
    assert signed_by(secret, headers, body)
    assert json.loads(body)["event"] == "render.cancelled"


def test_the_secret_is_shown_once_and_rotation_changes_the_signature(
    server: LiveServer,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    account = make_account(server, photos["landscape1"])
    status = account.http.get("/api/webhooks/secret").json()["data"]
    assert status["exists"] is False
    first = account.secret()
    status = account.http.get("/api/webhooks/secret").json()["data"]
    assert status["exists"] is True and "secret" not in status
    assert status["header"] == "X-Diapo-Signature"
    second = account.secret()
    assert second != first
    render_id = account.export(receiver.url).json()["data"]["id"]
    account.wait_webhook(render_id, "delivered")
    headers, body, _ = receiver.calls[0]
    assert signed_by(second, headers, body) and not signed_by(first, headers, body)


@pytest.mark.parametrize(
    "callback",
    [
        "http://10.0.0.7/hook",
        "http://192.168.1.20:8080/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00::1]/hook",
        "http://127.0.0.1:9/hook",  # loopback: only with the test setting
        "ftp://example.com/hook",
        "http://user:pw@example.com/hook",
    ],
)
def test_a_private_or_odd_callback_is_refused_at_submit(
    strict_server: LiveServer,
    photos: dict[str, Path],
    callback: str,
    make_account: Any,
) -> None:
    server = strict_server
    account = make_account(server, photos["landscape1"])
    account.secret()
    before = account.http.get("/api/credits/balance/simple").json()["data"]
    r = account.export(callback, id="refused-1")
    assert r.status_code == 422, r.text
    assert r.json()["code"] == 422
    # Nothing was frozen or queued.
    assert account.http.get("/api/credits/balance/simple").json()["data"] == before
    assert account.http.get("/api/render/proxy/lambda/refused-1").status_code == 404


def test_a_callback_without_a_secret_is_refused_with_the_way_to_make_one(
    server: LiveServer,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    account = make_account(server, photos["landscape1"])
    r = account.export(receiver.url)
    assert r.status_code == 422
    assert "POST /api/webhooks/secret" in r.json()["message"]


def test_a_delivery_replayed_after_five_minutes_is_refused_by_the_verifier(
    server: LiveServer,
    photos: dict[str, Path],
    receiver: Receiver,
    make_account: Any,
) -> None:
    account = make_account(server, photos["landscape1"])
    secret = account.secret()
    render_id = account.export(receiver.url).json()["data"]["id"]
    account.wait_webhook(render_id, "delivered")
    headers, body, _ = receiver.calls[0]
    header = headers["x-diapo-signature"]
    stamp, _, v1 = header.partition(",")
    assert stamp.startswith("t=") and v1.startswith("v1=")
    sent = int(stamp[2:])
    assert abs(sent - time.time()) < 120  # signed when sent, not when the render was made
    # On time, it passes; the same bytes captured and replayed later do not.
    assert verify_webhook(secret, body, header, now=sent + 299) == sent
    with pytest.raises(WebhookSignatureError, match="old"):
        verify_webhook(secret, body, header, now=sent + 301)
    # Nor does moving the time forward (it is signed), nor the body signed alone.
    moved = header.replace(f"t={sent}", f"t={sent + 600}")
    with pytest.raises(WebhookSignatureError, match="match"):
        verify_webhook(secret, body, moved, now=sent + 600)
    body_only = "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    for bad in (f"t={sent},{body_only}", body_only, "", None):
        with pytest.raises(WebhookSignatureError):
            verify_webhook(secret, body, bad, now=sent)
    with pytest.raises(WebhookSignatureError, match="match"):
        verify_webhook(secret, body.replace(b"render", b"rendex", 1), header, now=sent)

    # The few lines SKILL.md gives a receiver agree.
    found = re.search(r"```python\n(.*?)```", render_skill(), re.DOTALL)
    assert found is not None
    snippet = textwrap.dedent(found.group(1))
    for sent_body, expected in ((body, True), (body + b" ", False)):
        scope: dict[str, Any] = {"header": header, "body": sent_body, "secret": secret}
        exec(snippet, scope)
        assert scope["ok"] is expected

"""Every call of the seed skill, as written there, against a live `diapo serve`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import httpx
import pytest
from tests.agent.conftest import new_token
from tests.agent.seed_calls import ATTRIBUTION, SEED_CALLS, SEED_MESSAGE, SeedCall

from diapo.service.testing import LiveServer

CALLS = {c.name: c for c in SEED_CALLS}


def _path(call: SeedCall, **values: str) -> str:
    path = call.path
    for name, value in values.items():
        path = path.replace(f"<{name}>", value)
    assert "<" not in path, path
    return path


def _envelope(r: httpx.Response, call: SeedCall) -> dict[str, Any]:
    assert r.status_code == 200, f"{call.method} {call.path}: {r.status_code} {r.text[:300]}"
    body: dict[str, Any] = r.json()
    assert body["code"] == 0, body
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=120) as client:
        yield client


def test_every_seed_call_works_as_written(
    server: LiveServer, http: httpx.Client, phone_photos: list[Path], tmp_path: Path
) -> None:
    base = server.base_url
    client_id = str(uuid.uuid4())

    # "Generate a UUID as client identifier"; the token has 100 free credits for 7 days.
    call = CALLS["token"]
    token_data = _envelope(
        http.request(call.method, call.path, headers={"X-Client-Id": client_id}), call
    )
    assert token_data["credits"] == 100
    headers = {"Authorization": f"Bearer {token_data['token']}", **ATTRIBUTION}

    call = CALLS["session"]
    session = _envelope(http.request(call.method, call.path, json=call.json, headers=headers), call)
    sid = session["session_id"]
    assert session["bind_id"]

    # "multipart file or JSON with URLs": the multipart form here (URLs: test_urlimport).
    call = CALLS["upload"]
    files = [("files", (p.name, p.read_bytes())) for p in phone_photos[:3]]
    uploaded = _envelope(
        http.request(call.method, _path(call, sid=sid), files=files, headers=headers), call
    )
    assert [m["kind"] for m in uploaded["media"]] == ["image"] * 3

    call = CALLS["chat"]
    body = json.loads(json.dumps(call.json).replace("<sid>", sid))
    assert body["new_message"]["parts"][0]["text"] == SEED_MESSAGE
    with http.stream(
        call.method, call.path, json=body, headers={**headers, **call.headers}
    ) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = [line for line in stream.iter_lines() if line.startswith("data:")]
    assert events, "the stream carries data events"

    call = CALLS["credits"]
    credits = _envelope(http.request(call.method, call.path, headers=headers), call)
    assert credits["total"] == credits["available"] + credits["frozen"] == 100

    call = CALLS["state"]
    state = _envelope(http.request(call.method, _path(call, sid=sid), headers=headers), call)
    assert state["draft"] and len(state["media"]) == 3
    # "get <id> from create-session or state response"
    assert state["bind_id"] == session["bind_id"]

    # "with render ID and draft JSON": no session_id; the render is the account's.
    call = CALLS["export"]
    render_id = f"seed-{uuid.uuid4().hex[:12]}"
    body = {"id": render_id, "draft": state["draft"]}
    assert set(body) == set(call.json or {})
    submitted = _envelope(http.request(call.method, call.path, json=body, headers=headers), call)
    assert submitted["id"] == render_id
    assert submitted["session_id"] == sid

    call = CALLS["poll"]
    deadline = time.monotonic() + 300
    while True:
        polled = _envelope(
            http.request(call.method, _path(call, id=render_id), headers=headers), call
        )
        if polled["status"] in ("completed", "failed", "cancelled"):
            break
        assert time.monotonic() < deadline, "the render did not finish"
        time.sleep(0.5)
    assert polled["status"] == "completed", polled
    out = tmp_path / "seed.mp4"
    out.write_bytes(httpx.get(httpx.URL(base).join(polled["url"]), timeout=120).content)
    with av.open(str(out)) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert max(video.codec_context.width, video.codec_context.height) == 1920
        assert container.streams.audio, "Italian music"
    after = _envelope(http.get(CALLS["credits"].path, headers=headers), CALLS["credits"])
    assert after["available"] == 100 - polled["cost"] and after["frozen"] == 0


def test_the_seed_error_table_answers_as_the_seed_reads_it(
    server: LiveServer, http: httpx.Client
) -> None:
    token = new_token(server)
    headers = {"Authorization": f"Bearer {token['token']}", **ATTRIBUTION}
    sid = http.post(CALLS["session"].path, json=CALLS["session"].json, headers=headers).json()[
        "data"
    ]["session_id"]

    # 400: missing X-Client-Id.
    r = http.post(CALLS["token"].path)
    assert (r.status_code, r.json()["code"]) == (400, 400)
    # 429: one token per client id per 7 days.
    client_id = str(uuid.uuid4())
    assert http.post(CALLS["token"].path, headers={"X-Client-Id": client_id}).status_code == 200
    r = http.post(CALLS["token"].path, headers={"X-Client-Id": client_id})
    assert (r.status_code, r.json()["code"]) == (429, 429)
    # 1001: bad token.
    r = http.get(CALLS["credits"].path, headers={**headers, "Authorization": "Bearer nope"})
    assert r.json()["code"] == 1001
    # 1002: session not found.
    r = http.get(_path(CALLS["state"], sid=str(uuid.uuid4())), headers=headers)
    assert r.json()["code"] == 1002
    # 4001: unsupported file.
    upload = _path(CALLS["upload"], sid=sid)
    r = http.post(upload, files=[("files", ("notes.docx", b"not a photo"))], headers=headers)
    assert r.json()["code"] == 4001
    # 402: an export without an attribution header is a plan refusal, not a credits error.
    draft_call = CALLS["export"]
    bare = {k: v for k, v in headers.items() if k != "X-Skill-Platform"}
    r = http.post(draft_call.path, json={"id": "x1", "draft": {"t": []}}, headers=bare)
    assert (r.status_code, r.json()["code"]) == (402, 402)
    # A render body with neither a session nor a draft says what to send.
    r = http.post(draft_call.path, json={"id": "x2"}, headers=headers)
    assert (r.status_code, r.json()["code"]) == (422, 422)
    assert "session_id" in r.text


def test_a_render_without_session_id_goes_to_the_session_holding_its_media(
    server: LiveServer, http: httpx.Client, phone_photos: list[Path]
) -> None:
    headers = {"Authorization": f"Bearer {new_token(server)['token']}", **ATTRIBUTION}
    render = CALLS["export"]
    # No session yet: the seed's "Session not found" (1002), nothing frozen.
    r = http.post(render.path, json={"id": "s0", "draft": {"t": []}}, headers=headers)
    assert (r.status_code, r.json()["code"]) == (404, 1002)

    def new_session() -> str:
        r = http.post(CALLS["session"].path, json=CALLS["session"].json, headers=headers)
        sid: str = r.json()["data"]["session_id"]
        return sid

    first = new_session()
    photo = phone_photos[0]
    upload = _path(CALLS["upload"], sid=first)
    r = http.post(upload, files=[("files", (photo.name, photo.read_bytes()))], headers=headers)
    media_id = r.json()["data"]["media"][0]["media_id"]
    newest = new_session()  # newer, but without the draft's photo
    draft = {
        "v": 1,
        "c": {"ar": "16:9", "w": 640, "h": 360, "fps": 25},
        "t": [{"tt": 0, "sg": [{"d": 2000, "m": {"src": media_id}}]}],
    }
    r = http.post(
        render.path, json={"id": f"s1-{uuid.uuid4().hex[:8]}", "draft": draft}, headers=headers
    )
    assert r.status_code == 200, r.text
    submitted = r.json()["data"]
    assert submitted["session_id"] == first != newest
    http.delete(_path(CALLS["poll"], id=submitted["id"]), headers=headers)

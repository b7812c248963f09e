"""Every code in the protocol's error table, provoked for real against the service in process."""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from diapo.draft import Draft
from diapo.service.testing import InProcessServer


def envelope(r: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = r.json()
    assert set(body) == {"code", "message", "data"}, body
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_missing_client_id_is_400(server: InProcessServer) -> None:
    r = server.http.post("/api/auth/anonymous-token")
    assert r.status_code == 400 and envelope(r)["code"] == 400
    r = server.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "not-a-uuid"})
    assert r.status_code == 400 and envelope(r)["code"] == 400


def test_second_token_for_a_client_id_is_429_with_retry_after(server: InProcessServer) -> None:
    client_id = str(uuid.uuid4())
    http = server.http
    first = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
    assert first.status_code == 200
    data = envelope(first)["data"]
    assert data["credits"] == 100 and data["token"]
    second = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
    assert second.status_code == 429 and envelope(second)["code"] == 429
    retry = int(second.headers["Retry-After"])
    assert 6 * 24 * 3600 < retry <= 7 * 24 * 3600


def test_missing_malformed_or_unknown_token_is_1001(server: InProcessServer) -> None:
    for headers in ({}, {"Authorization": "Token abc"}, {"Authorization": "Bearer dpo_nope"}):
        r = server.http.get("/api/credits/balance/simple", headers=headers)
        assert r.status_code == 401 and envelope(r)["code"] == 1001


def test_expired_token_is_1001(
    service_factory: Callable[..., InProcessServer], api_factory: Any
) -> None:
    srv = service_factory(token_ttl_seconds=60, workers=0)
    api = api_factory(srv)
    srv.clock.advance(59)
    assert api.get("/api/credits/balance/simple").status_code == 200
    srv.clock.advance(1)  # the token's lifetime is over, to the second
    r = api.get("/api/credits/balance/simple")
    assert r.status_code == 401 and envelope(r)["code"] == 1001
    assert "expired" in r.json()["message"]


def test_other_tokens_session_is_1002(api: Any, api_factory: Any, server: InProcessServer) -> None:
    session_id = api.session()
    other = api_factory(server)
    for r in (
        other.state(session_id),
        other.get(f"/api/render/proxy/lambda?session_id={session_id}"),
        other.export(session_id),
        other.post(f"/api/upload-video/nemo_agent/me/{session_id}", json={"urls": ["http://x/"]}),
        other.state(str(uuid.uuid4())),
    ):
        assert r.status_code == 404 and envelope(r)["code"] == 1002, r.text


def test_not_enough_credits_is_2001_not_402(
    api: Any, sample_media: dict[str, Path], make_draft: Callable[..., Any]
) -> None:
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    # 30 photos of 60 s at 1080p: about 180 credits, more than the 100 a new token has.
    draft = make_draft(media * 30, seconds=60)
    cost = math.ceil(Draft.parse(draft).duration_ms() / 10_000)
    r = api.export(session_id, draft=draft, output={"format": "mp4", "resolution": "1080p"})
    body = envelope(r)
    assert r.status_code == 402 and body["code"] == 2001
    assert body["data"]["required"] == cost > 100 and body["data"]["available"] == 100
    assert body["data"]["bind_id"] == api.bind_id
    assert body["data"]["register_url"].endswith(f"/register?bind={api.bind_id}")
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}


def test_unsupported_type_is_4001(api: Any, sample_media: dict[str, Path]) -> None:
    session_id = api.session()
    r = api.upload(session_id, sample_media["text_as_jpg"])
    body = envelope(r)
    assert r.status_code == 415 and body["code"] == 4001
    assert "JPG" in body["message"] and "MP4" in body["message"]


def test_file_over_the_limit_is_4002(api: Any, tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 1_100_000)  # the test server's limit is 1 MB
    r = api.upload(api.session(), big)
    body = envelope(r)
    assert r.status_code == 413 and body["code"] == 4002
    assert body["data"]["failed"][0]["name"] == "big.jpg"


def test_export_without_attribution_is_402_not_2001(
    api: Any, sample_media: dict[str, Path], make_draft: Callable[..., Any]
) -> None:
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    body = {"session_id": session_id, "draft": make_draft(media)}
    r = api.http.post(
        "/api/render/proxy/lambda",
        json=body,
        headers={"Authorization": f"Bearer {api.token}", "X-Skill-Source": "x"},
    )
    assert r.status_code == 402 and envelope(r)["code"] == 402
    assert r.json()["data"]["missing"] == ["X-Skill-Version", "X-Skill-Platform"]
    assert api.balance()["frozen"] == 0


def test_per_token_rate_limit_is_429(
    service_factory: Callable[..., InProcessServer], api_factory: Any
) -> None:
    srv = service_factory(rate_limit_per_minute=5, workers=0)
    api = api_factory(srv)
    codes = [api.get("/api/credits/balance/simple").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    r = api.get("/api/credits/balance/simple")
    assert envelope(r)["code"] == 429 and 1 <= int(r.headers["Retry-After"]) <= 60
    # Another token is not slowed down by this one.
    assert api_factory(srv).get("/api/credits/balance/simple").status_code == 200
    # A minute later the window has moved on: the token may ask again.
    srv.clock.advance(60)
    assert api.get("/api/credits/balance/simple").status_code == 200


def test_invalid_body_is_422_with_fields(api: Any) -> None:
    r = api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "p", "language": "fr"})
    body = envelope(r)
    assert r.status_code == 422 and body["code"] == 422
    assert body["data"]["errors"][0]["loc"] == "body.language"
    r = api.post("/run_sse", json={"session_id": "x", "new_message": {"parts": []}})
    assert r.status_code == 422
    assert envelope(r)["data"]["errors"][0]["loc"] == "body.new_message.parts"


def test_invalid_draft_is_422_with_fields(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media)
    draft["c"]["w"] = 641
    draft["t"][0]["sg"][0]["d"] = 5
    r = api.export(session_id, draft=draft)
    body = envelope(r)
    assert r.status_code == 422 and body["code"] == 422
    locs = {e["loc"] for e in body["data"]["errors"]}
    assert {"draft.c.w", "draft.t.0.sg.0.d"} <= locs
    draft = make_draft(media)
    draft["t"][0]["sg"][0]["m"]["src"] = "not-a-media-id"
    r = api.export(session_id, draft=draft)
    assert r.status_code == 422
    assert envelope(r)["data"]["errors"][0]["loc"] == "draft.t.0.sg.0.m.src"
    assert api.balance()["frozen"] == 0


def test_unknown_route_and_method_are_enveloped(server: InProcessServer) -> None:
    r = server.http.get("/api/nothing-here")
    assert r.status_code == 404 and envelope(r)["code"] == 404
    r = server.http.delete("/api/credits/balance/simple")
    assert r.status_code == 405 and envelope(r)["code"] == 405
    assert r.headers["Allow"] == "GET"


def test_405_allows_every_method_of_the_path(server: InProcessServer) -> None:
    # Starlette named only the first route's methods: `Allow: GET` where DELETE works too.
    r = server.http.put("/api/render/proxy/lambda/some-render")
    assert r.status_code == 405 and envelope(r)["code"] == 405
    assert r.headers["Allow"] == "DELETE, GET"
    r = server.http.put("/api/render/proxy/lambda")
    assert r.headers["Allow"] == "GET, POST"


def test_protocol_errors_are_not_logged_as_server_errors(
    api: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # 1002 is above 500 as a number, but it is a 404: only 5xx statuses are logged as errors.
    with caplog.at_level(logging.INFO, logger="diapo"):
        r = api.state(str(uuid.uuid4()))
    assert r.status_code == 404 and envelope(r)["code"] == 1002
    assert [rec.getMessage() for rec in caplog.records if rec.levelno >= logging.ERROR] == []

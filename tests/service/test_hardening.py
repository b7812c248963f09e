"""Hostile input: runaway chat turns, oversized messages, free previews, token farming, bad ids."""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from diapo.chat import Turn
from diapo.service.chatturn import TurnInput, compute_turn
from diapo.service.testing import LiveServer, LiveWorker
from diapo.service.turnrunner import TurnRunner, TurnTimeout

HEALTH_LIMIT = 2.0  # seconds: the requirement for /healthz, whatever a client sends


def _spin(message: str, given: TurnInput) -> Turn:
    """A runaway interpreter: pure Python that never yields, as a quadratic regex would not."""
    while True:
        pass


def _chat_events(api: Any, session_id: str, parts: list[str]) -> tuple[int, list[dict[str, Any]]]:
    body = {
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": p} for p in parts]},
    }
    with api.http.stream("POST", "/run_sse", json=body, headers=api.headers, timeout=120) as r:
        if r.status_code != 200:
            r.read()
            return r.status_code, [r.json()]
        return 200, [json.loads(x[6:]) for x in r.iter_lines() if x.startswith("data: ")]


def _session_with_photos(api: Any, sample_media: dict[str, Path]) -> tuple[str, list[Any]]:
    session_id = api.session()
    r = api.upload(session_id, sample_media["landscape1"], sample_media["landscape2"])
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


# -- runaway chat turns --------------------------------------------------------


def test_a_runaway_turn_is_killed_at_the_hard_limit_and_the_next_turn_runs() -> None:
    given = TurnInput(session_id="s", language="en", version=0, draft=None, media=[])
    spinning = TurnRunner(processes=1, limit_seconds=0.5, function=_spin)
    try:
        started = time.monotonic()
        with pytest.raises(TurnTimeout):
            spinning.run("anything", given)
        assert time.monotonic() - started < 10  # guard: killed, not waited for
    finally:
        spinning.close()
    runner = TurnRunner(processes=1, limit_seconds=30, function=compute_turn)
    try:
        turn = runner.run("help", given)
        assert turn.kind == "help" and turn.reply
        assert runner.run("help", given).reply == turn.reply  # the same warm process serves again
    finally:
        runner.close()


def test_healthz_answers_while_a_pathological_message_is_interpreted(
    server_factory: Callable[..., LiveServer],
    api_factory: Callable[..., Any],
    sample_media: dict[str, Path],
) -> None:
    # Caps raised so that the message reaches the interpreter: 100,000 unclosed
    # quotes in 20 parts, quadratic for a backtracking quote pattern.
    live = server_factory(
        chat_turn_limit_seconds=1.5, chat_max_message_chars=200_000, chat_max_parts=20
    )
    api = api_factory(live)
    session_id, _ = _session_with_photos(api, sample_media)
    before = api.state(session_id).json()["data"]["version"]
    result: dict[str, Any] = {}

    def send() -> None:
        started = time.monotonic()
        result["events"] = _chat_events(api, session_id, ["«" * 5_000] * 20)[1]
        result["seconds"] = time.monotonic() - started

    sender = threading.Thread(target=send)
    sender.start()
    latencies: list[float] = []
    with httpx.Client(base_url=live.base_url, timeout=30) as http:
        while sender.is_alive() or len(latencies) < 10:
            started = time.monotonic()
            assert http.get("/healthz").status_code == 200
            latencies.append(time.monotonic() - started)
            time.sleep(0.1)
    sender.join(timeout=60)
    print(f"healthz: {len(latencies)} answers, slowest {max(latencies):.3f} s")
    assert max(latencies) < HEALTH_LIMIT, latencies
    events = result["events"]
    assert events[-1]["type"] == "done", events
    if events[-1]["kind"] == "error":  # stopped at the hard limit
        assert [e["code"] for e in events if e["type"] == "error"] == [504]
        assert "nothing was changed" in events[-2]["message"]
    assert api.state(session_id).json()["data"]["version"] == before
    # The server still interprets ordinary turns afterwards.
    events = _chat_events(api, session_id, ["make a slideshow"])[1]
    assert events[-1] == {
        "type": "done",
        "version": before + 1,
        "kind": "edit",
        "applied": ["make a slideshow"],
        "not_applied": [],
    }


def test_a_chat_message_over_the_caps_is_refused_with_422(api: Any) -> None:
    session_id = api.session()
    status, [body] = _chat_events(api, session_id, ["a" * 2_000, "b" * 2_001])
    assert status == 422 and body["code"] == 422
    [error] = body["data"]["errors"]
    assert error["loc"] == "body.new_message.parts"
    assert "4000 characters" in error["msg"] and "4001 sent" in error["msg"]
    status, [body] = _chat_events(api, session_id, ["ok"] * 21)
    assert status == 422 and body["data"]["errors"][0]["loc"] == "body.new_message.parts"
    assert api.state(session_id).json()["data"]["version"] == 0


# -- free previews ---------------------------------------------------------------


def test_long_previews_and_too_many_previews_are_refused(
    server_factory: Callable[..., LiveServer],
    api_factory: Callable[..., Any],
    sample_media: dict[str, Path],
    make_draft: Callable[..., dict[str, Any]],
) -> None:
    live = server_factory(workers=0)  # nothing renders: previews stay queued
    api = api_factory(live)
    session_id, media = _session_with_photos(api, sample_media)
    preview = {"format": "mp4", "resolution": "360p"}

    long = make_draft(media * 2, seconds=50)  # 4 photos of 50 s, less the transitions' overlap
    r = api.export(session_id, draft=long, output=preview, preview=True)
    assert r.status_code == 422, r.text
    assert r.json()["data"]["errors"] == [
        {"loc": "preview", "msg": "a preview lasts at most 180 s"}
    ]
    assert re.search(r"this draft lasts 1[89]\d s", r.json()["message"]), r.json()["message"]

    short = make_draft(media, seconds=2)
    for _ in range(2):
        r = api.export(session_id, draft=short, output=preview, preview=True)
        assert r.status_code == 200, r.text
    r = api.export(session_id, draft=short, output=preview, preview=True)
    assert r.status_code == 429 and r.json()["code"] == 429, r.text
    assert int(r.headers["Retry-After"]) >= 1
    # A paid export is not a preview: it is still taken.
    r = api.export(session_id, draft=short, output=preview)
    assert r.status_code == 200 and r.json()["data"]["cost"] == 1, r.text


def test_a_paid_export_starts_before_previews_queued_ahead_of_it(
    server_factory: Callable[..., LiveServer],
    api_factory: Callable[..., Any],
    sample_media: dict[str, Path],
    make_draft: Callable[..., dict[str, Any]],
) -> None:
    live = server_factory(workers=0, previews_per_account=10)
    api = api_factory(live)
    session_id, media = _session_with_photos(api, sample_media)
    draft = make_draft(media, seconds=1)
    output = {"format": "mp4", "resolution": "360p"}
    previews = [
        api.export(session_id, draft=draft, output=output, preview=True).json()["data"]["id"]
        for _ in range(4)
    ]
    export = api.export(session_id, draft=draft, output=output).json()["data"]["id"]
    with LiveWorker(live, workers=1) as worker:
        for render_id in [*previews, export]:
            assert api.wait_render(render_id)["status"] == "completed"
        order = re.findall(r"render (\S+): attempt 1", worker.log())
    assert order[0] == export, order
    assert sorted(order[1:]) == sorted(previews)


# -- render ids --------------------------------------------------------------------


@pytest.mark.parametrize("render_id", ["..", ".", "a/b", "a.b", ".hidden", "x:y", "", "a" * 65])
def test_path_like_render_ids_are_refused_at_submit(api: Any, render_id: str) -> None:
    session_id = api.session()
    r = api.export(session_id, id=render_id)
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["data"]["errors"]] == ["body.id"]


@pytest.mark.parametrize("value", [0, 1, "true", "false", None])
def test_a_boolean_must_be_sent_as_a_json_boolean(api: Any, value: Any) -> None:
    session_id = api.session()
    r = api.export(session_id, preview=value, output={"format": "mp4", "resolution": "360p"})
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["data"]["errors"]] == ["body.preview"]
    # Nothing was queued or charged for the refused request.
    assert api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"] == []
    assert api.balance()["frozen"] == 0
    price = api.post("/api/render/price", json={"session_id": session_id, "preview": value})
    assert price.status_code == 422, price.text


# -- anonymous tokens and rate limits in the database -------------------------------


def _anonymous(http: httpx.Client, **headers: str) -> httpx.Response:
    return http.post(
        "/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4()), **headers}
    )


def test_new_anonymous_tokens_are_limited_per_address_across_restarts(
    server_factory: Callable[..., LiveServer],
) -> None:
    # A window far longer than the test, so that no window ends during it.
    live = server_factory(
        anonymous_tokens_per_address=3, anonymous_token_address_window_seconds=10_000_000
    )
    with httpx.Client(base_url=live.base_url) as http:
        assert [_anonymous(http).status_code for _ in range(3)] == [200, 200, 200]
        # X-Forwarded-For is the client's own word unless a setting trusts a proxy.
        refused = _anonymous(http, **{"X-Forwarded-For": "203.0.113.9"})
        assert refused.status_code == 429 and refused.json()["code"] == 429
        assert int(refused.headers["Retry-After"]) >= 1
    live.restart()
    with httpx.Client(base_url=live.base_url) as http:
        assert _anonymous(http).status_code == 429  # the count lives in the database


def test_a_trusted_proxy_names_the_client_address(
    server_factory: Callable[..., LiveServer],
) -> None:
    live = server_factory(
        anonymous_tokens_per_address=1,
        anonymous_token_address_window_seconds=10_000_000,
        trust_forwarded_for=True,
    )
    with httpx.Client(base_url=live.base_url) as http:
        # The proxy appends the address it saw: only that last entry counts.
        first = {"X-Forwarded-For": "198.51.100.7, 203.0.113.1"}
        assert _anonymous(http, **first).status_code == 200
        assert _anonymous(http, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.1"}).status_code == 429
        assert _anonymous(http, **{"X-Forwarded-For": "203.0.113.2"}).status_code == 200


def test_the_per_token_limit_is_counted_in_the_database(
    server_factory: Callable[..., LiveServer], api_factory: Callable[..., Any]
) -> None:
    live = server_factory(rate_limit_per_minute=5)
    api = api_factory(live)
    codes = [api.get("/api/credits/balance/simple").status_code for _ in range(8)]
    assert codes.count(429) >= 2, codes  # 5 a minute, even if a minute turns meanwhile
    import sqlite3

    with sqlite3.connect(live.data_dir / "diapo.db") as db:
        keys = [k for (k,) in db.execute("SELECT key FROM rate_limits")]
    assert any(k.startswith("token:") for k in keys), keys


# -- leftovers of crashes --------------------------------------------------------------


def _leave(path: Path, *, age: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"partial")
    then = time.time() - age
    os.utime(path, (then, then))
    if path.parent.name.startswith("in-"):
        os.utime(path.parent, (then, then))
    return path


def test_leftovers_of_a_kill_are_swept_at_start_and_periodically(
    server_factory: Callable[..., LiveServer],
) -> None:
    live = server_factory(leftover_grace_seconds=600, leftover_sweep_interval_seconds=1)
    files = live.data_dir / "files"
    live.kill()  # as kill -9 would leave them
    old = [
        _leave(files / ".tmp" / "render-r1-1.mp4", age=3600),
        _leave(files / ".tmp" / "in-abc123" / "photo.jpg", age=3600),
        _leave(files / "renders" / "r2" / ".part-x1y2", age=3600),
    ]
    fresh = _leave(files / ".tmp" / "in-def456" / "clip.mp4", age=5)
    live.start()
    assert not any(p.exists() for p in old), [p for p in old if p.exists()]
    assert not (files / ".tmp" / "in-abc123").exists()
    assert fresh.exists()  # an upload in progress is left alone

    # While running: the worker's reaper sweeps again.
    later = _leave(files / ".tmp" / "render-r3-1.mp4", age=3600)
    deadline = time.monotonic() + 30
    while later.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not later.exists()
    assert fresh.exists()

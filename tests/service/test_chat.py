"""The chat stream: events, languages, undo/redo through the history, heartbeats, atomic turns."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from tests.service.conftest import Api

from diapo.draft.bidi import BIDI_CONTROLS
from diapo.service.sse import HEARTBEAT, heartbeats_until
from diapo.service.testing import InProcessServer


def chat(api: Any, session_id: str, message: str) -> list[dict[str, Any]]:
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    with api.http.stream(
        "POST", "/run_sse", json=body, headers={**api.headers, "Accept": "text/event-stream"}
    ) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]


def reply(events: list[dict[str, Any]]) -> str:
    return " ".join(e["text"] for e in events if e["type"] == "text")


@pytest.fixture
def photos_session(api: Api, sample_media: dict[str, Path]) -> Any:
    def make(language: str) -> str:
        session_id = api.session(language)
        names = ("landscape1", "portrait1", "landscape2")
        r = api.upload(session_id, *(sample_media[n] for n in names))
        assert r.status_code == 200
        return session_id

    return make


def test_replies_in_the_sessions_language(api: Any, photos_session: Any) -> None:
    english = chat(api, photos_session("en"), "make a slideshow with music")
    assert re.search(r"[A-Za-z]", reply(english))
    chinese = chat(api, photos_session("zh"), "用所有照片做一个幻灯片")
    assert re.search(r"[\u4e00-\u9fff]", reply(chinese)), reply(chinese)
    assert english[-1]["type"] == chinese[-1]["type"] == "done"


def test_done_names_the_clauses_applied_and_not_applied(api: Any, photos_session: Any) -> None:
    session_id = photos_session("en")
    events = chat(api, session_id, "make it square and book me a flight")
    done = events[-1]
    assert done["type"] == "done" and done["kind"] == "edit"
    assert done["applied"] == ["make it square"]
    assert done["not_applied"] == ["book me a flight"]
    assert "book me a flight" in reply(events) and not reply(events).startswith("Done")
    assert api.state(session_id).json()["data"]["draft"]["c"]["ar"] == "1:1"


def test_an_empty_session_is_summarised_in_its_language(api: Any) -> None:
    session_id = api.session("it")
    assert api.state(session_id).json()["data"]["summary"] == "Vuoto: ancora nessuna modifica."


def test_undo_and_redo_append_versions_and_lose_nothing(
    api: Any, server: InProcessServer, photos_session: Any
) -> None:
    session_id = photos_session("en")
    chat(api, session_id, "make a slideshow")
    first = api.state(session_id).json()["data"]
    chat(api, session_id, "make it square")
    square = api.state(session_id).json()["data"]
    assert square["draft"]["c"]["ar"] == "1:1" and square["version"] == 2

    chat(api, session_id, "undo")
    undone = api.state(session_id).json()["data"]
    assert undone["version"] == 3 and undone["draft"] == first["draft"]
    assert undone["can_redo"]
    chat(api, session_id, "redo")
    redone = api.state(session_id).json()["data"]
    assert redone["version"] == 4 and redone["draft"] == square["draft"]

    events = chat(api, session_id, "undo 10")
    emptied = api.state(session_id).json()["data"]
    assert emptied["draft"] is None and not emptied["can_undo"]
    assert "Only 2" in reply(events)
    events = chat(api, session_id, "undo")
    assert not next(e for e in events if e["type"] == "tool_result")["ok"]
    assert api.state(session_id).json()["data"]["version"] == emptied["version"]

    engine = create_engine(f"sqlite:///{server.data_dir / 'diapo.db'}")
    try:
        with engine.connect() as conn:
            versions = conn.execute(
                text("SELECT version, source FROM draft_versions WHERE session_id = :s"),
                {"s": session_id},
            ).all()
    finally:
        engine.dispose()
    assert [v for v, _ in versions] == list(range(emptied["version"] + 1))
    assert [s for _, s in versions][:5] == ["api", "chat", "chat", "undo", "redo"]


def test_errors_before_the_stream_are_envelopes(
    api: Any, api_factory: Any, server: InProcessServer
) -> None:
    session_id = api.session()
    other = api_factory(server)
    body = {"session_id": session_id, "new_message": {"parts": [{"text": "hello"}]}}
    r = other.post("/run_sse", json=body)
    assert r.status_code == 404 and r.json()["code"] == 1002
    assert server.http.post("/run_sse", json=body).json()["code"] == 1001


def test_a_client_that_leaves_never_sees_half_a_turn(
    api: Any, server: InProcessServer, photos_session: Any
) -> None:
    session_id = photos_session("en")
    body = {
        "session_id": session_id,
        "new_message": {"parts": [{"text": "make a slideshow with music and a title 'Summer'"}]},
    }
    # The ASGI app driven by hand: the client hangs up right after the first event.
    sent: list[bytes] = []

    async def leave_after_the_first_event() -> None:
        first_event = asyncio.Event()
        request = json.dumps(body).encode()
        messages = [{"type": "http.request", "body": request, "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop()
            await first_event.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.body" and message.get("body"):
                sent.append(message["body"])
                first_event.set()

        headers = [(k.lower().encode(), v.encode()) for k, v in api.headers.items()]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/run_sse",
            "raw_path": b"/run_sse",
            "root_path": "",
            "query_string": b"",
            "headers": [*headers, (b"content-type", b"application/json")],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        await server.app(scope, receive, send)  # returns once the app has let go

    server.call(leave_after_the_first_event)
    assert b'"type": "start"' in sent[0] or b'"type":"start"' in sent[0], sent
    assert not any(b'"done"' in chunk for chunk in sent), "the client left before the end"
    state = api.state(session_id).json()["data"]
    # Either nothing was applied or the whole turn was: never a part of it.
    assert state["version"] in (0, 1)
    if state["version"] == 1:
        kinds = sorted(t["tt"] for t in state["draft"]["t"])
        assert kinds == [0, 1, 7]


def test_heartbeats_flow_while_work_runs() -> None:
    async def scenario() -> tuple[list[bytes], str]:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(asyncio.sleep(0.35, result="done"))
        beats = [b async for b in heartbeats_until(task, every=0.1, deadline=loop.time() + 5)]
        return beats, task.result()

    beats, result = asyncio.run(scenario())
    assert result == "done" and 2 <= len(beats) <= 4 and set(beats) == {HEARTBEAT}


def test_a_turn_past_its_deadline_stops() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(asyncio.sleep(5))
        try:
            async for _ in heartbeats_until(task, every=0.05, deadline=loop.time() + 0.2):
                pass
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    with pytest.raises(TimeoutError):
        asyncio.run(scenario())


def test_bidi_controls_typed_in_a_message_are_never_echoed(api: Any, photos_session: Any) -> None:
    session_id = photos_session("en")
    chat(api, session_id, "make a slideshow")
    # "\u202e" would show the title reversed; "\u2066", "\u200f" and "\u061c" reorder it too.
    events = chat(api, session_id, 'add the title "Sum\u202emer\u2066 \u200fin\u061c Rome"')
    said = json.dumps(events, ensure_ascii=False) + reply(events)
    assert "Summer in Rome" in reply(events), reply(events)
    assert not set(said) & BIDI_CONTROLS
    history = api.get(f"/api/tasks/me/sessions/{session_id}/messages").json()["data"]
    assert history["messages"] and not set(json.dumps(history, ensure_ascii=False)) & BIDI_CONTROLS
    # An error message that quotes what was sent: the URL, without the override.
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{session_id}",
        json={"urls": ["http://127.0.0.1:9/ph\u202eoto.jpg"]},
    )
    body = json.dumps(r.json(), ensure_ascii=False)
    assert "Could not download http://127.0.0.1:9/photo.jpg" in body, body
    assert not set(body) & BIDI_CONTROLS, body

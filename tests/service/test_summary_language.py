"""The state summary and the chat's state events speak the session's language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _chat(api: Any, session_id: str, message: str) -> list[dict[str, Any]]:
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    with api.http.stream(
        "POST", "/run_sse", json=body, headers={**api.headers, "Accept": "text/event-stream"}
    ) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]


def test_a_chinese_session_gets_its_summary_in_chinese(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("zh")
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    events = _chat(api, session_id, "用所有照片做一个幻灯片")
    state_event = next(e for e in events if e["type"] == "state")
    assert "画面：16:9" in state_event["summary"] and "时间线" in state_event["summary"]
    summary = api.state(session_id).json()["data"]["summary"]
    assert "时间线" in summary and "Timeline" not in summary


def test_an_italian_session_gets_its_summary_in_italian(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("it")
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    _chat(api, session_id, "crea uno slideshow")
    summary = api.state(session_id).json()["data"]["summary"]
    assert "Quadro: 16:9" in summary and "1 foto" in summary

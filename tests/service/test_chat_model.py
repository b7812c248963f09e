"""The service's chat turns with a model set: the rules first, the model for what they left."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.factories.fake_completions import FakeCompletions, fake_completions

from diapo.service.settings import Settings
from diapo.service.testing import InProcessServer


def chat(api: Any, session_id: str, message: str) -> list[dict[str, Any]]:
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    with api.http.stream(
        "POST", "/run_sse", json=body, headers={**api.headers, "Accept": "text/event-stream"}
    ) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]


@pytest.fixture
def model_url() -> Iterator[str]:
    with fake_completions() as url:
        yield url


def test_the_model_applies_what_the_rules_left_and_a_bad_answer_changes_nothing(
    model_url: str,
    service_factory: Callable[..., InProcessServer],
    api_factory: Callable[..., Any],
    sample_media: dict[str, Path],
) -> None:
    server = service_factory(llm_url=model_url, llm_model="fake-model", llm_timeout_seconds=5)
    api = api_factory(server)
    session_id = api.session("en")
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    chat(api, session_id, "make a slideshow")  # the rules alone: the model is not asked
    assert FakeCompletions.requests == []

    FakeCompletions.mode = "valid"  # answers set_aspect 9:16 and set_pace 1.3
    events = chat(api, session_id, "make it square and give it a dreamy vibe")
    done = events[-1]
    assert done["applied"] == ["make it square", "give it a dreamy vibe"], done
    assert done["not_applied"] == []
    assert FakeCompletions.requests[0]["model"] == "fake-model"
    assert FakeCompletions.requests[0]["messages"][1]["content"] == "give it a dreamy vibe"
    assert api.state(session_id).json()["data"]["draft"]["c"]["ar"] == "9:16"

    FakeCompletions.mode = "garbage"  # malformed JSON: the rules' answer stands
    events = chat(api, session_id, "make it square and give it a dreamy vibe")
    assert events[-1]["not_applied"] == ["give it a dreamy vibe"]
    assert api.state(session_id).json()["data"]["draft"]["c"]["ar"] == "1:1"


def test_the_models_settings_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().llm() is None  # unset: the rules alone, as before
    monkeypatch.setenv("DIAPO_LLM_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("DIAPO_LLM_MODEL", "m")
    monkeypatch.setenv("DIAPO_LLM_API_KEY", "k")
    monkeypatch.setenv("DIAPO_LLM_TIMEOUT_SECONDS", "4")
    llm = Settings().llm()
    assert llm is not None
    assert (llm.url, llm.model, llm.api_key, llm.timeout) == ("http://127.0.0.1:9/v1", "m", "k", 4)
    monkeypatch.setenv("DIAPO_LLM_URL", "ftp://x")
    with pytest.raises(ValueError, match="http"):
        Settings()

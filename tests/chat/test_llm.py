"""The LLM interpreter against a fake chat-completions server on loopback."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from diapo.chat import run_turn
from diapo.chat.llm import LlmInterpreter, LlmSettings, interpreter_from_env
from diapo.draft import Draft, MediaRef, build_slideshow

MEDIA = (
    MediaRef("p1", "photo", 4000, 3000, name="mare.jpg"),
    MediaRef("p2", "photo", 4000, 3000, name="duomo.jpg"),
    MediaRef("p3", "photo", 4000, 3000, name="tramonto.jpg"),
)


class FakeCompletions(BaseHTTPRequestHandler):
    """Answers like an OpenAI-compatible endpoint; `mode` picks the answer."""

    mode: ClassVar[str] = "valid"
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), **body}
        )
        if self.mode == "error":
            self._send(500, {"error": "boom"})
            return
        if self.mode == "slow":
            time.sleep(1.0)
        scripted: dict[str, list[tuple[str, dict[str, Any]]]] = {
            "valid": [("set_aspect", {"aspect": "9:16"}), ("set_pace", {"factor": 1.3})],
            "slow": [("set_aspect", {"aspect": "9:16"})],
            "invalid": [("set_pace", {"factor": "very slow"})],
            "unknown": [("make_coffee", {})],
            "undo": [("undo", {"steps": 2})],
            "export": [("set_aspect", {"aspect": "9:16"}), ("export", {"format": "mp4"})],
        }
        calls = scripted.get(self.mode, [])
        message = {
            "role": "assistant",
            "content": {
                "valid": "Fatto: verticale e più lento.",
                "export": "Done and exported!",
            }.get(self.mode),
            "tool_calls": [
                {
                    "id": f"c{i}",
                    "type": "function",
                    "function": {"name": n, "arguments": json.dumps(a)},
                }
                for i, (n, a) in enumerate(calls)
            ],
        }
        if self.mode == "garbage":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{not json")
            return
        self._send(
            200,
            {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message}]},
        )

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)  # the client may have given up (the timeout case)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


@pytest.fixture
def server() -> Iterator[str]:
    FakeCompletions.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeCompletions)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def draft() -> Draft:
    return build_slideshow(MEDIA)


def interpreter(url: str, mode: str, timeout: float = 5.0) -> LlmInterpreter:
    FakeCompletions.mode = mode
    return LlmInterpreter(url, "fake-model", "sk-test", timeout=timeout)


def test_valid_tool_calls_are_applied(server: str, draft: Draft) -> None:
    llm = interpreter(server, "valid")
    turn = llm.run_turn("verticale e più lento", draft=draft, media=MEDIA, lang="it")
    llm.close()
    assert [op.op for op in turn.ops] == ["set_aspect", "set_pace"]
    assert turn.draft is not None and turn.draft.c.ar == "9:16"
    assert turn.reply == "Fatto: verticale e più lento."
    sent = FakeCompletions.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer sk-test"
    assert sent["model"] == "fake-model"
    assert {t["function"]["name"] for t in sent["tools"]} >= {"set_aspect", "undo", "add_title"}
    assert "Canvas: 16:9" in sent["messages"][0]["content"]


@pytest.mark.parametrize("mode", ["invalid", "unknown", "error", "garbage"])
def test_bad_answers_fall_back_to_the_rules(server: str, draft: Draft, mode: str) -> None:
    llm = interpreter(server, mode)
    turn = llm.run_turn("più lento", draft=draft, media=MEDIA, lang="it")
    llm.close()
    rules = run_turn("più lento", draft=draft, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["set_pace"]
    assert turn.reply == rules.reply
    assert len(FakeCompletions.requests) == 1


def test_a_timeout_falls_back_to_the_rules(server: str, draft: Draft) -> None:
    llm = interpreter(server, "slow", timeout=0.2)
    started = time.monotonic()
    turn = llm.run_turn("make it square", draft=draft, media=MEDIA, lang="en")
    llm.close()
    assert time.monotonic() - started < 1.0
    assert [op.op for op in turn.ops] == ["set_aspect"]
    assert turn.draft is not None and turn.draft.c.ar == "1:1"  # the rules' answer, not the model's


def test_undo_from_the_model_is_left_to_the_caller(server: str, draft: Draft) -> None:
    llm = interpreter(server, "undo")
    turn = llm.run_turn("annulla due volte", draft=draft, media=MEDIA, lang="it")
    llm.close()
    assert turn.kind == "history" and turn.draft is None
    assert turn.ops[0].args() == {"steps": 2}


def test_the_model_cannot_export_what_the_person_refused(server: str, draft: Draft) -> None:
    llm = interpreter(server, "export")
    turn = llm.run_turn("don't export yet, just make it 9:16", draft=draft, media=MEDIA)
    assert [op.op for op in turn.ops] == ["set_aspect"] and not turn.export_requested
    assert "export" not in turn.reply.lower()
    asked = llm.run_turn("make it 9:16 and export it", draft=draft, media=MEDIA)
    llm.close()
    assert [op.op for op in asked.ops] == ["set_aspect", "export"]


def test_settings_come_from_the_environment() -> None:
    assert LlmSettings.from_env({}) is None
    assert interpreter_from_env({}) is run_turn
    s = LlmSettings.from_env({"DIAPO_LLM_URL": "http://127.0.0.1:9/v1/", "DIAPO_LLM_API_KEY": "k"})
    assert s == LlmSettings(url="http://127.0.0.1:9/v1", model="default", api_key="k")
    with pytest.raises(ValueError, match="http"):
        LlmSettings.from_env({"DIAPO_LLM_URL": "ftp://x"})


def test_an_unreachable_model_still_answers(draft: Draft) -> None:
    run = interpreter_from_env({"DIAPO_LLM_URL": "http://127.0.0.1:9/v1"})
    turn = run("più veloce", draft=draft, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["set_pace"]

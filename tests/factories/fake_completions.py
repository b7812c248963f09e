"""A fake OpenAI-compatible chat-completions server on loopback (the model is outside the project).

`FakeCompletions.mode` picks its answer: tool calls ("valid", "invalid" arguments, an
"unknown" operation, an edit the draft "refused", "undo", "export"), a 500 ("error"),
malformed JSON ("garbage") or an answer after a second ("slow").
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


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
            "refused": [("set_pace", {"factor": 1.3}), ("remove_photo", {"index": 9})],
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


@contextlib.contextmanager
def fake_completions() -> Iterator[str]:
    """The fake's base URL (…/v1) while it runs; its requests start empty."""
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

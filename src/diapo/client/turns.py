"""Reading one chat turn: SSE events become updates for the caller and a `TurnResult`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from diapo.client.sse import SSEEvent, SSEParser

__all__ = ["TurnReader", "TurnResult", "TurnUpdate", "UpdateKind"]

UpdateKind = Literal[
    "text", "tool_call", "tool_result", "state", "heartbeat", "still_working", "error", "other"
]

# Keys under which assistants put their words, best first.
_TEXT_KEYS = ("text", "delta", "message", "content", "reply")


@dataclass(frozen=True, slots=True)
class TurnUpdate:
    """Something that happened during a turn, for a progress display."""

    kind: UpdateKind
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    elapsed: float = 0.0


@dataclass
class TurnResult:
    """What a turn said and did. `summary` is filled in when the turn said nothing."""

    text: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    version_before: int | None = None
    version_after: int | None = None
    state_summary: str | None = None
    export_requested: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    heartbeats: int = 0
    summary: str | None = None
    # The message's clauses as typed, done and not done (the `done` event; older
    # servers send neither).
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            self.version_after is not None
            and self.version_before is not None
            and self.version_after != self.version_before
        )

    @property
    def reply(self) -> str:
        """What to show the person: the assistant's words, else the summary of the change."""
        return self.text or self.summary or ""


def _text_of(payload: dict[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, dict):  # {"content": {"parts": [{"text": ...}]}} (agent frameworks)
            parts = value.get("parts")
            if isinstance(parts, list):
                texts = [p["text"] for p in parts if isinstance(p, dict) and "text" in p]
                if texts:
                    return "".join(str(t) for t in texts)
    return ""


class TurnReader:
    """Turns raw stream chunks into `TurnUpdate`s and fills a `TurnResult`.

    `clock` is injected so that the "still working" signal (every `still_working_every`
    seconds of a turn) is testable without waiting minutes.
    """

    def __init__(self, *, clock: Callable[[], float], still_working_every: float) -> None:
        self._parser = SSEParser()
        self._clock = clock
        self._started = clock()
        self._every = still_working_every
        self._next_signal = self._started + still_working_every
        self.result = TurnResult()
        self._texts: list[str] = []

    def feed(self, chunk: bytes | str) -> list[TurnUpdate]:
        updates: list[TurnUpdate] = []
        for event in self._parser.feed(chunk):
            updates.extend(self._handle(event))
        updates.extend(self.tick())
        return updates

    def close(self) -> list[TurnUpdate]:
        updates: list[TurnUpdate] = []
        for event in self._parser.close():
            updates.extend(self._handle(event))
        self.result.text = "".join(self._texts).strip()
        return updates

    def tick(self) -> list[TurnUpdate]:
        """A "still working" update when another period of the turn has passed."""
        now = self._clock()
        if self._every <= 0 or now < self._next_signal:
            return []
        while self._next_signal <= now:
            self._next_signal += self._every
        elapsed = now - self._started
        return [TurnUpdate("still_working", f"Still working ({int(elapsed)} s)…", {}, elapsed)]

    def _add_text(self, text: str, *, delta: bool = False) -> None:
        self._texts.append(text if delta or not self._texts else " " + text)

    def _update(self, kind: UpdateKind, text: str = "", data: Any = None) -> TurnUpdate:
        payload = data if isinstance(data, dict) else {}
        return TurnUpdate(kind, text, payload, self._clock() - self._started)

    def _handle(self, event: SSEEvent) -> list[TurnUpdate]:
        r = self.result
        if event.is_heartbeat:
            r.heartbeats += 1
            return [self._update("heartbeat")]
        payload = event.json()
        if not isinstance(payload, dict):
            if event.data.strip() and event.event in ("message", "text"):
                self._add_text(event.data)  # a plain-text event is the assistant talking
                return [self._update("text", event.data)]
            return []
        kind = str(payload.get("type") or event.event or "")
        if kind == "start":
            r.version_before = _int(payload.get("version"))
            return []
        if kind == "tool_call" or "functionCall" in str(payload.get("content", ""))[:200]:
            r.tool_calls.append(payload)
            return [self._update("tool_call", str(payload.get("name", "")), payload)]
        if kind == "tool_result" or "functionResponse" in str(payload.get("content", ""))[:200]:
            r.tool_results.append(payload)
            return [self._update("tool_result", str(payload.get("summary", "")), payload)]
        if kind == "state":
            r.version_after = _int(payload.get("version"))
            r.state_summary = payload.get("summary") or r.state_summary
            return [self._update("state", str(payload.get("summary", "")), payload)]
        if kind == "done":
            if payload.get("version") is not None:
                r.version_after = _int(payload.get("version"))
            r.applied = _texts(payload.get("applied"))
            r.not_applied = _texts(payload.get("not_applied"))
            return []
        if kind == "export_requested":
            r.export_requested = payload.get("output") or {}
            return [self._update("other", "", payload)]
        if kind == "error":
            r.error = payload
            return [self._update("error", str(payload.get("message", "")), payload)]
        text = _text_of(payload)
        if text:
            # Streamed deltas join as they come; whole messages are separate sentences.
            self._add_text(text, delta=kind == "delta" or "delta" in payload)
            return [self._update("text", text, payload)]
        return [self._update("other", "", payload)]


def _texts(value: Any) -> list[str]:
    """A list of strings from an event, or none when it sent something else."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

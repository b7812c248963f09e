"""Server-sent events off the wire: an incremental parser that survives any chunking."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Any

__all__ = ["SSEEvent", "SSEParser"]


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One dispatched event; a comment line (`: ...`) comes out as `comment` set."""

    event: str = "message"
    data: str = ""
    id: str | None = None
    comment: str | None = None

    @property
    def is_heartbeat(self) -> bool:
        return self.comment is not None or self.event in ("heartbeat", "ping")

    def json(self) -> Any:
        """The data as JSON, or None when it is not JSON."""
        if not self.data:
            return None
        try:
            return json.loads(self.data)
        except ValueError:
            return None


class SSEParser:
    """Feed bytes as they arrive, get whole events back (the WHATWG event-stream rules).

    Chunks may split a line, a `\\r\\n` pair or a UTF-8 sequence anywhere.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self._first = True

    def feed(self, chunk: bytes | str) -> list[SSEEvent]:
        text = chunk if isinstance(chunk, str) else self._decoder.decode(chunk)
        if self._first and text:
            text = text.removeprefix("\ufeff")
            self._first = False
        self._buffer += text
        return self._drain(final=False)

    def close(self) -> list[SSEEvent]:
        """The events still held at the end of the stream (a last event without blank line
        is dropped, as the standard says)."""
        self._buffer += self._decoder.decode(b"", final=True)
        events = self._drain(final=True)
        self._data, self._event = [], ""
        return events

    def _drain(self, *, final: bool) -> list[SSEEvent]:
        events: list[SSEEvent] = []
        buf = self._buffer
        start = 0
        while True:
            cr = buf.find("\r", start)
            lf = buf.find("\n", start)
            if cr < 0 and lf < 0:
                break
            if cr >= 0 and (lf < 0 or cr < lf):
                if cr + 1 == len(buf) and not final:
                    break  # a \r at the end may be half of \r\n: wait for the next chunk
                end, nxt = cr, cr + 2 if buf.startswith("\n", cr + 1) else cr + 1
            else:
                end, nxt = lf, lf + 1
            event = self._line(buf[start:end])
            if event is not None:
                events.append(event)
            start = nxt
        self._buffer = buf[start:]
        return events

    def _line(self, line: str) -> SSEEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return SSEEvent(event="comment", comment=line[1:].strip())
        name, sep, value = line.partition(":")
        if sep:
            value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None

    def _dispatch(self) -> SSEEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data and not event:
            return None
        return SSEEvent(event=event or "message", data="\n".join(data), id=self._id)

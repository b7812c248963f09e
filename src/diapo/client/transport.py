"""The sans-I/O seam between protocol logic and httpx: steps, envelopes, upload progress.

Every operation of the SDK is written once, as a generator of steps (`Send`,
`Sleep`, `Notice`) in `diapo.client.core`. `sync.py` and `aio.py` only run the
steps — with `httpx.Client` and `time.sleep`, or `httpx.AsyncClient` and
`asyncio.sleep` — so the error table and the retry rules live in one place.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from diapo.client.errors import ProtocolError

__all__ = [
    "Flow",
    "Notice",
    "ProgressCallback",
    "ProgressStream",
    "Send",
    "Sleep",
    "Step",
    "envelope_of",
    "retry_after_seconds",
]

T = TypeVar("T")

#: Called with (bytes done, bytes in all or None when unknown).
ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class Send:
    """Send this request; the answer comes back read, or open when `stream` is set
    (an error status is always read, so that its envelope can be checked)."""

    request: httpx.Request
    stream: bool = False


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the caller should be told (a new session was made, a new token taken)."""

    message: str


Step = Send | Sleep | Notice
Flow = Generator[Step, Any, T]


def envelope_of(response: httpx.Response) -> dict[str, Any]:
    """The `{"code", "message", "data"}` envelope of a read response."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "code" not in body:
        text = response.text[:200] if response.content else ""
        raise ProtocolError(
            f"The server answered HTTP {response.status_code} without an envelope: {text!r}",
            status=response.status_code,
        )
    return body


def retry_after_seconds(response: httpx.Response, default: float = 1.0) -> float:
    """`Retry-After` as seconds (delta-seconds or an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else default


class ProgressStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A request body that reports bytes sent; works for both sync and async clients."""

    def __init__(
        self,
        inner: Any,  # httpx's multipart stream: both sync and async iterable
        total: int | None,
        callback: ProgressCallback | None,
    ) -> None:
        self._inner = inner
        self._total = total
        self._callback = callback

    def __iter__(self) -> Iterator[bytes]:
        done = 0
        for chunk in self._inner:
            done += len(chunk)
            yield chunk
            if self._callback is not None:
                self._callback(done, self._total)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        done = 0
        if hasattr(self._inner, "__aiter__"):
            async for chunk in self._inner:
                done += len(chunk)
                yield chunk
                if self._callback is not None:
                    self._callback(done, self._total)
        else:
            for chunk in self:
                yield chunk

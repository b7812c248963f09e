"""Server-sent events: event framing and heartbeats while work runs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from diapo.draft.bidi import without_bidi_controls

__all__ = ["HEARTBEAT", "adk_content", "event", "heartbeats_until"]

#: An SSE comment: every client ignores it, and proxies see traffic.
HEARTBEAT = b": heartbeat\n\n"


def event(payload: dict[str, Any]) -> bytes:
    """One `data:` event holding `payload` as JSON."""
    # Every string in it may echo what a person typed: no bidi control is sent back.
    text = without_bidi_controls(json.dumps(payload, ensure_ascii=False, default=str))
    return b"data: " + text.encode() + b"\n\n"


def adk_content(part: dict[str, Any]) -> dict[str, Any]:
    """The same information in the shape agent-framework clients read (`content.parts`)."""
    return {"role": "model", "parts": [part]}


async def heartbeats_until(
    task: asyncio.Future[Any], *, every: float, deadline: float
) -> AsyncIterator[bytes]:
    """Yield a heartbeat every `every` seconds until `task` is done; then read `task.result()`.

    Raises TimeoutError when the loop clock passes `deadline` first.
    """
    loop = asyncio.get_running_loop()
    while not task.done():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError
        await asyncio.wait({task}, timeout=min(every, remaining))
        if not task.done():
            yield HEARTBEAT

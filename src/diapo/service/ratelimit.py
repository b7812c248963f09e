"""Per-token request rate limit: a sliding one-minute window per token.

Kept in the web process's memory on purpose: a limit is about the last
minute, so losing it on restart loses nothing that matters.
"""

from __future__ import annotations

import math
import threading
from collections import deque

from diapo.service.clock import Clock, SystemClock
from diapo.service.errors import RateLimitedError

__all__ = ["RateLimiter"]


class RateLimiter:
    def __init__(
        self, per_minute: int, *, window_seconds: float = 60.0, clock: Clock | None = None
    ) -> None:
        self.per_minute = per_minute
        self.window = window_seconds
        self.clock = clock or SystemClock()
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Count one request for `key`, or raise RateLimitedError (429) with Retry-After."""
        if self.per_minute <= 0:
            return
        now = self.clock.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry = math.ceil(hits[0] + self.window - now)
                raise RateLimitedError(f"Too many requests; retry in {retry} s.", retry_after=retry)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle tokens
                for k in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
                    del self._hits[k]

"""`Clock`: where the service reads the time, so tests can move it instead of sleeping.

The service reads it where time decides an answer: a token's expiry and the
per-token rate limit. `SystemClock` is the real time; tests pass
`diapo.service.testing.ManualClock` to `create_app(clock=...)` and advance it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

__all__ = ["Clock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The wall-clock time, timezone-aware UTC (compared with stored times)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never go back (for durations)."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

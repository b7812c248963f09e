"""How long a process has been silent, not counting the time it waited for a CPU.

A stall watchdog that counts wall time takes a busy machine for a hung process: at load 25 on
two cores a worker runs a twelfth of the time, and a soundtrack that needs ten seconds of CPU
is silent for two minutes (issue 26). Linux tells, per thread, how long it sat runnable in the
run queue (`/proc/PID/task/TID/schedstat`, second field): that time is the machine's delay,
not the process's. What is left of the silence is time it ran, or waited on something else (a
file system, a pipe, a SIGSTOP): that is what a stall limit is measured against. A much longer
wall-clock limit still catches a process that is never let run at all.
Without /proc (not Linux, the process gone) the silence is wall time, as before.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

__all__ = ["WALL_OVER_STALL", "SilenceClock", "run_queue_seconds"]

#: A process silent this many stall limits by the wall clock is stalled, however busy the
#: machine: at load 25 on two cores a healthy one still gets more than a tenth of a core.
WALL_OVER_STALL = 10.0


def run_queue_seconds(pid: int, thread: int | None = None) -> float:
    """How long `pid`'s live threads (or its one `thread`) have waited, runnable, for a CPU.

    In seconds, all threads together; 0.0 if unknown.
    """
    tasks = Path(f"/proc/{pid}/task")
    total = 0
    with contextlib.suppress(OSError):
        for task in [tasks / str(thread)] if thread is not None else tasks.iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text(encoding="ascii").split()[1])
    return total / 1e9


class SilenceClock:
    """The silence of one process (or one of its threads) since its last sign of life.

    Less the time it waited for a CPU. A thread is watched alone where its process does more
    than the job watched (a service worker's other jobs, its web server): their waits are not
    this job's.
    """

    def __init__(self, pid: int | None = None, *, thread: int | None = None) -> None:
        self.pid = os.getpid() if pid is None else pid
        self.thread = thread
        self.heard = time.monotonic()
        self._waited = run_queue_seconds(self.pid, thread)

    def heard_now(self) -> None:
        """A sign of life: the silence starts again from here."""
        self.heard = time.monotonic()
        self._waited = run_queue_seconds(self.pid, self.thread)

    def wall(self) -> float:
        """Seconds since the last sign of life, by the wall clock."""
        return time.monotonic() - self.heard

    def counted(self) -> float:
        """Seconds since the last sign of life that the process was not kept off the CPUs.

        Several threads may wait at once, so their waits are capped at the wall time.
        """
        wall = self.wall()
        waited = max(0.0, run_queue_seconds(self.pid, self.thread) - self._waited)
        return max(0.0, wall - min(wall, waited))

    def stalled(self, limit: float, wall_limit: float | None = None) -> bool:
        """Silent past `limit` of its own time, or past `wall_limit` of wall time.

        `wall_limit` is `WALL_OVER_STALL` times `limit` unless given.
        """
        wall = self.wall()
        if wall <= limit:  # the common case, answered without reading /proc
            return False
        if wall > (WALL_OVER_STALL * limit if wall_limit is None else wall_limit):
            return True
        return self.counted() > limit

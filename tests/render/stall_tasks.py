"""Tasks for the chunk pool's workers in the stall tests, in a module light to import.

A worker imports the module of the function it runs; this one loads nothing but the standard
library, so that what a task costs is what it does.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable


def burn_silently(seconds: float, progress: Callable[[float], None], _cancel: object) -> None:
    """Needs `seconds` of CPU and says nothing while it works."""
    progress(0.0)
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def stop_myself(_task: float, progress: Callable[[float], None], _cancel: object) -> None:
    """Hangs as a stopped process does: alive, silent, using no CPU."""
    progress(0.0)
    os.kill(os.getpid(), signal.SIGSTOP)

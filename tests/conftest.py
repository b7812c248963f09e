"""Suite-wide: a test's timeout fails that test and never aborts the run.

pytest-timeout's signal method raises `Failed` from SIGALRM wherever the main thread is. Inside a
test phase (setup, call, teardown) pytest turns that into the test's failure; between phases (a
report being built, the hypothesis plugin's report wrapper, the terminal writing it) nothing
catches it and the whole run stops with INTERNALERROR. So the alarm here only fails a test inside
a phase; one that rings between phases waits for the next phase, or for the cancel.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Generator
from types import FrameType
from typing import Any

import pytest
import pytest_timeout

# How often a deferred alarm looks again, and how long pytest's own code may hold it off before
# the worker gives up the way pytest-timeout's thread method does (stacks dumped, process ends;
# under xdist the test is reported failed and a fresh worker carries on).
_RETRY_S = 0.5
_GIVE_UP_AFTER_S = 120.0


class _Phase:
    """Whether the main thread is inside a test phase, where a raised `Failed` is the test's."""

    active = False


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _in_phase())


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _in_phase())


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _in_phase())


def _in_phase() -> Generator[None, None, None]:
    _Phase.active = True
    try:
        return (yield)
    finally:
        _Phase.active = False


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    if settings.method != "signal" or threading.current_thread() is not threading.main_thread():
        return None  # pytest-timeout's own thread method
    rang_at: list[float] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        __tracebackhide__ = True
        if _Phase.active:
            pytest_timeout.timeout_sigalrm(item, settings)
            return
        rang_at.append(time.monotonic())
        if time.monotonic() - rang_at[0] > _GIVE_UP_AFTER_S:
            pytest_timeout.timeout_timer(item, settings)
        signal.setitimer(signal.ITIMER_REAL, _RETRY_S)

    def cancel() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel  # type: ignore[attr-defined]  # read by pytest-timeout's cancel
    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    return True

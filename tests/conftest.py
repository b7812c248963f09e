"""Suite-wide: markers from what a test uses, and a timeout that fails its test, never the run.

Markers (registered in pyproject.toml, --strict-markers): `process`, `engines` and `browser` are
set here from the fixtures a test uses, or from its module or name when it starts processes
itself, so that `pytest -m "not process and not engines and not browser"` is a quick loop.

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
from hypothesis import HealthCheck, settings

# Hypothesis judges speed by the wall clock too: under the load of a parallel run beside other
# work, its 200 ms deadline and too-slow health check fail tests that are only slowed.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# Fixtures that start a process, an engine or a browser, by (where they are defined, name).
FIXTURE_MARKS: dict[tuple[str, str], str] = {
    ("tests/agent", "server"): "process",
    ("tests/agent", "server_factory"): "process",
    ("tests/service", "server_factory"): "process",
    ("tests/e2e", "diapo_server"): "process",
    ("tests/e2e", "diapo_server_factory"): "process",
    ("tests/e2e", "browser"): "browser",
    ("tests/service", "postgres"): "engines",
    ("tests/service", "redis_server"): "engines",
    ("tests/service", "s3_server"): "engines",
}

# Tests that start processes themselves (the CLI as a process, render workers, Chromium), by
# module, or by module::test for a module where only some do.
NODE_MARKS: dict[str, tuple[str, ...]] = {
    "tests/e2e/test_cli_chat.py": ("process",),
    "tests/e2e/test_cli_export_for.py": ("process",),
    "tests/e2e/test_cli_export_formats.py": ("process",),
    "tests/render/test_chunked_render.py": ("process",),
    "tests/render/test_chunk_stall.py": ("process",),
    "tests/render/test_soundtrack_memory.py": ("process",),
    "tests/cli/test_render_jobs.py": ("process",),
    "tests/cli/test_render_stall.py": ("process",),
    "tests/cli/test_render_cache.py": ("process",),
    "tests/service/test_chunked.py": ("process",),
    "tests/service/test_restart.py": ("process",),
    "tests/render/test_memory.py::test_a_freed_photo_buffer_leaves_the_process_at_once": (
        "process",
    ),
    "tests/render/test_chunkcache.py::test_keys_are_the_same_in_another_process": ("process",),
    "tests/cli/test_render_cmd.py::test_console_script_runs_as_a_process": ("process",),
    "tests/service/test_ledger.py::test_granted_credits_and_registration_keep_the_balance": (
        "process",
    ),
    "tests/service/test_hostile_uploads.py::"
    "test_six_hostile_uploads_at_once_stay_under_a_gigabyte": ("process",),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        marks: set[str] = set()
        if not isinstance(item, pytest.Function):
            continue  # only test functions use fixtures
        for name in item.fixturenames:
            # The definition in use is the last one (the closest conftest); its baseid is
            # the directory of that conftest.
            for fixture in item._fixtureinfo.name2fixturedefs.get(name, ())[-1:]:
                mark = FIXTURE_MARKS.get((fixture.baseid, name))
                if mark is not None:
                    marks.add(mark)
        module, _, test = item.nodeid.partition("::")
        marks.update(NODE_MARKS.get(module, ()))
        marks.update(NODE_MARKS.get(f"{module}::{test.split('[')[0]}", ()))
        for mark in sorted(marks):
            item.add_marker(mark)


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

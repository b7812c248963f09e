"""A test that runs past its timeout fails alone: the run goes on to the next test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")

# The alarm (1 s) rings while pytest builds the report of the call phase, outside any test phase:
# pytest-timeout alone raises there and the run stops with INTERNALERROR.
SLOW_REPORT = """
import time
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    if call.when == "call" and item.name == "test_reported_slowly":
        time.sleep(3)
    return (yield)
"""

TESTS = """
import time

def test_reported_slowly():
    pass

def test_hangs():
    time.sleep(60)

def test_after():
    pass
"""


def test_a_timeout_fails_its_test_and_the_run_goes_on(tmp_path: Path) -> None:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "slow_report.py").write_text(SLOW_REPORT, encoding="utf-8")
    (tmp_path / "test_inner.py").write_text(TESTS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "slow_report",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--timeout",
            "1",
            "--timeout-method",
            "signal",
            "-rA",
            "test_inner.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = done.stdout + done.stderr
    assert "INTERNALERROR" not in out, out
    assert "PASSED test_inner.py::test_after" in out, out
    assert "FAILED test_inner.py::test_hangs - Failed: Timeout" in out, out
    # The alarm that rang in pytest's report waited: the test was reported (it did nothing slow
    # itself, so it passes unless the alarm finds its teardown).
    assert "test_inner.py::test_reported_slowly" in out.split("short test summary")[-1], out

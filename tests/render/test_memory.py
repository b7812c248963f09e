"""A render hands freed photo buffers back to the system instead of keeping them in the heap."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PROBE = """
import sys
import numpy as np
from diapo.render.memory import map_big_buffers_apart

def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmRSS"))

if sys.argv[1] == "fixed":
    map_big_buffers_apart()
# Freeing one big buffer makes glibc keep later ones (up to that size) in its heap.
np.ones(30 * 2**20, np.uint8)
photo = np.ones(20 * 2**20, np.uint8)  # a decoded photo
pins = [np.ones(1000, np.uint8) for _ in range(200)]  # small objects made after it
before = rss_mb()
del photo
print(before - rss_mb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_freed_photo_buffer_leaves_the_process_at_once() -> None:
    def returned(mode: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
        )
        return float(out.stdout.strip())

    assert returned("fixed") > 15  # the 20 MB are given back as soon as they are freed
    assert returned("default") < 5  # what happened before: they stayed in the heap

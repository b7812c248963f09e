"""A long song costs the span the video uses: `diapo render` and `diapo probe` on 2 and 20 hours.

Each command runs in a fresh interpreter that reports its own peak memory
(VmHWM) and the bytes it read (rchar) as it exits: reading is the decoding
work's measure that a loaded machine cannot blur, as a wall clock would. The
child has its address space capped, so that a regression fails with a
MemoryError here instead of taking the machine's memory (a 20-hour song
decoded whole is 27 GB at 48 kHz).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from tests.factories.long_sound import write_silence

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="VmHWM and rchar are Linux's"
)

_CAP_BYTES = 6 << 30  # address space of the child: far above a good run, far below a bad one
_MEASURED = """
import json, runpy, sys
def report():
    io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
    peak, read = int(status["VmHWM"].split()[0]) / 1024, int(io["rchar"]) / 2**20
    figures = {"peak_mb": peak, "read_mb": read}
    print("MEASURED " + json.dumps(figures), file=sys.stderr)
sys.argv = ["diapo", *sys.argv[1:]]
try:
    runpy.run_module("diapo", run_name="__main__")
finally:
    report()
"""

FILES = [(hours, ext) for hours in (2, 20) for ext in ("mp3", "m4a", "wav")]


@pytest.fixture(scope="module")
def songs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], Path]:
    folder = tmp_path_factory.mktemp("long-songs")
    return {(h, ext): write_silence(folder / f"silence-{h}h.{ext}", h) for h, ext in FILES}


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("photos")
    paths = [folder / f"p{i}.jpg" for i in range(3)]
    rng = np.random.default_rng(24)
    for path in paths:  # sharp and unlike each other: culling keeps all three
        cv2.imwrite(str(path), rng.integers(0, 256, (360, 480, 3), np.uint8))
    return paths


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_CAP_BYTES, _CAP_BYTES))


def _diapo(*args: str) -> tuple[str, dict[str, Any]]:
    """Run `diapo args` in a fresh, capped interpreter: its output and its figures."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_cap,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stderr.splitlines() if x.startswith("MEASURED "))
    figures: dict[str, Any] = json.loads(line.removeprefix("MEASURED "))
    return done.stdout, figures


@pytest.mark.parametrize(("hours", "ext"), FILES)
def test_render_with_a_long_song_reads_only_the_span_it_uses(
    songs: dict[tuple[int, str], Path],
    photos: list[Path],
    tmp_path: Path,
    hours: int,
    ext: str,
) -> None:
    import av

    out = tmp_path / "m.mp4"
    song = songs[(hours, ext)]
    _, figures = _diapo(
        "render", *map(str, photos), "--music", str(song), "--resolution", "360p",
        "--seconds-per-photo", "1", "-o", str(out),
    )  # fmt: skip
    # Measured 319-325 MB and 26-33 MB read for every file; before, a 2-hour MP3
    # passed 3 GB and the time grew with the file (it was decoded whole).
    assert figures["peak_mb"] < 600, figures
    assert figures["read_mb"] < 60, figures  # a 20-hour MP3 is 69 MB, its WAV 1.1 GB
    with av.open(str(out)) as container:
        assert container.streams.audio[0].codec_context.name == "aac"
        seconds = float(container.duration or 0) / 1_000_000
    assert 1.5 < seconds < 4  # the video's length, with the song's span under it


def test_probe_of_long_files_measures_loudness_in_bounded_memory_and_reading(
    songs: dict[tuple[int, str], Path],
) -> None:
    paths = [songs[key] for key in FILES]
    shown, figures = _diapo("probe", "--json", *map(str, paths))
    rows = json.loads(shown)
    assert [Path(r["path"]).name for r in rows] == [p.name for p in paths]
    for row, (hours, _) in zip(rows, FILES, strict=True):
        assert row["duration_ms"] == pytest.approx(hours * 3_600_000, rel=0.01)
        loudness = row["loudness"]
        assert loudness["sampled"] is True  # windows spread along the file
        assert loudness["lufs"] is None  # silence has no integrated loudness
    # Measured 269 MB and 40 MB read for the six files (1.4 GB of them), 20 s for a
    # 2-hour and 21 s for a 20-hour MP3; before, a 2-hour file took over 3 GB and
    # a 20-hour one passed the 6 GB cap: its sound was decoded whole to be measured.
    assert figures["peak_mb"] < 600, figures
    assert figures["read_mb"] < 100, figures

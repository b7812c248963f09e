"""The soundtrack's memory is flat in the video's length: mixing it and exporting it alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from diapo.media import decode_audio
from diapo.music import spool
from diapo.render.audio import SAMPLE_RATE, file_source
from diapo.render.encode import encode_audio_only
from diapo.render.pipeline import path_resolver

# Runs in a fresh process, so that its peak memory (VmHWM) is the soundtrack's own; ru_maxrss
# would start at the peak of the test process that started it and hide the growth.
_PROBE = """
import json, sys
from pathlib import Path
import numpy as np, cv2
from diapo.draft import MediaRef, build_slideshow
from diapo.music.loudness import integrated_loudness, true_peak
from diapo.render.audio import SAMPLE_RATE, file_source, mix_soundtrack
from diapo.render.pipeline import path_resolver, render
from diapo.render.plan import make_plan

minutes, style, what, work = float(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
photo = work / "p.jpg"
cv2.imwrite(str(photo), np.full((90, 160, 3), 128, np.uint8))
media = [MediaRef(id=str(photo), kind="photo", width=160, height=90)] * round(minutes * 60 / 3)
draft = build_slideshow(media, music=style, seconds_per_photo=3.5, long_side=160, fps=10)
plan = make_plan(draft)
from diapo.render.memory import peak_rss_bytes
mb = lambda: peak_rss_bytes() / 2**20
before = mb()
if what == "mix":
    audio = mix_soundtrack(draft, plan, file_source(path_resolver()))
    after = mb()
    figures = [len(audio) / SAMPLE_RATE, integrated_loudness(audio, SAMPLE_RATE), true_peak(audio)]
else:
    render(draft, work / "out.wav", resolve=path_resolver())
    after = mb()
    figures = []
print(json.dumps([after - before, after, *figures]))
"""


def _probe(minutes: float, style: str, what: str, work: Path) -> list[float]:
    work.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(minutes), style, what, str(work)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures: list[float] = json.loads(out.stdout)
    return figures


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_mixing_ten_minutes_of_music_takes_the_memory_of_one(tmp_path: Path) -> None:
    # lofi: the record's hiss and crackles and the low-pass made whole-length copies.
    short = _probe(1, "lofi", "mix", tmp_path / "short")
    long = _probe(10, "lofi", "mix", tmp_path / "long")
    assert long[2] > 9 * 60  # seconds of sound
    # Measured 59 and 64 MB; it was 120 and 956 MB when the soundtrack lay in memory.
    assert long[0] - short[0] < 40
    assert long[0] < 150
    for _, _, _, lufs, peak in (short, long):
        assert lufs == pytest.approx(-14.0, abs=0.1)
        assert peak <= 10 ** (-1 / 20)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_exporting_a_long_soundtrack_alone_takes_the_memory_of_a_short_one(
    tmp_path: Path,
) -> None:
    # Measured 47 and 54 MB; it was 68 and 435 MB.
    short = _probe(1, "tarantella", "export", tmp_path / "short")
    long = _probe(10, "tarantella", "export", tmp_path / "long")
    assert long[0] - short[0] < 40
    assert long[0] < 150
    # The finished file is all the folder holds: no temporary file is left beside it.
    assert sorted(p.name for p in (tmp_path / "long").iterdir()) == ["out.wav", "p.jpg"]


def test_a_short_song_looped_under_a_long_video_repeats_whole_and_is_spooled(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(2)
    song = tmp_path / "song.wav"
    noise = (0.3 * rng.standard_normal((7 * SAMPLE_RATE, 2))).astype(np.float32)
    encode_audio_only(song, "wav", noise)
    decoded = decode_audio(song, sample_rate=SAMPLE_RATE)
    looped = file_source(path_resolver())(str(song), 0, 50_000, True)
    assert spool._mapping(looped) is not None  # 50 s: in a file, not in memory
    assert np.array_equal(looped, np.tile(decoded, (8, 1))[: 50 * SAMPLE_RATE])

"""Sound of any length: refused over a limit from the header, read only where asked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.factories.long_sound import RATE, write_clip, write_silence

from diapo.errors import MediaTooLargeError
from diapo.media import audio_blocks, probe

_TWO_HOURS_MS = 2 * 3_600_000


@pytest.fixture(scope="module")
def long_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("long")
    files = {ext: write_silence(folder / f"silence-20h.{ext}", 20) for ext in ("mp3", "m4a", "wav")}
    files["clip"] = write_clip(folder / "one-frame.mp4", 3)
    return files


@pytest.mark.parametrize("key", ["mp3", "m4a", "wav"])
def test_a_song_over_the_limit_is_refused_naming_the_file_and_the_limit(
    long_files: dict[str, Path], key: str
) -> None:
    path = long_files[key]
    assert probe(path).duration_ms == pytest.approx(20 * 3_600_000, rel=0.01)  # no limit: fine
    with pytest.raises(MediaTooLargeError) as caught:
        probe(path, max_sound_ms=_TWO_HOURS_MS)
    assert caught.value.code == 4002
    assert caught.value.message.startswith(f"{path.name} lasts 20:0")
    assert caught.value.message.endswith("sound may last at most 2:00:00.")


def test_a_clip_is_held_to_the_limit_by_its_sound_not_its_picture(
    long_files: dict[str, Path],
) -> None:
    # One frame of picture (40 ms) over three hours of sound: the sound counts.
    clip = long_files["clip"]
    assert probe(clip).kind == "video"
    with pytest.raises(MediaTooLargeError, match=r"one-frame\.mp4 lasts 3:00:\d\d"):
        probe(clip, max_sound_ms=_TWO_HOURS_MS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rchar is Linux's")
@pytest.mark.parametrize("key", ["mp3", "m4a", "wav"])
def test_a_span_near_the_end_of_twenty_hours_reads_only_that_span(
    long_files: dict[str, Path], key: str
) -> None:
    def read_mb() -> float:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1]) / 2**20
        raise AssertionError("no rchar")

    before = read_mb()
    blocks = list(
        audio_blocks(long_files[key], sample_rate=RATE, start_ms=19 * 3_600_000, duration_ms=3000)
    )
    read = read_mb() - before
    assert sum(len(b) for b in blocks) == 3 * RATE
    assert all(b.shape[1] == 2 and len(b) <= 1 << 18 for b in blocks)
    # The WAV is 1.1 GB and the MP3 69 MB: reaching hour 19 by decoding read them
    # whole (the MP3 was read frame by frame up to the place until fastseek).
    assert read < 10, f"{read:.1f} MB read"

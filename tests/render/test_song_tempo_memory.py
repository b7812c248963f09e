"""Finding a song's tempo (what an upload's check does) costs the same for any length of song."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.factories.long_sound import write_silence

# A fresh interpreter, so that its peak memory (VmHWM) is the analysis' own.
_PROBE = """
import json, sys
from pathlib import Path
from diapo.render.audio import song_tempo
from diapo.render.memory import peak_rss_bytes
before = peak_rss_bytes()
tempo = song_tempo(Path(sys.argv[1]))
print(json.dumps([(peak_rss_bytes() - before) / 2**20, tempo is None]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_the_tempo_of_a_two_hour_song_takes_a_bounded_amount_of_memory(tmp_path: Path) -> None:
    song = write_silence(tmp_path / "two-hours.mp3", 2)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(song)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    grown_mb, no_pulse = json.loads(done.stdout)
    assert no_pulse  # silence has no beat
    # Measured 67 MB; it was 459 MB (three minutes decoded at 48 kHz stereo,
    # then the whole STFT at once), which an upload's check added to the server.
    assert grown_mb < 150

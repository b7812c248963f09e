"""Sound decodes to float32 stereo at the requested rate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from diapo.media import decode_audio, has_audio
from diapo.samples import TONE_AMPLITUDE


@pytest.mark.parametrize("name", ["wav", "mp3", "m4a", "aac", "clip"])
def test_tone_decodes_to_stereo_float_at_the_rate_asked(
    samples: dict[str, Path], name: str
) -> None:
    samples_ = decode_audio(samples[name], sample_rate=48000)
    seconds = 2.0 if name == "clip" else 1.0
    assert samples_.dtype == np.float32
    assert samples_.shape[1] == 2
    assert samples_.shape[0] == pytest.approx(48000 * seconds, rel=0.06)
    middle = samples_[len(samples_) // 4 : 3 * len(samples_) // 4]
    rms = float(np.sqrt(np.mean(middle**2)))
    assert rms == pytest.approx(TONE_AMPLITUDE / np.sqrt(2), rel=0.1)
    assert np.abs(samples_).max() <= 1.0


def test_tone_has_the_right_pitch(samples: dict[str, Path]) -> None:
    left = decode_audio(samples["wav"], sample_rate=22050)[:, 0]
    spectrum = np.abs(np.fft.rfft(left))
    peak_hz = np.argmax(spectrum) * 22050 / len(left)
    assert peak_hz == pytest.approx(440, abs=3)


def test_start_and_duration_cut_the_sound(samples: dict[str, Path]) -> None:
    cut = decode_audio(samples["clip"], sample_rate=48000, start_ms=500, duration_ms=1000)
    assert cut.shape == (48000, 2)


def test_video_without_sound_gives_silence(samples: dict[str, Path]) -> None:
    assert has_audio(samples["clip_silent"]) is False
    assert has_audio(samples["clip"]) is True
    assert decode_audio(samples["clip_silent"]).shape == (0, 2)

"""The instruments: plucked strings in tune, held notes steady, percussion short and bounded."""

from __future__ import annotations

import numpy as np
import pytest

from diapo.music.instruments import drum, pluck, sustained
from diapo.music.theory import midi_to_hz

SR = 48000


def _pitch(samples: np.ndarray, near: float) -> float:
    signal = samples.astype(np.float64) * np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(signal, 8 * len(signal)))
    hz = np.fft.rfftfreq(8 * len(signal), 1.0 / SR)
    band = (hz > near * 0.8) & (hz < near * 1.2)
    return float(hz[band][np.argmax(spectrum[band])])


@pytest.mark.parametrize("instrument", ["mandolin", "guitar", "bass"])
@pytest.mark.parametrize("midi", [45, 64, 76, 88])
def test_plucked_strings_are_in_tune(instrument: str, midi: int) -> None:
    hz = midi_to_hz(midi)
    tone = pluck(instrument, hz, SR, 1.5, np.random.default_rng(0))
    cents = 1200 * np.log2(_pitch(tone, hz) / hz)
    assert abs(cents) < 5


def test_plucked_note_decays_like_a_string() -> None:
    tone = pluck("mandolin", midi_to_hz(76), SR, 2.0, np.random.default_rng(0))
    early = np.sqrt(np.mean(tone[: SR // 10] ** 2))
    late = np.sqrt(np.mean(tone[-SR // 10 :] ** 2))
    assert late < early / 10


@pytest.mark.parametrize("voice", ["accordion", "flute", "tuba"])
def test_held_notes_are_in_tune_and_sustain(voice: str) -> None:
    hz = midi_to_hz(57 if voice == "tuba" else 72)
    tone = sustained(voice, hz, SR, 1.0, np.random.default_rng(0))
    assert abs(1200 * np.log2(_pitch(tone, hz) / hz)) < 10
    assert np.sqrt(np.mean(tone[-SR // 10 :] ** 2)) > 0.2


@pytest.mark.parametrize("kind", ["tambourine", "frame_drum", "kick", "snare", "crash"])
def test_percussion_hits_are_short_and_end_silently(kind: str) -> None:
    hit = drum(kind, 0, SR, np.random.default_rng(0))
    assert hit.dtype == np.float32
    assert len(hit) <= 2 * SR
    assert np.max(np.abs(hit)) <= 1.0
    assert abs(float(hit[-1])) < 1e-3

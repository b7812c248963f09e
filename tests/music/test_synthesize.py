"""synthesize(): length, format, loudness, a clean ending, determinism, speed."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.errors import DiapoError
from diapo.music import STYLES, InvalidSoundtrackError, synthesize

Piece = Callable[..., NDArray[np.float32]]
SR = 48000


def _dbfs(samples: NDArray[np.float32]) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(samples, dtype=np.float64))) + 1e-12))


@pytest.mark.parametrize("duration", [1.0, 7.3, 30.0])
def test_length_is_exactly_the_requested_duration(piece: Piece, duration: float) -> None:
    for style in STYLES:
        assert piece(style, duration).shape == (round(duration * SR), 2)


def test_odd_durations_and_sample_rates_give_exact_lengths() -> None:
    for duration, rate in [(2.71828, 44100), (1.0001, 22050), (3.5, 16000)]:
        audio = synthesize("festa", duration, sample_rate=rate)
        assert audio.shape == (round(duration * rate), 2)


def test_output_is_stereo_float32_with_both_channels_playing(piece: Piece) -> None:
    audio = piece("tarantella", 30.0)
    assert audio.dtype == np.float32
    assert audio.ndim == 2 and audio.shape[1] == 2
    assert np.all(np.isfinite(audio))
    # Voices are panned, so the channels differ but are both in use.
    assert not np.allclose(audio[:, 0], audio[:, 1])
    assert _dbfs(audio[:, 0]) > -25 and _dbfs(audio[:, 1]) > -25


@pytest.mark.parametrize("style", STYLES)
def test_level_is_loud_enough_without_clipping(piece: Piece, style: str) -> None:
    for duration in (1.0, 30.0):
        audio = piece(style, duration)
        assert np.max(np.abs(audio)) <= 0.95
        assert -20.0 <= _dbfs(audio) <= -12.0


@pytest.mark.parametrize("style", STYLES)
def test_piece_ends_in_silence_without_a_click(piece: Piece, style: str) -> None:
    for duration in (1.0, 7.3, 30.0):
        audio = piece(style, duration)
        last_10ms = audio[-SR // 100 :]
        assert np.max(np.abs(last_10ms)) < 1e-3
        assert abs(float(audio[-1, 0])) < 1e-4 and abs(float(audio[-1, 1])) < 1e-4
        # No jump between neighbouring samples in the last 100 ms.
        assert np.max(np.abs(np.diff(audio[-SR // 10 :], axis=0))) < 0.02


def test_piece_starts_without_a_click(piece: Piece) -> None:
    audio = piece("festa", 7.3)
    assert np.max(np.abs(audio[:2])) < 0.01


def test_same_seed_gives_the_same_audio() -> None:
    first = synthesize("mandolino", 5.0, seed=7)
    second = synthesize("mandolino", 5.0, seed=7)
    assert np.array_equal(first, second)


def test_different_seeds_give_different_tunes(piece: Piece) -> None:
    first, second = piece("tarantella", 30.0, 0), piece("tarantella", 30.0, 1)
    correlation = np.corrcoef(first[:, 0], second[:, 0])[0, 1]
    assert abs(correlation) < 0.5


def test_a_long_piece_is_not_one_loop_repeated(piece: Piece) -> None:
    audio = piece("serenata", 120.0)[:, 0].astype(np.float64)
    # Compare the opening phrase with every later stretch of the same length:
    # the form brings the theme back, but never as an identical copy.
    window = 10 * SR
    opening = audio[SR * 2 : SR * 2 + window]
    for start in range(SR * 12, len(audio) - window, SR // 2):
        later = audio[start : start + window]
        assert np.corrcoef(opening, later)[0, 1] < 0.95


def test_unusable_durations_are_refused() -> None:
    for duration in (0.0, -1.0, float("nan"), float("inf"), 10_000.0):
        with pytest.raises(InvalidSoundtrackError) as caught:
            synthesize("tarantella", duration)
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, DiapoError)
        assert caught.value.code == 422


def test_written_wav_reads_back_with_the_same_length(piece: Piece, tmp_path: Path) -> None:
    audio = piece("mandolino", 7.3)
    path = tmp_path / "mandolino.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(SR)
        out.writeframes((audio * 32767).astype("<i2").tobytes())
    with wave.open(str(path), "rb") as back:
        assert back.getnframes() == len(audio)
        assert back.getnchannels() == 2

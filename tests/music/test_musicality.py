"""The pieces sound like music: steady tempo at the style's speed, in key, closing on the tonic."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.music import STYLE_INFO, STYLES
from diapo.music.arrangements import ARRANGEMENTS

Piece = Callable[..., NDArray[np.float32]]
SR = 48000
HOP = 240


def _onsets(audio: NDArray[np.float32]) -> NDArray[np.float64]:
    """Spectral flux: how much new energy each 5 ms frame brings."""
    mono = audio.mean(axis=1, dtype=np.float64)
    frames = len(mono) // HOP
    spectra = np.abs(
        np.fft.rfft(mono[: frames * HOP].reshape(frames, HOP) * np.hanning(HOP), axis=1)
    )
    flux = np.maximum(0.0, np.diff(np.log1p(100 * spectra), axis=0)).sum(axis=1)
    return np.asarray(flux - flux.mean(), np.float64)


def _pulse(audio: NDArray[np.float32]) -> float:
    """The shortest strong periodicity of the onsets between 0.1 and 0.6 s (the pulse)."""
    envelope = _onsets(audio)
    correlation = np.correlate(envelope, envelope, "full")[len(envelope) - 1 :]
    lags = np.arange(len(correlation)) * HOP / SR
    window = np.flatnonzero((lags >= 0.1) & (lags <= 0.6))
    best = correlation[window].max()
    for i in window:
        if correlation[i] >= 0.6 * best and correlation[i] >= max(
            correlation[i - 1], correlation[i + 1]
        ):
            return float(lags[i])
    raise AssertionError("no pulse found")


def _chroma(audio: NDArray[np.float32]) -> NDArray[np.float64]:
    """Share of spectral energy (100 Hz - 1 kHz) on each of the twelve pitch classes."""
    mono = audio.mean(axis=1, dtype=np.float64)
    power = np.abs(np.fft.rfft(mono)) ** 2
    hz = np.fft.rfftfreq(len(mono), 1.0 / SR)
    band = (hz > 100) & (hz < 1000)
    classes = np.round(12 * np.log2(hz[band] / 440.0) + 69).astype(int) % 12
    chroma = np.bincount(classes, weights=power[band], minlength=12)
    return np.asarray(chroma / chroma.sum(), np.float64)


def _eighth(style: str) -> float:
    info = STYLE_INFO[style]
    # In compound metres the beat is a dotted quarter: three eighths.
    return 60.0 / info.bpm / (3 if info.meter.endswith("/8") else 2)


@pytest.mark.parametrize("seed", [0, 1])
def test_tarantella_pulses_in_eighth_notes_at_its_tempo(piece: Piece, seed: int) -> None:
    pulse = _pulse(piece("tarantella", 30.0, seed))
    assert pulse == pytest.approx(_eighth("tarantella"), rel=0.08)


def test_serenata_moves_at_a_slow_pulse(piece: Piece) -> None:
    assert _pulse(piece("serenata", 30.0)) == pytest.approx(_eighth("serenata"), rel=0.08)


def test_tarantella_is_much_faster_than_serenata(piece: Piece) -> None:
    assert _pulse(piece("serenata", 30.0)) > 1.8 * _pulse(piece("tarantella", 30.0))


def test_styles_sound_different_from_each_other(piece: Piece) -> None:
    chromas = {style: _chroma(piece(style, 30.0)) for style in STYLES}
    for a in STYLES:
        for b in STYLES:
            if a < b:
                assert np.abs(chromas[a] - chromas[b]).sum() > 0.3, (a, b)


@pytest.mark.parametrize("style", STYLES)
def test_music_stays_in_its_key(piece: Piece, style: str) -> None:
    chroma = _chroma(piece(style, 30.0))
    scale = ARRANGEMENTS[style].key.pitch_classes()
    in_key = sum(chroma[p] for p in scale)
    a_semitone_off = sum(chroma[(p + 1) % 12] for p in scale)
    assert in_key > 0.85
    assert a_semitone_off < 0.6


@pytest.mark.parametrize("style", STYLES)
def test_piece_closes_on_the_tonic_chord(piece: Piece, style: str) -> None:
    audio = piece(style, 30.0)
    key = ARRANGEMENTS[style].key
    tonic_triad = {p % 12 for p in key.chord(0)}
    ending = _chroma(audio[-int(1.2 * SR) : -int(0.2 * SR)])
    assert sum(ending[p] for p in tonic_triad) > 0.7
    assert int(np.argmax(ending)) in tonic_triad


def test_tarantella_uses_the_raised_seventh_of_harmonic_minor(piece: Piece) -> None:
    chroma = _chroma(piece("tarantella", 30.0))
    g_sharp, a_sharp = 8, 10
    assert chroma[g_sharp] > 3 * chroma[a_sharp]

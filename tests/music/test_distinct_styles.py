"""Each built-in style sounds like itself: measured spectra and rhythms differ for every pair."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.music import STYLES
from diapo.music.beats import onset_envelope

RATE = 48_000
Piece = Callable[..., NDArray[np.float32]]

# Measured on the 30-second pieces (seed 0), the closest pairs are tarantella and
# festa in spectrum (3.0 dB) and cinema and lofi in rhythm (0.09): both are still
# set apart by the other measure, and every pair clears both thresholds below.
MIN_SPECTRAL_DB = 2.5
MIN_RHYTHM = 0.08


def _spectrum_db(audio: NDArray[np.float32]) -> NDArray[np.float64]:
    """Average power in 12 log-spaced bands from 60 Hz to 12 kHz, in dB of the total."""
    mono = audio.mean(axis=1).astype(np.float64)
    size, hop = 4096, 2048
    count = (len(mono) - size) // hop
    index = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    power = (np.abs(np.fft.rfft(mono[index] * np.hanning(size), axis=1)) ** 2).mean(axis=0)
    hz = np.fft.rfftfreq(size, 1 / RATE)
    edges = np.geomspace(60, 12_000, 13)
    bands = np.array([power[(hz >= a) & (hz < b)].sum() for a, b in itertools.pairwise(edges)])
    return np.asarray(10 * np.log10(bands / bands.sum()))


def _rhythm(audio: NDArray[np.float32]) -> NDArray[np.float64]:
    """Autocorrelation of the onset envelope from 0.1 to 2 s: the piece's rhythmic fingerprint."""
    env = onset_envelope(audio, RATE)
    env = env - env.mean()
    corr = np.correlate(env, env, "full")[len(env) - 1 :]
    return np.asarray(corr[10:200] / corr[0])


@pytest.fixture(scope="module")
def measures(piece: Piece) -> dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]:
    return {s: (_spectrum_db(piece(s, 30.0)), _rhythm(piece(s, 30.0))) for s in STYLES}


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(STYLES, 2)))
def test_every_pair_of_styles_differs_in_spectrum_and_rhythm(
    a: str, b: str, measures: dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]
) -> None:
    (spec_a, rhythm_a), (spec_b, rhythm_b) = measures[a], measures[b]
    spectral = float(np.sqrt(np.mean((spec_a - spec_b) ** 2)))
    rhythmic = float(np.sqrt(np.mean((rhythm_a - rhythm_b) ** 2)))
    assert spectral > MIN_SPECTRAL_DB, (a, b, spectral)
    assert rhythmic > MIN_RHYTHM, (a, b, rhythmic)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("seconds", [6.0, 47.3])
def test_every_style_has_a_real_ending_at_any_length(style: str, seconds: float) -> None:
    from diapo.music import synthesize

    audio = synthesize(style, seconds)
    assert audio.shape == (round(seconds * RATE), 2)

    def rms(a: NDArray[np.float32]) -> float:
        return float(np.sqrt(np.mean(np.square(a, dtype=np.float64))))

    body = rms(audio[: int(0.6 * len(audio))])
    # The final chord rings, then dies away to silence by the last sample.
    assert rms(audio[-int(1.5 * RATE) : -int(1.0 * RATE)]) > 0.05 * body
    assert rms(audio[-int(0.05 * RATE) :]) < 0.05 * body
    assert float(np.abs(audio[-1]).max()) == 0.0

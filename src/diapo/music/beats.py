"""Tempo and beats of an uploaded song, found offline: onsets, their autocorrelation, a fit.

No librosa (it pulls numba and a compiler toolchain): the classic recipe is a
few dozen lines of NumPy. The song is taken to keep a steady tempo, which holds
for nearly all pop, dance and folk recordings; the grid found is then
`bpm` and the time of the first beat, which is what the draft stores
(`AudioMeta.bpm`, `AudioMeta.beat_at`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["ANALYSIS_RATE", "Tempo", "detect_tempo", "onset_envelope"]

#: The analysis' sample rate: the onsets that carry the beat are all below 6 kHz.
ANALYSIS_RATE = 12_000
_RATE = ANALYSIS_RATE
_FRAMES_AT_ONCE = 512  # STFT frames worked out together: a few MB of temporaries, not the song's
_FFT = 512
_HOP = 120  # 10 ms per envelope frame, a third of a video frame at 30 fps
_LATENCY = 0.033  # s: measured on click tracks (tests/music/test_beats.py)
_MIN_BPM, _MAX_BPM = 55.0, 200.0
_PREFERRED_BPM = 115.0  # where listeners tap when a song allows two tempi (Ellis 2007)


@dataclass(frozen=True, slots=True)
class Tempo:
    """A steady beat: tempo, where the first beat falls (ms), how clear the pulse is (0..1)."""

    bpm: float
    first_beat_ms: int
    confidence: float

    def beats_ms(self, duration_ms: float) -> list[float]:
        """Every beat from the first to `duration_ms`."""
        period = 60_000.0 / self.bpm
        count = max(0, math.floor((duration_ms - self.first_beat_ms) / period) + 1)
        return [self.first_beat_ms + k * period for k in range(count)]


def onset_envelope(samples: NDArray[np.floating], rate: int) -> NDArray[np.float64]:
    """Spectral flux of the song: how much new sound starts in each 10 ms frame."""
    data = np.asarray(samples, np.float64)
    mono = data.mean(axis=1) if data.ndim == 2 else data
    # Down to ~12 kHz by averaging blocks: crude, but aliasing barely moves the flux.
    step = max(1, round(rate / _RATE))
    if step > 1:  # (sound decoded at the analysis rate needs no copy)
        usable = len(mono) // step * step
        mono = mono[:usable].reshape(-1, step).mean(axis=1)
    if len(mono) < _FFT:
        return np.zeros(0)
    frames = 1 + (len(mono) - _FFT) // _HOP
    # The magnitudes in float32, a group of frames at a time: the whole STFT's
    # index, windowed copy and complex spectrum of three minutes took 250 MB.
    spectrum = np.empty((frames, _FFT // 2 + 1), np.float32)
    window = np.hanning(_FFT)
    for first in range(0, frames, _FRAMES_AT_ONCE):
        count = min(_FRAMES_AT_ONCE, frames - first)
        index = np.arange(_FFT)[None, :] + _HOP * np.arange(first, first + count)[:, None]
        spectrum[first : first + count] = np.abs(np.fft.rfft(mono[index] * window, axis=1))
    # Log compression: a quiet guitar's pluck counts, not only the loudest drum.
    scale = np.float32(1000.0 / (float(spectrum.max()) + 1e-12))
    np.log1p(np.multiply(spectrum, scale, out=spectrum), out=spectrum)
    flux = np.zeros(frames, np.float64)
    for first in range(1, frames, _FRAMES_AT_ONCE):
        last = min(frames, first + _FRAMES_AT_ONCE)
        rises = spectrum[first:last] - spectrum[first - 1 : last - 1]
        flux[first:last] = np.maximum(rises, 0.0, out=rises).sum(axis=1, dtype=np.float64)
    # Remove the slow swell of the music, keeping the attacks.
    width = 40
    kernel = np.ones(width) / width
    local = np.convolve(flux, kernel, mode="same")
    envelope: NDArray[np.float64] = np.maximum(0.0, flux - local)
    return envelope


def _frame_rate(rate: int) -> float:
    return rate / max(1, round(rate / _RATE)) / _HOP


def detect_tempo(samples: NDArray[np.floating], rate: int) -> Tempo | None:
    """The song's steady beat, or None when it has no pulse to speak of (or lasts under 4 s)."""
    envelope = onset_envelope(samples, rate)
    fps = _frame_rate(rate)
    if len(envelope) < 4 * fps or not envelope.any():
        return None
    env = envelope - envelope.mean()
    size = 1 << int(np.ceil(np.log2(2 * len(env))))
    spectrum = np.fft.rfft(env, size)
    autocorr = np.fft.irfft(spectrum * np.conj(spectrum), size)[: len(env)]
    autocorr /= autocorr[0] + 1e-12
    low = int(fps * 60 / _MAX_BPM)
    high = min(len(autocorr) - 1, int(fps * 60 / _MIN_BPM) + 1)
    lags = np.arange(low, high)

    def strength(lag: float) -> float:
        # A beat's period also shows at twice and three times its lag.
        total = 0.0
        for multiple, weight in ((1, 1.0), (2, 0.5), (3, 0.25)):
            at = lag * multiple
            if at < len(autocorr) - 1:
                i = int(at)
                total += weight * float(np.interp(at, (i, i + 1), autocorr[i : i + 2]))
        return total

    scores = np.array([strength(float(lag)) for lag in lags])
    bpms = 60.0 * fps / lags
    # Of two tempi a song allows, prefer the one nearer where people tap.
    scores *= np.exp(-0.5 * (np.log2(bpms / _PREFERRED_BPM) / 0.9) ** 2)
    best = int(np.argmax(scores))
    lag = float(lags[best])
    if 0 < best < len(scores) - 1:
        a, b, c = scores[best - 1 : best + 2]
        denominator = a - 2 * b + c
        if denominator < 0:
            lag += 0.5 * (a - c) / denominator
    confidence = float(max(0.0, min(1.0, autocorr[round(lag)])))
    period, phase = _fit_grid(envelope, lag)
    # Frame i looks at the window starting at i hops; an attack shows most when it is
    # well inside that window, so the frame's own time is later than its start.
    first = phase + _LATENCY * fps
    while first - period >= 0:
        first -= period
    return Tempo(
        bpm=round(60.0 * fps / period, 2),
        first_beat_ms=round(1000.0 * first / fps),
        confidence=round(confidence, 3),
    )


def _fit_grid(envelope: NDArray[np.float64], lag: float) -> tuple[float, float]:
    """Period and phase (frames) of the beat grid that best rides the onsets.

    The phase is the one whose grid collects the most onset strength; then a
    least-squares line through the strongest onset near each beat corrects a
    period that the autocorrelation could only give to a tenth of a frame,
    which over a long song would add up to a late grid.
    """
    n = len(envelope)
    frames = np.arange(n)
    phases = np.arange(0.0, lag, 0.25)
    beats = np.arange(0.0, n, lag)
    scores = [float(np.interp(beats + p, frames, envelope, right=0.0).sum()) for p in phases]
    phase = float(phases[int(np.argmax(scores))])
    for _ in range(2):
        predicted = np.arange(phase, n, lag)
        reach = max(1, int(lag / 6))
        found, weights, index = [], [], []
        for k, at in enumerate(predicted):
            lo, hi = max(0, int(at) - reach), min(n, int(at) + reach + 1)
            if hi <= lo:
                continue
            j = lo + int(np.argmax(envelope[lo:hi]))
            if envelope[j] > 0:
                found.append(j)
                weights.append(envelope[j])
                index.append(k)
        if len(found) < 4:
            break
        slope, intercept = np.polyfit(index, found, 1, w=np.sqrt(weights))
        if not 0.9 * lag < slope < 1.1 * lag:
            break
        lag, phase = float(slope), float(intercept)
    return lag, phase

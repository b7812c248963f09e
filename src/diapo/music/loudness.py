"""Loudness: a BS.1770 meter (EBU R128 gating) and the normaliser that brings a mix to -14 LUFS.

The K-weighting filters are pyloudnorm's (pinned); the gating is done here with
cumulative sums instead of pyloudnorm's Python loops, so an hour of audio is
measured in well under a second. `tests/music/test_loudness.py` checks both
agree to 0.05 LU.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from diapo.music.spool import release, stereo_buffer

# scipy (about 1.5 s to import) loads in the functions that filter, not here: the service and
# every render's soundtrack path import this module long before, or without, measuring anything.

__all__ = [
    "CEILING_DBTP",
    "TARGET_LUFS",
    "Loudness",
    "LoudnessMeter",
    "integrated_loudness",
    "loudness_outside",
    "measure",
    "normalise",
    "true_peak",
]

#: The streaming platforms' level (YouTube, Spotify, Instagram play at about -14 LUFS).
TARGET_LUFS = -14.0
#: Our true-peak ceiling. The promise is -1 dBFS after decoding; AAC, MP3 and Opus
#: overshoot a few tenths of a dB when they rebuild the wave, so the mix keeps 0.5 dB more.
CEILING_DBTP = -1.5

_SILENCE_LUFS = -70.0  # BS.1770's absolute gate: anything quieter is silence
_OVERSAMPLE = 4  # BS.1770-4 Annex 2: 4x oversampling is enough for true peak at 48 kHz
_LOOKAHEAD_S = 0.005  # the limiter's gain moves over 5 ms: fast enough, no audible pumping
# Samples per pass of the meter and the limiter (5.5 s at 48 kHz): memory stays a few MB
# whatever the length of the soundtrack.
_PASS = 1 << 18

Stereo = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Loudness:
    """What a loudness meter reads: integrated loudness (LUFS), sample and true peak (dBFS)."""

    lufs: float
    sample_peak_db: float
    true_peak_db: float

    def to_dict(self) -> dict[str, float | None]:
        def finite(v: float) -> float | None:
            return round(v, 2) if math.isfinite(v) else None

        return {
            "lufs": finite(self.lufs),
            "sample_peak_db": finite(self.sample_peak_db),
            "true_peak_db": finite(self.true_peak_db),
        }


@lru_cache(maxsize=8)
def _k_weighting(rate: int) -> NDArray[np.float64]:
    """The two K-weighting biquads (head shelf, then high-pass) as second-order sections."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    stages = [np.concatenate([f.b, f.a]) for f in meter._filters.values()]
    return np.vstack(stages).astype(np.float64)


def _channels(samples: NDArray[np.floating]) -> NDArray[np.floating]:
    data = np.asarray(samples)
    return data[:, None] if data.ndim == 1 else data


def integrated_loudness(samples: NDArray[np.floating], rate: int) -> float:
    """Integrated loudness in LUFS (BS.1770-4, EBU R128 gating); -inf for silence or < 0.4 s."""
    return _gated_loudness(_gating_blocks(_channels(samples), rate))


def _gated_loudness(z: NDArray[np.float64]) -> float:
    """Integrated loudness from the mean powers of the 400 ms blocks, gated twice."""
    if z.size == 0:
        return -math.inf
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10.0 * np.log10(z)
    gated = z[levels >= _SILENCE_LUFS]
    if gated.size == 0:
        return -math.inf
    relative = -0.691 + 10.0 * math.log10(float(np.mean(gated))) - 10.0
    gated = z[(levels >= _SILENCE_LUFS) & (levels > relative)]
    return -0.691 + 10.0 * math.log10(float(np.mean(gated)))


def loudness_outside(
    samples: NDArray[np.floating], rate: int, spans: list[tuple[int, int]]
) -> float:
    """Integrated loudness (LUFS) of the 400 ms blocks that touch none of `spans` (samples).

    The level of a music bed between the clips that speak over it; -inf when
    no block is left or they are silent. Measured a pass at a time, like
    `integrated_loudness`.
    """
    data = _channels(samples)
    z = _gating_blocks(data, rate)
    if z.size == 0:
        return -math.inf
    block, step = round(0.4 * rate), round(0.1 * rate)
    starts = np.arange(len(z)) * step
    keep = np.ones(len(z), bool)
    for lo, hi in spans:
        keep &= (starts + block <= lo) | (starts >= hi)
    return _gated_loudness(z[keep])


def _gating_blocks(data: NDArray[np.floating], rate: int) -> NDArray[np.float64]:
    """The mean K-weighted power of every 400 ms block (75 % overlap), filtered in passes.

    The filter runs over `_PASS` samples at a time, carrying its state across,
    and only the running sum of the power at each block's edges is kept: a
    whole soundtrack in float64 (an hour is 5 GB) never exists at once.
    """
    block = round(0.4 * rate)
    step = round(0.1 * rate)
    n = len(data)
    if n < block:
        return np.empty(0, np.float64)
    starts = np.arange(0, n - block + 1, step)
    # Positions p where the sum of power[:p] is needed, each once, in order.
    marks = np.union1d(starts, starts + block)
    sums = np.zeros(len(marks), np.float64)
    from scipy import signal  # on first use: see the note at the imports

    sos = _k_weighting(rate)
    state = np.zeros((sos.shape[0], 2, data.shape[1]), np.float64)
    total = 0.0
    done = 0  # marks filled so far (mark 0 is 0)
    for lo in range(0, n, _PASS):
        piece = np.asarray(data[lo : lo + _PASS], np.float64)
        weighted, state = signal.sosfilt(sos, piece, axis=0, zi=state)
        # Left and right count once each (BS.1770 weights front channels 1.0).
        running = total + np.cumsum(np.einsum("ij,ij->i", weighted, weighted))
        upto = int(np.searchsorted(marks, lo + len(piece), side="right"))
        here = marks[done:upto]
        sums[done:upto] = np.where(here > lo, running[np.maximum(here - lo - 1, 0)], total)
        done = upto
        total = float(running[-1])
        release(data, lo, lo + _PASS)
    index = np.searchsorted(marks, starts)
    ends = np.searchsorted(marks, starts + block)
    z: NDArray[np.float64] = (sums[ends] - sums[index]) / block
    return z


def true_peak(samples: NDArray[np.floating]) -> float:
    """The highest absolute value of the wave between the samples too (4x oversampled)."""
    data = _channels(samples)
    if data.size == 0:
        return 0.0
    return max(_oversampled_peak(data, 0, len(data)), float(np.max(np.abs(data))))


def _oversampled_peak(x: NDArray[np.floating], lo: int, hi: int) -> float:
    """The 4x-oversampled peak of x[lo:hi], a pass at a time, each pass padded by real samples."""
    from scipy import signal  # on first use: see the note at the imports

    pad = 32  # resample_poly's filter reaches ~10 input samples either side
    peak = 0.0
    for start in range(lo, hi, _PASS):
        end = min(hi, start + _PASS)
        a, b = max(0, start - pad), min(len(x), end + pad)
        up = signal.resample_poly(x[a:b], _OVERSAMPLE, 1, axis=0)
        # Only the pass's own stretch: the padding is there so its edges are right.
        inner = up[(start - a) * _OVERSAMPLE : (end - a) * _OVERSAMPLE]
        peak = max(peak, float(np.max(np.abs(inner))))
        release(x, a, b)
    return peak


def _true_peak_near(x: Stereo, threshold: float) -> float:
    """The true peak, oversampling only the stretches whose samples come within reach of it.

    A band-limited wave rises at most a few tenths of a dB between samples once
    it has been through our limiter, so stretches whose sample peak stays under
    `threshold` cannot hold the true peak; skipping them saves most of the work.
    Runs of such stretches are oversampled a pass at a time.
    """
    block = 2048
    n = len(x)
    if n == 0:
        return 0.0
    peak = 0.0
    hot: list[int] = []
    for lo in range(0, n, _PASS):  # _PASS is a multiple of `block`
        magnitude = np.max(np.abs(x[lo : lo + _PASS]), axis=1)
        peak = max(peak, float(np.max(magnitude)))
        blocks = -(-len(magnitude) // block)
        padded = np.pad(magnitude, (0, blocks * block - len(magnitude)))
        loud = padded.reshape(blocks, block).max(axis=1) > threshold
        hot.extend(int(b) for b in lo // block + np.flatnonzero(loud))
        release(x, lo, lo + _PASS)
    # Neighbouring hot blocks are oversampled together, at most a pass at once.
    first = 0
    while first < len(hot):
        last = first
        while (
            last + 1 < len(hot)
            and hot[last + 1] == hot[last] + 1
            and (hot[last + 1] - hot[first] + 1) * block <= _PASS
        ):
            last += 1
        lo, hi = hot[first] * block, min(n, (hot[last] + 1) * block)
        peak = max(peak, _oversampled_peak(x, lo, hi))
        first = last + 1
    return peak


def _db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf


def measure(samples: NDArray[np.floating], rate: int) -> Loudness:
    """Integrated loudness, sample peak and true peak of float samples in -1..1."""
    data = _channels(samples)
    peak = float(np.max(np.abs(data))) if data.size else 0.0
    return Loudness(integrated_loudness(data, rate), _db(peak), _db(true_peak(data)))


class LoudnessMeter:
    """A BS.1770 meter fed a block at a time: its memory is one block, whatever the length.

    `add` continues the current stretch of sound; `gap` says that what follows
    does not (a meter reading sampled windows of a long file calls it before
    each). The integrated loudness gates the 400 ms blocks of every stretch
    together, so evenly spaced windows give the whole file's reading closely.
    """

    _PAD = 32  # samples of the stretch kept for the true peak's oversampling filter

    def __init__(self, rate: int, channels: int = 2) -> None:
        self.rate, self.channels = rate, channels
        # Blocks of 400 ms with 75 % overlap are sums of four 100 ms quarters.
        self._step = round(0.1 * rate)
        self._sos = _k_weighting(rate)
        self._blocks: list[NDArray[np.float64]] = []
        self._peak = 0.0
        self._true_peak = 0.0
        self._start_stretch()

    def _start_stretch(self) -> None:
        self._state = np.zeros((self._sos.shape[0], 2, self.channels), np.float64)
        self._carry = np.zeros(0, np.float64)
        self._quarters: list[NDArray[np.float64]] = []
        self._tail = np.zeros((0, self.channels), np.float64)

    def add(self, samples: NDArray[np.floating]) -> None:
        """Measure the next samples (n, channels) of the current stretch."""
        from scipy import signal  # on first use: see the note at the imports

        x = np.asarray(_channels(samples), np.float64)
        if len(x) == 0:
            return
        weighted, self._state = signal.sosfilt(self._sos, x, axis=0, zi=self._state)
        power = np.concatenate([self._carry, np.einsum("ij,ij->i", weighted, weighted)])
        whole = len(power) // self._step * self._step
        self._quarters.append(power[:whole].reshape(-1, self._step).sum(axis=1))
        self._carry = power[whole:]
        self._peak = max(self._peak, float(np.max(np.abs(x))))
        # The true peak of the new samples, the filter fed the stretch's last few before them.
        joined = np.concatenate([self._tail, x])
        self._true_peak = max(
            self._true_peak, _oversampled_peak(joined, len(self._tail), len(joined))
        )
        self._tail = joined[-self._PAD :]

    def gap(self) -> None:
        """End the current stretch: the next samples do not follow on from these."""
        quarters = np.concatenate(self._quarters) if self._quarters else np.zeros(0)
        if len(quarters) >= 4:
            sums = quarters[:-3] + quarters[1:-2] + quarters[2:-1] + quarters[3:]
            self._blocks.append(sums / (4 * self._step))
        self._start_stretch()

    def result(self) -> Loudness:
        """What the meter read over everything added so far."""
        self.gap()
        z = np.concatenate(self._blocks) if self._blocks else np.zeros(0)
        return Loudness(_gated_loudness(z), _db(self._peak), _db(max(self._peak, self._true_peak)))


def _limit(x: Stereo, ceiling: float, rate: int) -> Stereo:
    """Bring every sample under `ceiling`, in place, with a look-ahead gain that bends around peaks.

    The wanted gain is held at its minimum for a window either side of a peak,
    then averaged over half that window: the average only ever mixes gains at
    or below the one the peak needs, so the peak lands under the ceiling while
    the gain changes smoothly (no clicks, no clipping). Both filters reach a
    few hundred samples, so the gain is worked out a pass at a time, from the
    pass and a margin of untouched samples either side.
    """
    half = max(1, round(_LOOKAHEAD_S * rate))
    margin = 2 * half + 2  # how far the hold and the average reach, together
    n = len(x)
    before = x[:0].copy()  # the untouched samples just before the pass
    for lo in range(0, n, _PASS):
        hi = min(n, lo + _PASS)
        a, b = max(0, lo - margin), min(n, hi + margin)
        region = np.concatenate([before, x[lo:b]]) if lo > 0 else x[a:b]
        tail = x[max(lo, hi - margin) : hi].copy()
        magnitude = np.max(np.abs(region), axis=1)
        if float(np.max(magnitude, initial=0.0)) > ceiling:
            from scipy import ndimage  # on first use: see the note at the imports

            wanted = np.minimum(1.0, ceiling / np.maximum(magnitude, 1e-12))
            held = ndimage.minimum_filter1d(wanted, size=2 * half + 1, mode="nearest")
            gain = ndimage.uniform_filter1d(held, size=half + 1, mode="nearest")
            x[lo:hi] *= np.minimum(gain, wanted)[lo - a : hi - a].astype(np.float32)[:, None]
        before = tail
        release(x, a, hi)
    return x


def _scale(x: Stereo, gain: np.float32) -> None:
    """x *= gain in place, a pass at a time, letting a spooled mix's pages go behind it."""
    for lo in range(0, len(x), _PASS):
        x[lo : lo + _PASS] *= gain
        release(x, lo, lo + _PASS)


def _scaled_copy(x: Stereo, gain: np.float32) -> Stereo:
    """x * gain in a new array, a long stereo one spooled to a file (`music.spool`)."""
    out = stereo_buffer(len(x)) if x.shape[1] == 2 else np.empty_like(x)
    for lo in range(0, len(x), _PASS):
        np.multiply(x[lo : lo + _PASS], gain, out=out[lo : lo + _PASS])
        release(out, lo, lo + _PASS)
        release(x, lo, lo + _PASS)
    return out


def normalise(
    samples: Stereo,
    rate: int,
    *,
    target_lufs: float = TARGET_LUFS,
    ceiling_dbtp: float = CEILING_DBTP,
    copy: bool = True,
) -> Stereo:
    """The mix at `target_lufs` integrated, its true peak at or under `ceiling_dbtp`.

    A silent (or too short to measure) mix is returned unchanged. The limiter
    takes a little loudness away, so the gain is measured again after it;
    two rounds land within 0.1 LU of the target on every built-in style.
    With `copy=False` a float32 mix is changed in place: a mixer that owns
    its array saves a second copy of the whole soundtrack.
    """
    x = np.asarray(samples, np.float32)
    if x.ndim == 1:
        x = x[:, None]
    ceiling = 10.0 ** (ceiling_dbtp / 20.0)
    out = x
    # A converted copy is ours to change; the caller's array only when it says so.
    owned = not copy or not np.may_share_memory(x, samples)
    for _ in range(2):
        level = integrated_loudness(out, rate)
        if not math.isfinite(level) or level < _SILENCE_LUFS:
            break
        gain = 10.0 ** ((target_lufs - level) / 20.0)
        if abs(gain - 1.0) < 0.005:
            break
        if owned:
            _scale(out, np.float32(gain))
        else:
            out, owned = _scaled_copy(out, np.float32(gain)), True
        _limit(out, ceiling, rate)
    # The limiter works on samples; a peak between samples can still be a little
    # higher, so the last word goes to the oversampled true peak.
    near = ceiling * 10.0 ** (-1.0 / 20.0)
    peak = _true_peak_near(out, near)
    if peak > ceiling:
        if not owned:
            out, owned = _scaled_copy(out, np.float32(1.0)), True
        _limit(out, ceiling * ceiling / peak, rate)
        peak = _true_peak_near(out, near)
        if peak > ceiling:
            _scale(out, np.float32(ceiling / peak))
    result: Stereo = out.reshape(np.shape(samples)) if np.ndim(samples) == 1 else out
    return result

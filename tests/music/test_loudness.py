"""The loudness meter agrees with pyloudnorm, and the normaliser meets -14 LUFS under -1 dBTP."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyloudnorm
import pytest
from numpy.typing import NDArray

from diapo.music import STYLES
from diapo.music.loudness import CEILING_DBTP, TARGET_LUFS, integrated_loudness, measure, normalise

RATE = 48_000


def _reference(x: NDArray[np.floating]) -> float:
    return float(pyloudnorm.Meter(RATE).integrated_loudness(np.asarray(x, np.float64)))


def test_meter_agrees_with_pyloudnorm_on_noise_and_tones() -> None:
    rng = np.random.default_rng(1)
    noise = (0.1 * rng.standard_normal((5 * RATE, 2))).astype(np.float32)
    t = np.arange(5 * RATE) / RATE
    tone = np.stack([0.5 * np.sin(2 * np.pi * 997 * t)] * 2, axis=1).astype(np.float32)
    # A loud burst and a long quiet stretch: the relative gate must drop the quiet part.
    gated = np.concatenate([tone, 0.001 * tone])
    for x in (noise, tone, gated):
        assert integrated_loudness(x, RATE) == pytest.approx(_reference(x), abs=0.05)


def test_full_scale_sine_reads_as_the_standard_says() -> None:
    # EBU Tech 3341: a 997 Hz sine at -20 dBFS in both channels reads -20 LUFS (±0.1).
    t = np.arange(10 * RATE) / RATE
    mono = 10 ** (-20 / 20) * np.sin(2 * np.pi * 997 * t)
    assert integrated_loudness(np.stack([mono, mono], axis=1), RATE) == pytest.approx(
        -20.0, abs=0.1
    )


@pytest.mark.parametrize("style", STYLES)
def test_every_style_is_normalised_to_minus_14_lufs(
    style: str, piece: Callable[..., NDArray[np.float32]]
) -> None:
    out = normalise(np.array(piece(style, 20.0)), RATE)
    level = measure(out, RATE)
    assert _reference(out) == pytest.approx(TARGET_LUFS, abs=0.2)
    assert level.lufs == pytest.approx(TARGET_LUFS, abs=0.2)
    assert level.true_peak_db <= CEILING_DBTP + 0.05
    assert level.sample_peak_db <= -1.0


def test_a_quiet_spiky_mix_is_limited_not_clipped() -> None:
    # Quiet overall but with hard clicks: reaching -14 LUFS needs +20 dB, which the
    # clicks cannot take, so the limiter must hold them under the ceiling.
    rng = np.random.default_rng(2)
    x = (0.01 * rng.standard_normal((8 * RATE, 2))).astype(np.float32)
    x[:: RATE // 2] = 0.9
    out = normalise(x, RATE)
    level = measure(out, RATE)
    assert level.lufs == pytest.approx(TARGET_LUFS, abs=0.5)
    assert level.true_peak_db <= CEILING_DBTP + 0.05


def test_silence_stays_silent() -> None:
    silent = np.zeros((3 * RATE, 2), np.float32)
    out = normalise(silent, RATE)
    assert not out.any()
    assert measure(out, RATE).lufs == -np.inf


def _whole_array_loudness(x: NDArray[np.float32]) -> float:
    """The meter as it was before it ran in passes: the whole mix filtered at once."""
    from scipy import signal

    from diapo.music.loudness import _k_weighting

    weighted = signal.sosfilt(_k_weighting(RATE), x, axis=0)
    csum = np.concatenate([[0.0], np.cumsum(np.einsum("ij,ij->i", weighted, weighted))])
    starts = np.arange(0, len(x) - 19200 + 1, 4800)
    z = (csum[starts + 19200] - csum[starts]) / 19200
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(z)
    gate = z[levels >= -70]
    gate = z[(levels >= -70) & (levels > -0.691 + 10 * np.log10(gate.mean()) - 10)]
    return float(-0.691 + 10 * np.log10(gate.mean()))


def test_a_long_mix_is_measured_in_passes_as_if_whole_in_little_memory(
    piece: Callable[..., NDArray[np.float32]],
) -> None:
    import tracemalloc

    music = np.array(piece("tarantella", 20.0))
    # 50 s: many passes, with a quiet stretch and silence for the gates to drop.
    x = np.concatenate([music, 0.001 * music, np.zeros((5 * RATE, 2), np.float32), music])
    x = x.astype(np.float32)
    tracemalloc.start()
    try:
        level = integrated_loudness(x, RATE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert level == pytest.approx(_whole_array_loudness(x), abs=0.1)
    assert level == pytest.approx(_whole_array_loudness(x), abs=1e-6)  # in fact the same sums
    # The whole mix in float64, filtered, squared and summed, was 4 x 38 MB here.
    assert peak < 16 * 2**20


def test_normalising_in_place_takes_the_same_memory_however_long_the_mix() -> None:
    import tracemalloc

    rng = np.random.default_rng(4)
    peaks = []
    for seconds in (20, 100):
        x = (0.02 * rng.standard_normal((seconds * RATE, 2))).astype(np.float32)
        x[:: RATE // 2] = 0.9  # clicks, so that the limiter works all along
        expected = normalise(x, RATE)
        tracemalloc.start()
        try:
            out = normalise(x, RATE, copy=False)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert out is x and np.array_equal(out, expected)
    # A few passes of a few MB, never a copy of the mix (38 MB at 100 s).
    assert max(peaks) < 24 * 2**20 and peaks[1] < 1.2 * peaks[0]


def test_the_streamed_meter_reads_what_the_whole_array_does() -> None:
    from diapo.music.loudness import LoudnessMeter

    rng = np.random.default_rng(24)
    x = (0.2 * rng.standard_normal((48_000 * 37 + 123, 2))).astype(np.float32)
    x[: 48_000 * 5] *= 0.1  # a quiet start, so the relative gate has work to do
    whole = measure(x, 48_000)
    meter = LoudnessMeter(48_000)
    for lo in range(0, len(x), 100_000):  # blocks that cut the 100 ms quarters anywhere
        meter.add(x[lo : lo + 100_000])
    streamed = meter.result()
    assert streamed.lufs == pytest.approx(whole.lufs, abs=1e-6)
    assert streamed.sample_peak_db == whole.sample_peak_db
    assert streamed.true_peak_db == pytest.approx(whole.true_peak_db, abs=0.01)

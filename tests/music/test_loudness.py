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

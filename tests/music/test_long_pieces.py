"""Long pieces are made a block at a time, through a file, and sound exactly as before."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.music import STYLES, spool, synthesize
from diapo.music.loudness import integrated_loudness, true_peak

SR = 48000
Piece = Callable[..., NDArray[np.float32]]

# Figures of 20 s pieces, measured with the synthesiser as it was before it worked
# in blocks (whole-length arrays in memory). The blocks changed no sample.
_REFERENCE = json.loads((Path(__file__).parent / "reference_pieces.json").read_text())


@pytest.mark.parametrize("style", STYLES)
def test_pieces_sound_as_they_did_before_they_were_made_in_blocks(piece: Piece, style: str) -> None:
    audio = piece(style, 20.0)
    expected = _REFERENCE[style]
    rms = np.sqrt(np.mean(np.square(audio, dtype=np.float64).reshape(20, SR, 2), axis=(1, 2)))
    assert rms == pytest.approx(expected["rms"], rel=1e-5, abs=1e-7)
    assert integrated_loudness(audio, SR) == pytest.approx(expected["lufs"], abs=1e-4)
    assert true_peak(audio) == pytest.approx(expected["true_peak"], rel=1e-5)


@pytest.mark.parametrize("style", ["lofi", "cinema", "tarantella"])
def test_a_piece_spooled_to_a_file_is_the_one_made_in_memory(
    piece: Piece, style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # lofi has the record's hiss and crackles and the low-pass; cinema the longest reverb.
    in_memory = piece(style, 7.3)
    monkeypatch.setattr(spool, "SPOOL_FRAMES", 1)  # every buffer goes to a file
    spooled = synthesize(style, 7.3)
    assert spool._mapping(spooled) is not None
    assert np.array_equal(spooled, in_memory)


def test_a_long_piece_has_its_exact_length_its_fade_and_is_the_same_every_time() -> None:
    duration = 61.3  # over SPOOL_FRAMES: spooled, many blocks of every pass
    first = synthesize("lofi", duration, seed=3)
    assert spool._mapping(first) is not None
    assert first.shape == (round(duration * SR), 2) and first.dtype == np.float32
    assert np.max(np.abs(first[-SR // 100 :])) < 1e-3 and not first[-1].any()
    assert float(np.max(np.abs(first))) <= 0.95
    assert np.array_equal(first, synthesize("lofi", duration, seed=3))
    assert not np.array_equal(first[: 5 * SR], synthesize("lofi", duration, seed=4)[: 5 * SR])

"""Shared fixtures for the soundtrack tests: synthesised pieces, made once per session."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.music import synthesize

Audio = NDArray[np.float32]


@cache
def _piece(style: str, duration_s: float, seed: int) -> Audio:
    audio = synthesize(style, duration_s, seed=seed)
    audio.flags.writeable = False
    return audio


@pytest.fixture(scope="session")
def piece() -> Callable[..., Audio]:
    """Synthesise (style, duration, seed=0), reusing pieces other tests already made."""

    def make(style: str, duration_s: float, seed: int = 0) -> Audio:
        return _piece(style, duration_s, seed)

    return make

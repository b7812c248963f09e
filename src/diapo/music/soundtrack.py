"""synthesize(): a finished built-in soundtrack of any length, as a stereo float32 array."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from diapo.music.arrangements import ARRANGEMENTS
from diapo.music.compose import compose
from diapo.music.errors import InvalidSoundtrackError
from diapo.music.mix import render
from diapo.music.styles import STYLES, resolve_style

__all__ = ["MAX_DURATION_S", "synthesize"]

MAX_DURATION_S = 3600.0


def synthesize(
    style: str, duration_s: float, *, sample_rate: int = 48000, seed: int = 0
) -> NDArray[np.float32]:
    """Compose and play a piece in `style` lasting exactly `duration_s` seconds.

    Returns float32 samples shaped (round(duration_s * sample_rate), 2), peaking
    below 0.95 and ending on the tonic chord faded to silence. The same style,
    duration and seed always give the same audio; another seed, another tune.
    """
    canonical = resolve_style(style)
    if not (math.isfinite(duration_s) and 0 < duration_s <= MAX_DURATION_S):
        raise InvalidSoundtrackError(
            f"A soundtrack must last between 0 and {MAX_DURATION_S:.0f} seconds, not {duration_s}.",
            duration_s=duration_s,
        )
    if not 8000 <= sample_rate <= 192000:
        raise InvalidSoundtrackError(
            f"Sample rate {sample_rate} Hz is outside 8000-192000 Hz.", sample_rate=sample_rate
        )
    # Separate streams for writing and for playing, so a change in how notes are
    # played never changes which notes are written.
    entropy = [seed & 0xFFFF_FFFF_FFFF_FFFF, STYLES.index(canonical)]
    writer, player = (np.random.default_rng(s) for s in np.random.SeedSequence(entropy).spawn(2))
    score = compose(canonical, duration_s, writer)
    arr = ARRANGEMENTS[canonical]
    audio: NDArray[np.float32] = render(
        score,
        sample_rate,
        player,
        reverb=arr.reverb,
        lowpass_hz=arr.lowpass_hz,
        vinyl=arr.vinyl,
    )
    return audio

"""Sound levels of the mix: each clip's own sound brought to the music bed, and the final fade.

A phone clip is often 15-20 LU louder than the music under the photos; left
as it is, the clip jumps out and the normaliser then pulls the whole mix (the
music with it) down to make room for it. So each clip's sound is measured
(BS.1770, over the part of it that plays) and given the gain that puts it at
the level of the music around it; the clip's own volume (`VideoMeta.vol`,
"più forte il video") applies on top. The music still ducks under it.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from diapo.music.loudness import integrated_loudness, loudness_outside
from diapo.music.spool import release

__all__ = ["REFERENCE_LUFS", "bed_loudness", "clip_gain", "fade_out_end"]

Stereo = npt.NDArray[np.float32]

#: Where clips are levelled when no music plays under them: they then match each other.
REFERENCE_LUFS = -23.0
# A whispering clip is lifted at most this far: more would lift its noise floor too.
_MAX_BOOST_DB = 15.0
_FADE_BLOCK = 1 << 16  # samples of the final fade worked on at a time
_AROUND_S = 10.0  # how much music either side of a clip sets the level it is brought to


def bed_loudness(
    mixed: Stereo, rate: int, clip_spans: list[tuple[int, int]], around: tuple[int, int]
) -> float:
    """The loudness (LUFS) of the music bed around the clip at `around` (samples).

    `mixed` holds the music alone, ducked under the clips. It is measured over
    `_AROUND_S` either side of the clip where no clip speaks, so a clip meets
    the music as it sounds there (a quiet intro, a loud chorus) and the cost
    stays the same however long the video; with no such stretch the ducked
    music under the clip itself counts, and a silent bed gives the reference.
    """
    reach = round(_AROUND_S * rate)
    lo, hi = max(0, around[0] - reach), min(len(mixed), around[1] + reach)
    near = [(max(a, lo) - lo, min(b, hi) - lo) for a, b in clip_spans if a < hi and b > lo]
    level = loudness_outside(mixed[lo:hi], rate, near)
    if not math.isfinite(level):
        level = integrated_loudness(mixed[lo:hi], rate)
    return level if math.isfinite(level) else REFERENCE_LUFS


def clip_gain(sound: Stereo, rate: int, bed_lufs: float, volume: float) -> float:
    """The gain that puts a clip's sound at the bed's level, times the clip's own volume.

    A clip too short (under 0.4 s) or too quiet to measure keeps its own level.
    """
    level = integrated_loudness(sound, rate)
    if not math.isfinite(level):
        return volume
    change_db = min(_MAX_BOOST_DB, bed_lufs - level)
    return volume * float(10.0 ** (change_db / 20.0))


def fade_out_end(mixed: Stereo, samples: int) -> None:
    """Fade the last `samples` of the mix to silence in place (an equal-power curve).

    The picture fades to the background over the same time, so the two end together.
    """
    n = len(mixed)
    first = max(0, n - samples)
    length = n - first
    if length <= 0:
        return
    for lo in range(first, n, _FADE_BLOCK):
        hi = min(n, lo + _FADE_BLOCK)
        # The sample at k plays for 1/rate: its gain is the fade at its end, so the last is 0.
        k = np.arange(lo - first + 1, hi - first + 1, dtype=np.float64) / length
        gain = np.cos(0.5 * np.pi * k).astype(np.float32)
        mixed[lo:hi] *= gain[:, None]
        release(mixed, lo, hi)

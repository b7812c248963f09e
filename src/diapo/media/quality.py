"""How good a photo is: sharpness, exposure and a perceptual hash, measured once at ingest.

`analyse_photo` is what the service calls when a photo arrives and the command line
calls for each input: it decodes a reduced copy once and returns the subjects (faces
or the salient region) and the quality measures that `MediaRef` carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from diapo.media.subjects import Region, as_rgb

__all__ = [
    "ANALYSIS_SIDE",
    "Exposure",
    "PhotoAnalysis",
    "analyse_image",
    "analyse_photo",
    "difference_hash",
    "exposure_of",
    "sharpness_of",
]

Image = NDArray[np.uint8]
Exposure = Literal["ok", "dark", "bright"]

_ANALYSIS_SIDE = 1024  # decode this big: enough for 640 px face detection and 512 px blur
ANALYSIS_SIDE = _ANALYSIS_SIDE  # for callers that decode the photo themselves
_BLUR_SIDE = 512
_TILES = 8
_SHARP_LOSS = 3.2  # below this detail loss under a further blur, the photo is soft
_HASH_SIDE = 16  # 16 x 16 = 256 bits


@dataclass(frozen=True, slots=True)
class PhotoAnalysis:
    """What the pixels say about one photo (see `MediaRef` for the meaning of each field).

    `to_dict` is the JSON to store with the media; `diapo.draft.media.analysis_fields`
    turns it into `MediaRef` fields.
    """

    subjects: tuple[Region, ...]
    sharpness: float
    exposure: Exposure
    phash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "subjects": [s.to_dict() for s in self.subjects],
            "sharpness": round(self.sharpness, 1),
            "exposure": self.exposure,
            "phash": self.phash,
        }


def _grey(rgb: Image, long_side: int) -> NDArray[np.uint8]:
    rgb = as_rgb(rgb)
    h, w = rgb.shape[:2]
    scale = min(1.0, long_side / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[..., :3]), cv2.COLOR_RGB2GRAY)
    if scale < 1.0:
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA)
    return np.asarray(grey, np.uint8)


def sharpness_of(rgb: Image) -> float:
    """Variance of the Laplacian in the photo's sharpest regions, on a 512 px grey copy.

    A whole-photo variance calls a sharp portrait against a smooth sky blurred, so the
    measure looks at the 20% of an 8 x 8 grid of tiles with the most detail. Dense
    texture (grass, gravel) keeps a high variance even when blurred, so the variance
    is also discounted when those tiles lose little more by a further 1 px blur: a
    sharp photo loses 3.7 to 28 times its Laplacian energy there, a blurred one 1.6 to 4.
    """
    grey = _grey(rgb, _BLUR_SIDE).astype(np.float64)
    lap = cv2.Laplacian(grey, cv2.CV_64F, ksize=3)
    softer = cv2.Laplacian(cv2.GaussianBlur(grey, (0, 0), 1.0), cv2.CV_64F, ksize=3)
    h, w = lap.shape
    th, tw = max(1, h // _TILES), max(1, w // _TILES)
    tiles = sorted(
        (float(lap[r : r + th, c : c + tw].var()), float(softer[r : r + th, c : c + tw].var()))
        for r in range(0, h - th + 1, th)
        for c in range(0, w - tw + 1, tw)
    )
    if not tiles:
        return 0.0
    top = tiles[int(len(tiles) * 0.8) :]
    energy = float(np.percentile([t[0] for t in tiles], 80))
    loss = float(np.median([a / (b + 1e-9) for a, b in top]))
    return energy * min(1.0, loss / _SHARP_LOSS)


def exposure_of(rgb: Image) -> Exposure:
    """'dark', 'bright' (overexposed) or 'ok', from the luminance histogram."""
    grey = _grey(rgb, 256).astype(np.float32) / 255.0
    mean = float(grey.mean())
    shadows = float((grey < 0.08).mean())
    highlights = float((grey > 0.96).mean())
    if mean < 0.18 and shadows > 0.5:
        return "dark"
    if mean > 0.82 or highlights > 0.4:
        return "bright"
    return "ok"


def difference_hash(rgb: Image) -> str:
    """A 256-bit difference hash (dHash) as 64 hex digits.

    Each bit says whether a cell of a 17 x 16 grey thumbnail is brighter than its
    right neighbour; a re-encoded or resized copy keeps nearly every bit, another
    photo flips about half of them.
    """
    grey = cv2.cvtColor(np.ascontiguousarray(as_rgb(rgb)), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (_HASH_SIDE + 1, _HASH_SIDE), interpolation=cv2.INTER_AREA)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return np.packbits(bits).tobytes().hex()


def analyse_image(rgb: Image) -> PhotoAnalysis:
    """Subjects and quality of an upright RGB photo (any size; it is reduced first)."""
    from diapo.media.subjects import find_subjects

    rgb = as_rgb(rgb)
    h, w = rgb.shape[:2]
    scale = min(1.0, _ANALYSIS_SIDE / max(h, w))
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        rgb = np.asarray(cv2.resize(rgb[..., :3], size, interpolation=cv2.INTER_AREA), np.uint8)
    return PhotoAnalysis(
        subjects=find_subjects(rgb),
        sharpness=sharpness_of(rgb),
        exposure=exposure_of(rgb),
        phash=difference_hash(rgb),
    )


def analyse_photo(path: Path) -> PhotoAnalysis:
    """Decode a reduced upright copy of the photo at `path` and analyse it."""
    from diapo.media.images import load_image

    rgb = load_image(path, fit_within=(_ANALYSIS_SIDE, _ANALYSIS_SIDE))
    # fit_within covers the box; bring the long side down to the analysis size.
    return analyse_image(rgb)

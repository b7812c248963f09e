"""Placing a photo on the canvas: cover (crop to fill) or contain (over a blurred copy)."""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

from diapo.draft.vocabulary import DEFAULT_FIT, Fit
from diapo.errors import InvalidDraftError

__all__ = [
    "contain_rect",
    "contain_scale",
    "contain_with_blur",
    "cover_rect",
    "cover_scale",
    "fit_cover",
    "prepare_contain_background",
    "prescale_for_motion",
]

Image = NDArray[np.uint8]

# The blurred background is computed at 1/8 of the canvas: blurring there is
# ~64x cheaper and the upscale adds the softness we want anyway.
_BACKGROUND_DOWNSCALE = 8
_BACKGROUND_SIGMA = 3.0  # in downscaled pixels, ~24 canvas pixels
_BACKGROUND_BRIGHTNESS = 0.55


def _check_sizes(src_w: float, src_h: float, dst_w: float, dst_h: float) -> None:
    if min(src_w, src_h, dst_w, dst_h) <= 0:
        raise InvalidDraftError(
            f"Image and canvas sizes must be positive (got {src_w}x{src_h} on {dst_w}x{dst_h})."
        )


def cover_scale(src_w: float, src_h: float, dst_w: float, dst_h: float) -> float:
    """The smallest scale at which the photo fills the whole canvas."""
    _check_sizes(src_w, src_h, dst_w, dst_h)
    return max(dst_w / src_w, dst_h / src_h)


def contain_scale(src_w: float, src_h: float, dst_w: float, dst_h: float) -> float:
    """The largest scale at which the whole photo fits inside the canvas."""
    _check_sizes(src_w, src_h, dst_w, dst_h)
    return min(dst_w / src_w, dst_h / src_h)


def cover_rect(
    src_w: float, src_h: float, dst_w: float, dst_h: float
) -> tuple[float, float, float, float]:
    """The centred source rectangle `(x, y, w, h)` that, scaled, exactly fills the canvas."""
    s = cover_scale(src_w, src_h, dst_w, dst_h)
    w, h = dst_w / s, dst_h / s
    return ((src_w - w) / 2, (src_h - h) / 2, w, h)


def contain_rect(
    src_w: float, src_h: float, dst_w: float, dst_h: float
) -> tuple[float, float, float, float]:
    """The centred canvas rectangle `(x, y, w, h)` where the whole photo is shown."""
    s = contain_scale(src_w, src_h, dst_w, dst_h)
    w, h = src_w * s, src_h * s
    return ((dst_w - w) / 2, (dst_h - h) / 2, w, h)


def _resize(img: Image, w: int, h: int) -> Image:
    shrinking = w * h < img.shape[0] * img.shape[1]
    interp = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(img, (w, h), interpolation=interp), dtype=np.uint8)


def fit_cover(img: Image, dst_w: int, dst_h: int) -> Image:
    """The photo scaled and centre-cropped to fill `dst_w`x`dst_h` (static cover fit)."""
    x, y, w, h = cover_rect(img.shape[1], img.shape[0], dst_w, dst_h)
    x0, y0 = math.floor(x), math.floor(y)
    x1, y1 = math.ceil(x + w), math.ceil(y + h)
    return _resize(np.ascontiguousarray(img[y0:y1, x0:x1]), dst_w, dst_h)


def prepare_contain_background(img: Image, dst_w: int, dst_h: int) -> Image:
    """The static background for contain fit: the photo covering the canvas, blurred and darkened.

    Compute it once per photo; Ken Burns moves only the foreground over it.
    """
    _check_sizes(img.shape[1], img.shape[0], dst_w, dst_h)
    small_w = max(1, round(dst_w / _BACKGROUND_DOWNSCALE))
    small_h = max(1, round(dst_h / _BACKGROUND_DOWNSCALE))
    small = fit_cover(img, small_w, small_h)
    blurred = cv2.GaussianBlur(small, (0, 0), _BACKGROUND_SIGMA, borderType=cv2.BORDER_REFLECT)
    darker = cv2.convertScaleAbs(blurred, alpha=_BACKGROUND_BRIGHTNESS)
    big = cv2.resize(darker, (dst_w, dst_h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(big, dtype=np.uint8)


def contain_with_blur(img: Image, dst_w: int, dst_h: int, background: Image | None = None) -> Image:
    """The canvas with the whole photo fitted (contain) over its blurred, darkened copy."""
    out = prepare_contain_background(img, dst_w, dst_h) if background is None else background.copy()
    x, y, w, h = contain_rect(img.shape[1], img.shape[0], dst_w, dst_h)
    x0, y0 = round(x), round(y)
    fw, fh = max(1, min(dst_w - x0, round(w))), max(1, min(dst_h - y0, round(h)))
    out[y0 : y0 + fh, x0 : x0 + fw] = _resize(img, fw, fh)
    return out


def prescale_for_motion(
    img: Image, dst_w: int, dst_h: int, max_zoom: float = 1.12, fit: Fit = DEFAULT_FIT
) -> Image:
    """The photo shrunk (INTER_AREA) to the smallest size that still has full detail at `max_zoom`.

    Ken Burns then only resamples by a factor close to 1, which stays sharp and alias-free.
    A photo already smaller than that is returned unchanged (never upscaled here).
    """
    src_h, src_w = img.shape[:2]
    base = (
        cover_scale(src_w, src_h, dst_w, dst_h)
        if fit == "cover"
        else contain_scale(src_w, src_h, dst_w, dst_h)
    )
    scale = base * max(1.0, max_zoom)
    if scale >= 1.0:
        return img
    w, h = max(1, math.ceil(src_w * scale)), max(1, math.ceil(src_h * scale))
    return np.asarray(cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA), dtype=np.uint8)

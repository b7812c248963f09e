"""Transitions: blending the outgoing frame into the incoming one at progress p."""

from __future__ import annotations

import functools
import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from diapo.draft.vocabulary import TRANSITION_NAMES, TRANSITION_TITLES
from diapo.errors import InvalidDraftError

__all__ = ["TRANSITIONS", "TRANSITION_LABELS", "blend", "transition_label"]

Image = NDArray[np.uint8]

# The names live with the draft model, which validates them; the renderer draws each one.
TRANSITIONS: tuple[str, ...] = TRANSITION_NAMES

# it / en / zh names shown to people live in the vocabulary too.
TRANSITION_LABELS: dict[str, dict[str, str]] = TRANSITION_TITLES

# Width of the soft edge of wipes and of the circle, as a fraction of the frame diagonal
# direction's length; wide enough to look soft, narrow enough to read as an edge.
_WIPE_SOFTNESS = 0.06
_CIRCLE_SOFTNESS = 0.05
# How much the outgoing frame grows during `zoom`.
_ZOOM_GROWTH = 0.35


def transition_label(kind: str, lang: str = "en") -> str:
    """The name of a transition in `lang` ("it", "en" or "zh"), English if unknown."""
    _check_kind(kind)
    labels = TRANSITION_LABELS[kind]
    return labels.get(lang, labels["en"])


def _check_kind(kind: str) -> None:
    if kind not in TRANSITION_LABELS:
        raise InvalidDraftError(
            f"Unknown transition {kind!r}; choose one of: {', '.join(TRANSITIONS)}.",
            errors=[{"loc": ["transition"], "msg": "unknown transition", "input": kind}],
        )


def _ease_in_out(p: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * p)


def blend(kind: str, a: Image, b: Image, p: float, out: Image | None = None) -> Image:
    """Frame `p` in [0, 1] of transition `kind` from `a` (outgoing) to `b` (incoming).

    `a` and `b` are same-shaped uint8 frames (RGB or RGBX). p=0 gives `a` exactly and p=1
    gives `b` exactly. The result goes into `out` when given; `out` must not share memory
    with `a` or `b`.
    """
    _check_kind(kind)
    if a.shape != b.shape or a.dtype != np.uint8 or b.dtype != np.uint8:
        raise InvalidDraftError(
            f"Transition frames must be uint8 of the same shape (got {a.shape} and {b.shape})."
        )
    if out is None:
        out = np.empty_like(a)
    p = float(p)
    if p <= 0.0:
        np.copyto(out, a)
        return out
    if p >= 1.0:
        np.copyto(out, b)
        return out
    family, _, direction = kind.partition("_")
    if kind == "cut":
        np.copyto(out, a if p < 0.5 else b)
    elif kind == "crossfade":
        _checked(cv2.addWeighted(a, 1.0 - p, b, p, 0.0, dst=out), out)
    elif kind == "fade_black":
        _fade(a if p < 0.5 else b, abs(1.0 - 2.0 * p), 0.0, out)
    elif kind == "fade_white":
        _fade(a if p < 0.5 else b, abs(1.0 - 2.0 * p), 255.0, out)
    elif family == "slide":
        _slide(a, b, _ease_in_out(p), direction, push=False, out=out)
    elif family == "push":
        _slide(a, b, _ease_in_out(p), direction, push=True, out=out)
    elif family == "wipe":
        _wipe(a, b, p, direction, out)
    elif kind == "zoom":
        _zoom(a, b, p, out)
    else:
        _circle(a, b, p, out)
    return out


def _checked(result: NDArray[Any], dst: Image) -> None:
    """Copy an OpenCV result into `dst` if OpenCV could not write it in place."""
    if result is not dst and not np.shares_memory(result, dst):
        dst[...] = result


def _fade(img: Image, keep: float, toward: float, out: Image) -> None:
    """`img` faded toward a flat level: keep*img + (1 - keep)*toward."""
    _checked(cv2.convertScaleAbs(img, dst=out, alpha=keep, beta=(1.0 - keep) * toward), out)


def _slide(a: Image, b: Image, e: float, direction: str, *, push: bool, out: Image) -> None:
    """The incoming frame enters moving toward `direction`; a push moves the old one along."""
    vertical = direction in ("up", "down")
    if vertical:
        # Work on transposed views so one horizontal routine serves all four directions.
        a, b, out = a.swapaxes(0, 1), b.swapaxes(0, 1), out.swapaxes(0, 1)
    w = a.shape[1]
    d = min(w, max(0, round(e * w)))
    if direction in ("left", "up"):
        # b enters from the right (or bottom): its left part shows at the right edge.
        out[:, w - d :] = b[:, :d]
        out[:, : w - d] = a[:, d:] if push else a[:, : w - d]
    else:
        out[:, :d] = b[:, w - d :]
        out[:, d:] = a[:, : w - d] if push else a[:, d:]


@functools.lru_cache(maxsize=8)
def _ramp(soft: int) -> NDArray[np.uint16]:
    """Weights 0..256 rising over `soft` samples (a smoothstep), for blending a soft edge."""
    x = (np.arange(soft, dtype=np.float32) + 0.5) / soft
    ramp = np.round(256 * x * x * (3 - 2 * x)).astype(np.uint16)
    ramp.flags.writeable = False
    return ramp


def _wipe(a: Image, b: Image, p: float, direction: str, out: Image) -> None:
    """A soft edge travels toward `direction`, uncovering `b` behind it."""
    vertical = direction in ("up", "down")
    n = a.shape[0] if vertical else a.shape[1]
    soft = max(2, round(_WIPE_SOFTNESS * n))
    # The band starts just outside the frame and ends just outside the other side, so the
    # edge never pops in; `start` is where the band begins along the travel direction.
    start = round(p * (n + soft)) - soft
    ramp = _ramp(soft)  # weight of b, rising along the band toward the side b comes from
    if direction in ("left", "up"):
        # Travelling toward 0: b fills [n - start, n), the band lies just before it.
        lo, hi = n - start - soft, n - start
        b_side, a_side = slice(max(0, hi), n), slice(0, max(0, lo))
        weights = ramp
    else:
        lo, hi = start, start + soft
        b_side, a_side = slice(0, max(0, lo)), slice(min(n, hi), n)
        weights = ramp[::-1]
    c0, c1 = max(0, lo), min(n, hi)
    wb = weights[c0 - lo : c1 - lo]
    if vertical:
        out[b_side] = b[b_side]
        out[a_side] = a[a_side]
        if c1 > c0:
            _blend_weighted(a[c0:c1], b[c0:c1], wb[:, None, None], out[c0:c1])
    else:
        out[:, b_side] = b[:, b_side]
        out[:, a_side] = a[:, a_side]
        if c1 > c0:
            _blend_weighted(a[:, c0:c1], b[:, c0:c1], wb[None, :, None], out[:, c0:c1])


def _zoom(a: Image, b: Image, p: float, out: Image) -> None:
    """The outgoing frame grows from the centre while the incoming one fades in."""
    h, w = a.shape[:2]
    s = 1.0 + _ZOOM_GROWTH * _ease_in_out(p)
    # A centred crop resized back up: ~3x cheaper than a 3-channel warpAffine, and the
    # half-pixel rounding of the crop is invisible in a zoom this fast that is fading out.
    cw, ch = min(w, max(1, round(w / s))), min(h, max(1, round(h / s)))
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    grown = cv2.resize(a[y0 : y0 + ch, x0 : x0 + cw], (w, h), interpolation=cv2.INTER_LINEAR)
    _checked(cv2.addWeighted(grown, 1.0 - p, b, p, 0.0, dst=out), out)


_CIRCLE_BLOCK = 16  # rows per block; the circle's spans are computed per block


@functools.lru_cache(maxsize=4)
def _circle_geometry(h: int, w: int) -> tuple[NDArray[np.float32], float, NDArray[np.float64]]:
    """Distance map (in 1/256 of the soft edge), soft edge width, and per-block row extents.

    The third array holds, for each block of rows, the smallest and largest |dy| from the
    centre, so the fully-inside and fully-outside spans of each block are cheap to find.
    """
    soft = max(2.0, _CIRCLE_SOFTNESS * math.hypot(w, h) / 2)
    dy = np.abs(np.arange(h, dtype=np.float64) - (h - 1) / 2)
    dx = np.abs(np.arange(w, dtype=np.float64) - (w - 1) / 2)
    dist = (np.sqrt(dy[:, None] ** 2 + dx[None, :] ** 2) * (256.0 / soft)).astype(np.float32)
    dist.flags.writeable = False
    starts = np.arange(0, h, _CIRCLE_BLOCK)
    extents = np.array(
        [(dy[s : s + _CIRCLE_BLOCK].min(), dy[s : s + _CIRCLE_BLOCK].max()) for s in starts]
    )
    extents.flags.writeable = False
    return dist, soft, extents


def _blend_weighted(a: Image, b: Image, wb3: NDArray[np.uint16], out: Image) -> None:
    """out = (a*(256 - wb) + b*wb) >> 8, with `wb3` in 0..256 broadcastable to the frame."""
    acc = a.astype(np.uint16) * (256 - wb3)
    acc += b.astype(np.uint16) * wb3
    acc >>= 8
    out[...] = acc


def _circle(a: Image, b: Image, p: float, out: Image) -> None:
    """A soft-edged circle grows from the centre, showing `b` inside it."""
    h, w = a.shape[:2]
    dist, soft, extents = _circle_geometry(h, w)
    r_out = p * (math.hypot(w, h) / 2 + soft + 1.0)  # beyond this radius: a
    r_in = r_out - soft  # within this radius: b
    level = np.float32(r_out * 256.0 / soft)
    cx = (w - 1) / 2
    for i, (dy_min, dy_max) in enumerate(extents):
        y0 = i * _CIRCLE_BLOCK
        y1 = min(h, y0 + _CIRCLE_BLOCK)
        rows = slice(y0, y1)
        if r_out <= dy_min:
            out[rows] = a[rows]
            continue
        half_o = math.sqrt(r_out * r_out - dy_min * dy_min)
        o0, o1 = max(0, math.floor(cx - half_o)), min(w, math.ceil(cx + half_o) + 1)
        if r_in > dy_max:
            half_i = math.sqrt(r_in * r_in - dy_max * dy_max)
            i0, i1 = max(o0, math.ceil(cx - half_i)), min(o1, math.floor(cx + half_i) + 1)
        else:
            i0 = i1 = (o0 + o1) // 2
        out[rows, :o0] = a[rows, :o0]
        out[rows, o1:] = a[rows, o1:]
        out[rows, i0:i1] = b[rows, i0:i1]
        for x0, x1 in ((o0, i0), (i1, o1)):
            if x1 > x0:
                ramp = np.subtract(level, dist[rows, x0:x1])
                wb = np.clip(ramp, 0, 256, out=ramp).astype(np.uint16)
                _blend_weighted(a[rows, x0:x1], b[rows, x0:x1], wb[:, :, None], out[rows, x0:x1])

"""Framing: which part of a photo a Ken Burns motion shows, and motions that keep faces whole.

Pure geometry in fractions of the photo, shared by the builder (which plans motions)
and the tests (which check them frame by frame). It mirrors the renderer's
`kenburns.affine_for` exactly; a test holds the two together.

A motion's state is (zoom, pan x, pan y). At zoom z the window onto the photo is
`win_w = r_c / (s * r_p)` photo widths wide and `win_h = 1 / s` photo heights tall, with
`s = base * z` and `base` the cover (or contain) scale in units where the photo is
r_p wide and 1 tall and the canvas r_c wide and 1 tall. Pan p puts the window's centre
at `0.5 + p * (1 - win) / 2` when the window is smaller than the photo, else at 0.5.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from diapo.draft.model import KenBurns

__all__ = [
    "MAX_SPEED",
    "Box",
    "aim",
    "calm",
    "ease_in_out",
    "face_area_on_screen",
    "frames_whole",
    "on_canvas",
    "peak_speed",
    "state_at",
    "static_pan",
    "union",
    "visible",
    "window",
]

# At most 6 px per frame on a 1080 px wide canvas, as a fraction of the canvas width:
# faster pans judder at 30 fps.
MAX_SPEED = 6.0 / 1080.0


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in fractions of the photo: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def padded(self, frac: float) -> Box:
        """Grown by `frac` of its size on every side, kept inside the photo."""
        x0, y0 = max(0.0, self.x - frac * self.w), max(0.0, self.y - frac * self.h)
        x1, y1 = min(1.0, self.x1 + frac * self.w), min(1.0, self.y1 + frac * self.h)
        return Box(x0, y0, x1 - x0, y1 - y0)

    def contains(self, other: Box, tol: float = 1e-6) -> bool:
        return (
            self.x <= other.x + tol
            and self.y <= other.y + tol
            and self.x1 >= other.x1 - tol
            and self.y1 >= other.y1 - tol
        )


def union(boxes: Sequence[Box]) -> Box:
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    x1, y1 = max(b.x1 for b in boxes), max(b.y1 for b in boxes)
    return Box(x0, y0, x1 - x0, y1 - y0)


def ease_in_out(t: float) -> float:
    """The renderer's cosine ease: zero speed at both ends."""
    t = min(1.0, max(0.0, t))
    return 0.5 - 0.5 * math.cos(math.pi * t)


def _base(r_p: float, r_c: float, fit: str) -> float:
    return min(r_c / r_p, 1.0) if fit == "contain" else max(r_c / r_p, 1.0)


def window(r_p: float, r_c: float, fit: str, zoom: float, px: float, py: float) -> Box:
    """The window onto the photo at one state, unclipped (it may overhang in contain fit)."""
    s = _base(r_p, r_c, fit) * zoom
    ww, wh = r_c / (s * r_p), 1.0 / s
    cx = 0.5 + px * max(0.0, 1.0 - ww) / 2
    cy = 0.5 + py * max(0.0, 1.0 - wh) / 2
    return Box(cx - ww / 2, cy - wh / 2, ww, wh)


def visible(r_p: float, r_c: float, fit: str, zoom: float, px: float, py: float) -> Box:
    """The part of the photo on screen at one state."""
    win = window(r_p, r_c, fit, zoom, px, py)
    x0, y0 = max(0.0, win.x), max(0.0, win.y)
    return Box(x0, y0, min(1.0, win.x1) - x0, min(1.0, win.y1) - y0)


def state_at(kb: KenBurns, t: float) -> tuple[float, float, float]:
    """(zoom, pan x, pan y) at progress `t`, as the renderer interpolates them."""
    if not kb.on:
        return 1.0, 0.0, 0.0
    e = ease_in_out(t)
    zoom = kb.z0 * (kb.z1 / kb.z0) ** e
    return zoom, kb.x0 + (kb.x1 - kb.x0) * e, kb.y0 + (kb.y1 - kb.y0) * e


_MAX_SAMPLES = 81  # a smooth motion needs no more samples than this to be judged


def _samples(frames: int) -> list[float]:
    n = max(2, min(frames, _MAX_SAMPLES))
    return [i / (n - 1) for i in range(n)]


def frames_whole(
    kb: KenBurns, r_p: float, r_c: float, fit: str, boxes: Sequence[Box], frames: int
) -> float:
    """The fraction of `frames` on which every box is wholly on screen."""
    if not boxes:
        return 1.0
    ts = _samples(frames)
    whole = 0
    for t in ts:
        view = visible(r_p, r_c, fit, *state_at(kb, t))
        whole += all(view.contains(b) for b in boxes)
    return whole / len(ts)


def face_area_on_screen(view: Box, boxes: Sequence[Box]) -> float:
    """The share of the boxes' total area that `view` shows."""
    total = sum(b.w * b.h for b in boxes)
    if total <= 0:
        return 1.0
    shown = 0.0
    for b in boxes:
        iw = max(0.0, min(view.x1, b.x1) - max(view.x, b.x))
        ih = max(0.0, min(view.y1, b.y1) - max(view.y, b.y))
        shown += iw * ih
    return shown / total


def peak_speed(kb: KenBurns, r_p: float, r_c: float, fit: str, frames: int) -> float:
    """The fastest any visible point of the photo moves, in canvas widths per frame."""
    # Heights are converted to widths by the canvas ratio r_c (width / height).
    if not kb.on or frames < 2:
        return 0.0
    ts = _samples(frames)
    # Frames between two samples: speeds are per frame, not per sample.
    step = (frames - 1) / (len(ts) - 1)
    fastest = 0.0
    prev: tuple[Box, Box] | None = None
    for t in ts:
        state = state_at(kb, t)
        win, view = window(r_p, r_c, fit, *state), visible(r_p, r_c, fit, *state)
        if prev is not None:
            pwin, pview = prev
            # A photo point (u, v) is at ((u - win.x) / win.w, (v - win.y) / win.h) on the
            # canvas; the corners of what was shown move fastest.
            for u in (pview.x, pview.x1):
                for v in (pview.y, pview.y1):
                    dx = (u - win.x) / win.w - (u - pwin.x) / pwin.w
                    dy = ((v - win.y) / win.h - (v - pwin.y) / pwin.h) / r_c
                    fastest = max(fastest, math.hypot(dx, dy))
        prev = (win, view)
    return fastest / step


def _toward(kb: KenBurns, k: float) -> KenBurns:
    """The motion with its start pulled toward its end: k = 1 unchanged, 0 static at the end."""
    z0 = kb.z1 * (kb.z0 / kb.z1) ** k
    return kb.model_copy(
        update={
            "z0": round(max(1.0, z0), 4),
            "x0": round(kb.x1 + (kb.x0 - kb.x1) * k, 4),
            "y0": round(kb.y1 + (kb.y0 - kb.y1) * k, 4),
        }
    )


def calm(
    kb: KenBurns,
    r_p: float,
    r_c: float,
    fit: str,
    frames: int,
    *,
    boxes: Sequence[Box] = (),
    max_speed: float = MAX_SPEED,
    pan_only: bool = False,
) -> KenBurns:
    """The motion with a shorter travel (its end kept) until it moves at most `max_speed`
    and keeps every box whole on every frame where its end state does.

    With `pan_only` only the pan is shortened (the zoom, which says the strength, stays).
    """
    if not kb.on:
        return kb

    def ok(m: KenBurns) -> bool:
        if peak_speed(m, r_p, r_c, fit, frames) > max_speed:
            return False
        return not boxes or frames_whole(m, r_p, r_c, fit, boxes, frames) >= 1.0

    if ok(kb):
        return kb

    def shortened(k: float) -> KenBurns:
        return _pan_toward(kb, k) if pan_only else _toward(kb, k)

    # The pan's speed is proportional to its travel: one guess usually lands.
    speed = peak_speed(kb, r_p, r_c, fit, frames)
    guess = min(1.0, 0.999 * max_speed / speed) if speed > max_speed else 1.0
    if ok(shortened(guess)):
        return shortened(guess)
    lo, hi = 0.0, guess
    for _ in range(10):  # bisection on how much of the travel to keep
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ok(shortened(mid)) else (lo, mid)
    return shortened(lo)


def _pan_toward(kb: KenBurns, k: float) -> KenBurns:
    """Both pan ends pulled toward their middle by `k`, the zoom untouched (symmetry kept)."""
    mx, my = (kb.x0 + kb.x1) / 2, (kb.y0 + kb.y1) / 2
    return kb.model_copy(
        update={
            "x0": round(mx + (kb.x0 - mx) * k, 4),
            "x1": round(mx + (kb.x1 - mx) * k, 4),
            "y0": round(my + (kb.y0 - my) * k, 4),
            "y1": round(my + (kb.y1 - my) * k, 4),
        }
    )


def _axis_range(s0: float, s1: float, win: float) -> tuple[float, float] | None:
    """Window centres on one axis that keep [s0, s1] whole, or None if it cannot fit."""
    if win >= 1.0:
        return (0.5, 0.5)
    lo, hi = max(s1 - win / 2, win / 2), min(s0 + win / 2, 1 - win / 2)
    return (lo, hi) if lo <= hi + 1e-9 else None


def _pan(centre: float, win: float) -> float:
    if win >= 1.0:
        return 0.0
    return max(-1.0, min(1.0, (centre - 0.5) / ((1.0 - win) / 2)))


def largest_zoom_keeping(r_p: float, r_c: float, fit: str, subject: Box) -> float:
    """The largest zoom at which the whole subject still fits in the window (may be < 1)."""
    one = window(r_p, r_c, fit, 1.0, 0.0, 0.0)
    # Zooming by z shrinks the window by z on both axes, full-size axes included.
    limits = [one.w / subject.w, one.h / subject.h]
    return min(limits)


def _state_on(
    r_p: float, r_c: float, fit: str, zoom: float, subject: Box, centre: tuple[float, float]
) -> tuple[float, float]:
    """The pan at `zoom` nearest to centring `centre` that keeps `subject` whole."""
    win = window(r_p, r_c, fit, zoom, 0.0, 0.0)
    out = []
    for c, s0, s1, w in (
        (centre[0], subject.x, subject.x1, win.w),
        (centre[1], subject.y, subject.y1, win.h),
    ):
        rng = _axis_range(s0, s1, w)
        # When it cannot be kept whole, centre on it.
        c = (s0 + s1) / 2 if rng is None else min(max(c, rng[0]), rng[1])
        out.append(round(_pan(c, w), 4))
    return out[0], out[1]


def static_pan(r_p: float, r_c: float, fit: str, boxes: Sequence[Box]) -> tuple[float, float]:
    """The pan of a still crop (zoom 1) centred on the subject and keeping it whole if it can."""
    subject = union(boxes)
    centre = ((subject.x + subject.x1) / 2, (subject.y + subject.y1) / 2)
    return _state_on(r_p, r_c, fit, 1.0, subject, centre)


def on_canvas(win: Box, box: Box) -> Box:
    """Where `box` (in photo fractions) is on a canvas showing `win`, in canvas fractions."""
    return Box((box.x - win.x) / win.w, (box.y - win.y) / win.h, box.w / win.w, box.h / win.h)


def aim(
    r_p: float,
    r_c: float,
    fit: str,
    boxes: Sequence[Box],
    *,
    zoom: float,
    pattern: int,
) -> KenBurns:
    """A motion that ends on the subject (the union of `boxes`) and keeps it whole throughout.

    Patterns: 0 zooms in from the photo's centre, 1 pans at a steady zoom from the far
    side, 2 zooms in from the far side; very tall or wide photos always come from the
    far side, so they move within the band that holds the subject.
    """
    subject = union(boxes)
    room = largest_zoom_keeping(r_p, r_c, fit, subject)
    z_end = max(1.0, min(1.0 + zoom, room))
    target = ((subject.x + subject.x1) / 2, (subject.y + subject.y1) / 2)
    if pattern == 1:
        z_start = z_end = max(1.0, min(1.0 + 0.75 * zoom, room))
    else:
        z_start = 1.0
    x1, y1 = _state_on(r_p, r_c, fit, z_end, subject, target)
    if pattern == 0:
        start = (0.5, 0.5)
    else:
        # The far side along the axis with the more room to move.
        win = window(r_p, r_c, fit, z_start, 0.0, 0.0)
        if 1 - win.w >= 1 - win.h:
            start = (0.0 if target[0] > 0.5 else 1.0, target[1])
        else:
            start = (target[0], 0.0 if target[1] > 0.5 else 1.0)
    x0, y0 = _state_on(r_p, r_c, fit, z_start, subject, start)
    return KenBurns(on=True, z0=round(z_start, 4), z1=round(z_end, 4), x0=x0, y0=y0, x1=x1, y1=y1)

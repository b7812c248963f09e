"""Still outputs: a poster frame or a contact sheet of every photo, as JPG, PNG or WEBP."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image

from diapo.draft.model import Draft
from diapo.errors import UnsupportedOutputError
from diapo.render.compose import Compositor, Resolver
from diapo.render.plan import Plan, VisualItem

__all__ = ["STILL_MODES", "poster_frame_index", "write_still"]

STILL_MODES = ("poster", "contact")
_PIL_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


def poster_frame_index(plan: Plan) -> int:
    """A frame that represents the video: the title fully shown, or the first photo settled."""
    ms: float
    # An end card closes the video; it does not stand for it.
    texts = [t for t in plan.texts if t.key[0] != "end"]
    if texts:
        first = min(texts, key=lambda t: t.start_ms)
        ms = min(first.end_ms - 1, max(first.shown_ms, first.start_ms + 1) + 200)
    else:
        ms = plan.items[0].d / 2 if plan.items else 0
    return int(max(0, min(plan.frames - 1, int(ms * plan.fps / 1000))))


def write_still(
    draft: Draft, plan: Plan, resolve: Resolver, path: Path, fmt: str, *, mode: str = "poster"
) -> None:
    """Write the poster frame, or a grid of each photo's middle frame ("contact")."""
    if mode not in STILL_MODES:
        raise UnsupportedOutputError(
            f"Unknown still mode {mode!r}; choose one of {', '.join(STILL_MODES)}."
        )
    comp = Compositor(draft, plan, resolve)
    try:
        if mode == "poster":
            img = comp.frame_rgb(poster_frame_index(plan))
        else:
            img = _contact_sheet(comp, plan)
    finally:
        comp.close()
    options: dict[str, object] = {"quality": 90} if fmt in ("jpg", "webp") else {}
    Image.fromarray(img).save(path, format=_PIL_FORMATS[fmt], **options)


# Where in a photo's time its cell is taken: the middle first, then further out.
_CELL_PROGRESS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)


def _cell_frame(comp: Compositor, plan: Plan, item: VisualItem) -> int:
    """The frame that stands for `item` on a contact sheet: the one nearest its middle,
    once it is fully in, that shows its faces whole (or the most of them)."""
    settled = item.d - item.transition_ms
    best_n, best_share = 0, -1.0
    for k in _CELL_PROGRESS:
        ms = item.start_ms + item.transition_ms + settled * k
        n = min(plan.frames - 1, int(ms * plan.fps / 1000))
        share = comp.faces_shown(item, (n * 1000 / plan.fps - item.start_ms) / max(1, item.d))
        if share > best_share + 1e-6:
            best_n, best_share = n, share
        if best_share >= 0.999:
            break
    return best_n


def _contact_sheet(comp: Compositor, plan: Plan) -> npt.NDArray[np.uint8]:
    n = len(plan.items)
    cols = min(5, max(1, math.ceil(math.sqrt(n))))
    rows = math.ceil(n / cols)
    # Cells are a quarter of the canvas at most, so a sheet stays a sensible file.
    cell_w = max(64, plan.width // max(cols, 4))
    cell_h = max(36, round(cell_w * plan.height / plan.width))
    gap = max(4, cell_w // 40)
    sheet = np.full(
        (rows * cell_h + (rows + 1) * gap, cols * cell_w + (cols + 1) * gap, 3), 24, np.uint8
    )
    for i, item in enumerate(plan.items):
        frame = comp.frame_rgb(_cell_frame(comp, plan, item))
        thumb = np.asarray(
            Image.fromarray(frame).resize((cell_w, cell_h), Image.Resampling.LANCZOS), np.uint8
        )
        r, c = divmod(i, cols)
        y, x = gap + r * (cell_h + gap), gap + c * (cell_w + gap)
        sheet[y : y + cell_h, x : x + cell_w] = thumb
    return sheet

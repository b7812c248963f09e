"""Animated GIF with one palette optimised for the whole video, written frame by frame."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt
from PIL import Image

from diapo.draft.model import Draft
from diapo.errors import RenderCancelled, RenderError
from diapo.render.compose import Compositor, Resolver
from diapo.render.plan import Plan

__all__ = ["write_gif"]

_PALETTE_SAMPLES = 12  # frames spread over the video that the palette is built from


def _palette(comp: Compositor, plan: Plan) -> Image.Image:
    """A 256-colour palette that fits sample frames from the whole video."""
    picks = np.linspace(0, plan.frames - 1, min(plan.frames, _PALETTE_SAMPLES)).astype(int)
    tiles = [np.ascontiguousarray(comp.frame_rgb(int(n))[::2, ::2]) for n in picks]
    montage = Image.fromarray(np.concatenate(tiles, axis=0))
    return montage.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def write_gif(
    draft: Draft,
    plan: Plan,
    resolve: Resolver,
    path: Path,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write `plan` as a looping GIF; returns the number of frames."""
    sampler = Compositor(draft, plan, resolve)
    try:
        palette_img = _palette(sampler, plan)
    finally:
        sampler.close()
    rgb_palette = np.asarray(palette_img.getpalette() or [], np.uint8)[: 256 * 3]
    rgb_palette = np.pad(rgb_palette, (0, 256 * 3 - len(rgb_palette))).reshape(256, 3)
    # PyAV takes the palette as rows of (A, R, G, B) bytes and fixes byte order itself.
    palette_arr = np.concatenate([np.full((256, 1), 255, np.uint8), rgb_palette], axis=1)
    comp = Compositor(draft, plan, resolve)
    written = 0
    try:
        with av.open(str(path), "w", format="gif", options={"loop": "0"}) as out:
            stream: Any = out.add_stream("gif", rate=plan.fps)
            stream.width, stream.height = plan.width, plan.height
            stream.pix_fmt = "pal8"
            stream.time_base = Fraction(1, plan.fps)
            for n in range(plan.frames):
                if cancel is not None and cancel():
                    raise RenderCancelled("The render was cancelled.")
                img = Image.fromarray(comp.frame_rgb(n))
                indexed = img.quantize(palette=palette_img, dither=Image.Dither.FLOYDSTEINBERG)
                idx: npt.NDArray[np.uint8] = np.asarray(indexed, np.uint8)
                pair: Any = (idx, palette_arr)
                frame = av.VideoFrame.from_ndarray(pair, format="pal8")
                frame.pts = n
                out.mux(stream.encode(frame))
                written += 1
                if progress is not None:
                    progress(0.99 * written / plan.frames)
            out.mux(stream.encode(None))
    except av.error.FFmpegError as exc:
        raise RenderError(f"Could not write {path.name}: {exc}") from exc
    finally:
        comp.close()
    return written

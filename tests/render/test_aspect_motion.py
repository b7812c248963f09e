"""An aspect changed after the draft was made: the photos never pan faster than the rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from diapo.draft import MediaRef, build_slideshow, framing
from diapo.draft.ops_look import SetAspect
from diapo.render.compose import Compositor, _kb_of, _Photo
from diapo.render.pipeline import path_resolver
from diapo.render.plan import make_plan

RULE_PX = 6.0  # per frame on a 1080 px wide canvas (framing.MAX_SPEED)


def _photos(folder: Path) -> list[MediaRef]:
    """A 4:3 landscape, a 2:1 panorama and a 3:4 portrait, as textured noise."""
    rng = np.random.default_rng(0)
    refs = []
    for k, (w, h) in enumerate([(504, 378), (500, 250), (378, 504)]):
        path = folder / f"p{k}.jpg"
        Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8)).save(path)
        refs.append(MediaRef(str(path), "photo", w, h))
    return refs


@pytest.mark.parametrize("with_media", [True, False])
def test_changing_to_9_16_keeps_every_pan_within_the_rule(tmp_path: Path, with_media: bool) -> None:
    refs = _photos(tmp_path)
    wide = build_slideshow(refs, music=None, long_side=1920)
    # The chat on a saved draft may not have the media list: the motion cannot be re-aimed.
    tall = SetAspect(aspect="9:16").apply(wide, refs if with_media else [])
    plan = make_plan(tall)
    assert (plan.width, plan.height) == (1080, 1920)
    comp = Compositor(tall, plan, path_resolver())
    try:
        for item in plan.items:
            photo = comp._get(item)
            assert isinstance(photo, _Photo)
            h, w = photo.src.shape[:2]
            frames = round(item.d * plan.fps / 1000)
            kb, fit = _kb_of(photo.motion), photo.motion.fit
            speed = framing.peak_speed(kb, w / h, plan.width / plan.height, fit, frames)
            assert speed * plan.width <= RULE_PX * plan.width / 1080 + 0.05, (item.index, speed)
    finally:
        comp.close()

"""Fit by shape: a picture far from the canvas's shape is shown whole unless its subject fits."""

from __future__ import annotations

import pytest

from diapo.draft import MediaRef, build_slideshow
from diapo.draft.builder import fit_for
from diapo.draft.media import Subject


def _clip(w: int, h: int) -> MediaRef:
    return MediaRef("c", "clip", w, h, duration_ms=4000, has_audio=True, name="phone.mp4")


@pytest.mark.parametrize(
    ("size", "aspect", "fit"),
    [
        ((1080, 1920), "16:9", "contain"),  # a phone held upright, in a wide video
        ((3000, 4000), "16:9", "contain"),
        ((1920, 1080), "9:16", "contain"),  # a wide clip in a story
        ((4000, 3000), "9:16", "contain"),
        ((4000, 3000), "16:9", "cover"),  # near the canvas: filled
        ((3000, 3000), "16:9", "cover"),
        ((1920, 1080), "16:9", "cover"),
        ((3000, 4000), "4:5", "cover"),
    ],
)
def test_a_shape_far_from_the_canvas_is_contained(
    size: tuple[int, int], aspect: str, fit: str
) -> None:
    photo = MediaRef("p", "photo", *size)
    assert fit_for(photo, aspect) == fit
    assert fit_for(_clip(*size), aspect) == fit


def test_a_face_that_fits_a_cover_crop_keeps_cover() -> None:
    # A small face in the middle of a portrait photo: the 16:9 band holds it whole.
    face = Subject(0.45, 0.45, 0.1, 0.08, "face")
    assert fit_for(MediaRef("p", "photo", 3000, 4000, subjects=(face,)), "16:9") == "cover"
    # A close portrait's face is taller than the band: shown whole instead.
    close = Subject(0.2, 0.15, 0.6, 0.6, "face")
    assert fit_for(MediaRef("p", "photo", 3000, 4000, subjects=(close,)), "16:9") == "contain"
    # Without faces, the salient subject decides the same way.
    thing = Subject(0.4, 0.4, 0.2, 0.15, "saliency")
    assert fit_for(MediaRef("p", "photo", 3000, 4000, subjects=(thing,)), "16:9") == "cover"


def test_the_draft_asks_for_contain_only_where_the_shape_needs_it() -> None:
    photo = MediaRef("p", "photo", 4000, 3000)
    draft = build_slideshow([photo, _clip(1080, 1920), photo], music=None)
    assert draft.fit == "cover" and draft.main_video is not None
    assert [s.m.fit for s in draft.main_video.sg] == [None, "contain", None]


def test_a_chosen_fit_is_kept() -> None:
    assert fit_for(_clip(1080, 1920), "16:9", "contain") == "contain"
    draft = build_slideshow([_clip(1080, 1920)], music=None, fit="contain")
    assert draft.main_video is not None and draft.main_video.sg[0].m.fit is None


def test_an_aspect_change_fits_a_clip_again() -> None:
    from diapo.draft.ops import SetAspect

    wide = MediaRef("w", "clip", 1920, 1080, duration_ms=4000, has_audio=True)
    media = [MediaRef("p", "photo", 4000, 3000), wide]
    draft = build_slideshow(media, music=None)
    assert draft.main_video is not None and draft.main_video.sg[1].m.fit is None
    tall = SetAspect(aspect="9:16").apply(draft, media)
    assert tall.main_video is not None and tall.main_video.sg[1].m.fit == "contain"
    back = SetAspect(aspect="16:9").apply(tall, media)
    assert back.main_video is not None and back.main_video.sg[1].m.fit is None

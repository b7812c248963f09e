"""Placing a photo on the canvas: cover and contain fit."""

from __future__ import annotations

import numpy as np
import pytest

from diapo.errors import InvalidDraftError
from diapo.render.fit import (
    contain_rect,
    contain_with_blur,
    cover_rect,
    fit_cover,
    prepare_contain_background,
    prescale_for_motion,
)


def _photo(w: int, h: int) -> np.ndarray:
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[..., 0] = 220
    img[..., 1] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    return img


def test_cover_rect_crops_the_long_side_centred() -> None:
    x, y, w, h = cover_rect(400, 300, 320, 180)
    assert (w, h) == pytest.approx((400, 225))
    assert (x, y) == pytest.approx((0, 37.5))


def test_contain_rect_letterboxes_a_portrait_photo() -> None:
    x, y, w, h = contain_rect(300, 400, 320, 180)
    assert h == pytest.approx(180)
    assert w == pytest.approx(135)
    assert x == pytest.approx((320 - 135) / 2)
    assert y == pytest.approx(0)


def test_fit_cover_fills_the_canvas() -> None:
    out = fit_cover(_photo(400, 300), 320, 180)
    assert out.shape == (180, 320, 3)
    assert out.dtype == np.uint8
    assert (out[..., 0] > 200).all()


def test_contain_shows_the_whole_photo_over_a_darker_blurred_background() -> None:
    photo = _photo(300, 400)
    out = contain_with_blur(photo, 320, 180)
    assert out.shape == (180, 320, 3)
    # The sides are background: darker than the photo's own red.
    assert out[90, 5, 0] < 160
    assert out[90, 160, 0] >= 215


def test_contain_reuses_a_prepared_background() -> None:
    photo = _photo(300, 400)
    bg = prepare_contain_background(photo, 320, 180)
    assert bg.shape == (180, 320, 3)
    out = contain_with_blur(photo, 320, 180, background=bg)
    np.testing.assert_array_equal(out[:, :10], bg[:, :10])


def test_prescale_shrinks_big_photos_but_never_enlarges() -> None:
    big = np.zeros((3024, 4032, 3), dtype=np.uint8)
    small = prescale_for_motion(big, 320, 180, max_zoom=1.12)
    assert small.shape[1] >= 320 * 1.12
    assert small.shape[1] < 400
    tiny = np.zeros((90, 160, 3), dtype=np.uint8)
    assert prescale_for_motion(tiny, 320, 180) is tiny


def test_zero_sized_canvas_is_rejected() -> None:
    with pytest.raises(InvalidDraftError):
        cover_rect(100, 100, 0, 100)

"""Ken Burns: smooth, sub-pixel pan and zoom that never shows past the photo's edges."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from diapo.draft import MediaRef
from diapo.draft.builder import ken_burns_for
from diapo.errors import InvalidDraftError
from diapo.render.compose import motion_of
from diapo.render.fit import prepare_contain_background
from diapo.render.kenburns import (
    Motion,
    affine_for,
    prepare_source,
    render_kenburns,
)

W, H = 320, 180


def _textured(w: int, h: int, seed: int = 1) -> np.ndarray:
    """A photo with detail everywhere and no black, so borders and shifts are visible."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    img = cv2.GaussianBlur(noise, (0, 0), 2.0)
    return np.asarray(cv2.normalize(img, np.empty_like(img), 40, 250, cv2.NORM_MINMAX))


def _source_corners_in_view(m: np.ndarray, src_w: int, src_h: int) -> np.ndarray:
    """Where the output frame's corners sample the source."""
    inv = cv2.invertAffineTransform(m)
    corners = np.array(
        [[-0.5, -0.5, 1], [W - 0.5, -0.5, 1], [-0.5, H - 0.5, 1], [W - 0.5, H - 0.5, 1]]
    )
    return corners @ inv.T


@pytest.mark.parametrize("t", [0.0, 0.5, 1.0])
@pytest.mark.parametrize(
    "motion",
    [
        Motion(1.0, 1.12, (-1.0, -1.0), (1.0, 1.0)),
        Motion(1.12, 1.0, (1.0, -1.0), (-1.0, 1.0)),
        Motion(1.0, 1.0, (0.0, -1.0), (0.0, 1.0)),
    ],
)
def test_cover_fit_never_samples_outside_the_photo(motion: Motion, t: float) -> None:
    src_w, src_h = 300, 400  # portrait: lots of room vertically, none horizontally
    m = affine_for(src_w, src_h, W, H, motion, t)
    pts = _source_corners_in_view(m, src_w, src_h)
    assert (pts[:, 0] >= -0.5 - 1e-6).all() and (pts[:, 0] <= src_w - 0.5 + 1e-6).all()
    assert (pts[:, 1] >= -0.5 - 1e-6).all() and (pts[:, 1] <= src_h - 0.5 + 1e-6).all()


@pytest.mark.parametrize("t", [0.0, 0.5, 1.0])
def test_cover_frames_have_no_black_borders(t: float) -> None:
    src = prepare_source(_textured(400, 260))
    out = render_kenburns(src, W, H, Motion(1.0, 1.12, (-1.0, 1.0), (1.0, -1.0)), t)
    assert out.shape == (H, W, 3) and out.dtype == np.uint8
    for edge in (out[0], out[-1], out[:, 0], out[:, -1]):
        assert edge.min() >= 30


def test_rgb_and_rgbx_sources_give_the_same_frame() -> None:
    photo = _textured(400, 260)
    motion = Motion(1.0, 1.1, (0.0, 0.0), (0.5, 0.2))
    a = render_kenburns(photo, W, H, motion, 0.37)
    b = render_kenburns(prepare_source(photo), W, H, motion, 0.37)
    np.testing.assert_array_equal(a, b)


def test_rgbx_output_is_supported() -> None:
    src = prepare_source(_textured(400, 260))
    out = np.zeros((H, W, 4), dtype=np.uint8)
    render_kenburns(src, W, H, Motion(1.0, 1.1), 0.5, out=out)
    assert out[..., :3].min() >= 30


def test_pan_moves_smoothly_without_per_frame_jumps() -> None:
    motion = Motion(1.1, 1.1, (-1.0, -0.5), (1.0, 0.5))  # ease_in_out
    frames = 90
    tx = np.array(
        [affine_for(400, 260, W, H, motion, i / (frames - 1))[0, 2] for i in range(frames)]
    )
    ty = np.array(
        [affine_for(400, 260, W, H, motion, i / (frames - 1))[1, 2] for i in range(frames)]
    )
    for series in (tx, ty):
        d1 = np.diff(series)
        assert (d1 <= 1e-9).all() or (d1 >= -1e-9).all()  # monotonic
        d2 = np.diff(d1)
        assert np.abs(d2).max() < 0.05 * np.abs(d1).max()  # speed changes gently
    # Starts and ends at rest (ease in-out).
    assert abs(np.diff(tx)[0]) < 0.1 * np.abs(np.diff(tx)).max()


def test_consecutive_frames_shift_by_consistent_fractions_of_a_pixel() -> None:
    src = prepare_source(_textured(420, 240, seed=3))
    motion = Motion(1.15, 1.15, (-1.0, 0.0), (1.0, 0.0), easing="linear")
    indices = range(40, 47)
    frames = [
        cv2.cvtColor(render_kenburns(src, W, H, motion, i / 89), cv2.COLOR_RGB2GRAY).astype(
            np.float32
        )
        for i in indices
    ]

    def measured_shift(f0: np.ndarray, f1: np.ndarray) -> float:
        # ECC refines a translation to a small fraction of a pixel (phase correlation's
        # sub-pixel peak is biased toward whole pixels at shifts below one).
        warp = np.eye(2, 3, dtype=np.float32)
        criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 100, 1e-6)
        _, found = cv2.findTransformECC(f0, f1, warp, cv2.MOTION_TRANSLATION, criteria)
        return float(found[0, 2])

    shifts = np.array([measured_shift(f0, f1) for f0, f1 in itertools.pairwise(frames)])
    planned = np.diff([affine_for(420, 240, W, H, motion, i / 89)[0, 2] for i in indices])
    # Each frame moves by the planned fraction of a pixel (about -0.54 px), never 0 or 1.
    assert abs(planned[0] - round(planned[0])) > 0.2
    np.testing.assert_allclose(shifts, planned, atol=0.02)
    assert np.ptp(shifts) < 0.01


def test_zoom_in_makes_the_centre_bigger() -> None:
    photo = np.full((260, 400, 3), 200, dtype=np.uint8)
    cv2.circle(photo, (200, 130), 30, (20, 20, 20), -1)
    motion = Motion(1.0, 1.5, easing="linear")
    first = render_kenburns(photo, W, H, motion, 0.0)
    last = render_kenburns(photo, W, H, motion, 1.0)
    assert (last[..., 0] < 100).sum() > 2.0 * (first[..., 0] < 100).sum()


def test_zoom_out_makes_the_centre_smaller() -> None:
    photo = np.full((260, 400, 3), 200, dtype=np.uint8)
    cv2.circle(photo, (200, 130), 30, (20, 20, 20), -1)
    motion = Motion(1.5, 1.0)
    assert (render_kenburns(photo, W, H, motion, 1.0)[..., 0] < 100).sum() < (
        render_kenburns(photo, W, H, motion, 0.0)[..., 0] < 100
    ).sum()


def _photo(w: int = 4000, h: int = 3000) -> MediaRef:
    return MediaRef(id="p", kind="photo", width=w, height=h)


def _motion(
    index: int, *, seed: int = 0, intensity: float = 1.0, photo: MediaRef | None = None
) -> Motion:
    """The motion the renderer draws for the builder's Ken Burns of photo `index`."""
    kb = ken_burns_for(index, photo or _photo(), "16:9", intensity=intensity, seed=seed)
    return motion_of(kb, "cover")


def test_intensity_zero_is_static() -> None:
    motion = _motion(3, seed=7, intensity=0.0)
    assert motion.is_static
    src = _textured(400, 260)
    np.testing.assert_array_equal(
        render_kenburns(src, W, H, motion, 0.0), render_kenburns(src, W, H, motion, 1.0)
    )


def test_default_motions_vary_across_photos_and_are_deterministic() -> None:
    motions = [_motion(i, seed=5) for i in range(7)]
    assert len(set(motions)) == 7
    assert motions == [_motion(i, seed=5) for i in range(7)]
    assert all(not m.is_static for m in motions)
    zooms_in = any(m.zoom_end > m.zoom_start for m in motions)
    zooms_out = any(m.zoom_end < m.zoom_start for m in motions)
    pans_x = any(m.pan_start[0] != m.pan_end[0] and m.pan_start[1] == m.pan_end[1] for m in motions)
    pans_y = any(m.pan_start[1] != m.pan_end[1] and m.pan_start[0] == m.pan_end[0] for m in motions)
    assert zooms_in and zooms_out and pans_x and pans_y


def test_default_motions_stay_valid_for_cover_fit() -> None:
    for i in range(30):
        for intensity in (0.3, 1.0, 2.0):
            m = _motion(i, seed=i * 3, intensity=intensity)
            for t in (0.0, 0.5, 1.0):
                pts = _source_corners_in_view(affine_for(400, 300, W, H, m, t), 400, 300)
                assert pts[:, 0].min() >= -0.5 - 1e-6 and pts[:, 0].max() <= 399.5 + 1e-6


def test_portrait_photo_on_landscape_canvas_pans_vertically() -> None:
    for i in range(6):
        m = _motion(i, photo=_photo(3000, 4000))
        assert m.pan_start[0] == m.pan_end[0] == 0.0
        assert m.pan_start[1] != m.pan_end[1]


def test_contain_fit_moves_the_photo_over_a_static_background() -> None:
    photo = np.full((300, 200, 3), 230, dtype=np.uint8)
    bg = prepare_contain_background(photo, W, H)
    motion = Motion(1.0, 1.2, fit="contain")
    src = prepare_source(photo)
    first = render_kenburns(src, W, H, motion, 0.0, background=bg)
    last = render_kenburns(src, W, H, motion, 1.0, background=bg)
    np.testing.assert_array_equal(first[:, :5], bg[:, :5])
    assert first[90, 160, 0] >= 225
    assert (last[..., 0] >= 225).sum() > (first[..., 0] >= 225).sum()


def test_cover_zoom_below_one_is_rejected() -> None:
    with pytest.raises(InvalidDraftError):
        Motion(0.9, 1.0)
    with pytest.raises(InvalidDraftError):
        Motion(pan_end=(1.5, 0.0))

"""Transitions: every one starts on the old frame, ends on the new, and moves as named."""

from __future__ import annotations

import numpy as np
import pytest

from diapo.errors import InvalidDraftError
from diapo.render.transitions import TRANSITION_LABELS, TRANSITIONS, blend, transition_label

W, H = 320, 180
RED = (200, 30, 30)
BLUE = (20, 60, 210)


def _flat(color: tuple[int, int, int]) -> np.ndarray:
    return np.broadcast_to(np.array(color, dtype=np.uint8), (H, W, 3)).copy()


def _pattern(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (H, W, 3), dtype=np.uint8)


def _is(img: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    """Which pixels are (close to) `color`."""
    return np.asarray(np.abs(img.astype(np.int16) - np.array(color)).max(axis=-1) <= 2)


def test_at_least_sixteen_transitions_with_labels_in_three_languages() -> None:
    assert len(TRANSITIONS) >= 16
    assert len(set(TRANSITIONS)) == len(TRANSITIONS)
    for kind in TRANSITIONS:
        assert set(TRANSITION_LABELS[kind]) == {"it", "en", "zh"}
    assert transition_label("crossfade", "it") == "dissolvenza incrociata"
    assert transition_label("crossfade", "zh") == "交叉淡化"


@pytest.mark.parametrize("kind", TRANSITIONS)
def test_starts_on_the_old_frame_and_ends_on_the_new(kind: str) -> None:
    a, b = _pattern(1), _pattern(2)
    np.testing.assert_array_equal(blend(kind, a, b, 0.0), a)
    np.testing.assert_array_equal(blend(kind, a, b, 1.0), b)


@pytest.mark.parametrize("kind", TRANSITIONS)
def test_output_keeps_shape_and_dtype_and_fills_the_given_buffer(kind: str) -> None:
    a, b = _pattern(1), _pattern(2)
    out = np.zeros_like(a)
    for p in (0.1, 0.5, 0.9):
        result = blend(kind, a, b, p, out=out)
        assert result is out
        assert result.shape == (H, W, 3) and result.dtype == np.uint8


@pytest.mark.parametrize(
    "kind", [k for k in TRANSITIONS if k not in ("cut", "fade_black", "fade_white")]
)
def test_halfway_shows_both_frames(kind: str) -> None:
    a, b = _flat(RED), _flat(BLUE)
    mid = blend(kind, a, b, 0.5).astype(np.float64)
    # The mean colour lies well between the two: neither frame alone fills the picture.
    share_of_b = (RED[0] - mid[..., 0].mean()) / (RED[0] - BLUE[0])
    assert 0.1 < share_of_b < 0.9


def test_cut_switches_at_halfway() -> None:
    a, b = _flat(RED), _flat(BLUE)
    np.testing.assert_array_equal(blend("cut", a, b, 0.49), a)
    np.testing.assert_array_equal(blend("cut", a, b, 0.5), b)


def test_fades_pass_through_black_and_white() -> None:
    a, b = _flat(RED), _flat(BLUE)
    assert blend("fade_black", a, b, 0.5).max() == 0
    assert blend("fade_white", a, b, 0.5).min() == 255
    # On the way: darker (lighter) versions of a, then of b.
    quarter = blend("fade_black", a, b, 0.25)
    assert 0 < quarter[0, 0, 0] < RED[0]
    assert blend("fade_white", a, b, 0.75)[0, 0, 2] > BLUE[2]


def test_crossfade_is_a_weighted_mix() -> None:
    a, b = _flat(RED), _flat(BLUE)
    mid = blend("crossfade", a, b, 0.5)
    np.testing.assert_allclose(mid[0, 0], (np.array(RED) + np.array(BLUE)) / 2, atol=1)


@pytest.mark.parametrize(
    ("kind", "first_side"),
    [
        ("slide_left", "right"),
        ("slide_right", "left"),
        ("slide_up", "bottom"),
        ("slide_down", "top"),
        ("push_left", "right"),
        ("push_right", "left"),
        ("push_up", "bottom"),
        ("push_down", "top"),
        ("wipe_left", "right"),
        ("wipe_right", "left"),
        ("wipe_up", "bottom"),
        ("wipe_down", "top"),
    ],
)
def test_new_frame_enters_from_the_side_opposite_the_direction(kind: str, first_side: str) -> None:
    a, b = _flat(RED), _flat(BLUE)
    early = blend(kind, a, b, 0.25)
    edges = {
        "left": early[:, 0],
        "right": early[:, -1],
        "top": early[0],
        "bottom": early[-1],
    }
    opposite = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}
    assert _is(edges[first_side], BLUE).all()
    assert _is(edges[opposite[first_side]], RED).all()


def test_slide_moves_the_new_frame_but_not_the_old() -> None:
    a, b = _pattern(1), _pattern(2)
    out = blend("slide_left", a, b, 0.5)
    # The old frame stays put where it is still visible; the new one shows its left part.
    np.testing.assert_array_equal(out[:, :10], a[:, :10])
    d = W - int(np.argmax((out != a).any(axis=(0, 2))))
    np.testing.assert_array_equal(out[:, W - d :], b[:, :d])


def test_push_moves_the_old_frame_out() -> None:
    a, b = _pattern(1), _pattern(2)
    out = blend("push_left", a, b, 0.5)
    d = W // 2
    np.testing.assert_array_equal(out[:, : W - d], a[:, d:])
    np.testing.assert_array_equal(out[:, W - d :], b[:, :d])


def test_wipe_has_a_soft_edge() -> None:
    a, b = _flat(RED), _flat(BLUE)
    row = blend("wipe_right", a, b, 0.5)[0].astype(np.int16)
    mixed = ~_is(row[None], RED)[0] & ~_is(row[None], BLUE)[0]
    assert mixed.sum() >= 5  # several columns between pure old and pure new
    assert (np.diff(row[:, 2]) <= 0).all()  # blue fades monotonically left to right


def test_circle_reveals_the_centre_first() -> None:
    a, b = _flat(RED), _flat(BLUE)
    early = blend("circle", a, b, 0.2)
    assert _is(early[H // 2 - 2 : H // 2 + 2, W // 2 - 2 : W // 2 + 2], BLUE).all()
    for corner in (early[0, 0], early[0, -1], early[-1, 0], early[-1, -1]):
        assert _is(corner[None, None], RED).all()
    late = blend("circle", a, b, 0.97)
    assert _is(late, BLUE).mean() > 0.99


def test_zoom_grows_the_old_frame() -> None:
    a = _flat(RED)
    a[H // 2 - 10 : H // 2 + 10, W // 2 - 10 : W // 2 + 10] = 0
    b = _flat(BLUE)
    later = blend("zoom", a, b, 0.6)
    assert (later[..., 0] < 60).sum() > 1.3 * (a[..., 0] < 60).sum()


def test_works_on_rgbx_frames() -> None:
    a = np.full((H, W, 4), 10, dtype=np.uint8)
    b = np.full((H, W, 4), 250, dtype=np.uint8)
    for kind in TRANSITIONS:
        out = blend(kind, a, b, 0.6)
        assert out.shape == (H, W, 4)


def test_unknown_transition_lists_the_known_ones() -> None:
    a, b = _flat(RED), _flat(BLUE)
    with pytest.raises(InvalidDraftError) as info:
        blend("spiral", a, b, 0.5)
    assert isinstance(info.value, ValueError)
    assert "crossfade" in str(info.value) and "circle" in str(info.value)


def test_mismatched_frames_are_rejected() -> None:
    with pytest.raises(InvalidDraftError):
        blend("crossfade", _flat(RED), np.zeros((H, W + 1, 3), dtype=np.uint8), 0.5)

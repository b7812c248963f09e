"""Video frames come back upright, at the frame rate and size asked for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from diapo.media import first_frame, iter_video_frames
from diapo.samples import frame_marker_level


def _marker(frame: np.ndarray) -> float:
    # The sample clips carry their frame index in the bottom-left square.
    h = frame.shape[0]
    side = max(2, round(min(frame.shape[:2]) * 0.15) // 2)
    return float(frame[h - side :, :side].mean())


@pytest.mark.parametrize(("fps", "count"), [(30, 60), (25, 50), (15, 30), (60, 120)])
def test_frames_come_at_the_requested_rate(samples: dict[str, Path], fps: int, count: int) -> None:
    frames = list(iter_video_frames(samples["clip"], fps=fps))
    assert len(frames) == count
    assert frames[0].shape == (360, 640, 3)


def test_slower_rate_drops_frames_by_timestamp(samples: dict[str, Path]) -> None:
    frames = list(iter_video_frames(samples["clip"], fps=15))
    for k in (0, 5, 10, 20):
        assert _marker(frames[k]) == pytest.approx(frame_marker_level(2 * k), abs=6)


def test_faster_rate_repeats_frames(samples: dict[str, Path]) -> None:
    frames = list(iter_video_frames(samples["clip"], fps=60))
    assert np.array_equal(frames[10], frames[11])
    assert _marker(frames[10]) == pytest.approx(frame_marker_level(5), abs=6)


def test_start_ms_seeks_into_the_clip(samples: dict[str, Path]) -> None:
    frames = list(iter_video_frames(samples["clip"], fps=30, start_ms=1000))
    assert len(frames) == 30
    assert _marker(frames[0]) == pytest.approx(frame_marker_level(30), abs=6)


def test_start_past_the_end_yields_nothing(samples: dict[str, Path]) -> None:
    assert list(iter_video_frames(samples["clip"], fps=30, start_ms=5000)) == []


def test_rotated_clip_is_shown_upright(samples: dict[str, Path]) -> None:
    frame = first_frame(samples["clip_rotated"])
    assert frame.shape == (640, 360, 3)
    top = frame[:60].reshape(-1, 3).mean(axis=0)
    bottom = frame[-100:].reshape(-1, 3).mean(axis=0)
    assert top[2] > top[0] + 40  # blue sky
    assert not bottom[2] > bottom[0] + 40  # sand
    # The frame marker is painted in the upright picture's bottom-left corner.
    assert _marker(frame) == pytest.approx(frame_marker_level(0), abs=6)


def test_frames_scale_to_cover_a_box(samples: dict[str, Path]) -> None:
    frames = iter_video_frames(samples["clip"], fps=30, size=(320, 320))
    assert next(frames).shape == (320, 569, 3)
    frames.close()
    frame = first_frame(samples["clip_rotated"], size=(180, 180))
    assert frame.shape == (320, 180, 3)
    assert frame.flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("name", ["clip_mov", "clip_webm", "clip_mkv", "clip_avi"])
def test_every_container_decodes(samples: dict[str, Path], name: str) -> None:
    frames = list(iter_video_frames(samples[name], fps=30))
    assert len(frames) == pytest.approx(15, abs=1)
    assert frames[0].shape == (120, 160, 3)

"""A portrait phone clip in a wide video is shown whole over its blurred copy, not cropped."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np

from diapo.draft import MediaRef, build_slideshow, with_resolution
from diapo.render import render
from diapo.samples.clips import ClipSpec, write_clip


def _sharpness(strip: np.ndarray) -> float:
    grey = cv2.cvtColor(strip, cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def test_portrait_clip_is_contained_over_its_blurred_copy(tmp_path: Path) -> None:
    # Stored 320x180 and turned by the phone's rotate tag: shown 180 wide, 320 tall.
    path = write_clip(
        tmp_path / "phone.mp4", ClipSpec(seconds=2.0, rotation=90, width=320, height=180)
    )
    clip = MediaRef(str(path), "clip", 180, 320, duration_ms=2000, has_audio=True)
    draft = with_resolution(build_slideshow([clip], music=None), 320)
    assert draft.main_video is not None and draft.main_video.sg[0].m.fit == "contain"
    out = render(draft, tmp_path / "wide.mp4").path
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    frame = frames[len(frames) // 3]
    h, w = frame.shape[:2]
    assert (w, h) == (320, 180)
    # The whole clip is 180 * 180 / 320 = 101 px wide in the middle; the sides are its copy,
    # blurred and darkened.
    side, middle = frame[:, : w // 5], frame[:, w // 2 - 30 : w // 2 + 30]
    assert _sharpness(side) < 0.2 * _sharpness(middle)
    assert side.mean() < 0.8 * middle.mean()

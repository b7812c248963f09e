"""Decode video to upright RGB frames at the frame rate the renderer asks for."""

from __future__ import annotations

import math
from collections.abc import Generator
from pathlib import Path
from typing import Literal

import av
import numpy as np

from diapo.errors import CorruptMediaError
from diapo.media.avfile import av_errors, check_video_stream, display_rotation, open_container
from diapo.media.filecheck import check_file
from diapo.media.images import cover_size

__all__ = ["Fit", "first_frame", "iter_video_frames"]

Fit = Literal["cover", "contain"]

# Timestamps are compared with a little slack: a frame at 0.033333 is "at"
# the output time 1/30 even after rational-to-float rounding.
_EPS = 1e-6


def iter_video_frames(
    path: Path,
    *,
    fps: float,
    start_ms: int = 0,
    size: tuple[int, int] | None = None,
    fit: Fit = "cover",
) -> Generator[np.ndarray, None, None]:
    """Yield upright RGB uint8 frames (H×W×3, C-contiguous) at `fps`, from `start_ms`.

    Source frames are repeated or dropped by timestamp, so a 30 fps phone
    clip read at 25 fps yields 25 frames a second of the clip. Rotation
    metadata is applied. With `size`, frames are scaled down to cover
    (or, with `fit="contain"`, to fit inside) that box, never up. The
    iterator stops when the clip runs out.
    """
    if fps <= 0:
        raise ValueError("fps must be positive")
    path = Path(path)
    check_file(path, kinds=("video",))
    with open_container(path) as container, av_errors(path):
        if not container.streams.video:
            raise CorruptMediaError(f"{path.name} has no picture to show.", path=str(path))
        stream = container.streams.video[0]
        check_video_stream(path, stream)
        stream.thread_type = "AUTO"
        start = max(0, start_ms) / 1000.0
        if start > 0 and stream.time_base is not None:
            # Seek lands on the keyframe before `start`; we decode forward from it.
            container.seek(int(start / stream.time_base), stream=stream, backward=True)
        step = 1.0 / fps
        index = 0
        next_time = start
        held: av.VideoFrame | None = None
        held_end = start
        converter: _Converter | None = None
        default_duration = _frame_duration(stream)
        for frame in container.decode(stream):
            time = frame.time if frame.time is not None else held_end
            if converter is None:
                converter = _Converter(frame, size, fit)
            if held is not None:
                pixels: np.ndarray | None = None
                while next_time < time - _EPS:
                    if pixels is None:
                        pixels = converter(held)
                    yield pixels
                    index += 1
                    next_time = start + index * step
            held = frame
            duration = (
                float(frame.duration * frame.time_base)
                if frame.duration and frame.time_base is not None
                else default_duration
            )
            held_end = time + duration
        if held is None or converter is None:
            if start > 0:
                return
            raise CorruptMediaError(f"{path.name} has no frames that can be shown.", path=str(path))
        pixels = None
        while next_time < held_end - _EPS:
            if pixels is None:
                pixels = converter(held)
            yield pixels
            index += 1
            next_time = start + index * step


def first_frame(
    path: Path, *, size: tuple[int, int] | None = None, fit: Fit = "cover"
) -> np.ndarray:
    """The first frame of a video, upright, as RGB uint8 (for posters and thumbnails)."""
    frames = iter_video_frames(Path(path), fps=1.0, size=size, fit=fit)
    try:
        return next(frames)
    except StopIteration:
        raise CorruptMediaError(
            f"{Path(path).name} has no frames that can be shown.", path=str(path)
        ) from None
    finally:
        frames.close()


def _frame_duration(stream: av.VideoStream) -> float:
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return 1.0 / float(rate) if rate else 1.0 / 30.0


class _Converter:
    """Turns decoded frames into upright RGB arrays of one fixed size."""

    def __init__(self, first: av.VideoFrame, size: tuple[int, int] | None, fit: Fit) -> None:
        self.rotation = display_rotation(first)
        width, height = first.width, first.height
        sar = getattr(first, "sample_aspect_ratio", None)
        if sar and float(sar) > 0 and float(sar) != 1.0:
            # Non-square pixels: what the viewer sees is wider or narrower.
            width = max(1, round(width * float(sar)))
        turned = self.rotation in (90, 270)
        shown = (height, width) if turned else (width, height)
        if size is not None:
            shown = cover_size(shown, size) if fit == "cover" else _contain_size(shown, size)
        self.width, self.height = (shown[1], shown[0]) if turned else shown
        self.scaled = (self.width, self.height) != (first.width, first.height)

    def __call__(self, frame: av.VideoFrame) -> np.ndarray:
        if self.scaled:
            frame = frame.reformat(
                width=self.width, height=self.height, format="rgb24", interpolation="AREA"
            )
            pixels = frame.to_ndarray()
        else:
            pixels = frame.to_ndarray(format="rgb24")
        if self.rotation:
            pixels = np.rot90(pixels, -self.rotation // 90)
        return np.ascontiguousarray(pixels)


def _contain_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    scale = min(box[0] / width, box[1] / height)
    if scale >= 1:
        return size
    return max(1, math.floor(width * scale + 1e-9)), max(1, math.floor(height * scale + 1e-9))

"""Opening media with PyAV, with its errors turned into ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import av.container

from diapo.errors import CorruptMediaError, DiapoError
from diapo.media.filecheck import MAX_VIDEO_PIXELS, check_dimensions

__all__ = ["av_errors", "check_video_stream", "display_rotation", "open_container"]


@contextmanager
def av_errors(path: Path, what: str = "decoded") -> Iterator[None]:
    """Turn anything PyAV or FFmpeg raises inside the block into a `CorruptMediaError`."""
    try:
        yield
    except DiapoError:
        raise
    except (av.FFmpegError, OSError, ValueError, IndexError, RuntimeError) as exc:
        raise CorruptMediaError(
            f"{path.name} is damaged or incomplete and cannot be {what}.", path=str(path)
        ) from exc


@contextmanager
def open_container(path: Path, *, fast_seek: bool = False) -> Iterator[av.container.InputContainer]:
    """Open `path` for reading; closed on exit.

    `fast_seek`: an MP3 without a table of contents is sought by its bit rate
    (FFmpeg's fastseek) instead of read frame by frame up to the place, which
    took a second per hour of sound before it, to within a frame for constant
    bit rates and close for variable ones.
    """
    with av_errors(path, "opened"):
        # Opening decodes a first frame to learn the stream's parameters; the
        # decoders' own pixel limit makes a 16000×16000 frame fail there
        # instead of taking 600 MB, and the caller then refuses it by its size.
        container = av.open(
            str(path),
            mode="r",
            metadata_errors="ignore",
            options={
                "max_pixels": str(MAX_VIDEO_PIXELS),
                **({"fflags": "+fastseek"} if fast_seek else {}),
            },
        )
    try:
        yield container
    finally:
        container.close()


def check_video_stream(path: Path, stream: av.VideoStream) -> None:
    """Refuse a video whose frames are too large, before decoding any of them.

    The size comes from the stream's header. Should a stream not tell it, or a
    later frame grow, the decoder's own pixel limit stops it.
    """
    context = stream.codec_context
    if context.width > 0 and context.height > 0:
        check_dimensions(path, context.width, context.height, video=True)
    context.options = {**context.options, "max_pixels": str(MAX_VIDEO_PIXELS)}


def display_rotation(frame: av.VideoFrame) -> int:
    """Clockwise degrees (0, 90, 180, 270) that turn this frame upright.

    FFmpeg's display matrix gives a counter-clockwise angle (-90 for a phone
    held upright); we use the clockwise convention of the `rotate` tag.
    """
    try:
        ccw = frame.rotation
    except (AttributeError, ValueError):
        return 0
    return (-round(ccw / 90) * 90) % 360

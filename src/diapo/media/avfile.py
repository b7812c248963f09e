"""Opening media with PyAV, with its errors turned into ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import av.container

from diapo.errors import CorruptMediaError, DiapoError

__all__ = ["av_errors", "display_rotation", "open_container"]


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
def open_container(path: Path) -> Iterator[av.container.InputContainer]:
    """Open `path` for reading; closed on exit."""
    with av_errors(path, "opened"):
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    try:
        yield container
    finally:
        container.close()


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

"""The checks every media file passes before decoding: present, non-empty, small, known."""

from __future__ import annotations

from pathlib import Path

from diapo.errors import (
    CorruptMediaError,
    MediaTooLargeError,
    MissingMediaError,
    UnsupportedMediaError,
)
from diapo.media.info import SUPPORTED_TYPES_TEXT, MediaKind
from diapo.media.sniff import Sniffed, sniff_file

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "MAX_ASPECT",
    "MAX_SIDE",
    "MAX_VIDEO_PIXELS",
    "MAX_VIDEO_SIDE",
    "WHOLE_DECODE_MAX_PIXELS",
    "check_dimensions",
    "check_file",
    "unsupported_error",
]

#: The decompression-bomb limit: 100 megapixels is above any phone or
#: consumer camera (a 108 MP sensor bins to 12 MP by default).
DEFAULT_MAX_PIXELS = 100_000_000

#: Photos that cannot be decoded at a reduced size (everything but JPEG, whose
#: DCT scaling decodes a 100 MP photo at an eighth of its size) are decoded
#: whole: a 100 MP PNG with transparency is 400 MB before it can be shrunk. Half
#: the limit keeps one such decode under 250 MB and is still above a 48 MP
#: phone HEIC or an 8K screenshot (33 MP).
WHOLE_DECODE_MAX_PIXELS = 50_000_000

#: A photo's longer side: a 100 MP camera is about 12000 px wide, a stitched
#: phone panorama about 16000. Checked with the shape before any decoding, as
#: a 1×99,000,000 PNG is under the pixel limit yet cannot be shrunk while
#: decoding and takes gigabytes to turn into a thumbnail.
MAX_SIDE = 20_000

#: The most elongated photo: phone panoramas are 4:1 to 10:1.
MAX_ASPECT = 20.0

#: A video frame: 8K UHD is 7680×4320 (33 MP), H.264's largest level 8192×4320.
MAX_VIDEO_PIXELS = 40_000_000
MAX_VIDEO_SIDE = 8192


def check_file(
    path: Path, *, max_bytes: int | None = None, kinds: tuple[MediaKind, ...] | None = None
) -> tuple[Sniffed, int]:
    """Sniff `path` and return what it is with its size, or raise the error a user should see."""
    name = path.name
    try:
        size = path.stat().st_size
        sniffed = sniff_file(path)
    except FileNotFoundError as exc:
        raise MissingMediaError(f"{name} could not be found.", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise UnsupportedMediaError(f"{name} is a folder, not a media file.") from exc
    except OSError as exc:
        raise CorruptMediaError(f"{name} could not be read.", path=str(path)) from exc
    if size == 0:
        raise CorruptMediaError(f"{name} is empty (0 bytes).", path=str(path))
    if max_bytes is not None and size > max_bytes:
        raise MediaTooLargeError(
            f"{name} is {_megabytes(size)}; the limit is {_megabytes(max_bytes)}.",
            path=str(path),
            size_bytes=size,
            max_bytes=max_bytes,
        )
    if not sniffed.supported:
        raise unsupported_error(path, sniffed.label)
    if kinds is not None and sniffed.kind not in kinds:
        wanted = " or ".join(kinds)
        raise UnsupportedMediaError(
            f"{name} is {sniffed.label}, not {_article(wanted)} {wanted} file.",
            path=str(path),
            detected=sniffed.format,
        )
    return sniffed, size


def check_dimensions(
    path: Path, width: int, height: int, *, video: bool = False, max_pixels: int | None = None
) -> None:
    """Refuse a photo or video frame whose size, read from its header, is too big or too thin."""
    name = path.name
    if width <= 0 or height <= 0:
        raise CorruptMediaError(f"{name} has no pixels.", path=str(path))
    what = "video frames" if video else "photos"
    side = MAX_VIDEO_SIDE if video else MAX_SIDE
    pixels = max_pixels or (MAX_VIDEO_PIXELS if video else DEFAULT_MAX_PIXELS)
    size = f"{width}×{height}"
    detail = {"path": str(path), "width": width, "height": height}
    if max(width, height) > side:
        raise MediaTooLargeError(
            f"{name} is too large ({size}): {what} may be at most {side} pixels on a side.",
            max_side=side,
            **detail,
        )
    if width * height > pixels:
        raise MediaTooLargeError(
            f"{name} is too large ({size}): {what} may have at most "
            f"{pixels / 1_000_000:g} megapixels.",
            max_pixels=pixels,
            **detail,
        )
    if not video and max(width, height) > MAX_ASPECT * min(width, height):
        raise MediaTooLargeError(
            f"{name} is too narrow a strip ({size}): photos may be at most "
            f"{MAX_ASPECT:g} times longer than wide.",
            max_aspect=MAX_ASPECT,
            **detail,
        )


def unsupported_error(path: Path, label: str) -> UnsupportedMediaError:
    """The error for a file that is not a type Diapo reads, naming what it seems to be."""
    return UnsupportedMediaError(
        f"{path.name} looks like {label}, which Diapo cannot use. "
        f"Supported types: {SUPPORTED_TYPES_TEXT}.",
        path=str(path),
        detected=label,
    )


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"

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

__all__ = ["DEFAULT_MAX_PIXELS", "check_file", "unsupported_error"]

#: The decompression-bomb limit: 100 megapixels is above any phone or
#: consumer camera (a 108 MP sensor bins to 12 MP by default).
DEFAULT_MAX_PIXELS = 100_000_000


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

"""Files Diapo must refuse politely: damaged, truncated, disguised, empty, decompression bombs."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

__all__ = [
    "write_bomb_png",
    "write_corrupt_jpeg",
    "write_empty",
    "write_text_as_jpeg",
    "write_truncated",
]


def write_corrupt_jpeg(path: Path, *, seed: int = 0, size: int = 20_000) -> Path:
    """A JPEG start-of-image and JFIF marker followed by random bytes."""
    noise = np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8).tobytes()
    path.write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + noise
    )
    return path


def write_truncated(path: Path, source: Path, *, keep: float = 0.5) -> Path:
    """The first `keep` fraction of a real file, as if the upload broke off."""
    data = source.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep))])
    return path


def write_text_as_jpeg(path: Path) -> Path:
    """A plain text file wearing a .jpg name."""
    path.write_text("Ciao! This is a shopping list, not a photo:\n- pomodori\n- basilico\n")
    return path


def write_empty(path: Path) -> Path:
    """A file of zero bytes."""
    path.write_bytes(b"")
    return path


def write_bomb_png(path: Path, *, width: int = 30_000, height: int = 30_000) -> Path:
    """A valid PNG of a few hundred kilobytes that declares width×height pixels.

    One bit per pixel, all zero, compresses about a thousandfold, so the file
    is small while a naive decoder would allocate gigabytes.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    parts = []
    # Compressing a block of rows at a time keeps this well under a second.
    block = row * 256
    full, rest = divmod(height, 256)
    for _ in range(full):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(row * rest))
    parts.append(compressor.flush())
    idat = b"".join(parts)
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )
    return path


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

"""Media made to hurt: huge or thin images and videos that cost little to write."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import av
from PIL import Image

__all__ = ["blank_movie", "blank_png", "jpeg_claiming"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width: int, height: int, *, channels: int = 1) -> bytes:
    """A valid all-black PNG of any size, compressed as it is generated (a few KB per 100 MB)."""
    colour_type = {1: 0, 3: 2, 4: 6}[channels]
    row = b"\0" * (1 + width * channels)
    packer = zlib.compressobj(9)
    rows_per_piece = max(1, (1 << 20) // len(row))
    pieces, left = [], height
    while left:
        count = min(rows_per_piece, left)
        pieces.append(packer.compress(row * count))
        left -= count
    pieces.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(pieces))
        + _chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header says it is `width`×`height`."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 90, 90)).save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def blank_movie(path: Path, width: int, height: int) -> Path:
    """A one-frame grey H.264 MOV of any size, a few KB (its header tells the frame size)."""
    with av.open(str(path), "w", format="mov") as container:
        stream = container.add_stream("libx264", rate=1)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "51"}
        frame = av.VideoFrame(width, height, "yuv420p")
        for plane in frame.planes:
            memoryview(plane)[:] = b"\x80" * plane.buffer_size
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path

"""A hand-built RGB ICC profile with red and blue primaries swapped, to test colour management."""

from __future__ import annotations

import struct

__all__ = ["swapped_primaries_profile"]

# sRGB's primaries and white as seen from the D50 profile connection space
# (the numbers in every sRGB matrix/TRC profile).
_SRGB_RED = (0.4361, 0.2225, 0.0139)
_SRGB_GREEN = (0.3851, 0.7169, 0.0971)
_SRGB_BLUE = (0.1431, 0.0606, 0.7141)
_D50 = (0.9642, 1.0, 0.8249)


def swapped_primaries_profile(gamma: float = 2.2) -> bytes:
    """An ICC v2 display profile in which channel 1 is sRGB's blue and channel 3 its red.

    Pixels stored as B, G, R under this profile show the right colours only
    when the reader honours the profile, which makes the test unambiguous.
    """
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _desc("Diapo swapped-primaries test RGB")),
        (b"cprt", _text("No copyright, made by Diapo for tests")),
        (b"wtpt", _xyz(_D50)),
        (b"rXYZ", _xyz(_SRGB_BLUE)),
        (b"gXYZ", _xyz(_SRGB_GREEN)),
        (b"bXYZ", _xyz(_SRGB_RED)),
    ]
    curve = _curve(gamma)
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table = struct.pack(">I", len(tags))
    data = b""
    for signature, body in tags:
        table += struct.pack(">4sII", signature, offset + len(data), len(body))
        data += body + b"\x00" * (-len(body) % 4)
    size = 128 + len(table) + len(data)
    header = struct.pack(
        ">I4sI4s4s4s12s4s4sI4s4sQI12s4s16s28s",
        size,
        b"lcms",
        0x02100000,
        b"mntr",
        b"RGB ",
        b"XYZ ",
        struct.pack(">6H", 2024, 1, 1, 0, 0, 0),
        b"acsp",
        b"APPL",
        0,
        b"none",
        b"none",
        0,
        0,
        b"".join(_s15f16(v) for v in _D50),
        b"dapo",
        b"\x00" * 16,
        b"\x00" * 28,
    )
    assert len(header) == 128
    return header + table + data


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15f16(v) for v in xyz)


def _curve(gamma: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256))


def _text(text: str) -> bytes:
    return b"text\x00\x00\x00\x00" + text.encode("ascii") + b"\x00"


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)  # no ScriptCode description
        + b"\x00" * 67
    )

"""Thumbnails are upright JPEGs with the right longer side."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from diapo.media import make_thumbnail


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("landscape1", (320, 240)),
        ("rotated_exif", (240, 320)),
        ("panorama", (320, 60)),
        ("heic", (320, 240)),
        ("clip", (320, 180)),
        ("clip_rotated", (180, 320)),
        ("tiny", (64, 48)),
    ],
)
def test_thumbnail_is_a_jpeg_with_the_right_longer_side(
    samples: dict[str, Path], name: str, expected: tuple[int, int]
) -> None:
    data = make_thumbnail(samples[name], size=320)
    with Image.open(io.BytesIO(data)) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == expected

"""Size and shape limits, checked from the header before anything is decoded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from tests.media.hostile import blank_movie, blank_png, jpeg_claiming

from diapo.errors import MediaTooLargeError
from diapo.media import FLATTEN_BACKGROUND, first_frame, load_image, make_thumbnail, probe


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("width", "height", "says"),
    [
        (1, 30_000, "at most 20000 pixels on a side"),
        (25_000, 1_000, "at most 20000 pixels on a side"),
        (12_000, 500, "at most 20 times longer than wide"),
        (300, 7_000, "at most 20 times longer than wide"),
    ],
)
def test_photos_too_long_or_too_thin_are_refused(
    tmp_path: Path, width: int, height: int, says: str
) -> None:
    path = _write(tmp_path / "strip.png", blank_png(width, height))
    for read in (probe, make_thumbnail, load_image):
        with pytest.raises(MediaTooLargeError) as caught:
            read(path)
        assert caught.value.code == 4002
        assert "strip.png is too" in caught.value.message and says in caught.value.message
        assert f"{width}×{height}" in caught.value.message


def test_a_panorama_within_the_limits_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "pano.png", blank_png(10_000, 500))  # 20:1 exactly
    info = probe(path)
    assert (info.width, info.height) == (10_000, 500)


def test_a_jpeg_claiming_thirty_thousand_pixels_square_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "claim.jpg", jpeg_claiming(30_000, 30_000))
    with pytest.raises(MediaTooLargeError, match="100 megapixels"):
        probe(path)


@pytest.mark.parametrize(
    ("width", "height", "says"),
    [
        (9_000, 600, "at most 8192 pixels on a side"),
        (6_400, 6_400, "at most 40 megapixels"),
    ],
)
def test_videos_with_huge_frames_are_refused_before_decoding(
    tmp_path: Path, width: int, height: int, says: str
) -> None:
    path = blank_movie(tmp_path / "huge.mov", width, height)
    for read in (probe, first_frame, make_thumbnail):
        with pytest.raises(MediaTooLargeError) as caught:
            read(path)
        assert says in caught.value.message and f"{width}×{height}" in caught.value.message


def test_a_big_transparent_png_is_shrunk_right(tmp_path: Path) -> None:
    # Band-wise shrinking must flatten and average as a whole-image shrink would.
    pixels = np.zeros((2000, 3000, 4), dtype=np.uint8)
    pixels[:, :1500] = (200, 30, 20, 255)  # left half opaque red, right half transparent
    path = tmp_path / "half.png"
    Image.fromarray(pixels, "RGBA").save(path)
    small = load_image(path, fit_within=(300, 200))
    assert small.shape == (200, 300, 3)
    assert np.abs(small[:, :140].astype(int) - (200, 30, 20)).max() <= 1
    assert (small[:, 160:] == FLATTEN_BACKGROUND).all()


def test_a_big_sixteen_bit_grey_png_is_scaled_band_by_band(tmp_path: Path) -> None:
    ramp = np.tile(np.linspace(0, 65535, 3000, dtype=np.uint16), (2000, 1))
    path = tmp_path / "ramp16.png"
    Image.fromarray(ramp).save(path)
    pixels = load_image(path, fit_within=(300, 200))
    expected = np.linspace(0, 255, 300)
    assert np.abs(pixels[100, :, 0].astype(float) - expected).max() < 3
    assert (pixels[:, :, 0] == pixels[:, :, 2]).all()


def test_a_heic_thumbnail_is_made_from_its_embedded_thumbnail(tmp_path: Path) -> None:
    path = tmp_path / "phone.heic"
    Image.new("RGB", (1600, 1200), (10, 120, 200)).save(path, quality=60, thumbnails=[400])
    with Image.open(path) as img:
        assert img.info["thumbnails"] == [400]  # what the decoder may start from
    small = load_image(path, fit_within=(320, 240))
    assert small.shape == (240, 320, 3)
    assert np.abs(small.astype(int) - (10, 120, 200)).max() <= 4

"""Photos decode upright, in sRGB, flattened, at the size asked for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from diapo.media import FLATTEN_BACKGROUND, cover_size, load_image
from diapo.media.images import orient_array
from diapo.samples import generate_photo


def _is_sky(pixel: np.ndarray) -> bool:
    r, b = int(pixel[0]), int(pixel[2])
    return b > 150 and b > r + 40


def test_rotated_photo_is_shown_upright(samples: dict[str, Path]) -> None:
    pixels = load_image(samples["rotated_exif"])
    assert pixels.shape == (640, 480, 3)
    top = pixels[:40].reshape(-1, 3).mean(axis=0)
    bottom = pixels[-40:].reshape(-1, 3).mean(axis=0)
    assert _is_sky(top)
    assert not _is_sky(bottom)


def test_result_is_contiguous_rgb_uint8(samples: dict[str, Path]) -> None:
    for name in ("landscape1", "rotated_exif", "heic", "webp", "gif", "tiny", "panorama"):
        pixels = load_image(samples[name])
        assert pixels.dtype == np.uint8
        assert pixels.ndim == 3 and pixels.shape[2] == 3
        assert pixels.flags["C_CONTIGUOUS"]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillow(orientation: int) -> None:
    stored = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[0x0112] = orientation
    image.info["exif"] = exif.tobytes()
    expected = np.asarray(ImageOps.exif_transpose(image))
    assert np.array_equal(orient_array(stored, orientation), expected)


def test_embedded_icc_profile_is_honoured(samples: dict[str, Path]) -> None:
    # The file stores B, G, R under a profile that swaps them back.
    pixels = load_image(samples["icc"])
    stored = np.asarray(Image.open(samples["icc"]))
    top = pixels[:60].reshape(-1, 3).mean(axis=0)
    assert _is_sky(top)
    assert not _is_sky(stored[:60].reshape(-1, 3).mean(axis=0))
    reference = np.asarray(generate_photo("seaside", 640, 480, seed=12)).astype(int)
    assert np.abs(pixels.astype(int) - reference).mean() < 12


def test_transparency_is_flattened_onto_the_background(samples: dict[str, Path]) -> None:
    pixels = load_image(samples["png_alpha"])
    assert tuple(pixels[5, 5]) == FLATTEN_BACKGROUND
    assert tuple(pixels[240, 320]) != FLATTEN_BACKGROUND


def test_cmyk_jpeg_gives_sane_rgb(samples: dict[str, Path]) -> None:
    pixels = load_image(samples["cmyk"]).astype(int)
    reference = np.asarray(generate_photo("cinque_terre", 640, 480, seed=10)).astype(int)
    assert np.abs(pixels - reference).mean() < 25


@pytest.mark.parametrize("name", ["png16", "png16_gray"])
def test_sixteen_bit_png_is_scaled_not_clipped(samples: dict[str, Path], name: str) -> None:
    pixels = load_image(samples[name]).astype(int)
    reference = np.asarray(generate_photo("venice_canal", 640, 480, seed=11)).astype(int)
    if name == "png16_gray":
        reference = np.repeat(reference.mean(axis=2, keepdims=True), 3, axis=2)
    assert np.abs(pixels - reference).mean() < 3


def test_fit_within_covers_the_box_without_upscaling(samples: dict[str, Path]) -> None:
    pixels = load_image(samples["landscape1"], fit_within=(320, 180))
    assert pixels.shape == (240, 320, 3)
    portrait = load_image(samples["rotated_exif"], fit_within=(320, 180))
    assert portrait.shape == (427, 320, 3)
    tiny = load_image(samples["tiny"], fit_within=(1920, 1080))
    assert tiny.shape == (48, 64, 3)
    pano = load_image(samples["panorama"], fit_within=(640, 200))
    assert pano.shape == (200, 1067, 3)


def test_cover_size_is_minimal_and_never_upscales() -> None:
    assert cover_size((4032, 3024), (1920, 1080)) == (1920, 1440)
    assert cover_size((3024, 4032), (1920, 1080)) == (1920, 2560)
    assert cover_size((640, 480), (1920, 1080)) == (640, 480)
    w, h = cover_size((4000, 3000), (2150, 1210))
    assert w >= 2150 and h >= 1210 and (w == 2150 or h == 1210)


def test_downscaled_photo_looks_like_the_full_one(phone_jpeg: Path) -> None:
    small = load_image(phone_jpeg, fit_within=(1920, 1080))
    assert small.shape == (1440, 1920, 3)
    full = Image.fromarray(load_image(phone_jpeg)).resize((1920, 1440), Image.Resampling.BOX)
    assert np.abs(small.astype(int) - np.asarray(full).astype(int)).mean() < 4

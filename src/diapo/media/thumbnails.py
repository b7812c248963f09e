"""Small upright JPEG previews of photos and videos."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from diapo.media.filecheck import check_file
from diapo.media.images import load_image
from diapo.media.video import first_frame

__all__ = ["make_thumbnail", "thumbnail_from_pixels"]


def make_thumbnail(path: Path, *, size: int = 320, quality: int = 85) -> bytes:
    """JPEG bytes of an upright preview whose longer side is `size` (or less, never upscaled).

    Videos are shown by their first frame.
    """
    path = Path(path)
    if size < 1:
        raise ValueError("size must be positive")
    sniffed, _ = check_file(path, kinds=("image", "video"))
    # Decoding to cover a size × size box is cheap (JPEG DCT scaling) and
    # leaves enough pixels for a clean final downscale of the longer side.
    if sniffed.kind == "image":
        pixels = load_image(path, fit_within=(size, size))
    else:
        pixels = first_frame(path, size=(size, size))
    return thumbnail_from_pixels(pixels, size=size, quality=quality)


def thumbnail_from_pixels(pixels: np.ndarray, *, size: int = 320, quality: int = 85) -> bytes:
    """JPEG bytes of upright RGB `pixels` brought down to a longer side of `size` (never up).

    For a caller that already decoded the photo (the service's ingest decodes it
    once for the thumbnail and the analysis both).
    """
    buffer = io.BytesIO()
    Image.fromarray(_longer_side(pixels, size)).save(
        buffer, format="JPEG", quality=quality, optimize=True
    )
    return buffer.getvalue()


def _longer_side(pixels: np.ndarray, size: int) -> np.ndarray:
    height, width = pixels.shape[:2]
    longer = max(width, height)
    if longer <= size:
        return pixels
    scale = size / longer
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(pixels, target, interpolation=cv2.INTER_AREA)

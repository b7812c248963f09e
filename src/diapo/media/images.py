"""Decode photos to upright sRGB pixels: EXIF orientation, HEIC, ICC profiles, alpha, odd modes."""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import cv2
import numpy as np
import pillow_heif
from PIL import Image, ImageCms

from diapo.errors import CorruptMediaError, DiapoError, MediaTooLargeError
from diapo.media.filecheck import (
    DEFAULT_MAX_PIXELS,
    WHOLE_DECODE_MAX_PIXELS,
    check_dimensions,
    check_file,
)

__all__ = [
    "FLATTEN_BACKGROUND",
    "cover_size",
    "exif_gps",
    "exif_orientation",
    "exif_taken_at",
    "load_image",
    "open_image",
    "orient_array",
]

# HEIC arrives from every iPhone; teach Pillow to open it once, at import.
pillow_heif.register_heif_opener()

#: Transparent pixels are laid on white: transparent PNGs (logos, stickers,
#: screenshots, cut-outs) are nearly always drawn to be seen on a white page,
#: and dark line art on transparency would vanish on black.
FLATTEN_BACKGROUND: tuple[int, int, int] = (255, 255, 255)

_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "heic": "HEIF"}
_ORIENTATION_TAG = 0x0112
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132
_GPS_IFD = 0x8825
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4
_SRGB = ImageCms.createProfile("sRGB")


@contextmanager
def _quiet() -> Iterator[None]:
    # Pillow warns about harmless oddities (bad EXIF, large images we check
    # ourselves); none of them should reach the caller as a warning, and
    # under warnings-as-errors they must not abort a good decode. (The
    # warnings filter is process-wide; a concurrent thread may briefly see
    # its warnings hidden too, which is harmless.)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# Formats Pillow can decode at a reduced size (JPEG's DCT scaling, `Image.draft`).
_REDUCED_DECODE = frozenset({"JPEG", "MPO"})


@contextmanager
def open_image(path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Iterator[Image.Image]:
    """Open a photo with Pillow (header only), enforcing the pixel limit; errors become ours."""
    sniffed, _ = check_file(path, kinds=("image",))
    assert sniffed.format is not None
    name = path.name
    try:
        with _quiet():
            img = Image.open(path, formats=[_PIL_FORMATS[sniffed.format]])
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(path, max_pixels) from exc
    except DiapoError:
        raise
    except Exception as exc:
        raise CorruptMediaError(
            f"{name} is damaged and cannot be opened as a photo.", path=str(path)
        ) from exc
    try:
        # Pillow has read the header only; nothing is decoded before this check.
        check_dimensions(path, *img.size, max_pixels=max_pixels)
        whole = img.format not in _REDUCED_DECODE
        limit = min(max_pixels, WHOLE_DECODE_MAX_PIXELS)
        if whole and img.size[0] * img.size[1] > limit:
            raise MediaTooLargeError(
                f"{name} is too large: {img.format} photos may have at most "
                f"{limit / 1_000_000:g} megapixels (they are decoded whole; JPEG up to "
                f"{max_pixels / 1_000_000:g}).",
                path=str(path),
                max_pixels=limit,
            )
        yield img
    finally:
        img.close()


def _too_many_pixels(path: Path, max_pixels: int) -> MediaTooLargeError:
    return MediaTooLargeError(
        f"{path.name} is too large: photos may have at most {max_pixels / 1_000_000:g} megapixels.",
        path=str(path),
        max_pixels=max_pixels,
    )


def exif_orientation(img: Image.Image) -> int:
    """The EXIF orientation (1..8) of an open image; 1 when absent or nonsense."""
    try:
        with _quiet():
            value = img.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def exif_taken_at(img: Image.Image) -> datetime | None:
    """When the photo was taken, from EXIF DateTimeOriginal (or DateTime), if present."""
    try:
        with _quiet():
            exif = img.getexif()
            sub = exif.get_ifd(_EXIF_IFD)
    except Exception:
        return None
    raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = sub.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str) and len(offset) >= 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
        except ValueError:
            return taken
        sign = -1 if offset[0] == "-" else 1
        taken = taken.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return taken


def exif_gps(img: Image.Image) -> tuple[float, float] | None:
    """Where the photo was taken, (latitude, longitude) in degrees, from its EXIF GPS tags.

    Degrees, minutes and seconds are rationals; the N/S and E/W references give the
    signs. Anything missing, malformed or out of range gives None, and so does (0, 0),
    which cameras write when they had no fix: a position is never guessed.
    """
    try:
        with _quiet():
            gps = img.getexif().get_ifd(_GPS_IFD)
        lat = _degrees(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF), "NS")
        lon = _degrees(gps.get(_GPS_LON), gps.get(_GPS_LON_REF), "EW")
    except Exception:
        # Hostile EXIF can break Pillow's parser in any number of ways; no position then.
        return None
    if lat is None or lon is None or abs(lat) > 90.0 or abs(lon) > 180.0:
        return None
    if abs(lat) < 1e-6 and abs(lon) < 1e-6:
        return None
    return (round(lat, 6), round(lon, 6))


def _degrees(value: object, ref: object, refs: str) -> float | None:
    """Signed degrees from EXIF's (degrees, minutes, seconds) and a reference letter."""
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if ref is None or (isinstance(ref, str) and not ref.strip("\x00 ")):
        letter = refs[0]  # some writers leave the reference out: north and east then
    elif isinstance(ref, str) and ref.strip("\x00 ").upper()[:1] in refs:
        letter = ref.strip("\x00 ").upper()[0]
    else:
        return None
    parts = value if isinstance(value, tuple | list) else (value,)
    if not 1 <= len(parts) <= 3:
        return None
    total = 0.0
    for part, scale in zip(parts, (1.0, 60.0, 3600.0), strict=False):
        number = float(part)  # IFDRational, int or float
        if not math.isfinite(number) or number < 0 or number > (180.0 if scale == 1 else 60.0):
            return None
        total += number / scale
    return -total if letter == refs[1] else total


def cover_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The smallest size, keeping aspect, that covers `box`; never larger than `size`."""
    width, height = size
    box_w, box_h = max(1, box[0]), max(1, box[1])
    scale = max(box_w / width, box_h / height)
    if scale >= 1:
        return size
    # Rounding up keeps both sides at least the box; clamp so we never upscale.
    return (
        min(width, max(box_w, math.ceil(width * scale - 1e-9))),
        min(height, max(box_h, math.ceil(height * scale - 1e-9))),
    )


def orient_array(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels upright for an EXIF orientation (a view; may not be contiguous)."""
    if orientation == 2:
        return pixels[:, ::-1]
    if orientation == 3:
        return pixels[::-1, ::-1]
    if orientation == 4:
        return pixels[::-1]
    if orientation == 5:
        return pixels.swapaxes(0, 1)
    if orientation == 6:
        return np.rot90(pixels, -1)
    if orientation == 7:
        return pixels[::-1, ::-1].swapaxes(0, 1)
    if orientation == 8:
        return np.rot90(pixels, 1)
    return pixels


def load_image(
    path: Path,
    *,
    fit_within: tuple[int, int] | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> np.ndarray:
    """Decode a photo to upright sRGB pixels: RGB uint8, H×W×3, C-contiguous.

    With `fit_within=(w, h)` the result is the smallest size that still
    covers a w×h box (both sides at least the box, aspect kept), never
    larger than the photo: JPEGs are decoded at a reduced scale directly
    (DCT scaling), then everything is area-averaged to the exact size.
    """
    path = Path(path)
    with open_image(path, max_pixels=max_pixels) as img:
        orientation = exif_orientation(img)
        target: tuple[int, int] | None = None
        if fit_within is not None:
            # The box is given upright; the pixels are stored turned.
            box = fit_within if orientation < 5 else (fit_within[1], fit_within[0])
            target = cover_size(img.size, box)
        pixels = _decode_plain_jpeg(path, img, target)
        if pixels is None:
            pixels = _decode_with_pillow(path, img, target)
    if target is not None and (pixels.shape[1], pixels.shape[0]) != target:
        pixels = _downscale(pixels, target)
    return np.ascontiguousarray(orient_array(pixels, orientation))


def _decode_plain_jpeg(
    path: Path, img: Image.Image, target: tuple[int, int] | None
) -> np.ndarray | None:
    """The fast path for the common phone JPEG (YCbCr or grey, sRGB): OpenCV's decoder.

    OpenCV hands back a NumPy array directly, where Pillow's array export
    copies through `tobytes` (about 50 ms for 12 MP). Anything unusual (CMYK,
    a non-sRGB profile, damage) returns None and goes through Pillow.
    """
    if img.format != "JPEG" or img.mode not in ("RGB", "L"):
        return None
    icc = img.info.get("icc_profile")
    if icc and _transform_to_srgb(icc, img.mode) is not None:
        return None
    factor = 1
    if target is not None:
        # libjpeg scales the DCT by 1/2, 1/4 or 1/8 while decoding.
        fit = min(img.size[0] // target[0], img.size[1] // target[1])
        factor = next(f for f in (8, 4, 2, 1) if fit >= f)
    try:
        data = np.fromfile(path, dtype=np.uint8)
        pixels = cv2.imdecode(data, _CV2_FLAGS[factor])
    except (cv2.error, OSError, ValueError):
        return None
    if pixels is None or pixels.ndim != 3 or pixels.shape[2] != 3:
        return None
    return pixels


_CV2_BASE = cv2.IMREAD_COLOR_RGB | cv2.IMREAD_IGNORE_ORIENTATION
_CV2_FLAGS = {
    1: _CV2_BASE,
    2: (cv2.IMREAD_REDUCED_COLOR_2 & ~cv2.IMREAD_COLOR) | _CV2_BASE,
    4: (cv2.IMREAD_REDUCED_COLOR_4 & ~cv2.IMREAD_COLOR) | _CV2_BASE,
    8: (cv2.IMREAD_REDUCED_COLOR_8 & ~cv2.IMREAD_COLOR) | _CV2_BASE,
}


def _decode_with_pillow(path: Path, img: Image.Image, target: tuple[int, int] | None) -> np.ndarray:
    if target is not None and target != img.size and img.format in ("JPEG", "HEIF"):
        # JPEG: DCT scaling while decoding. HEIF: the smallest embedded
        # thumbnail still covering the target (iPhones store one), if any.
        with _quiet():
            img.draft(None, target)
    try:
        with _quiet():
            img.load()
            return np.asarray(_to_srgb(img, target))
    except DiapoError:
        raise
    except Exception as exc:
        raise CorruptMediaError(
            f"{path.name} is damaged or incomplete and cannot be decoded.", path=str(path)
        ) from exc


def _downscale(pixels: np.ndarray, target: tuple[int, int]) -> np.ndarray:
    """Shrink to exactly `target` with area averaging, cheaply.

    OpenCV's area filter is fast only for whole-number factors, so shrink by
    the largest whole factor first (cropping at most factor-1 edge pixels),
    then finish the last step, under 2×, bilinearly: within one octave its
    2×2 footprint already covers the source pixels of each output pixel.
    """
    height, width = pixels.shape[:2]
    factor = min(width // target[0], height // target[1])
    if factor >= 2:
        cropped = pixels[: height - height % factor, : width - width % factor]
        pixels = cv2.resize(
            cropped, (width // factor, height // factor), interpolation=cv2.INTER_AREA
        )
    if (pixels.shape[1], pixels.shape[0]) != target:
        pixels = cv2.resize(pixels, target, interpolation=cv2.INTER_LINEAR)
    return pixels


def _to_srgb(img: Image.Image, target: tuple[int, int] | None = None) -> Image.Image:
    """Any Pillow mode, with or without ICC profile and alpha, as an sRGB "RGB" image.

    With `target`, a much larger image is first box-averaged by a whole factor
    towards it, so the colour conversions, the alpha flattening and the array
    copy work on the small image: a 100 MP PNG turned into a thumbnail keeps
    one full-size buffer (what PNG decoding needs) instead of four.
    """
    icc = img.info.get("icc_profile")
    img = _plain_mode(img)
    if target is not None and img.mode in _AVERAGEABLE:
        factor = min(img.size[0] // target[0], img.size[1] // target[1])
        if factor >= 2:
            img = _reduce(img, factor)
    alpha: Image.Image | None = None
    if img.mode in ("LA", "RGBA"):
        alpha = img.getchannel("A")
        img = img.convert(img.mode[:-1])
        if alpha.getextrema()[0] == 255:
            alpha = None
    rgb = _apply_icc(img, icc) if isinstance(icc, bytes) and icc else None
    if rgb is None:
        rgb = img if img.mode == "RGB" else img.convert("RGB")
    if alpha is not None:
        flat = Image.new("RGB", rgb.size, FLATTEN_BACKGROUND)
        flat.paste(rgb, mask=alpha)
        rgb = flat
    return rgb


# Modes whose channels can be averaged as they are (palette indices cannot).
_AVERAGEABLE = frozenset({"L", "LA", "RGB", "RGBA", "CMYK", "YCbCr"})


def _plain_mode(img: Image.Image) -> Image.Image:
    """Palette, 1-bit, deep grey and premultiplied modes as L, LA, RGB or RGBA."""
    mode = img.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        return _deep_gray_to_l(img)
    if mode == "1":
        return img.convert("L")
    if mode == "P" or mode == "PA":
        has_alpha = mode == "PA" or "transparency" in img.info
        return img.convert("RGBA" if has_alpha else "RGB")
    if mode in ("La", "RGBa"):
        return img.convert("RGBA")
    return img


def _deep_gray_to_l(img: Image.Image) -> Image.Image:
    # Pillow's own convert clips 16-bit values at 255 instead of scaling.
    # One band (greyscale): the extrema are a (low, high) pair of numbers.
    high = img.getextrema()[1] if img.mode in ("F", "I") else 65535
    assert isinstance(high, int | float)
    if img.mode == "F":
        peak = 1.0 if high <= 1.0 else 65535.0
    elif img.mode == "I" and high <= 255:
        peak = 255.0
    else:
        peak = 65535.0
    out = np.empty((img.height, img.width), dtype=np.uint8)
    for top, bottom in _bands(img):
        values = np.asarray(img.crop((0, top, img.width, bottom))).astype(np.float32)
        out[top:bottom] = np.clip(values * (255.0 / peak) + 0.5, 0, 255)
    return Image.fromarray(out)


def _reduce(img: Image.Image, factor: int) -> Image.Image:
    """`img.reduce(factor)` a band at a time (for RGBA, Pillow's own makes a full copy first)."""
    width, height = img.size
    out = Image.new(img.mode, (-(-width // factor), -(-height // factor)))
    for top, bottom in _bands(img, multiple=factor):
        out.paste(img.crop((0, top, width, bottom)).reduce(factor), (0, top // factor))
    out.info = dict(img.info)
    return out


# Big images are converted and shrunk a band of rows at a time, so that the
# decoded image is the only thing ever held at full size.
_BAND_BYTES = 16 * 1024 * 1024


def _bands(img: Image.Image, *, multiple: int = 1) -> Iterator[tuple[int, int]]:
    width, height = img.size
    rows = max(1, _BAND_BYTES // (4 * width * multiple)) * multiple
    for top in range(0, height, rows):
        yield top, min(height, top + rows)


def _apply_icc(img: Image.Image, icc: bytes) -> Image.Image | None:
    """Convert to sRGB through the embedded profile; None if there is nothing to do or it fails."""
    if img.mode not in ("RGB", "L", "CMYK"):
        return None
    transform = _transform_to_srgb(icc, img.mode)
    if transform is None:
        return None
    try:
        return ImageCms.applyTransform(img, transform)
    except (ImageCms.PyCMSError, ValueError, OSError):
        return None


@functools.lru_cache(maxsize=32)
def _transform_to_srgb(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    # Building a transform costs milliseconds; a photo collection usually
    # shares one or two profiles, so the cache makes it free after the first.
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        description = (ImageCms.getProfileDescription(profile) or "").strip()
        if mode == "RGB" and description.startswith("sRGB"):
            return None
        return ImageCms.buildTransform(
            profile, _SRGB, mode, "RGB", renderingIntent=ImageCms.Intent.PERCEPTUAL
        )
    except (ImageCms.PyCMSError, ValueError, OSError, TypeError):
        return None

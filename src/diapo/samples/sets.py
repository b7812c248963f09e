"""Write the complete sample media set (good, odd and bad files) and holiday photo sets."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pillow_heif
from PIL import Image, TiffImagePlugin

from diapo.samples.badfiles import (
    write_bomb_png,
    write_corrupt_jpeg,
    write_empty,
    write_text_as_jpeg,
    write_truncated,
)
from diapo.samples.clips import ClipSpec, write_clip, write_tone
from diapo.samples.icc import swapped_primaries_profile
from diapo.samples.scenes import SCENES, generate_photo

__all__ = ["HOLIDAY_START", "photo_exif", "write_holiday_set", "write_sample_set"]

#: The first holiday day; photo dates count on from here.
HOLIDAY_START = datetime(2024, 7, 1, 9, 30, 0)

_ORIENTATION = 0x0112
_MAKE, _MODEL = 0x010F, 0x0110
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_GPS_IFD = 0x8825


def photo_exif(
    taken_at: datetime | None = None,
    *,
    orientation: int | None = None,
    gps: tuple[float, float] | None = None,
) -> Image.Exif:
    """EXIF as a phone writes it: maker, model, DateTimeOriginal, optionally an orientation
    and a GPS position (latitude, longitude in degrees, as degrees/minutes/seconds rationals
    with N/S and E/W references)."""
    exif = Image.Exif()
    if gps is not None:
        lat, lon = gps
        exif.get_ifd(_GPS_IFD).update(
            {1: "N" if lat >= 0 else "S", 2: _dms(lat), 3: "E" if lon >= 0 else "W", 4: _dms(lon)}
        )
    exif[_MAKE] = "Diapo"
    exif[_MODEL] = "Sample Phone"
    if orientation is not None:
        exif[_ORIENTATION] = orientation
    if taken_at is not None:
        exif.get_ifd(_EXIF_IFD)[_DATETIME_ORIGINAL] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    return exif


def _dms(degrees: float) -> tuple[TiffImagePlugin.IFDRational, ...]:
    value = abs(degrees)
    whole = int(value)
    minutes = int((value - whole) * 60)
    seconds = round(((value - whole) * 60 - minutes) * 60 * 1000)
    return (
        TiffImagePlugin.IFDRational(whole, 1),
        TiffImagePlugin.IFDRational(minutes, 1),
        TiffImagePlugin.IFDRational(seconds, 1000),
    )


def _save_jpeg(img: Image.Image, path: Path, exif: Image.Exif | None = None, **kw: object) -> Path:
    params: dict[str, object] = {"quality": 88, **kw}
    if exif is not None:
        params["exif"] = exif.tobytes()
    img.save(path, format="JPEG", **params)
    return path


def write_holiday_set(
    directory: Path,
    count: int = 10,
    *,
    size: tuple[int, int] = (4032, 3024),
    seed: int = 0,
) -> list[Path]:
    """Write `count` phone photos IMG_0001.jpg… of distinct scenes; every third one portrait.

    Scenes repeat (with a new seed) only past `len(SCENES)` photos. Each has
    EXIF DateTimeOriginal, a few hours apart, in shooting order.
    """
    directory.mkdir(parents=True, exist_ok=True)
    long_side, short_side = max(size), min(size)
    paths = []
    for i in range(count):
        scene = SCENES[i % len(SCENES)]
        portrait = i % 3 == 2
        width, height = (short_side, long_side) if portrait else (long_side, short_side)
        photo = generate_photo(scene, width, height, seed=seed + i // len(SCENES))
        taken = HOLIDAY_START + timedelta(hours=7 * i, minutes=13 * i)
        paths.append(_save_jpeg(photo, directory / f"IMG_{i + 1:04d}.jpg", photo_exif(taken)))
    return paths


def write_sample_set(
    directory: Path,
    *,
    phone_size: tuple[int, int] = (4032, 3024),
    small: bool = False,
) -> dict[str, Path]:
    """Write every sample file into `directory` and return them by name.

    Names (stable; tests rely on them):

    - photos: ``landscape1``-``landscape3`` (JPEG, phone size, distinct EXIF
      dates), ``portrait1`` (JPEG, portrait), ``rotated_exif`` (stored
      landscape with EXIF Orientation 6, shows a portrait seaside: sky on top),
      ``heic``, ``png_alpha`` (RGBA, transparent margins), ``tiny`` (64×48),
      ``panorama`` (8000×1500), ``cmyk`` (CMYK JPEG), ``png16`` (16-bit RGB
      PNG), ``png16_gray`` (16-bit grey PNG), ``icc`` (JPEG stored B,G,R with
      a profile whose primaries are swapped back: shows the seaside when the
      profile is honoured), ``webp``, ``gif``, ``jpeg_as_png`` (a JPEG named
      .png);
    - video: ``clip`` (MP4, 2 s, 640×360, 30 fps, H.264 + AAC 440 Hz tone),
      ``clip_rotated`` (same, stored 640×360 with rotation 90: shows portrait
      360×640, sky on top), ``clip_silent`` (MP4, 1 s, no sound),
      ``clip_mov``, ``clip_webm``, ``clip_mkv``, ``clip_avi`` (0.5 s, 160×120);
    - audio: ``wav``, ``mp3``, ``m4a``, ``aac`` (1 s, 440 Hz, 44.1 kHz);
    - bad: ``corrupt`` (JPEG header + random bytes), ``truncated`` (half a
      JPEG), ``text_as_jpg``, ``empty``, ``bomb`` (PNG declaring 30000×30000).

    With `small=True` photos are 640×480 (panorama 1600×300) so tests run fast.
    """
    directory.mkdir(parents=True, exist_ok=True)
    d = directory
    long_side, short_side = (640, 480) if small else (max(phone_size), min(phone_size))
    landscape = (long_side, short_side)
    portrait = (short_side, long_side)
    out: dict[str, Path] = {}

    landscape_scenes = ("seaside", "tuscan_hills", "cinque_terre")
    for i, scene in enumerate(landscape_scenes, start=1):
        photo = generate_photo(scene, *landscape, seed=i)
        taken = HOLIDAY_START + timedelta(days=i - 1, hours=i)
        out[f"landscape{i}"] = _save_jpeg(photo, d / f"landscape{i}.jpg", photo_exif(taken))
    photo = generate_photo("lemon_grove", *portrait, seed=4)
    out["portrait1"] = _save_jpeg(
        photo, d / "portrait1.jpg", photo_exif(HOLIDAY_START + timedelta(days=3))
    )

    # Shown portrait with the sky on top; stored turned a quarter to the left,
    # as a phone held upright writes it, with Orientation 6 to turn it back.
    upright = generate_photo("seaside", *portrait, seed=5)
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    out["rotated_exif"] = _save_jpeg(
        stored,
        d / "rotated_exif.jpg",
        photo_exif(HOLIDAY_START + timedelta(days=4), orientation=6),
    )

    photo = generate_photo("piazza", *landscape, seed=6)
    heif = pillow_heif.from_pillow(photo)
    heif.save(
        str(d / "heic.heic"),
        quality=80,
        # x265's default preset takes ~25 s on a phone-size photo; ultrafast ~2 s.
        enc_params={"preset": "ultrafast"},
        exif=photo_exif(HOLIDAY_START + timedelta(days=5)).tobytes(),
    )
    out["heic"] = d / "heic.heic"

    photo = generate_photo("sunset", *landscape, seed=7).convert("RGBA")
    alpha = np.zeros((landscape[1], landscape[0]), np.uint8)
    mx, my = landscape[0] // 5, landscape[1] // 5
    alpha[my:-my, mx:-mx] = 255
    photo.putalpha(Image.fromarray(alpha))
    # Fast deflate: these files are for reading back, not for keeping.
    photo.save(d / "png_alpha.png", compress_level=1)
    out["png_alpha"] = d / "png_alpha.png"

    out["tiny"] = _save_jpeg(generate_photo("vineyard", 64, 48, seed=8), d / "tiny.jpg")
    pano_size = (1600, 300) if small else (8000, 1500)
    out["panorama"] = _save_jpeg(
        generate_photo("dolomites", *pano_size, seed=9), d / "panorama.jpg"
    )

    cmyk_source = generate_photo("cinque_terre", *landscape, seed=10)
    out["cmyk"] = _save_jpeg(cmyk_source.convert("CMYK"), d / "cmyk.jpg")

    deep = np.asarray(generate_photo("venice_canal", *landscape, seed=11)).astype(np.uint16) * 257
    # Pillow cannot write 16-bit RGB; OpenCV can (it wants B, G, R order).
    cv2.imwrite(
        str(d / "png16.png"),
        np.ascontiguousarray(deep[..., ::-1]),
        [cv2.IMWRITE_PNG_COMPRESSION, 1],
    )
    out["png16"] = d / "png16.png"
    gray16 = deep.mean(axis=2).astype(np.uint16)
    Image.fromarray(gray16).save(d / "png16_gray.png", compress_level=1)
    out["png16_gray"] = d / "png16_gray.png"

    icc_source = np.asarray(generate_photo("seaside", *landscape, seed=12))
    swapped = Image.fromarray(np.ascontiguousarray(icc_source[..., ::-1]))
    out["icc"] = _save_jpeg(
        swapped, d / "icc.jpg", icc_profile=swapped_primaries_profile(), quality=95
    )

    generate_photo("lemon_grove", *landscape, seed=13).save(d / "webp.webp", quality=85, method=0)
    out["webp"] = d / "webp.webp"
    gif_frames = [generate_photo("harbour_night", *landscape, seed=14 + k) for k in range(2)]
    gif_frames[0].save(d / "gif.gif", save_all=True, append_images=gif_frames[1:], duration=500)
    out["gif"] = d / "gif.gif"
    out["jpeg_as_png"] = _save_jpeg(generate_photo("piazza", *landscape, seed=15), d / "photo.png")

    out["clip"] = write_clip(d / "clip.mp4", ClipSpec())
    out["clip_rotated"] = write_clip(d / "clip_rotated.mp4", ClipSpec(rotation=90))
    out["clip_silent"] = write_clip(d / "clip_silent.mp4", ClipSpec(audio_codec=None, seconds=1))
    little = ClipSpec(width=160, height=120, seconds=0.5)
    out["clip_mov"] = write_clip(d / "clip.mov", replace(little, container="mov"))
    out["clip_webm"] = write_clip(
        d / "clip.webm",
        replace(little, container="webm", video_codec="libvpx", audio_codec="libopus"),
    )
    out["clip_mkv"] = write_clip(d / "clip.mkv", replace(little, container="matroska"))
    out["clip_avi"] = write_clip(
        d / "clip.avi",
        replace(little, container="avi", video_codec="mpeg4", audio_codec="libmp3lame"),
    )

    out["wav"] = write_tone(d / "tone.wav", container="wav", codec="pcm_s16le")
    out["mp3"] = write_tone(d / "tone.mp3", container="mp3", codec="libmp3lame")
    out["m4a"] = write_tone(d / "tone.m4a", container="ipod", codec="aac")
    out["aac"] = write_tone(d / "tone.aac", container="adts", codec="aac")

    out["corrupt"] = write_corrupt_jpeg(d / "corrupt.jpg")
    out["truncated"] = write_truncated(d / "truncated.jpg", out["landscape1"])
    out["text_as_jpg"] = write_text_as_jpeg(d / "text_as_jpg.jpg")
    out["empty"] = write_empty(d / "empty.jpg")
    out["bomb"] = write_bomb_png(d / "bomb.png")
    return out

"""`probe`: find out what a media file is, from its bytes, without trusting its name."""

from __future__ import annotations

import math
import re
from datetime import datetime
from pathlib import Path

import av
import av.container
from av.stream import Disposition

from diapo.errors import CorruptMediaError, DiapoError, MediaTooLargeError
from diapo.media.avfile import av_errors, check_video_stream, display_rotation, open_container
from diapo.media.filecheck import DEFAULT_MAX_PIXELS, check_file
from diapo.media.images import exif_gps, exif_orientation, exif_taken_at, open_image
from diapo.media.info import MIME_TYPES, MediaInfo, MediaKind

__all__ = ["probe"]


def probe(
    path: Path,
    *,
    max_bytes: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_sound_ms: int | None = None,
    verify: bool = True,
) -> MediaInfo:
    """Describe a photo, video or audio file; raise a readable `MediaError` if it is unusable.

    The type comes from the file's bytes. With `verify` (the default) the
    content is decoded too (photos at a reduced scale, the first video
    frame), so truncated or damaged files are caught here and not mid-render.
    A song, or a clip with sound, longer than `max_sound_ms` raises
    `MediaTooLargeError` (4002) naming the file and the limit.
    """
    path = Path(path)
    sniffed, size = check_file(path, max_bytes=max_bytes)
    assert sniffed.kind is not None and sniffed.format is not None
    if sniffed.kind == "image":
        return _probe_image(path, sniffed.format, size, max_pixels=max_pixels, verify=verify)
    return _probe_av(
        path, sniffed.kind, sniffed.format, size, verify=verify, max_sound_ms=max_sound_ms
    )


def _check_sound_length(path: Path, sound_ms: int | None, max_sound_ms: int | None) -> None:
    """Refuse sound over the limit, from the header, before any of it is decoded."""
    if max_sound_ms is not None and sound_ms is not None and sound_ms > max_sound_ms:
        raise MediaTooLargeError(
            f"{path.name} lasts {_clock(sound_ms)}; sound may last at most {_clock(max_sound_ms)}.",
            path=str(path),
            duration_ms=sound_ms,
            max_sound_ms=max_sound_ms,
        )


def _clock(ms: int) -> str:
    """1:05:09 for an hour, five minutes and nine seconds (whole seconds, rounded down)."""
    seconds = ms // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _probe_image(path: Path, fmt: str, size: int, *, max_pixels: int, verify: bool) -> MediaInfo:
    with open_image(path, max_pixels=max_pixels) as img:
        orientation = exif_orientation(img)
        taken_at = exif_taken_at(img)
        gps = exif_gps(img)
        width, height = img.size
        if verify:
            try:
                if img.format == "JPEG":
                    # A 1/8-scale decode still reads every byte of the scan,
                    # so truncation shows, at a fraction of the cost.
                    img.draft(None, (max(1, width // 8), max(1, height // 8)))
                img.load()
            except DiapoError:
                raise
            except Exception as exc:
                raise CorruptMediaError(
                    f"{path.name} is damaged or incomplete and cannot be decoded.",
                    path=str(path),
                ) from exc
    if orientation >= 5:
        width, height = height, width
    return MediaInfo(
        path=path,
        kind="image",
        format=fmt,
        width=width,
        height=height,
        duration_ms=None,
        has_audio=False,
        size_bytes=size,
        mime=MIME_TYPES[fmt],
        orientation=orientation,
        taken_at=taken_at,
        gps=gps,
    )


def _probe_av(
    path: Path,
    kind: MediaKind,
    fmt: str,
    size: int,
    *,
    verify: bool,
    max_sound_ms: int | None = None,
) -> MediaInfo:
    with open_container(path) as container, av_errors(path):
        videos = [
            s for s in container.streams.video if not s.disposition & Disposition.attached_pic
        ]
        audios = list(container.streams.audio)
        if kind == "video" and not videos:
            if fmt == "mp4" and audios:
                # An MP4 holding only sound is an M4A whatever its brand says.
                kind, fmt = "audio", "m4a"
            else:
                raise CorruptMediaError(f"{path.name} has no picture to show.", path=str(path))
        elif kind == "audio" and videos and fmt == "m4a":
            kind, fmt = "video", "mp4"
        if kind == "audio" and not audios:
            raise CorruptMediaError(f"{path.name} has no sound in it.", path=str(path))
        duration_ms = _duration_ms(container, videos[0] if kind == "video" else audios[0])
        if audios:
            # A clip's sound is measured by its own stream: a one-frame picture
            # over 20 hours of sound is 20 hours of sound.
            _check_sound_length(path, _duration_ms(container, audios[0]), max_sound_ms)
        taken_at = _creation_time(container)
        if kind == "audio":
            if verify:
                _decode_one(path, container, audios[0])
            return MediaInfo(
                path=path,
                kind="audio",
                format=fmt,
                width=0,
                height=0,
                duration_ms=duration_ms,
                has_audio=True,
                size_bytes=size,
                mime=MIME_TYPES[fmt],
                taken_at=taken_at,
            )
        stream = videos[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        check_video_stream(path, stream)
        rotation = 0
        if verify:
            frame = _decode_one(path, container, stream)
            assert isinstance(frame, av.VideoFrame)
            rotation = display_rotation(frame)
            width, height = frame.width, frame.height
        sar = stream.sample_aspect_ratio
        if sar and float(sar) > 0 and float(sar) != 1.0:
            width = max(1, round(width * float(sar)))
        if rotation in (90, 270):
            width, height = height, width
        rate = stream.average_rate or stream.guessed_rate
        return MediaInfo(
            path=path,
            kind="video",
            format=fmt,
            width=width,
            height=height,
            duration_ms=duration_ms,
            has_audio=bool(audios),
            size_bytes=size,
            mime=MIME_TYPES[fmt],
            rotation=rotation,
            taken_at=taken_at,
            fps=round(float(rate), 3) if rate else None,
            gps=_location(container),
        )


def _decode_one(
    path: Path, container: av.container.InputContainer, stream: av.stream.Stream
) -> av.VideoFrame | av.AudioFrame:
    for frame in container.decode(stream):
        if isinstance(frame, av.VideoFrame | av.AudioFrame):
            return frame
    raise CorruptMediaError(
        f"{path.name} is damaged or incomplete and cannot be decoded.", path=str(path)
    )


def _duration_ms(container: av.container.InputContainer, stream: av.stream.Stream) -> int | None:
    if stream.duration is not None and stream.time_base is not None:
        return round(float(stream.duration * stream.time_base) * 1000)
    if container.duration is not None:
        # The container's duration is in AV_TIME_BASE units (microseconds).
        return round(container.duration / 1000)
    return None


def _creation_time(container: av.container.InputContainer) -> datetime | None:
    candidates = [container.metadata.get("creation_time")]
    candidates += [s.metadata.get("creation_time") for s in container.streams]
    for raw in candidates:
        if not raw:
            continue
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            continue
    return None


# ISO 6709 as phones write it in a video's metadata: "+43.7696+011.2558+050.000/".
_ISO6709 = re.compile(r"^([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)")


def _location(container: av.container.InputContainer) -> tuple[float, float] | None:
    for key in ("location", "com.apple.quicktime.location.ISO6709", "location-eng"):
        raw = container.metadata.get(key)
        m = _ISO6709.match(raw.strip()) if isinstance(raw, str) else None
        if m is None:
            continue
        lat, lon = float(m.group(1)), float(m.group(2))
        real = math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180
        if real and (abs(lat) > 1e-6 or abs(lon) > 1e-6):  # (0, 0): no fix
            return (lat, lon)
    return None

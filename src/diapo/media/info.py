"""`MediaInfo`: what probing a media file found, and the supported types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "MIME_TYPES",
    "SUPPORTED_AUDIO_FORMATS",
    "SUPPORTED_IMAGE_FORMATS",
    "SUPPORTED_TYPES_TEXT",
    "SUPPORTED_VIDEO_FORMATS",
    "MediaInfo",
    "MediaKind",
]

MediaKind = Literal["image", "video", "audio"]

SUPPORTED_IMAGE_FORMATS: tuple[str, ...] = ("jpeg", "png", "heic", "webp", "gif")
SUPPORTED_VIDEO_FORMATS: tuple[str, ...] = ("mp4", "mov", "webm", "mkv", "avi")
SUPPORTED_AUDIO_FORMATS: tuple[str, ...] = ("mp3", "wav", "m4a", "aac")
SUPPORTED_TYPES_TEXT = "JPG, PNG, HEIC, WEBP, GIF, MP4, MOV, WEBM, MKV, AVI, MP3, WAV, M4A, AAC"

MIME_TYPES: dict[str, str] = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "webp": "image/webp",
    "gif": "image/gif",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What a media file is, as the person who shot it would see it.

    `width` and `height` are the display size: after the EXIF orientation of
    a photo, after the rotation metadata of a video (0 for audio).
    `rotation` is the clockwise turn, in degrees (0, 90, 180 or 270), that a
    video needs to be shown upright, as in the `rotate` tag phones write.
    `orientation` is the EXIF orientation (1..8) of a photo, 1 otherwise.
    `gps` is where it was shot, (latitude, longitude) in degrees, from a photo's
    EXIF or a phone video's ISO 6709 location tag; None when it does not say.
    """

    path: Path
    kind: MediaKind
    format: str
    width: int
    height: int
    duration_ms: int | None
    has_audio: bool
    size_bytes: int
    mime: str
    rotation: int = 0
    orientation: int = 1
    taken_at: datetime | None = None
    fps: float | None = None
    gps: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The info as JSON-ready values (path as a string, date in ISO 8601)."""
        return {
            "path": str(self.path),
            "kind": self.kind,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "duration_ms": self.duration_ms,
            "has_audio": self.has_audio,
            "size_bytes": self.size_bytes,
            "mime": self.mime,
            "rotation": self.rotation,
            "orientation": self.orientation,
            "taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "fps": self.fps,
            "gps": list(self.gps) if self.gps else None,
        }

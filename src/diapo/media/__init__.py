"""Media ingest: probe files by their bytes, decode photos, video frames and sound."""

from __future__ import annotations

from diapo.media.audio import audio_blocks, audio_windows, decode_audio, has_audio
from diapo.media.filecheck import DEFAULT_MAX_PIXELS
from diapo.media.images import FLATTEN_BACKGROUND, cover_size, load_image
from diapo.media.info import (
    MIME_TYPES,
    SUPPORTED_AUDIO_FORMATS,
    SUPPORTED_IMAGE_FORMATS,
    SUPPORTED_TYPES_TEXT,
    SUPPORTED_VIDEO_FORMATS,
    MediaInfo,
    MediaKind,
)
from diapo.media.probe import probe
from diapo.media.sniff import Sniffed, sniff_bytes, sniff_file
from diapo.media.thumbnails import make_thumbnail
from diapo.media.video import Fit, first_frame, iter_video_frames

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "FLATTEN_BACKGROUND",
    "MIME_TYPES",
    "SUPPORTED_AUDIO_FORMATS",
    "SUPPORTED_IMAGE_FORMATS",
    "SUPPORTED_TYPES_TEXT",
    "SUPPORTED_VIDEO_FORMATS",
    "Fit",
    "MediaInfo",
    "MediaKind",
    "Sniffed",
    "audio_blocks",
    "audio_windows",
    "cover_size",
    "decode_audio",
    "first_frame",
    "has_audio",
    "iter_video_frames",
    "load_image",
    "make_thumbnail",
    "probe",
    "sniff_bytes",
    "sniff_file",
]

"""Procedural sample media: holiday photos, clips, tones and bad files, all made from code."""

from __future__ import annotations

from diapo.samples.clips import TONE_AMPLITUDE, ClipSpec, frame_marker_level, write_clip, write_tone
from diapo.samples.icc import swapped_primaries_profile
from diapo.samples.scenes import SCENES, generate_photo
from diapo.samples.sets import HOLIDAY_START, photo_exif, write_holiday_set, write_sample_set

__all__ = [
    "HOLIDAY_START",
    "SCENES",
    "TONE_AMPLITUDE",
    "ClipSpec",
    "frame_marker_level",
    "generate_photo",
    "photo_exif",
    "swapped_primaries_profile",
    "write_clip",
    "write_holiday_set",
    "write_sample_set",
    "write_tone",
]

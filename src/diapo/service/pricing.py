"""What an export costs, from its output length, resolution and format."""

from __future__ import annotations

import math

from diapo.service.settings import Settings

__all__ = ["AUDIO_FORMATS", "STILL_FORMATS", "VIDEO_FORMATS", "export_cost", "price_text"]

VIDEO_FORMATS = ("mp4", "mov", "webm", "mkv", "avi", "gif")
STILL_FORMATS = ("jpg", "png", "webp")
AUDIO_FORMATS = ("mp3", "wav", "m4a", "aac")
_SD = ("720p", "480p", "360p")


def export_cost(*, settings: Settings, duration_ms: int, resolution: str, fmt: str) -> int:
    """Credits for one export; frozen at submit, charged only on success."""
    if fmt in STILL_FORMATS:
        return max(settings.price_minimum, settings.price_still)
    seconds = max(0.0, duration_ms / 1000)
    hd = resolution not in _SD and fmt not in AUDIO_FORMATS
    block = settings.price_seconds_per_credit_hd if hd else settings.price_seconds_per_credit_sd
    return max(settings.price_minimum, math.ceil(seconds / block))


def price_text(settings: Settings) -> str:
    return (
        f"An export costs 1 credit per started {settings.price_seconds_per_credit_hd} s of output "
        f"above 720p, 1 credit per started {settings.price_seconds_per_credit_sd} s at 720p or "
        f"less and for audio, {settings.price_still} for a still image, at least "
        f"{settings.price_minimum}. Credits are frozen at submit, charged on success and "
        "released on failure or cancel."
    )

"""What an export costs, from its output length, resolution and format."""

from __future__ import annotations

import math

from diapo.draft.vocabulary import (
    AUDIO_FORMATS,
    PREVIEW_FORMATS,
    PREVIEW_RESOLUTIONS,
    RESOLUTIONS,
    STILL_FORMATS,
    VIDEO_FORMATS,
)
from diapo.service.settings import Settings

__all__ = [
    "AUDIO_FORMATS",
    "PREVIEW_FORMATS",
    "PREVIEW_RESOLUTIONS",
    "STILL_FORMATS",
    "VIDEO_FORMATS",
    "export_cost",
    "is_free_preview",
    "price_text",
]

_SD = tuple(name for name, lines in RESOLUTIONS.items() if lines <= 720)


def export_cost(
    *, settings: Settings, duration_ms: int, resolution: str, fmt: str, preview: bool = False
) -> int:
    """Credits for one export; frozen at submit, charged only on success. Previews are free."""
    if preview:
        return 0
    if fmt in STILL_FORMATS:
        return max(settings.price_minimum, settings.price_still)
    seconds = max(0.0, duration_ms / 1000)
    hd = resolution not in _SD and fmt not in AUDIO_FORMATS
    block = settings.price_seconds_per_credit_hd if hd else settings.price_seconds_per_credit_sd
    return max(settings.price_minimum, math.ceil(seconds / block))


def is_free_preview(*, cost: int, fmt: str, resolution: str) -> bool:
    """Whether a stored render is a preview.

    Every video export of a non-empty draft costs at least one credit (a started
    block of seconds), so a video render that costs nothing can only be a preview.
    """
    return cost == 0 and fmt in PREVIEW_FORMATS and resolution in PREVIEW_RESOLUTIONS


def price_text(settings: Settings) -> str:
    return (
        f"An export costs 1 credit per started {settings.price_seconds_per_credit_hd} s of output "
        f"above 720p, 1 credit per started {settings.price_seconds_per_credit_sd} s at 720p or "
        f"less and for audio, {settings.price_still} for a still image, at least "
        f"{settings.price_minimum}. Credits are frozen at submit, charged on success and "
        "released on failure or cancel. A preview (mp4 at 360p or 480p, quick encoding) is free."
    )

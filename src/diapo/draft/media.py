"""What the draft layer knows of a media item: a plain reference, no file access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = ["MediaRef"]


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A media item as the builder and edit operations see it.

    `id` is what a draft segment's `src` holds: a media id in the service,
    a file path in the command line.
    """

    id: str
    kind: Literal["photo", "clip", "audio"]
    width: int = 0
    height: int = 0
    duration_ms: int | None = None
    name: str = ""
    taken_at: datetime | None = None
    has_audio: bool = False

    @property
    def is_portrait(self) -> bool:
        return self.height > self.width

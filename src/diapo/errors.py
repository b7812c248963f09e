"""Diapo's error tree: every failure a user can meet, with its protocol code.

    DiapoError                      (code 500, base of everything)
    ├── InvalidDraftError           (422, ValueError)   a draft that fails validation
    ├── MediaError                  (422, ValueError)   something wrong with a media file
    │   ├── UnsupportedMediaError   (4001)              not a type Diapo reads
    │   ├── MediaTooLargeError      (4002)              over the size or pixel limit
    │   └── CorruptMediaError       (422)               truncated or undecodable
    ├── MissingMediaError           (422, LookupError)  a draft names media that is not there
    ├── RenderError                 (500, RuntimeError) the renderer failed
    │   └── RenderCancelled         (499)               cancelled by the caller
    └── UnsupportedOutputError      (422, ValueError)   an output format Diapo does not write

Each error carries `code` (the protocol code the service answers with) and a
message written for the person who sees it, not for a developer.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CorruptMediaError",
    "DiapoError",
    "InvalidDraftError",
    "MediaError",
    "MediaTooLargeError",
    "MissingMediaError",
    "RenderCancelled",
    "RenderError",
    "UnsupportedMediaError",
    "UnsupportedOutputError",
]


class DiapoError(Exception):
    """Base of every error Diapo raises on purpose."""

    code: int = 500

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail: dict[str, Any] = detail

    def __str__(self) -> str:
        return self.message


class InvalidDraftError(DiapoError, ValueError):
    """A draft failed validation; `errors` lists every bad field with its path."""

    code = 422

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message, errors=errors or [])
        self.errors: list[dict[str, Any]] = errors or []


class MediaError(DiapoError, ValueError):
    """Something is wrong with a media file."""

    code = 422


class UnsupportedMediaError(MediaError):
    """The file is not an image, video or audio type that Diapo reads."""

    code = 4001


class MediaTooLargeError(MediaError):
    """The file is over the byte limit, or decodes to too many pixels."""

    code = 4002


class CorruptMediaError(MediaError):
    """The file is truncated or cannot be decoded."""

    code = 422


class MissingMediaError(DiapoError, LookupError):
    """A draft refers to a media item that cannot be found."""

    code = 422


class RenderError(DiapoError, RuntimeError):
    """Rendering failed for a reason other than bad input."""

    code = 500


class RenderCancelled(RenderError):
    """The caller cancelled the render."""

    code = 499


class UnsupportedOutputError(DiapoError, ValueError):
    """The requested output format is not one Diapo writes."""

    code = 422

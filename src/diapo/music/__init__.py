"""Diapo's built-in royalty-free soundtracks, composed and synthesised from code."""

from __future__ import annotations

from diapo.music.errors import InvalidSoundtrackError, UnknownStyleError
from diapo.music.soundtrack import MAX_DURATION_S, synthesize
from diapo.music.styles import DEFAULT_STYLE, STYLE_INFO, STYLES, StyleInfo, resolve_style

__all__ = [
    "DEFAULT_STYLE",
    "MAX_DURATION_S",
    "STYLES",
    "STYLE_INFO",
    "InvalidSoundtrackError",
    "StyleInfo",
    "UnknownStyleError",
    "resolve_style",
    "synthesize",
]

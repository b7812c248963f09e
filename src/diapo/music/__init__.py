"""Diapo's built-in royalty-free soundtracks, composed and synthesised from code."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from diapo.music.errors import InvalidSoundtrackError, UnknownStyleError
from diapo.music.styles import DEFAULT_STYLE, STYLE_INFO, STYLES, StyleInfo, resolve_style

if TYPE_CHECKING:
    from diapo.music.soundtrack import MAX_DURATION_S, synthesize

# The synthesiser loads on first use: it brings NumPy and scipy's filters (seconds of start-up),
# which the service's routes and the chat, asking only for style names, never need.
_HOMES = {
    "MAX_DURATION_S": "diapo.music.soundtrack",
    "synthesize": "diapo.music.soundtrack",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'diapo.music' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value

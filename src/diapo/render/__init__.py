"""The renderer: a draft in, a video, still or soundtrack out."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diapo.render.pipeline import (
        AUDIO_FORMATS,
        OUTPUT_FORMATS,
        STILL_FORMATS,
        VIDEO_FORMATS,
        RenderResult,
        output_format,
        path_resolver,
        render,
    )

# The names load on first use: a module of the package that needs no codec (the service's
# sample routes import diapo.render.audio's constants) must not pull in PyAV and OpenCV.
_HOMES = {
    "AUDIO_FORMATS": "diapo.render.pipeline",
    "OUTPUT_FORMATS": "diapo.render.pipeline",
    "STILL_FORMATS": "diapo.render.pipeline",
    "VIDEO_FORMATS": "diapo.render.pipeline",
    "RenderResult": "diapo.render.pipeline",
    "output_format": "diapo.render.pipeline",
    "path_resolver": "diapo.render.pipeline",
    "render": "diapo.render.pipeline",
}

__all__ = [
    "AUDIO_FORMATS",
    "OUTPUT_FORMATS",
    "STILL_FORMATS",
    "VIDEO_FORMATS",
    "RenderResult",
    "output_format",
    "path_resolver",
    "render",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'diapo.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value

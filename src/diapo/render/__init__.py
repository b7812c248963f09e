"""The renderer: a draft in, a video, still or soundtrack out."""

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

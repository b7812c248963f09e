"""Diapo: turn a photo collection into a shareable video, on an ordinary CPU.

The public API in one place::

    from diapo import build_slideshow, render
    draft = build_slideshow(media, title="Estate in Toscana")
    render(draft, "estate.mp4")
"""

from diapo.draft import Draft, MediaRef, build_slideshow, describe, draft_json_schema
from diapo.errors import DiapoError
from diapo.render import OUTPUT_FORMATS, RenderResult, render

__all__ = [
    "OUTPUT_FORMATS",
    "DiapoError",
    "Draft",
    "MediaRef",
    "RenderResult",
    "build_slideshow",
    "describe",
    "draft_json_schema",
    "render",
]
__version__ = "0.1.0"

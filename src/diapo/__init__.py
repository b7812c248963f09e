"""Diapo: turn a photo collection into a shareable video, on an ordinary CPU.

The public API in one place::

    from diapo import build_slideshow, render
    draft = build_slideshow(media, title="Estate in Toscana")
    render(draft, "estate.mp4")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diapo.draft import Draft, MediaRef, build_slideshow, describe, draft_json_schema
    from diapo.errors import DiapoError
    from diapo.render import OUTPUT_FORMATS, RenderResult, render

# The names load on first use: importing any part of Diapo (the chat in a turn process,
# the errors in a client) must not pull in the renderer's NumPy, OpenCV and PyAV.
_HOMES = {
    "Draft": "diapo.draft",
    "MediaRef": "diapo.draft",
    "build_slideshow": "diapo.draft",
    "describe": "diapo.draft",
    "draft_json_schema": "diapo.draft",
    "DiapoError": "diapo.errors",
    "OUTPUT_FORMATS": "diapo.render",
    "RenderResult": "diapo.render",
    "render": "diapo.render",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'diapo' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value

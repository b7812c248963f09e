"""A background colour asked for ("sfondo bianco", "grey background", "背景换成白色").

The renderer fills the frame with the photos, or shows a whole photo on a blurred copy
of itself, so the canvas colour is seen nowhere: setting it would report a change
nobody sees. The request gets a clear answer instead and the draft stays as it was.
It runs after every other handler: "foto intere su sfondo nero" is a fit, and a blurred
background ("sfondo sfocato") is one too.
"""

from __future__ import annotations

import re

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import color, has

__all__ = ["CANVAS_HANDLERS"]

_BACKGROUND = re.compile(r"\bsfondo\b|\bbackground\b|\bbackdrop\b|背景(?!音乐|乐)")
_NOT_A_COLOUR = re.compile(r"sfocat|blur|模糊|虚化")


def background(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not _BACKGROUND.search(t) or _NOT_A_COLOUR.search(t) or has(t, "music"):
        return None
    if color(t) is None:
        return None
    return Outcome(question="no_background_color")


CANVAS_HANDLERS: list[Handler] = [background]

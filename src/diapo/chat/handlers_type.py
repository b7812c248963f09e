"""Clause handlers for the look of the text: its typeface and how it enters.

"usa un carattere moderno", "use a serif font", "用衬线字体" choose the font of
every title; "effetto macchina da scrivere", "typewriter title", "标题淡入" the
title's animation. A clause that names a title, subtitle or caption is read by
the text handler, which asks `typeface_and_animation` for the same words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import has, lookup
from diapo.draft.ops import EditText
from diapo.draft.vocabulary import FONT_FAMILIES, TEXT_ANIMATIONS, FontFamily, TextAnimation

__all__ = ["TYPE_HANDLERS", "typeface_and_animation", "without_type_words"]

# Words left over once the style words are cut from a title: "Estate con effetto ...".
_FILLER_WORDS = """che con in a al col effetto stile carattere font un una uno il la e di da
    with the an effect style using and that"""
_FILLER = frozenset(_FILLER_WORDS.split())


def typeface_and_animation(text: str) -> tuple[FontFamily | None, TextAnimation | None]:
    """The font family and the text animation a normalised clause names, if any."""
    font = lookup(text, "FONTS")
    anim = lookup(text, "TEXT_ANIMATIONS")
    family = str(font[0]) if font else None
    motion = str(anim[0]) if anim else None
    return (
        family if family in FONT_FAMILIES else None,  # type: ignore[return-value]
        motion if motion in TEXT_ANIMATIONS else None,
    )


def without_type_words(value: str) -> str | None:
    """A title read from a clause without its style words ("Estate che sale" -> "Estate")."""
    folded = "".join(
        ch
        for ch in unicodedata.normalize("NFD", value.casefold())
        if unicodedata.category(ch) != "Mn"
    )
    cut = len(value)
    for table in ("FONTS", "TEXT_ANIMATIONS"):
        found = lookup(folded, table)
        if found:
            cut = min(cut, found[1].start())
    words = value[:cut].split()
    while words and words[-1].casefold().strip(",.:;") in _FILLER:
        words.pop()
    return " ".join(words).strip(" ,;:") or None


# Words for text in general ("il testo", "le scritte", "the text", "文字"), as opposed to
# a caption in particular: the look they ask for goes to every text.
_ANY_TEXT = re.compile(r"\btest[oi]\b|\bscritt[ae]\b|\btexts?\b|\bwords\b|\blettering\b|文字")


def _role(t: str) -> Literal["title", "subtitle", "caption", "all"]:
    if has(t, "title") and not has(t, "subtitle"):
        return "title"
    if has(t, "subtitle"):
        return "subtitle"
    if has(t, "caption") and not _ANY_TEXT.search(t):
        return "caption"
    return "all"


def typeface(c: Clause, ctx: Context) -> Outcome | None:
    """A font or an animation for the texts there are: "il testo deve salire", "no text
    animation", "字幕用打字机效果". It runs before the text handler, which would read
    "niente animazioni sul testo" as removing the text; a new text with its look
    ("aggiungi il titolo 'Estate' che sale") is still the text handler's."""
    t = c.text
    if has(t, "music", "transition") or c.quote():
        return None
    font, anim = typeface_and_animation(t)
    if font is None and anim is None:
        return None
    named = has(t, "title", "subtitle", "caption") or _ANY_TEXT.search(t) is not None
    if not (has(t, "typeface", "text_anim") or named):
        return None  # "foto ferme" is the photos' motion, not the text's
    if named and has(t, "add"):
        return None
    role = _role(t) if named else ("title" if anim is not None else "all")
    return Outcome([EditText(role=role, anim=anim, font=font)])


TYPE_HANDLERS: list[Handler] = [typeface]

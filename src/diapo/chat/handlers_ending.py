"""How the video ends: "finale con un cartello", "end with a hard cut", "结尾淡出".

It runs first: "cartello finale" holds a chapter card's word and "dissolvenza alla
fine" a music fade's, but both ask how the whole video ends. A phrase about the
music's own ending ("la musica sfuma alla fine") stays the music's.
"""

from __future__ import annotations

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import has, lookup
from diapo.chat.numbers import durations
from diapo.draft.ops import SetEnding
from diapo.draft.vocabulary import END_FADE_MS, ENDINGS, EndingKind

__all__ = ["ENDING_HANDLERS"]


def ending(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not has(t, "ending") or has(t, "music"):
        return None
    found = lookup(t, "ENDING_KINDS")
    if found is None or found[0] not in ENDINGS:
        return None
    kind: EndingKind = found[0]  # type: ignore[assignment]
    seconds = durations(t)
    ms = None
    if seconds and kind != "cut":
        # "una dissolvenza di 3 secondi" asks for the longest the ending allows.
        ms = max(END_FADE_MS[0], min(END_FADE_MS[2], round(seconds[0] * 1000)))
    return Outcome([SetEnding(kind=kind, ms=ms, text=c.quote() if kind == "card" else None)])


ENDING_HANDLERS: list[Handler] = [ending]

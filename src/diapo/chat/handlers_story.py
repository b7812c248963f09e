"""Clause handlers for the story: "aggiungi luoghi e date", "metti i capitoli", "togli le date",
"add places and dates", "添加地点和日期", "suggerisci un titolo", "usa il titolo suggerito".

They run first: "togli le date" is not a photo to remove, "usa il titolo suggerito" not a
title to write, and "metti i capitoli come didascalie" not a caption's text.
"""

from __future__ import annotations

from typing import cast

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import finditer, has, lookup, phrases
from diapo.draft.ops import AddTitle, SetStory
from diapo.draft.story import suggest_title
from diapo.draft.vocabulary import LANGUAGES, Language

__all__ = ["STORY_HANDLERS"]


def _lang(ctx: Context, text: str = "") -> Language:
    """The language the clause names ("le date in inglese"), else the session's."""
    named = lookup(text, "TEXT_LANGUAGES")
    if named is not None:
        return cast(Language, named[0])
    return cast(Language, ctx.lang if ctx.lang in LANGUAGES else "en")


def _title(ctx: Context) -> str | None:
    """The title the slideshow's photos suggest, in the session's language."""
    view = ctx.view
    shown = {s.m.src for s in view.main_video.sg} if view and view.main_video else set()
    return suggest_title([m for m in ctx.media if m.id in shown], ctx.lang)


def title(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "suggested_title"):
        found = _title(ctx)
        return Outcome([AddTitle(text=found)]) if found else Outcome(question="no_story")
    if has(t, "suggest_title"):
        found = _title(ctx)
        if found is None:
            return Outcome(question="no_story")
        return Outcome(question="title_idea", values={"title": found})
    return None


def _said(text: str) -> tuple[bool | None, bool | None]:
    """What the text turns on (True) or off (False) for places and dates.

    Each takes the verb nearest before it, so a clause can hide one and show the other:
    "togli i luoghi e lascia le date", "drop the dates but keep the places".
    """
    verbs = sorted(
        [(m.start(), False) for m in finditer(text, "remove")]
        + [(m.start(), False) for m in phrases("NEGATIONS").finditer(text)]
        + [(m.start(), True) for m in finditer(text, "story_keep", "add", "only")]
    )

    def polarity(at: int) -> bool:
        before = [on for start, on in verbs if start < at]
        after = [on for start, on in verbs if start >= at]
        return before[-1] if before else after[0] if after else True

    found: dict[str, bool | None] = {}
    for name in ("story_places", "story_dates"):
        hits = list(finditer(text, name))
        found[name] = polarity(hits[0].start()) if hits else None
    places, dates = found["story_places"], found["story_dates"]
    # "lascia solo le date", "only the places": the other one goes.
    if has(text, "only") and (places is None) != (dates is None):
        if places:
            dates = False
        elif dates:
            places = False
    return places, dates


def story(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    places, dates = _said(t)
    chapters = has(t, "chapters")
    # "ordina per data" sorts by date; it tells no story.
    if not (places is not None or dates is not None or chapters) or has(t, "sort"):
        return None
    if chapters and places is None and dates is None:
        on = not has(t, "remove")
        mode = "captions" if has(t, "caption") else "cards"
        return Outcome([SetStory(chapters=mode if on else "off", lang=_lang(ctx, t))])
    if places or dates:
        mode = "captions" if has(t, "caption") else "cards"
        return Outcome(
            [
                SetStory(
                    places=places,
                    dates=dates,
                    chapters=mode if chapters or has(t, "caption") else None,
                    lang=_lang(ctx, t),
                )
            ]
        )
    named = lookup(t, "TEXT_LANGUAGES")
    return Outcome([SetStory(places=places, dates=dates, lang=_lang(ctx, t) if named else None)])


STORY_HANDLERS: list[Handler] = [title, story]

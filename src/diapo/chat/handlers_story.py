"""Clause handlers for the story: "aggiungi luoghi e date", "metti i capitoli", "togli le date",
"add places and dates", "添加地点和日期", "suggerisci un titolo", "usa il titolo suggerito".

They run first: "togli le date" is not a photo to remove, "usa il titolo suggerito" not a
title to write, and "metti i capitoli come didascalie" not a caption's text.
"""

from __future__ import annotations

from typing import cast

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import has
from diapo.draft.ops import AddTitle, SetStory
from diapo.draft.story import suggest_title
from diapo.draft.vocabulary import LANGUAGES, Language

__all__ = ["STORY_HANDLERS"]


def _lang(ctx: Context) -> Language:
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


def story(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    places, dates, chapters = has(t, "story_places"), has(t, "story_dates"), has(t, "chapters")
    # "ordina per data" sorts by date; it tells no story.
    if not (places or dates or chapters) or has(t, "sort"):
        return None
    on = not has(t, "remove")
    mode = "captions" if has(t, "caption") else "cards"
    if chapters and not places and not dates:
        return Outcome([SetStory(chapters=mode if on else "off", lang=_lang(ctx))])
    if on:
        return Outcome(
            [
                SetStory(
                    places=True if places else None,
                    dates=True if dates else None,
                    chapters=mode if chapters or has(t, "caption") else None,
                    lang=_lang(ctx),
                )
            ]
        )
    return Outcome([SetStory(places=False if places else None, dates=False if dates else None)])


STORY_HANDLERS: list[Handler] = [title, story]

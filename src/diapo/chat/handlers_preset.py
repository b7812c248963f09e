"""Clause handlers for platform presets: "per Instagram", "for TikTok", "发到抖音", and the
trim a too-long video is offered ("sì, accorcia", "trim it, dropping the end", "剪短").

They run first: "per le storie di Instagram" names no photo, and "accorcia" here
means the whole video to its platform's limit, not a clip.
"""

from __future__ import annotations

import re

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import has
from diapo.chat.numbers import durations, find_number
from diapo.chat.replies import say_in
from diapo.draft.model import Draft
from diapo.draft.ops import ExportRequest, Op, SetPreset, TrimToDuration
from diapo.draft.presets import overrun, rendered_ms
from diapo.draft.vocabulary import PLATFORM_PRESETS, find_preset

__all__ = ["PRESET_HANDLERS", "limit_note"]

_RATIO = re.compile(r"\d+\s*:\s*\d+")


def platform(c: Clause, ctx: Context) -> Outcome | None:
    name = find_preset(c.text)
    # "9:16 per i reel", "做成抖音的比例": a shape named outright is an aspect change only.
    if name is None or has(c.text, "shape") or _RATIO.search(c.text):
        return None
    ops: list[Op] = [SetPreset(preset=name)]
    if has(c.text, "export"):
        ops.append(ExportRequest())
    return Outcome(ops)


def trim_to_limit(c: Clause, ctx: Context) -> Outcome | None:
    draft = ctx.draft
    if draft is None or draft.c.preset is None:
        return None
    t, said = c.text, c.original.casefold()
    yes, asks = has(t, "yes"), has(t, "fit_limit", "trim_end")
    if not (yes or asks):
        return None
    if asks and (durations(t) or find_number(t) is not None):
        return None  # "accorcia a 30 secondi" names its own length
    # One trim per message, made by the clause that asks for it: in "sì, accorcia" the
    # "sì" only agrees, and in "trim it, dropping the end" the second clause says how.
    if yes and has(said, "fit_limit", "trim_end"):
        return Outcome()
    if not yes and not has(t, "fit_limit") and has(said, "fit_limit"):
        return Outcome()
    if overrun(draft) is not None:
        return Outcome([TrimToDuration(how="end" if has(said, "trim_end") else "even")])
    if yes or find_preset(said) is None:
        return None  # a clip's trim, or a "yes" to something else
    # "per WhatsApp, accorcia" when it already fits: said, rather than asking which clip.
    preset = PLATFORM_PRESETS[draft.c.preset]
    # The reply picks its language later: the platform's name goes in all three.
    values = {f"title_{lang}": title for lang, title in preset.titles.items()}
    values.update(seconds=f"{rendered_ms(draft) / 1000:.0f}", limit=str(preset.max_seconds))
    return Outcome(question="preset_fits", values=values)


def limit_note(lang: str, draft: Draft | None) -> str | None:
    """The warning and offer for a draft longer than its platform takes; None if it fits."""
    found = overrun(draft) if draft is not None else None
    if found is None:
        return None
    title = found.preset.titles.get(lang, found.preset.titles["en"])
    seconds = f"{found.duration_ms / 1000:.0f}"
    return say_in(
        lang, "preset_too_long", seconds=seconds, title=title, limit=found.preset.max_seconds
    )


PRESET_HANDLERS: list[Handler] = [platform, trim_to_limit]

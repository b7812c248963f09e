"""Clause handlers for beat sync and culling: "taglia a tempo", "togli le foto mosse", "keep the
best 10", "去掉重复的".

They run before the others: "a tempo di musica" names the music and "togli le foto
mosse" a removal, but neither is a music choice or a photo to pick by number.
"""

from __future__ import annotations

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.handlers_sound import music, music_style
from diapo.chat.keywords import has
from diapo.chat.numbers import durations, find_number
from diapo.draft.ops import KeepBest, Op, RemoveBlurred, RemoveDuplicates, SetBeatSync

__all__ = ["CULL_HANDLERS"]


def beat(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "beat_off"):
        return Outcome([SetBeatSync(on=False)])
    if not has(t, "beat_on"):
        return None
    ops: list[Op] = []
    # "metti la festa a tempo di musica": the style named goes first, then the sync.
    if music_style(t) is not None:
        chosen = music(c, ctx)
        if chosen is not None:
            ops += chosen.ops
    return Outcome([*ops, SetBeatSync(on=True)])


def cull(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    ops: list[Op] = []
    if has(t, "remove"):
        if has(t, "blurry"):
            ops.append(RemoveBlurred())
        if has(t, "duplicates"):
            ops.append(RemoveDuplicates())
    if ops:
        return Outcome(ops)
    if has(t, "keep_best") and not durations(t) and not has(t, "music"):
        n = find_number(t)
        if n is not None and n >= 1 and float(n).is_integer():
            return Outcome([KeepBest(count=int(n))])
    return None


CULL_HANDLERS: list[Handler] = [beat, cull]

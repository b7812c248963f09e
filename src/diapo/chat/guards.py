"""What a clause may not do on an uncertain reading; "non voglio X" read as a removal."""

from __future__ import annotations

import re
from types import ModuleType

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh
from diapo.chat.clauses import Clause
from diapo.chat.context import Outcome
from diapo.chat.keywords import has, phrases
from diapo.chat.numbers import durations, ordinals, ranges
from diapo.draft.model import Draft

__all__ = ["risky", "wanted_gone"]

_LEXICONS: tuple[ModuleType, ...] = (lexicon_it, lexicon_en, lexicon_zh)
_DONT_WANT = [(re.compile("|".join(lex.DONT_WANT)), lex) for lex in _LEXICONS]
_BEAT = re.compile("|".join(p for lex in _LEXICONS for p in lex.DONT_WANT_BEAT_WORDS))


# What is wanted gone is a thing; a clause that names one of these asks for an action.
_ACTIONS = (
    "export", "output", "remove", "add", "move", "swap", "aspect", "make", "change", "sort",
    "shuffle", "reverse", "restore", "trim", "undo", "redo", "fit", "style", "slower", "faster",
)  # fmt: skip
_INFINITIVE = re.compile("|".join(p for lex in _LEXICONS for p in lex.DONT_WANT_ACTION))


def wanted_gone(clause: Clause) -> Clause:
    """ "non voglio la musica" / "I don't want a title" / "我不要标题" as the removal it asks for.

    Said of the beat ("I don't want it synced to the beat"), it is the cuts leaving the
    beat. Anything else is returned as it was.
    """
    if phrases("NEGATION_KEEPS").search(clause.text):
        return clause  # "不要裁剪" (don't crop) is a fit, not a removal
    for pattern, lex in _DONT_WANT:
        m = pattern.search(clause.text)
        if m is None:
            continue
        rest = clause.text[m.end() :].strip()
        if not rest or has(rest, *_ACTIONS) or _INFINITIVE.match(rest):
            # "I don't want to export yet", "不要删除第三张": an action refused, not a thing
            return clause
        if has(rest, "beat_on", "beat_off") or _BEAT.search(rest):
            text = lex.DONT_WANT_BEAT
        else:
            text = f"{lex.DONT_WANT_AS} {rest}"
        return Clause(text=text, quotes=clause.quotes, raw=clause.raw, original=clause.original)
    return clause


def _count(draft: Draft | None) -> int:
    return len(draft.main_video.sg) if draft is not None and draft.main_video is not None else 0


def risky(clause: Clause, before: Draft | None, after: Draft | None) -> Outcome | None:
    """A question when the clause's edit would take away more than half of the photos, or
    make the video more than twice as long or short, and the clause does not say so
    plainly (by position, range, number or "only"; by a length in seconds)."""
    if before is None or after is None:
        return None
    t = clause.text
    was, now = _count(before), _count(after)
    plain = has(t, "only", "keep_best") or bool(ordinals(t) or ranges(t) or re.search(r"\d", t))
    if was - now > was / 2 and not plain:
        return Outcome(question="confirm_remove", values={"n": str(was - now), "count": str(was)})
    if was != now:
        return None  # the length follows the photos asked for
    old, new = before.duration_ms(), after.duration_ms()
    if old > 0 and not 0.5 <= new / old <= 2 and not durations(t):
        return Outcome(
            question="confirm_length", values={"was": f"{old / 1000:g}", "now": f"{new / 1000:g}"}
        )
    return None

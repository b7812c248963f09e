"""Negation and self-correction: the clauses a person refuses ("don't export") or takes back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from diapo.chat.clauses import CORRECTION, Clause
from diapo.chat.keywords import first, first_head, phrases
from diapo.chat.numbers import ORDINAL_RE, aspect_ratio, durations

__all__ = [
    "amend", "is_head", "is_keep", "negated", "resolve_corrections", "without_negation"
]  # fmt: skip

_NUMBER = re.compile(r"(?<![\d:.])\d+(?:\.\d+)?(?![\d:])")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))  # offsets stay where they were


def negated(text: str) -> bool:
    """Whether the clause refuses its own instruction: a negation before the first head.

    "non esportare", "don't make it vertical", "别删第二张" are refused;
    "non tagliare le foto" (a fit) and "non si sente" (a volume) are instructions
    (the lexicons' NEGATION_KEEPS). "no export" refuses an export, although "no
    music" removes the music.
    """
    t = phrases("NEGATION_KEEPS").sub(_blank, text)
    neg = phrases("NEGATIONS").search(t)
    if neg is None:
        export = first(t, "export")
        absent = phrases("ABSENCE").search(t)
        return bool(export and absent and absent.start() < export.start())
    head = first_head(t)
    # "show the dates but not the places": a story word said before the negation is what
    # the clause asks for; the negation is about the word after it (see handlers_story).
    story = [m for m in (first(t, "story_places"), first(t, "story_dates")) if m]
    if story and (head is None or min(m.start() for m in story) < head.start()):
        head = min(story, key=lambda m: m.start())
    return head is None or neg.start() <= head.start()


def is_keep(text: str) -> bool:
    """ "lasciala", "keep it", "保留": after a correction, nothing is to be done."""
    return bool(phrases("KEEP").search(text))


def amend(taken_back: Clause, correction: Clause) -> Clause:
    """The clause taken back with the correction's ordinal or number in place of its own.

    "remove the third photo, actually no, the fourth" -> "remove the fourth photo";
    "3 seconds per photo, sorry I meant 4" -> "4 seconds per photo".
    """
    old_text = taken_back.text
    said = durations(old_text)
    for pattern in (ORDINAL_RE, _NUMBER):
        new = pattern.search(correction.text)
        old = pattern.search(old_text)
        if pattern is _NUMBER and said:
            # "dalla 2 alla 3 metti 4 secondi, anzi 6": the number corrected is the length,
            # not the first number of the clause.
            lengths = [m for m in _NUMBER.finditer(old_text) if float(m.group(0)) == said[-1]]
            old = lengths[-1] if lengths else old
        if new and old:
            text = old_text[: old.start()] + new.group(0) + old_text[old.end() :]
            return Clause(
                text=text,
                quotes=correction.quotes or taken_back.quotes,
                raw=correction.raw,
                original=taken_back.original,
            )
    music = first(old_text, "music")
    if music is not None:
        # "musica lofi, anzi no, jazz": the music named in the correction, not the one before.
        return Clause(
            text=f"{correction.text} {music.group(0)}",
            quotes=correction.quotes,
            raw=correction.raw,
            original=taken_back.original,
        )
    return Clause(
        text=f"{old_text} {correction.text}",
        quotes=taken_back.quotes + correction.quotes,
        raw=f"{taken_back.raw} {correction.raw}",
        original=taken_back.original,
    )


def is_head(text: str) -> bool:
    """Whether the text starts an instruction of its own (a keyword, a duration, a ratio)."""
    return first_head(text) is not None or bool(durations(text)) or aspect_ratio(text) is not None


def without_negation(clause: Clause) -> Clause:
    """The clause with its negation taken out: what it would have asked for."""
    text = " ".join(phrases("NEGATIONS").sub(" ", clause.text).split())
    return Clause(text=text, quotes=clause.quotes, raw=clause.raw, original=clause.original)


def resolve_corrections(clauses: Sequence[Clause]) -> tuple[list[Clause], bool]:
    """The clauses that stand after every "anzi no" / "actually no" / "算了", and whether
    the message took anything back.

    A correction takes back the clause before it. What follows it replaces that
    clause: a whole instruction ("anzi no, 1:1"), just a new ordinal or number
    ("actually no, the fourth"), or nothing at all ("anzi no, lasciala").
    """
    out: list[Clause] = []
    pending: Clause | None = None
    correcting = took_back = False
    for c in clauses:
        if c.text == CORRECTION:
            if out and not correcting:
                pending = out.pop()
            correcting = took_back = True
            continue
        if correcting:
            correcting = False
            if is_keep(c.text) and not is_head(c.text):
                continue
            # "不关了", "not yet": the correction refuses the instruction, nothing to amend.
            # "4秒，不对，六秒", "4 seconds, no, 6 seconds": a length alone corrects the length.
            length_only = (
                pending is not None
                and first_head(c.text) is None
                and bool(durations(c.text))
                and bool(durations(pending.text))
            )
            amends = pending is not None and (length_only or not is_head(c.text))
            if amends and pending is not None and not negated(c.text):
                c = amend(pending, c)
            pending = None
        out.append(c)
    return out, took_back

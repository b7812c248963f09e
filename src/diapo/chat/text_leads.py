"""Unquoted titles and captions: "titolo Estate 2024", "call it Our Trip", "开头写上生日快乐"."""

from __future__ import annotations

import re
from functools import cache

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh
from diapo.chat.clauses import Clause

__all__ = ["text_lead"]


@cache
def _leads() -> tuple[list[tuple[re.Pattern[str], str]], re.Pattern[str]]:
    lexicons = (lexicon_it, lexicon_en, lexicon_zh)
    leads = [(re.compile(p), role) for lex in lexicons for p, role in lex.TEXT_LEADS]
    stops = [p for lex in lexicons for p in lex.TEXT_STOPS]
    return leads, re.compile("|".join(f"(?:{p})" for p in stops) or r"(?!x)x")


def text_lead(c: Clause) -> tuple[str, str, str] | None:
    """(role, the text as read, the clause without it) for a clause that gives a title or
    caption's words without quotes, else None.

    The text is the quoted one, else what follows the lead up to a stop ("all'inizio",
    "on the third photo"); the caller keeps an unquoted one only if no word of place,
    size, font or colour is in it.
    """
    leads, stops = _leads()
    for pattern, role in leads:
        m = pattern.search(c.text)
        if m is None:
            continue
        quoted = c.quote()
        if quoted is not None:
            # "put 'Happy birthday' at the start": a lead written for a quote (the others
            # leave quoted texts to the text handler, with their timing and style).
            if "qqq" not in pattern.pattern:
                return None
            return role, quoted, c.text.replace("qqq", " ")
        rest = c.text[m.end() :]
        stop = stops.search(rest)
        value = (rest[: stop.start()] if stop else rest).strip(" :：\"'")
        if value:
            return role, value, c.text[: m.end()] + (rest[stop.start() :] if stop else "")
    return None

"""Slips of the keyboard: a word one edit away from a command word is read as that word."""

from __future__ import annotations

import re
from functools import cache

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh

__all__ = ["fix_typos"]

_LEXICONS = (lexicon_it, lexicon_en, lexicon_zh)
_WORD = re.compile(r"[a-z]{5,20}")


@cache
def _targets() -> frozenset[str]:
    return frozenset(w for lex in _LEXICONS for w in getattr(lex, "TYPO_TARGETS", []))


@cache
def _known() -> frozenset[str]:
    """Every word the lexicons spell out: these are never "corrected" ("tagli" stays)."""
    words: set[str] = set(_targets())
    for lex in _LEXICONS:
        for name in dir(lex):
            value = getattr(lex, name)
            sources: list[str] = []
            if isinstance(value, dict):
                sources += [str(k) for k in value]
                for v in value.values():
                    if isinstance(v, list):
                        sources += [str(x) for x in v]
            elif isinstance(value, list | tuple):
                for v in value:
                    sources += [str(x) for x in v] if isinstance(v, tuple) else [str(v)]
            for source in sources:
                # "\blower\b" holds "lower", not "blower": escapes go first.
                words.update(re.findall(r"[a-z]{3,}", re.sub(r"\\[a-zA-Z]", " ", source)))
    return frozenset(words)


def _one_edit(a: str, b: str) -> bool:
    """Whether b is a with a letter added, dropped or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            # A changed letter makes other real words ("flower" is not "slower"):
            # only long words are read through one.
            return len(a) >= 7
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _fix(m: re.Match[str]) -> str:
    word = m.group(0)
    known = _known()
    if word in known or any(k.startswith(word) for k in known):
        return word
    hits = [t for t in _targets() if _one_edit(word, t)]
    return hits[0] if len(hits) == 1 else word


def fix_typos(text: str) -> str:
    """'remvoe the third photo' -> 'remove the third photo'; known words are left alone."""
    return re.sub(r"(?<![a-z])" + _WORD.pattern + r"(?![a-z])", _fix, text)

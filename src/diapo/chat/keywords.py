"""The three lexicons merged and compiled: `has(text, intent)` and table look-ups."""

from __future__ import annotations

import re
from functools import cache

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh

__all__ = [
    "HEADS", "color", "earliest", "finditer", "first", "first_head", "has", "lookup", "phrases"
]  # fmt: skip

_LEXICONS = (lexicon_it, lexicon_en, lexicon_zh)

# Intents that start an instruction; a clause with none of them belongs to the one before.
HEADS: tuple[str, ...] = (
    "undo", "redo", "export", "output", "make", "music", "volume", "fade", "duck", "clip_audio",
    "title", "subtitle", "caption", "transition", "style", "kenburns", "aspect", "fit", "reverse",
    "sort", "shuffle", "swap", "remove", "restore", "trim", "slower", "faster", "per_photo",
    "total", "help", "greeting", "thanks", "beat_on", "beat_off", "keep_best",
    "typeface", "text_anim", "ending",
)  # fmt: skip


@cache
def _intent(name: str) -> re.Pattern[str]:
    parts = [p for lex in _LEXICONS for p in lex.INTENTS.get(name, [])]
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else re.compile(r"(?!x)x")


def has(text: str, *intents: str) -> bool:
    """Whether the text holds a keyword of any of the intents."""
    return any(_intent(name).search(text) for name in intents)


def first(text: str, intent: str) -> re.Match[str] | None:
    return _intent(intent).search(text)


def finditer(text: str, *intents: str) -> list[re.Match[str]]:
    """Every keyword of the intents in the text, in order of where it starts."""
    found = [m for name in intents for m in _intent(name).finditer(text)]
    return sorted(found, key=lambda m: m.start())


@cache
def _table(name: str) -> list[tuple[re.Pattern[str], object]]:
    out: list[tuple[re.Pattern[str], object]] = []
    for lex in _LEXICONS:
        for pattern, value in getattr(lex, name, {}).items():
            out.append((re.compile(pattern), value))
    return out


@cache
def phrases(name: str) -> re.Pattern[str]:
    """One pattern for a list of phrases of the three lexicons (NEGATIONS, CORRECTIONS, ...)."""
    parts = [p for lex in _LEXICONS for p in getattr(lex, name, [])]
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else re.compile(r"(?!x)x")


def first_head(text: str) -> re.Match[str] | None:
    """The earliest keyword that starts an instruction (HEADS), or None."""
    found = [m for m in (_intent(name).search(text) for name in (*HEADS, "move", "add")) if m]
    return min(found, key=lambda m: m.start()) if found else None


def lookup(text: str, table: str) -> tuple[object, re.Match[str]] | None:
    """The value of the first pattern of the table (MUSIC, TRANSITIONS, ...) found in the text."""
    for pattern, value in _table(table):
        m = pattern.search(text)
        if m:
            return value, m
    return None


def earliest(text: str, tables: tuple[str, ...], intents: tuple[str, ...] = ()) -> int | None:
    """Where the first word of any of the tables (POSITIONS, FONTS, ...) or intents starts."""
    starts = [m.start() for name in tables for p, _ in _table(name) for m in [p.search(text)] if m]
    starts += [m.start() for m in finditer(text, *intents)]
    found = _colors()[0].search(text)
    if found:
        starts.append(found.start())
    return min(starts) if starts else None


@cache
def _colors() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for lex in _LEXICONS:
        names.update(lex.COLORS)
    alts = sorted(names, key=len, reverse=True)
    body = "|".join(
        rf"(?<![a-z]){re.escape(n)}(?![a-z])" if n.isascii() else re.escape(n) for n in alts
    )
    return re.compile(body), names


def color(text: str) -> str | None:
    """A colour named in the text as #rrggbb ('rosso', 'red', '红色', or '#ff0000')."""
    m = re.search(r"#[0-9a-f]{6}\b", text)
    if m:
        return m.group(0)
    pattern, names = _colors()
    found = pattern.search(text)
    return names[found.group(0)] if found else None

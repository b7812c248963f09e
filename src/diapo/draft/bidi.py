"""Bidirectional control characters: invisible, they make shown text read other than it is.

"photo\u202egpj.exe" shows as "photoexe.jpg". Whatever a person typed or named
is echoed back (chat replies, CLI lines, error messages, file names) without
them; the marks that only hint a direction (U+200E, U+200F, U+061C) go too.
"""

from __future__ import annotations

__all__ = ["BIDI_CONTROLS", "without_bidi_controls"]

#: Embeddings and overrides (U+202A-202E), isolates (U+2066-2069) and the marks.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_DROP = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    """`text` without bidirectional control characters."""
    return text.translate(_DROP)

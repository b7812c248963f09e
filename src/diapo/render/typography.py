"""Typographic quotes and apostrophes for the text shown on screen, by language.

People type straight quotes; a printed title uses the language's own:
Italian «ciao» and l’estate, English “hello” and don’t, Chinese “你好” and
‘假期’ (the quotes of mainland typesetting, GB/T 15834; corner brackets 「」
typed by the person stay). This runs when a text is rendered: the draft keeps
the text exactly as the person typed it.
"""

from __future__ import annotations

import re

from diapo.draft.vocabulary import LANGUAGES
from diapo.render.linebreak import is_cjk

__all__ = ["guess_language", "typeset"]

# (open double, close double, open single, close single / apostrophe)
_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "it": ("«", "»", "‘", "’"),
    "en": ("“", "”", "‘", "’"),
}
# Words and elisions that say a Latin-script text is Italian.
_ITALIAN = re.compile(
    r"(?i)\b(?:il|lo|la|gli|le|di|del|della|dei|delle|nel|nella|che|per|con|una|uno|"
    r"estate|mare|ciao|vacanze?|città|anni|buon|buona|auguri|amici|sole|giorno)\b"
    r"|\b(?:l|d|un|dell|all|nell|sull|dall|quest|c)'\w|[àèéìòù]"
)
_OPENING_CONTEXT = set(" \t\n([{<«“‘—–-/")


def guess_language(text: str) -> str:
    """it, en or zh for a text whose draft says no language: Chinese, Italian cues, else en."""
    if any(is_cjk(ch) for ch in text):
        return "zh"
    return "it" if _ITALIAN.search(text) else "en"


def typeset(text: str, lang: str | None = None) -> str:
    """`text` with typographic quotes and apostrophes for `lang` (None: guessed).

    A text with Chinese in it gets Chinese quotes whatever the draft's language.
    """
    if lang not in LANGUAGES:
        lang = guess_language(text)
    if any(is_cjk(ch) for ch in text):
        return _chinese_quotes(text)
    open_d, close_d, open_s, close_s = _QUOTES[lang]
    out: list[str] = []
    for k, ch in enumerate(text):
        before = text[k - 1] if k else " "
        after = text[k + 1] if k + 1 < len(text) else " "
        opening = before in _OPENING_CONTEXT or before in (open_d, open_s)
        if ch == '"':
            out.append(open_d if opening and not after.isspace() else close_d)
        elif ch == "'":
            if before.isalnum() and (after.isalnum() or not opening):
                # l'estate, don't, po', dogs': an apostrophe (or the close of a quote).
                out.append(close_s)
            elif opening and after.isdigit():
                out.append(close_s)  # '90: the apostrophe of a shortened year
            elif opening and not after.isspace():
                out.append(open_s)
            else:
                out.append(close_s)
        else:
            out.append(ch)
    return "".join(out)


def _chinese_quotes(text: str) -> str:
    """Straight quotes as Chinese “…” and ‘…’: they open and close in turn.

    Chinese puts no space before an opening quote, so the context cannot tell
    opening from closing as it does in Italian; taking them in pairs can.
    """
    out: list[str] = []
    open_double = open_single = False
    for ch in text:
        if ch == '"':
            out.append("”" if open_double else "“")
            open_double = not open_double
        elif ch == "'":
            out.append("’" if open_single else "‘")
            open_single = not open_single
        else:
            out.append(ch)
    return "".join(out)

"""Which language a person wrote in: the reply is in theirs, else in the session's."""

from __future__ import annotations

import re

from diapo.chat import lexicon_en, lexicon_it

__all__ = ["reply_language"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = {
    "it": re.compile("|".join(lexicon_it.LANGUAGE_WORDS)),
    "en": re.compile("|".join(lexicon_en.LANGUAGE_WORDS)),
}


def reply_language(text: str, session: str) -> str:
    """The language of `text` (normalised, quotes taken out) when it is clear, else `session`.

    Chinese is any Han character; Italian and English are told apart by the words
    only one of them uses, and a tie (or no such word: "1:1", "ok") is unclear.
    """
    if _CJK.search(text):
        return "zh"
    counts = {lang: len(pattern.findall(text)) for lang, pattern in _WORDS.items()}
    it, en = counts["it"], counts["en"]
    if it > en:
        return "it"
    if en > it:
        return "en"
    return session

"""Where Chinese words end: jieba's segmentation, loaded once, on the first Chinese text.

Chinese is written without spaces, so a line may break between any two
characters as far as the script goes, but not inside a word: 回忆 split over
two lines reads as two unrelated characters. jieba's dictionary (about 350,000
words, shipped in the package) finds the words; loading it takes a second or
two the first time, so a slideshow without Chinese text never pays for it.
"""

from __future__ import annotations

import functools
import logging
import threading

__all__ = ["word_ends"]

_LOCK = threading.Lock()  # jieba builds its dictionary lazily and is not safe to race on


@functools.lru_cache(maxsize=256)
def word_ends(text: str) -> frozenset[int]:
    """The offsets in `text` right after each word (segment) jieba finds, `len(text)` included."""
    import jieba  # a big dictionary: only imported when a text has Chinese in it

    with _LOCK:
        jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at INFO
        words = list(jieba.cut(text, HMM=False))
    ends: set[int] = set()
    at = 0
    for word in words:
        at += len(word)
        ends.add(at)
    return frozenset(ends)

"""Balanced line breaks for titles and captions: even lines, no lone last word, no bad breaks.

A title is not a paragraph of prose: a greedy wrap that fills the first line and
leaves one word on the second looks careless. `break_lines` chooses, among the
breaks that need the fewest lines, the one whose lines are the most even (least
sum of squared widths), and refuses

- a last line of a single word when the text has three words or more;
- a break after a short function word or a place name's head: "di" stays with
  its noun, "Città di Castello", "San Gimignano", "Lago di Garda", "the Isle of
  Skye" stay whole (when they fit on a line);
- a break before a separator ("Firenze · 12 agosto" never starts a line with
  "·"), and between a day and its month ("12 agosto");
- in Chinese, a break inside a word (回忆 stays whole: the words come from
  `diapo.render.cjkwords`), before closing punctuation (，。！？」…) or after
  opening punctuation (「《（“).

The function is pure: it is given a `measure` (text -> width) and a width.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from diapo.render.cjkwords import word_ends

__all__ = ["STICKY_WORDS", "Measure", "break_lines", "is_cjk"]

Measure = Callable[[str], float]

#: Words never left at the end of a line: they belong with the word after them.
_STICKY = """
    il lo la i gli le l un uno una un' di del dello della dei degli delle dell
    a al allo alla ai agli alle all ad da dal dallo dalla dai dagli dalle dall
    in nel nello nella nei negli nelle nell su sul sullo sulla sui sugli sulle sull
    con col per tra fra e ed o
    san santa santo sant santi città citta monte lago val valle porto isola villa
    piazza via castel borgo marina riva capo passo golfo
    the a an of in on at to and for by with from st st. mt mt. lake mount isle
"""
#: Words never left at the end of a line: they belong with the word after them. Italian
#: articles, prepositions and conjunctions, the heads of place and saint names
#: ("Città di", "San", "Lago di"), and their English counterparts.
STICKY_WORDS: frozenset[str] = frozenset(_STICKY.split())

_SEPARATORS = frozenset("·•–—-|/:")
# Chinese (and other CJK) punctuation that sticks to the character before it...
_NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’…·,.;:?!)%")
# ...and punctuation that sticks to the character after it.
_NO_LINE_END = frozenset("（《「『【〈“‘([")
_DAY = re.compile(r"^\d{1,2}$")


def is_cjk(ch: str) -> bool:
    """True for Chinese, Japanese and Korean characters and their punctuation."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # fullwidth forms
        or 0x20000 <= o <= 0x2FA1F
    )


@dataclass(slots=True)
class _Piece:
    """A breakable unit: its text, the space after it (dropped at a line's end), its words."""

    text: str
    space: str = ""
    words: int = 1
    end: int = 0  # the offset in the paragraph right after the piece's text


def _pieces(paragraph: str) -> tuple[list[_Piece], list[int]]:
    """The paragraph's words and CJK characters, and after each how it holds to the next."""
    pieces: list[_Piece] = []
    word = ""

    def flush(at: int) -> None:
        nonlocal word
        if word:
            pieces.append(_Piece(word, end=at))
            word = ""

    for at, ch in enumerate(paragraph):
        if ch.isspace():
            flush(at)
            if pieces:
                pieces[-1].space = " "
        elif is_cjk(ch) or (ch in _NO_LINE_START and not word and pieces and not pieces[-1].space):
            flush(at)
            pieces.append(_Piece(ch, words=0 if _is_punct(ch) else 1, end=at + 1))
        else:
            word += ch
    flush(len(paragraph))
    ends = word_ends(paragraph) if any(is_cjk(p.text[0]) for p in pieces) else frozenset()
    glue = [_may_break(pieces[k], pieces[k + 1], ends) for k in range(len(pieces) - 1)]
    return pieces, [*glue, _FREE]


_FREE, _SOFT, _HARD = 0, 1, 2  # a break is free, avoided (names), or never made (punctuation)


def _may_break(here: _Piece, nxt: _Piece, word_ends: frozenset[int]) -> int:
    """How strongly `here` and `nxt` hold together: _FREE, _SOFT or _HARD."""
    if not here.space and not (is_cjk(here.text[-1]) or is_cjk(nxt.text[0])):
        return _HARD  # no space and no CJK: one word split by punctuation
    if not here.space and is_cjk(here.text[-1]) and here.end not in word_ends:
        return _HARD  # inside a Chinese word
    if nxt.text[0] in _NO_LINE_START or here.text[-1] in _NO_LINE_END:
        return _HARD
    if here.space and nxt.text in _SEPARATORS:
        return _HARD
    if here.space and (_sticky(here.text) or _DAY.match(here.text)):
        return _SOFT
    return _FREE


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _sticky(word: str) -> bool:
    key = word.casefold()
    if key.endswith(("'", "’")):
        return True  # an elision ("dell' ", "l' ") always belongs with the next word
    return key in STICKY_WORDS


@dataclass(slots=True)
class _Unit:
    """Pieces that must stay on one line, measured once."""

    text: str  # without the trailing space
    space: str
    words: int
    parts: list[_Piece]


def _units(pieces: list[_Piece], glue: list[int], below: int) -> list[_Unit]:
    """Pieces grouped where they hold together at least as strongly as `below`."""
    units: list[_Unit] = []
    group: list[_Piece] = []
    for piece, strength in zip(pieces, glue, strict=True):
        group.append(piece)
        if strength < below:
            units.append(_join(group))
            group = []
    if group:
        units.append(_join(group))
    return units


def _join(group: list[_Piece]) -> _Unit:
    text = "".join(p.text + p.space for p in group[:-1]) + group[-1].text
    return _Unit(text, group[-1].space, sum(p.words for p in group), group)


def break_lines(text: str, measure: Measure, max_width: float) -> list[str]:
    """`text` in lines no wider than `max_width`, balanced; explicit newlines are kept.

    A single word wider than `max_width` gets a line of its own (the caller
    shrinks the font until it fits).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _paragraph(paragraph.strip(), measure, max_width)
    return lines


def _paragraph(paragraph: str, measure: Measure, max_width: float) -> list[str]:
    if not paragraph:
        return [""]
    if measure(paragraph) <= max_width:
        return [paragraph]
    pieces, glue = _pieces(paragraph)
    # A name too wide for any line is broken between its words, never at its punctuation.
    fitted: list[_Unit] = []
    start = 0
    for unit in _units(pieces, glue, _SOFT):
        end = start + len(unit.parts)
        if len(unit.parts) > 1 and measure(unit.text) > max_width:
            fitted += _units(pieces[start:end], [*glue[start : end - 1], _FREE], _HARD)
        else:
            fitted.append(unit)
        start = end
    return _balance(fitted, measure, max_width)


def _balance(units: list[_Unit], measure: Measure, max_width: float) -> list[str]:
    n = len(units)
    full = [measure(u.text + u.space) for u in units]
    bare = [measure(u.text) for u in units]
    prefix = [0.0]
    for w in full:
        prefix.append(prefix[-1] + w)
    total_words = sum(u.words for u in units)

    def width(i: int, j: int) -> float:  # units i..j-1 on one line
        return prefix[j - 1] - prefix[i] + bare[j - 1]

    # Lines that may follow a break at i: those that fit, or a single unit.
    ends: list[list[int]] = []
    for i in range(n):
        row = [i + 1]
        j = i + 2
        while j <= n and width(i, j) <= max_width:
            row.append(j)
            j += 1
        ends.append(row)

    fewest = _greedy_count(ends, n)
    best: tuple[tuple[int, int, float], list[int]] | None = None
    for k in range(fewest, min(n, fewest + 2) + 1):
        found = _best_with(k, n, ends, width, units, total_words)
        if found is None:
            continue
        cost, breaks = found
        key = (cost[0], k, cost[1])  # fewer faults first, then fewer lines, then evenness
        if best is None or key < best[0]:
            best = (key, breaks)
        if cost[0] == 0:
            break
    assert best is not None  # k = n always works
    breaks = best[1]
    out = []
    for i, j in zip([0, *breaks], [*breaks, n], strict=True):
        out.append("".join(u.text + u.space for u in units[i : j - 1]) + units[j - 1].text)
    return out


def _greedy_count(ends: list[list[int]], n: int) -> int:
    i, count = 0, 0
    while i < n:
        i = ends[i][-1]
        count += 1
    return count


def _best_with(
    k: int,
    n: int,
    ends: list[list[int]],
    width: Callable[[int, int], float],
    units: list[_Unit],
    total_words: int,
) -> tuple[tuple[int, float], list[int]] | None:
    """The least (faults, sum of squared widths) breaking into exactly `k` lines."""
    inf = (1 << 30, 0.0)
    # cost[m][j]: best cost of the first j units in m lines; back[m][j]: where line m starts.
    cost = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[-1] * (n + 1) for _ in range(k + 1)]
    cost[0][0] = (0, 0.0)
    for m in range(k):
        for i in range(n):
            c = cost[m][i]
            if c[0] >= inf[0]:
                continue
            for j in ends[i]:
                w = width(i, j)
                faults = c[0]
                lone = m == k - 1 and j == n and sum(u.words for u in units[i:j]) < 2
                if lone and total_words >= 3:
                    faults += 1  # a lone last word
                new = (faults, c[1] + w * w)
                if new < cost[m + 1][j]:
                    cost[m + 1][j] = new
                    back[m + 1][j] = i
    if cost[k][n][0] >= inf[0]:
        return None
    breaks: list[int] = []
    j = n
    for m in range(k, 0, -1):
        i = back[m][j]
        if m > 1:
            breaks.append(i)
        j = i
    return cost[k][n], breaks[::-1]

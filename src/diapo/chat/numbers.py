"""Numbers, durations, percentages and ordinals written in Italian, English or Chinese."""

from __future__ import annotations

import re

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh
from diapo.draft.vocabulary import ASPECTS

__all__ = [
    "ORDINAL_RE",
    "aspect_ratio",
    "durations",
    "find_number",
    "ordinals",
    "percent",
    "ranges",
    "replace_number_words",
    "zh_number",
]

_WORDS: dict[str, float] = {**lexicon_it.NUMBERS, **lexicon_en.NUMBERS}
# Longer words first so that "diciassette" is not read as "sette".
_WORD_RE = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)) + r")(?![a-z])"
)
# twenty ... ninety, from the lexicon, for "thirty-five".
_EN_TENS = "|".join(w for w, v in lexicon_en.NUMBERS.items() if 20 <= v <= 90 and v % 10 == 0)
_ZH_DIGITS = lexicon_zh.DIGITS
_ZH_RE = re.compile(r"[零一二两三四五六七八九十百半]+")


def zh_number(text: str) -> float | None:
    """一 -> 1, 十五 -> 15, 二十三 -> 23, 一百 -> 100, 三个半 style halves -> .5."""
    half = text.endswith("半") and len(text) > 1
    text = text.removesuffix("半") if half else text
    if text == "半":
        return 0.5
    if not text or any(ch not in _ZH_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _ZH_DIGITS[ch]
    value = float(total + current)
    return value + 0.5 if half else value


def replace_number_words(text: str) -> str:
    """Write number words as digits: 'tre secondi' -> '3 secondi', '三秒' -> '3秒'.

    Compound words are summed ("twenty five" -> 25; "venticinque" is in the
    lexicon), and "e mezzo"/"and a half"/"半" add a half.
    """

    def word(m: re.Match[str]) -> str:
        v = _WORDS[m.group(1)]
        return _fmt(v)

    # "per cento" is a percent sign, not a hundred.
    text = re.sub(r"\bper cento\b", "percento", text)
    # "e mezzo" / "and a half" add to the number before them; kept apart from
    # the number word "mezzo" (0.5) until the other numbers are digits.
    text = re.sub(r"\b(?:e mezz[oa]|and a half)\b", "_half_", text)
    # "a quarter of a second", "tre quarti di secondo": a fraction of one unit.
    text = re.sub(
        r"\b(?:(a|one|un) quarter|(three) quarters|(un) quarto|(tre) quarti)"
        r" (?:of (?:a |an |one )?|di (?:un |uno )?)(second|minute|secondo|minuto)\b",
        lambda m: f"{'0.75' if m[2] or m[4] else '0.25'} {m[5]}",
        text,
    )
    # "un/una/uno" and "a" are articles far more often than numbers; "half a
    # second" is half of one.
    text = re.sub(
        r"(?<!half )\b(?:un|uno|una|a|an|one) (secondo|minuto|second|minute|sec)\b", r"1 \1", text
    )
    # "thirty-five" is one number; the hyphen would otherwise read as a range.
    text = re.sub(rf"\b({_EN_TENS})-(?=[a-z])", r"\1 ", text)
    text = _WORD_RE.sub(word, text)
    # "20 5" from "twenty five" -> 25
    text = re.sub(r"\b([2-9]0) ([1-9])\b(?! ?[:x.,]\d)", lambda m: str(int(m[1]) + int(m[2])), text)
    # Each number is tried from its first digit only (the look-behind): from every
    # digit of a long run the match would rescan the run, quadratic on "1" * 200_000.
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?) _half_", lambda m: _fmt(float(m[1]) + 0.5), text)
    text = re.sub(
        r"(?<![\d.])(\d+(?:\.\d+)?) (second[oi]|seconds?|minut[oi]|minutes?|secs?) _half_",
        lambda m: f"{_fmt(float(m[1]) + 0.5)} {m[2]}",
        text,
    )
    text = text.replace("_half_", "e mezzo")

    def zh(m: re.Match[str]) -> str:
        s = m.group(0)
        if s in ("一点", "一下", "一半"):
            return s
        v = zh_number(s)
        return s if v is None else _fmt(v)

    # Chinese numerals, but not the "一" of 一点/一下 ("a little").
    text = re.sub(r"[零一二两三四五六七八九十]+半?(?![点下些个首种次])|(?<=[0-9])半", zh, text)
    # 半秒 / 半分钟: a half on its own.
    text = re.sub(r"(?<![0-9.])半(?=秒|分钟)", "0.5", text)
    return text


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


_NUM = r"(?<!\d)(\d+(?:[.,]\d+)?)"
_UNITS = {
    "ms": 0.001,
    "millisecond": 0.001,
    "millisecondi": 0.001,
    "毫秒": 0.001,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "secondo": 1.0,
    "secondi": 1.0,
    "秒": 1.0,
    "秒钟": 1.0,
    "min": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "minuto": 60.0,
    "minuti": 60.0,
    "分钟": 60.0,
}
_DUR_RE = re.compile(
    _NUM + r" ?(" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")(?![a-z])"
)


def _float(s: str) -> float:
    return float(s.replace(",", "."))


def durations(text: str) -> list[float]:
    """Every '2.5s', '3 secondi', '1 minute', '三秒' (after `replace_number_words`), in seconds."""
    out = []
    for m in _DUR_RE.finditer(text):
        half = 0.5 if text[m.end() : m.end() + 1] == "半" else 0.0  # 两秒半 = 2.5 s
        out.append((_float(m.group(1)) + half) * _UNITS[m.group(2)])
    return out


def without_durations(text: str) -> str:
    """The text with every length ("1 minute", "20 secondi", "3秒") blanked out."""
    return _DUR_RE.sub(lambda m: " " * len(m.group(0)), text)


def percent(text: str) -> float | None:
    """'50%', '50 per cento', '百分之50', 'volume 30' (0..100 read as percent) -> 0.5."""
    m = re.search(_NUM + r" ?(?:%|per ?cento|percent|per cent)", text) or re.search(
        r"百分之 ?" + _NUM, text
    )
    if m:
        return _float(m.group(1)) / 100
    return None


def find_number(text: str) -> float | None:
    """The first plain number in the text (not part of an aspect ratio like 9:16)."""
    m = re.search(r"(?<![\d:])" + _NUM + r"(?![\d:])", text)
    return _float(m.group(1)) if m else None


_ORD = {**lexicon_it.ORDINALS, **lexicon_en.ORDINALS}
_ORD_RE = re.compile(r"(?<![a-z])(" + "|".join(sorted(_ORD, key=len, reverse=True)) + r")(?![a-z])")


#: An ordinal as written: "third", "terza", "3rd", "第3张", for swapping one for another.
ORDINAL_RE = re.compile(
    _ORD_RE.pattern + r"|(?<![a-z])\d+(?:st|nd|rd|th|°|ª)(?![a-z])|第 ?\d+ ?(?:张|个|位|段|幅)?"
)


def ordinals(text: str) -> list[tuple[int, int]]:
    """(start offset, position) for each ordinal; position -1 is the last, -2 the one before."""
    out: list[tuple[int, int]] = []
    for m in _ORD_RE.finditer(text):
        word = m.group(1)
        if word in ("secondo", "second", "seconda") and not _ordinal_second(text, m):
            continue
        if word in ("prima", "primo") and re.match(
            r" (?:del|della|dello|dei|delle|di)\b", text[m.end() :]
        ):
            continue  # "prima del duomo" is "before", not "the first"
        out.append((m.start(), _ORD[word]))
    for m in re.finditer(r"(?<![a-z])(\d+)(?:st|nd|rd|th|°|ª|a|o)(?![a-z])", text):
        out.append((m.start(), int(m.group(1))))
    for m in re.finditer(r"倒数第 ?(\d+)", text):
        out.append((m.start(), -int(m.group(1))))
    for m in re.finditer(r"(?<!倒数)第 ?(\d+) ?(?:张|个|位|段|幅)?", text):
        out.append((m.start(), int(m.group(1))))
    for m in re.finditer(r"最后(?:一)?(?:张|个|段|幅)?|最后面", text):
        out.append((m.start(), -1))
    for m in re.finditer(
        r"(?:photos?|foto|pictures?|pic|immagine|image|n\.|nr\.?|n°|numero|number|no\.|#|slide"
        r"|clip|video) ?#?(\d+)(?!\d|:\d|\s?(?:s|sec|secondi|seconds|%|times|volte|x\b|倍))",
        text,
    ):
        out.append((m.start(), int(m.group(1))))
    out.sort()
    return out


def _ordinal_second(text: str, m: re.Match[str]) -> bool:
    # "la seconda foto" is an ordinal, "un secondo" / "2 seconds" a unit.
    before = text[: m.start()].rstrip()
    after = text[m.end() :].lstrip()
    if re.match(
        r"(posto|place|position|posizione|foto|photo|immagine|image|picture|one|pic)", after
    ):
        return True
    if re.search(r"(\d|\bun|\buno|\ba|\bone|\bper|\bogni|\bevery|\beach|\bal|\bdi|\bfor)$", before):
        return False
    return not re.match(r"(di |of )?(pausa|delay|transition)", after)


# Not a photo count when a unit follows: "i primi 5 secondi", "前5秒", "720p".
_NOT_COUNT = r"(?![\d.,])(?! ?(?:s\b|sec|second|minut|ms\b|%|秒|分钟|p\b))"
_NOUN = r"(?:photos?|pictures?|pics?|images?|slides?|foto|immagini|scatti|items?)"
_RANGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![a-z])(?:prim[ei]|first) (\d+)" + _NOT_COUNT), "first"),
    (re.compile(r"(?<![a-z])(?:ultim[ei]|last) (\d+)" + _NOT_COUNT), "last"),
    (re.compile(r"(?<!倒数)前 ?(\d+) ?(?:张|个|幅|段)?" + _NOT_COUNT), "first"),
    (re.compile(r"(?:最后|后) ?(\d+) ?(?:张|个|幅|段)" + _NOT_COUNT), "last"),
    (
        re.compile(
            r"(?:" + _NOUN + r" |(?<![a-z])(?:from|dalla|dall|da) (?:" + _NOUN + r" )?)"
            r"(\d+) ?(?:to|a|alla|-|through|thru|fino alla?|until) ?(?:"
            + _NOUN
            + r" )?(\d+)"
            + _NOT_COUNT
        ),
        "span",
    ),
    # "第2到第3张4秒": the 张 says photos, so a length may follow at once
    (re.compile(r"第? ?(\d+) ?(?:张|个|幅)? ?(?:到|至|-|~) ?第? ?(\d+) ?(?:张|个|幅)"), "span"),
    # "from the 5th to the 7th"
    (
        re.compile(
            r"(?<![a-z\d])(?:from |dalla |dal )?(?:the )?(\d+)(?:st|nd|rd|th|a|o)"
            r" (?:to|through|until|alla|al) (?:the )?(\d+)(?:st|nd|rd|th|a|o)(?![a-z])"
        ),
        "span",
    ),
    # "photos 2 and 3", "le foto 5 e 6": two photos, not a run
    (
        re.compile(r"(?:" + _NOUN + r") (\d+) ?(?:,|e|ed|and|&) ?(\d+)(?![\d.,:])" + _NOT_COUNT),
        "pair",
    ),
)


_ORD_WORD = "|".join(sorted((w for w in _ORD if " " not in w), key=len, reverse=True))
_ORD_SPAN = re.compile(
    rf"(?<![a-z])({_ORD_WORD}) (?:\w+ )?(?:alla|all|to the|to|through the|through|thru"
    rf"|fino alla|until the) ({_ORD_WORD})(?![a-z])(?! (?:posizione|posto|place|position))"
)


def ranges(text: str) -> list[tuple[int, int, int]]:
    """(start offset, first, last) for each run of photos named at once.

    Positions are 1-based; negative ones count from the end ("le ultime 2"
    is (-2, -1)). "le prime 3 foto", "first three", "前三张", "photos 2 to 4",
    "dalla 2 alla 4", "第二到第四张".
    """
    out: list[tuple[int, int, int]] = []
    # "dalla seconda alla quarta", "the second through the fourth"
    for m in _ORD_SPAN.finditer(text):
        if re.sub(r"\s+", " ", m.group(0)) in _ORD:  # "second to last" is one photo
            continue
        a, b = _ORD[m.group(1)], _ORD[m.group(2)]
        if 1 <= a < b or (a >= 1 and b < 0):
            out.append((m.start(), a, b))
    for pattern, kind in _RANGES:
        for m in pattern.finditer(text):
            a = int(m.group(1))
            if kind == "first" and a >= 1:
                out.append((m.start(), 1, a))
            elif kind == "last" and a >= 1:
                out.append((m.start(), -a, -1))
            elif kind == "span":
                b = int(m.group(2))
                if 1 <= a < b:
                    out.append((m.start(), a, b))
            elif kind == "pair":
                b = int(m.group(2))
                if a >= 1 and b >= 1:
                    out += [(m.start(), a, a), (m.start() + 1, b, b)]
    return sorted(out)


# The aspect ratios of the vocabulary as people type them: "9:16", "9x16", "9 / 16".
# "9:16", "9x16", "9/16", and said as words once numbers are digits: "nine by sixteen",
# "nove per sedici", "九比十六".
_RATIO_SEP = r"(?: ?[:x/] ?| by | per | ?比 ?)"
_RATIO = re.compile(
    r"(?<!\d)(?:"
    + "|".join(a.replace(":", _RATIO_SEP) for a in sorted(ASPECTS, key=len, reverse=True))
    + r")(?!\d)"
)


def aspect_ratio(text: str) -> str | None:
    """The vocabulary's aspect ratio written in the text ("metti 9x16" -> "9:16"), or None."""
    m = _RATIO.search(text)
    return re.sub(_RATIO_SEP, ":", m.group(0)) if m else None

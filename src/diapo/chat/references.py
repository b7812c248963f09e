"""Which photo a person means: "la terza", "the last one", "第二张", "quella del mare"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh
from diapo.chat.numbers import ordinals, ranges
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft

__all__ = [
    "by_name", "clip_positions", "named_at", "out_of_range", "photo_refs", "removed_media", "tokens"
]  # fmt: skip

# Synonym groups line up across the three lexicons (mare / sea / 海 ...).
_GROUPS: list[frozenset[str]] = [
    frozenset(a) | frozenset(b) | frozenset(c)
    for a, b, c in zip(lexicon_it.SYNONYMS, lexicon_en.SYNONYMS, lexicon_zh.SYNONYMS, strict=True)
]
_STOP = frozenset(
    [
        "foto",
        "photo",
        "photos",
        "picture",
        "image",
        "immagine",
        "quella",
        "quello",
        "the",
        "one",
        "della",
        "delle",
        "dello",
        "del",
        "di",
        "la",
        "il",
        "lo",
        "le",
        "gli",
        "una",
        "uno",
        "un",
        "a",
        "an",
        "of",
        "with",
        "con",
        "and",
        "and",
        "jpg",
        "jpeg",
        "png",
        "heic",
        "heif",
        "webp",
        "mp4",
        "mov",
        "img",
        "dsc",
        "video",
        "clip",
        "slide",
    ]
)


def tokens(text: str) -> set[str]:
    """Words of a file name or caption, normalised ('Mare_Positano.JPG' -> {'mare', 'positano'})."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = {w for w in re.split(r"[^0-9a-z\u4e00-\u9fff]+", text) if w}
    words |= {
        w[:-1] for w in words if len(w) > 4 and w.endswith("s")
    }  # beaches -> beache, sunsets -> sunset
    return {w for w in words if w not in _STOP and not w.isdigit()}


# Groups close enough to stand in for each other when nothing closer matches.
_RELATED: list[tuple[int, int]] = [(0, 1)]  # sea ~ beach


def _expand(words: set[str], text: str, *, related: bool = False) -> set[str]:
    out = set(words)
    groups = list(_GROUPS)
    if related:
        groups += [_GROUPS[a] | _GROUPS[b] for a, b in _RELATED]
    known = any(words & group for group in groups)
    for group in groups:
        # A Chinese word inside a longer one only counts when the longer one is
        # unknown: 海滩 (beach) is not also 海 (sea).
        if words & group or (not known and any(w in text for w in group if not w.isascii())):
            out |= group
    return out


def _mentions(text: str) -> list[tuple[int, str]]:
    """Words that could name a photo, with where they are in the text."""
    out = [
        (m.start(), m.group(0))
        for m in re.finditer(r"[0-9a-z]+", text)
        if len(m.group(0)) >= 3 and m.group(0) not in _STOP and not m.group(0).isdigit()
    ]
    spans = [
        (m.start(), m.start() + len(w), w)
        for g in _GROUPS
        for w in g
        if not w.isascii()
        for m in re.finditer(re.escape(w), text)
    ]
    # 海滩 (beach) is not also 海 (sea): a match inside a longer one does not count.
    for a, b, w in spans:
        if not any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2, _ in spans):
            out.append((a, w))
    return sorted(out)


def _has(label: set[str], words: set[str]) -> bool:
    return bool(label & words) or any(
        w in tok for w in words if not w.isascii() for tok in label if not tok.isascii()
    )


def named_at(text: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    """(offset in the text, 0-based label) for each file name or caption a word of the text names.

    A word the label really holds wins over a synonym ("mare" -> mare_positano,
    not spiaggia), and a synonym over a related word (sea ~ beach).
    """
    have = [tokens(label) for label in labels]
    out: list[tuple[int, int]] = _exact_names(text, labels)
    if out:
        # A file named in full ("IMG_1234.jpg", "IMG 3.HEIC") is the one meant;
        # its words are camera boilerplate that would match nothing or everything.
        return out
    for at, word in _mentions(text):
        forms = {word, word[:-1]} if word.endswith("s") and len(word) > 4 else {word}
        hits = [i for i, t in enumerate(have) if _has(t, forms)]
        for related in (False, True):
            if hits:
                break
            asked = _expand(forms, word, related=related)
            hits = [i for i, t in enumerate(have) if _expand(t, "", related=related) & asked]
        out += [(at, i) for i in hits if i not in {j for _, j in out}]
    return out


def _exact_names(text: str, labels: Sequence[str]) -> list[tuple[int, int]]:
    """Labels whose file name, with or without its extension, stands whole in the text."""
    folded = text.casefold()
    out: list[tuple[int, int]] = []
    for i, label in enumerate(labels):
        name = label.casefold().strip()
        if not name:
            continue
        stem = name.rsplit(".", 1)[0] if "." in name else name
        for form in (name, stem):
            # A short or plain-word stem ("mare") is left to the word matching.
            plain = len(stem) < 4 or not any(ch.isdigit() for ch in stem)
            if form == stem and form != name and plain:
                continue
            # Edges are ASCII word characters: "删掉IMG_0005" names the file too.
            match = re.search(r"(?<![a-z0-9_.])" + re.escape(form) + r"(?![a-z0-9_])", folded)
            if match:
                out.append((match.start(), i))
                break
    return sorted(out)


def by_name(text: str, labels: Sequence[str]) -> list[int]:
    """0-based indices of the labels (file names, captions) the text names, in mention order."""
    return [i for _, i in named_at(text, labels)]


def _labels(draft: Draft, media: Sequence[MediaRef]) -> list[str]:
    names = {m.id: m.name for m in media}
    track = draft.main_video
    out = []
    for s in track.sg if track is not None else []:
        cap = s.m.cap.text if s.m.cap is not None else ""
        out.append(" ".join(x for x in (s.m.name or names.get(s.m.src, ""), cap) if x))
    return out


def photo_refs(
    text: str, draft: Draft | None, media: Sequence[MediaRef], *, clip_word: bool = True
) -> list[int]:
    """1-based positions the text refers to, in the order they are mentioned."""
    if draft is None or draft.main_video is None:
        return []
    n = len(draft.main_video.sg)
    found: list[tuple[int, int]] = []
    for at, first, last in ranges(text):
        lo, hi = (first if first > 0 else n + 1 + first), (last if last > 0 else n + 1 + last)
        for k, value in enumerate(range(max(1, lo), min(n, hi) + 1)):
            if value not in (p for _, p in found):
                found.append((at + k, value))
    for at, pos in ordinals(text):
        value = pos if pos > 0 else n + 1 + pos
        if value >= 1 and value not in (p for _, p in found):
            found.append((at, value))
    for at, i in named_at(text, _labels(draft, media)):
        if i + 1 not in (p for _, p in found):
            found.append((at, i + 1))
    if not found and clip_word and re.search(r"\b(?:video|clip|filmato)\b|视频|片段", text):
        clips = clip_positions(draft)
        if len(clips) == 1:
            found.append((0, clips[0]))
    return [p for _, p in sorted(found)]


def clip_positions(draft: Draft) -> list[int]:
    track = draft.main_video
    return (
        [i + 1 for i, s in enumerate(track.sg) if s.m.kind == "clip"] if track is not None else []
    )


def removed_media(draft: Draft | None, media: Sequence[MediaRef]) -> list[MediaRef]:
    """Photos and clips of the session that are not in the slideshow."""
    used = (
        {s.m.src for s in draft.main_video.sg} if draft is not None and draft.main_video else set()
    )
    return [m for m in media if m.kind != "audio" and m.id not in used]


def out_of_range(text: str, count: int) -> int | None:
    """The first position the text names that a slideshow of `count` does not have, or None.

    "la foto 12" of seven, "photo 0", "dalla 5 alla 12", "the second" of one: a reference
    past the end is answered, never clamped to the last photo or dropped from a range.
    """
    wanted = [pos for _, pos in ordinals(text)]
    wanted += [end for _, first, last in ranges(text) for end in (first, last)]
    for pos in wanted:
        if pos == 0 or pos > count or -pos > count:
            return pos
    return None

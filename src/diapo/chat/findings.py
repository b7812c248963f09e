"""What the photos' analysis found, said after a slideshow is made: never drop silently.

The builder leaves exact duplicates out, and of a burst or near-identical shots
keeps the best one; the sentence names what it left out and how to put it back
("rimetti IMG_0002.jpg"). Blurred and badly exposed photos stay in, and the
sentence says how to take them out ("togli le foto mosse").
"""

from __future__ import annotations

from collections.abc import Sequence

from diapo.draft.culling import pick_media
from diapo.draft.media import MediaRef

__all__ = ["findings"]

# (one, many) per language; {n} is the count.
_PARTS: dict[str, dict[str, tuple[str, str]]] = {
    "it": {
        "blurred": ("{n} foto mossa", "{n} foto mosse"),
        "dark": ("{n} foto scura", "{n} foto scure"),
        "bright": ("{n} foto sovraesposta", "{n} foto sovraesposte"),
        "similar": ("{n} gruppo di foto quasi uguali", "{n} gruppi di foto quasi uguali"),
        "duplicate": ("{n} doppione lasciato fuori", "{n} doppioni lasciati fuori"),
        "burst": (
            "{n} scatto quasi uguale a un altro lasciato fuori",
            "{n} scatti quasi uguali ad altri lasciati fuori",
        ),
    },
    "en": {
        "blurred": ("{n} blurry photo", "{n} blurry photos"),
        "dark": ("{n} dark photo", "{n} dark photos"),
        "bright": ("{n} overexposed photo", "{n} overexposed photos"),
        "similar": ("{n} group of near-identical shots", "{n} groups of near-identical shots"),
        "duplicate": ("{n} duplicate left out", "{n} duplicates left out"),
        "burst": (
            "{n} near-identical shot left out",
            "{n} near-identical shots left out",
        ),
    },
    "zh": {
        "blurred": ("{n}张模糊的照片", "{n}张模糊的照片"),
        "dark": ("{n}张偏暗的照片", "{n}张偏暗的照片"),
        "bright": ("{n}张过曝的照片", "{n}张过曝的照片"),
        "similar": ("{n}组几乎相同的照片", "{n}组几乎相同的照片"),
        "duplicate": ("{n}张重复的照片（已略去）", "{n}张重复的照片（已略去）"),
        "burst": ("{n}张几乎相同的连拍（已略去）", "{n}张几乎相同的连拍（已略去）"),
    },
}
_FOUND = {"it": "Ho trovato: {parts}.", "en": "Found: {parts}.", "zh": "发现：{parts}。"}
_SEP = {"it": ", ", "en": ", ", "zh": "，"}
_HINTS = {
    "blurred": {
        "it": "«togli le foto mosse»",
        "en": "“remove the blurry photos”",
        "zh": "“去掉模糊的照片”",
    },
    "similar": {"it": "«togli i doppioni»", "en": "“remove duplicates”", "zh": "“去掉重复的”"},
}
_HINT = {
    "it": "Per toglierle: {hints}.",
    "en": "To take them out: {hints}.",
    "zh": "可以说{hints}。",
}
_OR = {"it": " o ", "en": " or ", "zh": "或"}
# How to put a left-out photo back: the chat's own restore words (RestorePhoto).
_BACK = {
    "it": "Per rimetterne una: «rimetti {name}».",
    "en": "To put one back: “put back {name}”.",
    "zh": "想放回的话，可以说“恢复 {name}”。",
}
_NAMED = 3


def findings(lang: str, media: Sequence[MediaRef]) -> str:
    """One or two sentences on what culling sees in `media` (the photos just built from).

    '' when nothing was found, or when the photos were never analysed.
    """
    lang = lang if lang in _PARTS else "en"
    culled = pick_media(media)
    issues = culled.issues
    left = {i for i, _ in culled.left_out}
    names = {m.id: m.name or m.id for m in media}
    found: dict[str, list[str]] = {
        "blurred": [i for i in issues.blurred if i not in left],
        "dark": list(issues.dark),
        "bright": list(issues.bright),
        "similar": [g[0] for g in issues.similar if not any(i in left for i in g)],
        "duplicate": [i for i, why in culled.left_out if why == "duplicate"],
        "burst": [i for i, why in culled.left_out if why == "burst"],
    }
    counts = {key: len(ids) for key, ids in found.items()}
    parts = []
    for key, ids in found.items():
        if not ids:
            continue
        part = _PARTS[lang][key][0 if len(ids) == 1 else 1].format(n=len(ids))
        if key != "similar" and len(ids) <= _NAMED:
            # A few are named, so the person knows which ones; many are only counted.
            listed = _SEP[lang].join(names[i] for i in ids)
            part += f"（{listed}）" if lang == "zh" else f" ({listed})"
        parts.append(part)
    if not parts:
        return ""
    text = _FOUND[lang].format(parts=_SEP[lang].join(parts))
    hints = [_HINTS[key][lang] for key in ("blurred", "similar") if counts[key]]
    if hints:
        text += " " + _HINT[lang].format(hints=_OR[lang].join(hints))
    if found["burst"]:
        text += " " + _BACK[lang].format(name=names[found["burst"][0]])
    return text

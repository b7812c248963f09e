"""Culling: blurred, dark, overexposed, duplicate and burst photos, found from MediaRef fields.

Nothing here drops a photo silently: `find_issues` reports what it sees, and
`pick_media` returns the photos left out together with the reason for each, for the
caller to tell the user (and how to put them back). By default an exact duplicate
loses to the file with the original name, and a burst or a set of near-identical
shots keeps its best one (a sharp shot always before a blurred one): three
near-identical shots were playing for 8.6 s. The measures themselves come from
`diapo.media.quality`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Literal

from diapo.draft.media import MediaRef
from diapo.errors import InvalidDraftError

__all__ = [
    "BLUR_SHARPNESS",
    "BURST_BITS",
    "BURST_SECONDS",
    "NEAR_DUPLICATE_BITS",
    "CullReason",
    "Culled",
    "Issues",
    "copy_rank",
    "find_issues",
    "hash_distance",
    "pick_media",
    "quality_score",
]

# `media.quality.sharpness_of`: nine scikit-image photos enlarged 4x score 1229 to
# 29433; blurred by a 1.5 px Gaussian at the 512 px where it is judged, 49 to 583.
BLUR_SHARPNESS = 600.0
# Of the 256 bits of the difference hash: re-encoded or resized copies differ by a few
# bits, unrelated photos by about 128.
NEAR_DUPLICATE_BITS = 24
# Shots of a burst differ more (the subject moves) but are taken within seconds.
BURST_BITS = 80
BURST_SECONDS = 5.0

CullReason = Literal["duplicate", "near-duplicate", "burst", "blurred", "dark", "bright", "best"]


def hash_distance(a: str, b: str) -> int:
    """How many bits of two difference hashes differ (256 when they cannot be compared)."""
    if len(a) != len(b):
        return 256
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True, slots=True)
class Issues:
    """What culling found among photos, by media id.

    `duplicates` maps each exact duplicate to the earlier photo it repeats;
    `similar` lists groups of near-duplicates and burst shots (first one first).
    """

    blurred: tuple[str, ...] = ()
    dark: tuple[str, ...] = ()
    bright: tuple[str, ...] = ()
    duplicates: dict[str, str] = field(default_factory=dict)
    similar: tuple[tuple[str, ...], ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.blurred or self.dark or self.bright or self.duplicates or self.similar)

    def to_dict(self) -> dict[str, object]:
        return {
            "blurred": list(self.blurred),
            "dark": list(self.dark),
            "bright": list(self.bright),
            "duplicates": dict(self.duplicates),
            "similar": [list(g) for g in self.similar],
        }


# What phones, Finder, Explorer and Google Photos add to a copy's name: "IMG_0003 copia",
# "IMG_0003 - Copy", "Copia di IMG_0003", "IMG_0003 (1)", "IMG_0003 2", "IMG_0003-1".
_COPY_MARKS = (
    re.compile(
        r"(?i)(?:^|[\s_.-])(?:copia|copy|kopie|copie|copia di|copy of)(?:[\s_.-]*\(?\d+\)?)?$"
    ),
    re.compile(r"(?i)^(?:copia di|copy of|kopie von|copie de)\s"),
    re.compile(r"\s*\(\d+\)$"),
    re.compile(r"\s\d{1,2}$"),
    re.compile(r"(?<=\d)-\d{1,2}$"),
)


def copy_rank(name: str) -> int:
    """0 for a name that looks original, 1 for one a copy was given ("IMG_0003 copia.jpg")."""
    stem = PurePath(name).stem.strip()
    return int(any(mark.search(stem) for mark in _COPY_MARKS))


def _photos(media: Sequence[MediaRef]) -> list[MediaRef]:
    return [m for m in media if m.kind == "photo"]


def _same_photo(a: MediaRef, b: MediaRef) -> bool:
    if a.phash is None or b.phash is None or hash_distance(a.phash, b.phash) != 0:
        return False
    # Every bit equal and the same shape: the same picture, whatever the file size.
    if a.width and b.width and a.height and b.height:
        return abs(a.width / a.height - b.width / b.height) < 0.01
    return True


def _similar(a: MediaRef, b: MediaRef) -> bool:
    if a.phash is None or b.phash is None:
        return False
    bits = hash_distance(a.phash, b.phash)
    if bits <= NEAR_DUPLICATE_BITS:
        return True
    if a.taken_at is None or b.taken_at is None or bits > BURST_BITS:
        return False
    try:
        gap = abs((a.taken_at - b.taken_at).total_seconds())
    except TypeError:  # one date knows its time zone, the other does not
        return False
    return gap <= BURST_SECONDS


def find_issues(media: Sequence[MediaRef]) -> Issues:
    """Blurred, badly exposed, duplicate and near-duplicate or burst photos among `media`.

    Of exact duplicates the one with the original name is the original, whatever
    the order: "IMG_0003.jpg" over "IMG_0003 copia.jpg"; among equals, the first.
    """
    photos = _photos(media)
    originals: list[MediaRef] = []
    copies: dict[str, list[MediaRef]] = {}
    for m in photos:
        first = next((o for o in originals if _same_photo(o, m)), None)
        if first is None:
            originals.append(m)
            copies[m.id] = []
        elif first.id == m.id:
            continue
        elif copy_rank(m.name or m.id) < copy_rank(first.name or first.id):
            # This one has the original name: it takes the place of the copy seen first.
            originals[originals.index(first)] = m
            copies[m.id] = [first, *copies.pop(first.id)]
        else:
            copies[first.id].append(m)
    duplicates = {c.id: o for o, cs in copies.items() for c in cs}
    # Group near-duplicates and bursts: a photo joins the group of any similar photo.
    groups: list[list[MediaRef]] = []
    for m in originals:
        home = next((g for g in groups if any(_similar(o, m) for o in g)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return Issues(
        blurred=tuple(m.id for m in originals if _blurred(m)),
        dark=tuple(m.id for m in originals if m.exposure == "dark"),
        bright=tuple(m.id for m in originals if m.exposure == "bright"),
        duplicates=duplicates,
        similar=tuple(tuple(m.id for m in g) for g in groups if len(g) > 1),
    )


def _blurred(m: MediaRef) -> bool:
    return m.sharpness is not None and m.sharpness < BLUR_SHARPNESS


def _rank(m: MediaRef) -> tuple[bool, float]:
    """How a photo ranks among similar ones: a sharp one first, then by `quality_score`."""
    return (not _blurred(m), quality_score(m))


def quality_score(m: MediaRef) -> float:
    """How good a photo looks, for choosing the best ones: sharp, well exposed, with faces."""
    score = 0.0
    if m.sharpness is not None:
        # Sharpness matters until the photo is clearly in focus, then barely.
        score += min(m.sharpness, 4 * BLUR_SHARPNESS) / BLUR_SHARPNESS
    if m.exposure in ("dark", "bright"):
        score -= 2.0
    if m.faces:
        score += 1.0
    return score


@dataclass(frozen=True, slots=True)
class Culled:
    """The media kept (in their order) and, for each photo left out, why."""

    kept: tuple[MediaRef, ...]
    left_out: tuple[tuple[str, CullReason], ...] = ()
    issues: Issues = field(default_factory=Issues)

    def message(self) -> str:
        """One line for people, or '' when nothing was left out."""
        if not self.left_out:
            return ""
        names = {
            "duplicate": "exact duplicates",
            "burst": "burst or near-identical shots",
            "blurred": "blurred",
            "best": "not among the best",
        }
        counts: dict[str, int] = {}
        for _, reason in self.left_out:
            label = names.get(reason, reason)
            counts[label] = counts.get(label, 0) + 1
        parts = ", ".join(f"{n} {label}" for label, n in counts.items())
        return f"Left out {len(self.left_out)} photo(s): {parts}."


def pick_media(
    media: Sequence[MediaRef],
    *,
    keep_duplicates: bool = False,
    keep_bursts: bool = False,
    drop_blurred: bool = False,
    best: int | None = None,
) -> Culled:
    """The media to build from, and the photos left out with the reason for each.

    Exact duplicates go unless `keep_duplicates`; of each burst or set of
    near-identical shots only the best stays unless `keep_bursts` (a sharp one is
    always preferred, so a blurred shot with a sharp twin goes, and a blurred photo
    without one stays: `issues.blurred` flags it); blurred photos go on request;
    `best` keeps only that many photos: first the best of each place and day (so
    no chapter of the story disappears), then of each burst, then by `quality_score`.
    """
    if best is not None and best < 1:
        raise InvalidDraftError(
            f"Keep at least one photo (asked for the best {best}).",
            [{"loc": "best", "msg": "must be at least 1"}],
        )
    issues = find_issues(media)
    by_id = {m.id: m for m in _photos(media)}
    out: dict[str, CullReason] = {}
    if not keep_duplicates:
        out.update(dict.fromkeys(issues.duplicates, "duplicate"))
    if not keep_bursts:
        for group in issues.similar:
            top = max((by_id[i] for i in group), key=_rank)
            out.update({i: "burst" for i in group if i != top.id and i not in out})
    if drop_blurred:
        out.update({i: "blurred" for i in issues.blurred if i not in out})
    photos = [m for m in _photos(media) if m.id not in out]
    if best is not None and len(photos) > best:
        keep = _best(photos, issues, best)
        out.update({m.id: "best" for m in photos if m.id not in keep})
    kept = tuple(m for m in media if not (m.kind == "photo" and m.id in out))
    return Culled(kept=kept, left_out=tuple(out.items()), issues=issues)


def _chapter(m: MediaRef) -> tuple[str, date | None] | None:
    """The place and day a photo belongs to, as the story's chapters see them."""
    town = m.place.name if m.place is not None else ""
    day = m.taken_at.date() if m.taken_at is not None else None
    return (town, day) if town or day else None


def _best(photos: list[MediaRef], issues: Issues, count: int) -> set[str]:
    """The ids of the `count` photos to keep: one per chapter, one per burst, then the best."""
    group_of = {i: n for n, g in enumerate(issues.similar) for i in g}
    ranked = sorted(photos, key=_rank, reverse=True)
    chosen: list[str] = []
    chapters: set[tuple[str, date | None]] = set()
    for m in ranked:
        chapter = _chapter(m)
        if chapter is not None and chapter not in chapters:
            chapters.add(chapter)
            chosen.append(m.id)
    seen = {group_of[i] for i in chosen if i in group_of}
    for m in ranked:
        g = group_of.get(m.id)
        if m.id not in chosen and (g is None or g not in seen):
            chosen.append(m.id)
            if g is not None:
                seen.add(g)
    chosen += [m.id for m in ranked if m.id not in chosen]
    return set(chosen[:count])

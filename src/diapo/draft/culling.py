"""Culling: blurred, dark, overexposed, duplicate and burst photos, found from MediaRef fields.

Nothing here drops a photo silently: `find_issues` reports what it sees, and
`pick_media` returns the photos left out together with the reason for each, for the
caller to tell the user. The measures themselves come from `diapo.media.quality`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
    """Blurred, badly exposed, duplicate and near-duplicate or burst photos among `media`."""
    photos = _photos(media)
    duplicates: dict[str, str] = {}
    originals: list[MediaRef] = []
    for m in photos:
        first = next((o for o in originals if _same_photo(o, m)), None)
        if first is None:
            originals.append(m)
        elif first.id != m.id:
            duplicates.setdefault(m.id, first.id)
    # Group near-duplicates and bursts: a photo joins the group of any similar photo.
    groups: list[list[MediaRef]] = []
    for m in originals:
        home = next((g for g in groups if any(_similar(o, m) for o in g)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    return Issues(
        blurred=tuple(
            m.id for m in originals if m.sharpness is not None and m.sharpness < BLUR_SHARPNESS
        ),
        dark=tuple(m.id for m in originals if m.exposure == "dark"),
        bright=tuple(m.id for m in originals if m.exposure == "bright"),
        duplicates=duplicates,
        similar=tuple(tuple(m.id for m in g) for g in groups if len(g) > 1),
    )


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
    drop_blurred: bool = False,
    best: int | None = None,
) -> Culled:
    """The media to build from: exact duplicates out unless kept; blurred ones out on request;
    `best` keeps only that many photos, one per burst first, chosen by `quality_score`.
    """
    if best is not None and best < 1:
        raise InvalidDraftError(
            f"Keep at least one photo (asked for the best {best}).",
            [{"loc": "best", "msg": "must be at least 1"}],
        )
    issues = find_issues(media)
    out: dict[str, CullReason] = {}
    if not keep_duplicates:
        out.update(dict.fromkeys(issues.duplicates, "duplicate"))
    if drop_blurred:
        out.update({i: "blurred" for i in issues.blurred if i not in out})
    photos = [m for m in _photos(media) if m.id not in out]
    if best is not None and len(photos) > best:
        group_of = {i: n for n, g in enumerate(issues.similar) for i in g}
        ranked = sorted(photos, key=quality_score, reverse=True)
        chosen: list[str] = []
        seen: set[int] = set()
        # First the best of each burst or near-duplicate group, then the others.
        for m in ranked:
            g = group_of.get(m.id)
            if g is None or g not in seen:
                chosen.append(m.id)
                if g is not None:
                    seen.add(g)
        chosen += [m.id for m in ranked if m.id not in chosen]
        keep = set(chosen[:best])
        out.update({m.id: "best" for m in photos if m.id not in keep})
    kept = tuple(m for m in media if not (m.kind == "photo" and m.id in out))
    return Culled(kept=kept, left_out=tuple(out.items()), issues=issues)

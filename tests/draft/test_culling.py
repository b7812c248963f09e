"""Culling: duplicates, bursts, blurred and badly exposed photos are found and reported."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from diapo.draft import MediaRef, build_slideshow
from diapo.draft.culling import BLUR_SHARPNESS, find_issues, hash_distance, pick_media
from diapo.draft.media import Subject
from diapo.errors import InvalidDraftError

T0 = datetime(2024, 8, 3, 10, 0, 0)


def _hash(seed: int, flips: int = 0) -> str:
    """A 256-bit hash made from `seed`, with its first `flips` bits flipped."""
    import random

    value = random.Random(seed).getrandbits(256) ^ ((1 << flips) - 1)
    return f"{value:064x}"


def _photo(
    name: str, h: str, *, sharp: float = 5000, exposure: str = "ok", at: datetime | None = None
) -> MediaRef:
    return MediaRef(
        name, "photo", 4032, 3024, name=name, taken_at=at, sharpness=sharp,
        exposure=exposure, phash=h,  # type: ignore[arg-type]
    )  # fmt: skip


def test_hash_distance_counts_differing_bits() -> None:
    assert hash_distance(_hash(1), _hash(1)) == 0
    assert hash_distance(_hash(1), _hash(1, flips=5)) == 5
    assert hash_distance(_hash(1), "ab") == 256


def test_exact_duplicates_are_left_out_by_default_and_said() -> None:
    media = [_photo("a.jpg", _hash(1)), _photo("b.jpg", _hash(2)), _photo("a copy.jpg", _hash(1))]
    picked = pick_media(media)
    assert [m.id for m in picked.kept] == ["a.jpg", "b.jpg"]
    assert picked.left_out == (("a copy.jpg", "duplicate"),)
    assert "1 exact duplicates" in picked.message()
    assert picked.issues.duplicates == {"a copy.jpg": "a.jpg"}
    draft = build_slideshow(media, music=None)
    assert [s.m.src for s in draft.t[0].sg] == ["a.jpg", "b.jpg"]  # type: ignore[union-attr]
    kept = build_slideshow(media, music=None, keep_duplicates=True)
    assert len(kept.t[0].sg) == 3


def test_bursts_and_near_duplicates_are_grouped_but_kept() -> None:
    burst = [
        _photo(f"b{i}.jpg", _hash(7, flips=10 * i), at=T0 + timedelta(seconds=i)) for i in range(5)
    ]
    far_in_time = _photo("later.jpg", _hash(7, flips=90), at=T0 + timedelta(hours=2))
    resized = _photo("small.jpg", _hash(9, flips=3))
    media = [*burst, far_in_time, _photo("x.jpg", _hash(9)), resized]
    issues = find_issues(media)
    assert set(issues.similar) == {tuple(m.id for m in burst), ("x.jpg", "small.jpg")}
    assert len(pick_media(media).kept) == len(media)  # nothing left out silently


def test_blurred_dark_and_bright_photos_are_reported_and_dropped_on_request() -> None:
    media = [
        _photo("ok.jpg", _hash(1)),
        _photo("shaken.jpg", _hash(2), sharp=BLUR_SHARPNESS / 3),
        _photo("night.jpg", _hash(3), exposure="dark"),
        _photo("snow.jpg", _hash(4), exposure="bright"),
    ]
    issues = find_issues(media)
    assert (issues.blurred, issues.dark, issues.bright) == (
        ("shaken.jpg",),
        ("night.jpg",),
        ("snow.jpg",),
    )
    assert len(pick_media(media).kept) == 4
    picked = pick_media(media, drop_blurred=True)
    assert [m.id for m in picked.kept] == ["ok.jpg", "night.jpg", "snow.jpg"]
    assert picked.left_out == (("shaken.jpg", "blurred"),)


def test_best_keeps_one_per_burst_first_then_the_sharpest() -> None:
    burst = [
        _photo(
            f"b{i}.jpg", _hash(5, flips=8 * i), sharp=1000 + 250 * i, at=T0 + timedelta(seconds=i)
        )
        for i in range(5)
    ]
    others = [
        _photo("blurry.jpg", _hash(11), sharp=200),
        _photo("dark.jpg", _hash(12), exposure="dark"),
        MediaRef(
            "face.jpg",
            "photo",
            4032,
            3024,
            sharpness=2000,
            exposure="ok",
            phash=_hash(13),
            subjects=(Subject(0.4, 0.2, 0.1, 0.1),),
        ),
    ]
    picked = pick_media([*burst, *others], best=3)
    assert {m.id for m in picked.kept} == {"b4.jpg", "face.jpg", "dark.jpg"}
    assert dict(picked.left_out)["b0.jpg"] == "best"
    assert len(picked.left_out) == 5


def test_best_must_keep_at_least_one() -> None:
    with pytest.raises(InvalidDraftError, match="at least one"):
        pick_media([_photo("a.jpg", _hash(1))], best=0)


def test_photos_without_analysis_are_never_flagged() -> None:
    media = [MediaRef("a", "photo", 10, 10), MediaRef("b", "photo", 10, 10)]
    assert not find_issues(media).any
    assert len(pick_media(media, drop_blurred=True, best=5).kept) == 2

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


def test_a_burst_keeps_its_best_shot_and_says_which_it_left_out() -> None:
    burst = [
        _photo(
            f"b{i}.jpg",
            _hash(7, flips=10 * i),
            sharp=1000 + 500 * (i == 2),
            at=T0 + timedelta(seconds=i),
        )
        for i in range(5)
    ]
    far_in_time = _photo("later.jpg", _hash(7, flips=90), at=T0 + timedelta(hours=2))
    resized = _photo("small.jpg", _hash(9, flips=3))
    media = [*burst, far_in_time, _photo("x.jpg", _hash(9)), resized]
    issues = find_issues(media)
    assert set(issues.similar) == {tuple(m.id for m in burst), ("x.jpg", "small.jpg")}
    picked = pick_media(media)
    assert [m.id for m in picked.kept] == ["b2.jpg", "later.jpg", "x.jpg"]
    assert dict(picked.left_out) == {
        "b0.jpg": "burst", "b1.jpg": "burst", "b3.jpg": "burst", "b4.jpg": "burst",
        "small.jpg": "burst",
    }  # fmt: skip
    assert "5 burst or near-identical shots" in picked.message()
    draft = build_slideshow(burst, music=None)
    assert [s.m.src for s in draft.t[0].sg] == ["b2.jpg"]  # type: ignore[union-attr]
    # Asked for, every shot stays.
    assert len(pick_media(media, keep_bursts=True).kept) == len(media)
    assert len(build_slideshow(burst, music=None, keep_bursts=True).t[0].sg) == 5


def test_a_blurred_shot_goes_when_a_sharp_twin_exists_and_stays_flagged_otherwise() -> None:
    face = (Subject(0.4, 0.2, 0.1, 0.1),)
    blurred_twin = MediaRef(
        "shaken.jpg", "photo", 4032, 3024, sharpness=BLUR_SHARPNESS / 2, exposure="ok",
        phash=_hash(3, flips=4), subjects=face,
    )  # fmt: skip
    sharp = _photo("sharp.jpg", _hash(3), sharp=BLUR_SHARPNESS * 1.2)
    alone = _photo("alone.jpg", _hash(4), sharp=BLUR_SHARPNESS / 3)
    picked = pick_media([blurred_twin, sharp, alone])
    # The blurred one has a face (which scores) but a sharp shot of the same moment wins.
    assert [m.id for m in picked.kept] == ["sharp.jpg", "alone.jpg"]
    assert picked.left_out == (("shaken.jpg", "burst"),)
    assert "alone.jpg" in picked.issues.blurred


@pytest.mark.parametrize(
    "copy",
    ["IMG_0003 copia.jpg", "IMG_0003 copy.jpg", "IMG_0003 (1).jpg", "IMG_0003 2.jpg",
     "Copia di IMG_0003.jpg", "IMG_0003 - Copy.jpg"],
)  # fmt: skip
def test_of_duplicates_the_original_name_is_kept(copy: str) -> None:
    media = [_photo(copy, _hash(1)), _photo("IMG_0003.jpg", _hash(1)), _photo("b.jpg", _hash(2))]
    picked = pick_media(media)
    assert [m.id for m in picked.kept] == ["IMG_0003.jpg", "b.jpg"]
    assert picked.left_out == ((copy, "duplicate"),)
    assert picked.issues.duplicates == {copy: "IMG_0003.jpg"}


def test_best_keeps_a_photo_of_every_place_and_day() -> None:
    from diapo.draft.media import Place

    rimini, forli = Place("Rimini", "Emilia-Romagna", "IT"), Place("Forlì", "Emilia-Romagna", "IT")
    media = [
        MediaRef(
            f"r{i}.jpg", "photo", 4032, 3024, name=f"r{i}.jpg", sharpness=3000 + i,
            exposure="ok", phash=_hash(20 + i), taken_at=T0, place=rimini,
        )
        for i in range(8)
    ] + [
        MediaRef(
            f"f{i}.jpg", "photo", 4032, 3024, name=f"f{i}.jpg", sharpness=sharp,
            exposure="ok", phash=_hash(40 + i), taken_at=T0 + timedelta(days=1), place=forli,
        )
        for i, sharp in enumerate((BLUR_SHARPNESS / 2, BLUR_SHARPNESS * 1.5))
    ]  # fmt: skip
    picked = pick_media(media, best=6)
    kept = [m.id for m in picked.kept]
    assert len(kept) == 6
    assert "f1.jpg" in kept  # Forlì's sharp photo: the chapter stays
    assert "f0.jpg" not in kept


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
    assert dict(picked.left_out)["b0.jpg"] == "burst"
    assert dict(picked.left_out)["blurry.jpg"] == "best"
    assert len(picked.left_out) == 5
    # With every burst shot kept, the burst still gives only one of the best three.
    kept = pick_media([*burst, *others], best=3, keep_bursts=True)
    assert {m.id for m in kept.kept} == {"b4.jpg", "face.jpg", "dark.jpg"}


def test_best_must_keep_at_least_one() -> None:
    with pytest.raises(InvalidDraftError, match="at least one"):
        pick_media([_photo("a.jpg", _hash(1))], best=0)


def test_photos_without_analysis_are_never_flagged() -> None:
    media = [MediaRef("a", "photo", 10, 10), MediaRef("b", "photo", 10, 10)]
    assert not find_issues(media).any
    assert len(pick_media(media, drop_blurred=True, best=5).kept) == 2

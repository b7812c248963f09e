"""Culling and beat sync as edits, from the analysis MediaRef carries; fits re-chosen on aspect."""

from __future__ import annotations

from datetime import datetime

import pytest

from diapo.draft import Draft, MediaRef, build_slideshow
from diapo.draft.beats import beat_grid, sync_to_beats
from diapo.draft.media import Subject, analysis_fields
from diapo.draft.model import AudioTrack
from diapo.draft.ops import (
    KeepBest,
    MakeSlideshow,
    RemoveBlurred,
    RemoveDuplicates,
    RestorePhoto,
    SetAspect,
    SetBeatSync,
    SetDuration,
    SetMusic,
)
from diapo.errors import InvalidDraftError

_A = "0" * 64
_B = "f" * 64
_C = "0f" * 32
_D = "f0" * 32


def _photo(i: str, sharpness: float, phash: str, **kw: object) -> MediaRef:
    return MediaRef(i, "photo", 4000, 3000, name=f"{i}.jpg", sharpness=sharpness, phash=phash, **kw)  # type: ignore[arg-type]


NEAR_B = "f" * 63 + "e"  # one bit from _B: the same scene shot twice
MEDIA = (
    _photo("sharp", 3000, _A),
    _photo("soft", 150, _B),
    _photo("twin", 2000, NEAR_B),
    _photo("face", 2500, _C, subjects=(Subject(0.4, 0.3, 0.1, 0.15),)),
    _photo("dark", 2400, _D, exposure="dark"),
    MediaRef("song", "audio", duration_ms=60_000, name="song.mp3", bpm=100.0, beat_at=120),
)


def _srcs(draft: Draft) -> list[str]:
    assert draft.main_video is not None
    return [s.m.src for s in draft.main_video.sg]


@pytest.fixture
def draft() -> Draft:
    made = MakeSlideshow().apply(None, MEDIA)
    # The builder leaves the blurred twin out; the person put it back.
    assert _srcs(made) == ["sharp", "twin", "face", "dark"]
    return RestorePhoto(media_id="soft").apply(made, MEDIA)


def test_remove_blurred_takes_out_only_the_blurred_photo(draft: Draft) -> None:
    assert _srcs(RemoveBlurred().apply(draft, MEDIA)) == ["sharp", "twin", "face", "dark"]


def test_remove_duplicates_keeps_the_best_of_each_near_identical_group(draft: Draft) -> None:
    # "soft" and "twin" are one scene: the sharp one stays.
    assert _srcs(RemoveDuplicates().apply(draft, MEDIA)) == ["sharp", "twin", "face", "dark"]
    with pytest.raises(InvalidDraftError, match="no duplicates"):
        RemoveDuplicates().apply(RemoveDuplicates().apply(draft, MEDIA), MEDIA)


def test_keep_best_ranks_like_the_builder(draft: Draft) -> None:
    # One per group first (twin over soft), then sharpness, exposure and faces.
    assert _srcs(KeepBest(count=3).apply(draft, MEDIA)) == ["sharp", "twin", "face"]
    with pytest.raises(InvalidDraftError, match="has 5 photos"):
        KeepBest(count=5).apply(draft, MEDIA)


def test_culling_without_analysis_says_so() -> None:
    plain = tuple(MediaRef(f"p{i}", "photo", 800, 600) for i in range(3))
    d = MakeSlideshow().apply(None, plain)
    with pytest.raises(InvalidDraftError, match="not analysed"):
        RemoveBlurred().apply(d, plain)


def test_an_uploaded_songs_tempo_goes_on_its_segment_and_the_cuts_follow(draft: Draft) -> None:
    music = next(t for t in draft.t if isinstance(t, AudioTrack)).sg[0].m
    assert (music.src, music.bpm, music.beat_at, music.beat_sync) == ("song", 100.0, 120, True)
    assert sync_to_beats(draft) == draft
    # A built-in style drops the song's tempo; the song again brings it back.
    festa = SetMusic(music="festa").apply(draft, MEDIA)
    assert next(t for t in festa.t if isinstance(t, AudioTrack)).sg[0].m.bpm is None
    again = SetMusic(music="song").apply(festa, MEDIA)
    assert next(t for t in again.t if isinstance(t, AudioTrack)).sg[0].m.bpm == 100.0
    # An off-beat duration is laid back on the grid while beat sync is on.
    edited = SetDuration(index=2, seconds=3.33).apply(draft, MEDIA)
    grid = beat_grid(edited)
    assert grid is not None and sync_to_beats(edited) == edited
    off = SetBeatSync(on=False).apply(draft, MEDIA)
    assert SetDuration(index=2, seconds=3.33).apply(off, MEDIA).main_video.sg[1].d == 3330  # type: ignore[union-attr]


def test_beat_sync_needs_a_song_with_a_beat() -> None:
    media = (*MEDIA[:2], MediaRef("hum", "audio", duration_ms=30_000))
    d = MakeSlideshow().apply(None, media)
    with pytest.raises(InvalidDraftError, match="No clear beat"):
        SetBeatSync(on=True).apply(d, media)


def test_stored_tempo_reads_back_as_media_fields() -> None:
    assert analysis_fields({"bpm": 121.5, "first_beat_ms": 40}) == {"bpm": 121.5, "beat_at": 40}


def test_aspect_change_chooses_each_photos_fit_again() -> None:
    # A group spread across a landscape photo: whole in 16:9 cover, cut in 9:16 cover.
    group = MediaRef(
        "group",
        "photo",
        4000,
        3000,
        subjects=(Subject(0.05, 0.3, 0.12, 0.16), Subject(0.83, 0.3, 0.12, 0.16)),
        taken_at=datetime(2024, 1, 1),
    )
    d = build_slideshow([group, MediaRef("plain", "photo", 4000, 3000)], music=None)
    assert d.main_video is not None and d.main_video.sg[0].m.fit is None
    tall = SetAspect(aspect="9:16").apply(d, [group])
    assert tall.main_video is not None and tall.main_video.sg[0].m.fit == "contain"
    back = SetAspect(aspect="16:9").apply(tall, [group])
    assert back.main_video is not None and back.main_video.sg[0].m.fit is None

"""Beat sync in the draft: cuts on the music's grid, whole bars, the music's own ending."""

from __future__ import annotations

import math

import pytest

from diapo.draft import (
    Draft,
    MediaRef,
    beat_grid,
    build_slideshow,
    draft_json_schema,
    sync_to_beats,
)
from diapo.draft.vocabulary import MUSIC_STYLES, STYLE_TEMPI
from diapo.errors import InvalidDraftError

FRAME_MS = 1000 / 30
PHOTO = MediaRef(id="p", kind="photo", width=4032, height=3024)


def _starts(draft: Draft) -> list[int]:
    """Where each item after the first starts: a cut, or the start of its transition."""
    video = draft.main_video
    assert video is not None
    starts, cursor = [], 0
    for i, seg in enumerate(video.sg):
        overlap = seg.m.tr.d if i and seg.m.tr is not None and seg.m.tr.k != "cut" else 0
        start = cursor - overlap
        if i:
            starts.append(start)
        cursor = start + seg.d
    return starts


def _distance_to_grid(t: float, points: list[float]) -> float:
    return min(abs(t - p) for p in points)


@pytest.mark.parametrize("style", MUSIC_STYLES)
@pytest.mark.parametrize("seconds", [3.5, 1.2, 0.5])
def test_every_cut_and_transition_starts_on_a_beat(style: str, seconds: float) -> None:
    draft = build_slideshow([PHOTO] * 10, seconds_per_photo=seconds, music=style)
    grid = beat_grid(draft)
    assert grid is not None
    # Photos shorter than 3/4 of a beat are cut on half or quarter beats instead.
    span = 1000 * seconds - min(500, 1000 * seconds // 2)
    quick = span < 0.75 * STYLE_TEMPI[style].beat_ms
    fine = [grid.position(k, 4 * grid.beats_per_bar) for k in range(4 * 4 * len(grid.bars))]
    points = fine if quick else grid.beats()
    for start in _starts(draft):
        assert _distance_to_grid(start, points) < FRAME_MS, (style, seconds, start)


@pytest.mark.parametrize("style", MUSIC_STYLES)
def test_photos_last_whole_bars_when_the_pace_allows(style: str) -> None:
    bar = STYLE_TEMPI[style].bar_ms
    # Three bars between cuts, plus the half-second crossfade each photo shares.
    seconds = round(3 * bar + 500) / 1000
    draft = build_slideshow([PHOTO] * 6, seconds_per_photo=seconds, music=style)
    grid = beat_grid(draft)
    assert grid is not None
    for start in _starts(draft):
        assert _distance_to_grid(start, list(grid.bars)) < FRAME_MS


@pytest.mark.parametrize("style", MUSIC_STYLES)
def test_the_video_ends_with_the_built_in_music_on_a_bar_line(style: str) -> None:
    draft = build_slideshow([PHOTO] * 7, seconds_per_photo=3.5, music=style)
    music = draft.audio_tracks[0].sg[0]
    grid = beat_grid(draft)
    assert grid is not None
    assert music.d == draft.duration_ms() == round(grid.bars[-1])
    # The piece ends with its own final chord: no fade of ours cuts it mid-bar.
    assert music.m.fo == 0 and music.m.beat_sync


def test_sync_is_idempotent_and_the_plan_agrees() -> None:
    for style in MUSIC_STYLES:
        draft = build_slideshow([PHOTO] * 9, seconds_per_photo=2.7, music=style)
        assert sync_to_beats(draft) == draft


def test_an_edited_pace_is_brought_back_to_the_beat() -> None:
    draft = build_slideshow([PHOTO] * 5, seconds_per_photo=3.5, music="cinema")
    video = draft.main_video
    assert video is not None
    edited = [seg.model_copy(update={"d": 2345}) for seg in video.sg]
    off_beat = draft.model_copy(
        update={"t": [video.model_copy(update={"sg": edited}), *draft.t[1:]]}
    )
    synced = sync_to_beats(off_beat)
    grid = beat_grid(synced)
    assert grid is not None
    for start in _starts(synced):
        assert _distance_to_grid(start, grid.beats()) < FRAME_MS
    assert synced.audio_tracks[0].sg[0].d == synced.duration_ms()


def test_without_beat_sync_nothing_moves() -> None:
    draft = build_slideshow([PHOTO] * 4, seconds_per_photo=3.3, music="lounge", beat_sync=False)
    assert draft.duration_ms() == 4 * 3300 - 3 * 500
    assert sync_to_beats(draft) == draft
    assert beat_grid(draft) is None
    assert draft.audio_tracks[0].sg[0].m.beat_sync is False


def test_uploaded_music_uses_its_detected_tempo_and_ends_on_a_phrase() -> None:
    song = MediaRef(id="song", kind="audio", duration_ms=200_000)
    bpm, first = 100.0, 250
    draft = build_slideshow([PHOTO] * 10 + [song], seconds_per_photo=3.5, music_tempo=(bpm, first))
    music = draft.audio_tracks[0].sg[0]
    assert (music.m.src, music.m.bpm, music.m.beat_at) == ("song", bpm, first)
    beat = 60_000 / bpm
    for start in _starts(draft):
        k = (start - first) / beat
        assert abs(k - round(k)) * beat < FRAME_MS
    # The end is a bar line four bars into a phrase, and the song fades over that last bar.
    bars = (draft.duration_ms() - first) / (4 * beat)
    assert abs(bars - round(bars)) * 4 * beat < FRAME_MS
    assert round(bars) % 4 == 0
    assert music.d == draft.duration_ms()
    assert music.m.fo == round(4 * beat)


def test_uploaded_music_without_a_tempo_is_left_alone() -> None:
    song = MediaRef(id="song", kind="audio", duration_ms=200_000)
    draft = build_slideshow([PHOTO] * 3 + [song], seconds_per_photo=3.3)
    assert draft.duration_ms() == 3 * 3300 - 2 * 500


def test_clips_are_never_made_longer_than_they_are() -> None:
    clip = MediaRef(id="c", kind="clip", width=640, height=360, duration_ms=4700, has_audio=True)
    draft = build_slideshow([PHOTO, clip, PHOTO, clip], seconds_per_photo=3.5, music="festa")
    video = draft.main_video
    assert video is not None
    for seg in video.sg:
        if seg.m.kind == "clip":
            assert seg.d <= 4700


def test_beat_fields_are_in_the_schema_and_validated() -> None:
    audio = draft_json_schema()["$defs"]["AudioMeta"]["properties"]
    assert audio["beat_sync"]["type"] == "boolean"
    bpm = next(option for option in audio["bpm"]["anyOf"] if option.get("type") == "number")
    assert bpm["minimum"] == 30 and bpm["maximum"] == 300
    assert "beat_at" in audio
    data = build_slideshow([PHOTO] * 2).to_dict()
    data["t"][1]["sg"][0]["m"]["bpm"] = 900
    with pytest.raises(InvalidDraftError, match="bpm"):
        Draft.parse(data)
    data["t"][1]["sg"][0]["m"]["bpm"] = 128.0
    data["t"][1]["sg"][0]["m"]["beat_sync"] = "sometimes"
    with pytest.raises(InvalidDraftError, match="beat_sync"):
        Draft.parse(data)


def test_transitions_still_fit_after_re_timing() -> None:
    for style in MUSIC_STYLES:
        for seconds in (0.4, 0.7, 1.0):
            draft = build_slideshow([PHOTO] * 6, seconds_per_photo=seconds, music=style)
            Draft.parse(draft.to_dict())  # validates every transition against its neighbours
            assert math.isfinite(draft.duration_ms())


def test_cuts_land_on_the_frame_nearest_the_beat_not_the_next() -> None:
    # 120 bpm with its first beat at 3 ms: every beat falls 0.09 frame after a
    # frame boundary, so the frame nearest it is the one just before.
    song = MediaRef(id="song", kind="audio", duration_ms=200_000)
    draft = build_slideshow([PHOTO] * 8 + [song], seconds_per_photo=2.5, music_tempo=(120.0, 3))
    grid = beat_grid(draft)
    assert grid is not None
    beats = grid.beats()
    assert beats[0] == 3
    starts = _starts(draft)
    assert starts
    for start in starts:
        # A picture shows from the first frame at or after its start.
        frame = math.ceil(start * 30 / 1000)
        beat = min(beats, key=lambda b: abs(b - start))
        assert frame == round(beat * 30 / 1000), (start, beat)
    assert sync_to_beats(draft) == draft


@pytest.mark.parametrize("bpm", [60, 72, 90, 100, 120, 128])
@pytest.mark.parametrize("clip_last", [True, False])
def test_a_clip_slot_never_outlasts_the_clip(bpm: float, clip_last: bool) -> None:
    clip = MediaRef(id="c", kind="clip", width=640, height=360, duration_ms=4000, has_audio=True)
    song = MediaRef(id="s", kind="audio", duration_ms=200_000)
    photos = [PHOTO] * 5
    media = [*photos, clip] if clip_last else [*photos[:3], clip, *photos[3:]]
    draft = build_slideshow([*media, song], music_tempo=(bpm, 3))
    video = draft.main_video
    assert video is not None
    (slot,) = [s.d for s in video.sg if s.m.kind == "clip"]
    assert slot <= 4000  # its last frame is never held after its sound has stopped
    assert beat_grid(draft) is not None

"""The default slideshow builder and the one-screen summary."""

from __future__ import annotations

import itertools

import pytest

from diapo.draft import (
    AudioTrack,
    MediaRef,
    TextTrack,
    VideoTrack,
    build_slideshow,
    describe,
    ken_burns_for,
)
from diapo.errors import InvalidDraftError


def _media() -> list[MediaRef]:
    out = [
        MediaRef(id=f"p{i}", kind="photo", width=4032, height=3024, name=f"p{i}.jpg")
        for i in range(8)
    ]
    out.append(MediaRef(id="tall", kind="photo", width=3024, height=4032, name="tall.jpg"))
    out.append(MediaRef(id="c", kind="clip", width=1280, height=720, duration_ms=4200))
    return out


def test_default_slideshow_has_video_music_and_title() -> None:
    draft = build_slideshow(_media(), title="Estate in Toscana", beat_sync=False)
    video, music, text = draft.t
    assert isinstance(video, VideoTrack) and isinstance(music, AudioTrack)
    assert isinstance(text, TextTrack)
    assert len(video.sg) == 10
    assert music.sg[0].m.src == "music:tarantella"
    assert music.sg[0].d == draft.duration_ms()
    assert text.sg[0].m.text == "Estate in Toscana" and text.sg[0].d == 3000
    clip = video.sg[-1]
    assert clip.m.kind == "clip" and clip.d == 4200 and clip.m.kb is None


def test_ken_burns_directions_vary_between_neighbours() -> None:
    draft = build_slideshow(_media()[:8])
    assert draft.main_video is not None
    kbs = [s.m.kb for s in draft.main_video.sg]
    motions = [(kb.z0, kb.z1, kb.x0, kb.x1, kb.y0, kb.y1) for kb in kbs if kb is not None]
    assert len(motions) == len(kbs)
    assert all(a != b for a, b in itertools.pairwise(motions))
    assert len({(m[0] < m[1], m[2] < m[3]) for m in motions}) >= 3


def test_portrait_photo_on_landscape_canvas_pans_vertically() -> None:
    tall = MediaRef(id="t", kind="photo", width=3024, height=4032)
    kb = ken_burns_for(0, tall, "16:9")
    # As far as a calm speed allows in 3.5 s (the sweep used to run -0.9 to 0.9, 20 px/frame).
    assert abs(kb.y1 - kb.y0) > 0.8 and kb.x0 == kb.x1


def test_ken_burns_off_at_zero_intensity() -> None:
    kb = ken_burns_for(3, None, "16:9", intensity=0)
    assert not kb.on


def test_user_audio_replaces_built_in_music() -> None:
    media = [*_media()[:3], MediaRef(id="song", kind="audio", duration_ms=60_000)]
    draft = build_slideshow(media)
    assert draft.audio_tracks[0].sg[0].m.src == "song"


def test_no_music_when_asked() -> None:
    assert build_slideshow(_media()[:2], music=None).audio_tracks == []


def test_cut_transition_has_no_overlap() -> None:
    draft = build_slideshow(_media()[:3], transition="cut", seconds_per_photo=2, beat_sync=False)
    assert draft.duration_ms() == 6000


def test_empty_media_is_a_clear_error() -> None:
    with pytest.raises(InvalidDraftError, match="at least one photo"):
        build_slideshow([MediaRef(id="a", kind="audio")])


def test_summary_fits_on_one_screen() -> None:
    media = [MediaRef(id=f"p{i}", kind="photo", width=4032, height=3024) for i in range(10)]
    text = describe(build_slideshow(media, title="Estate in Toscana", beat_sync=False))
    assert "Timeline (3 tracks):" in text
    assert "1. Video: 10 photos (0-30.5s, crossfade)" in text
    assert "2. Music: tarantella (0-30.5s, 35%)" in text
    assert '3. Title: "Estate in Toscana" (0-3s)' in text
    assert len(text.splitlines()) <= 25

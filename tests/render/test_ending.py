"""The finished video's seams: how it ends, one sound level for clips and photos, no held frame.

Real renders of photos and a loud phone clip, decoded back with PyAV; loudness
measured with pyloudnorm, as a viewer's player would hear it.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pyloudnorm
import pytest

from diapo.draft import Draft, Ending, MediaRef, build_slideshow, with_resolution
from diapo.media import decode_audio
from diapo.render import render
from diapo.render.plan import make_plan
from diapo.samples.clips import ClipSpec, write_clip

RATE = 48_000
FPS = 30


@pytest.fixture(scope="module")
def loud_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4 s phone clip whose sound is a loud tone (about -9 LUFS, 17 LU over the music)."""
    folder = tmp_path_factory.mktemp("clips")
    return write_clip(folder / "loud.mp4", ClipSpec(seconds=4.0, width=320, height=180))


def _photo(path: Path) -> MediaRef:
    return MediaRef(id=str(path), kind="photo", width=640, height=480, name=path.name)


def _clip(path: Path) -> MediaRef:
    return MediaRef(
        id=str(path), kind="clip", width=320, height=180, duration_ms=4000, has_audio=True
    )


def _slideshow(photos: list[MediaRef], clip: MediaRef, *, clip_last: bool) -> Draft:
    media = [*photos, clip] if clip_last else [*photos[:2], clip, *photos[2:]]
    draft = build_slideshow(media, seconds_per_photo=2.5, music="tarantella", transition="cut")
    return with_resolution(draft, 320)


def _frames_luma(path: Path) -> list[float]:
    with av.open(str(path)) as c:
        return [
            float(np.mean(f.to_ndarray(format="gray"))) for f in c.decode(video=0)
        ]  # fmt: skip


def _stream_seconds(path: Path) -> tuple[float, float]:
    """How long the picture and the sound last, from their decoded frames."""
    with av.open(str(path)) as c:
        video = [f for f in c.decode(video=0)]
        v_end = float(video[-1].time or 0.0) + 1 / FPS
    with av.open(str(path)) as c:
        audio = [f for f in c.decode(audio=0)]
        a_end = float(audio[-1].time or 0.0) + audio[-1].samples / audio[-1].sample_rate
    return v_end, a_end


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def _lufs(x: np.ndarray) -> float:
    return float(pyloudnorm.Meter(RATE).integrated_loudness(x.astype(np.float64)))


@pytest.mark.parametrize("clip_last", [True, False])
def test_picture_and_sound_fade_out_together(
    cards: dict[str, Path], loud_clip: Path, tmp_path: Path, clip_last: bool
) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue", "red", "green")]
    draft = _slideshow(photos, _clip(loud_clip), clip_last=clip_last)
    out = render(draft, tmp_path / "end.mp4").path
    luma = _frames_luma(out)
    # Bright until the last second or so, then darker frame after frame down to black.
    assert min(luma[-60:-36]) > 40
    tail = luma[-30:]
    assert all(b <= a + 1.0 for a, b in itertools.pairwise(tail)), tail
    assert tail[-1] < 4 and tail[15] < 0.7 * luma[-40]
    sound = decode_audio(out, sample_rate=RATE)
    before, last = sound[-2 * RATE : -RATE], sound[-RATE // 2 :]
    assert _rms(last) < 0.5 * _rms(before)
    assert _rms(sound[-RATE // 10 :]) < 0.1 * _rms(before)  # all but silent at the last frame
    v_end, a_end = _stream_seconds(out)
    assert abs(v_end - a_end) <= 1 / FPS + 0.025  # within a frame (and one AAC packet)


def test_a_cut_ending_stops_on_the_picture(
    cards: dict[str, Path], loud_clip: Path, tmp_path: Path
) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue")]
    draft = _slideshow(photos, _clip(loud_clip), clip_last=False)
    draft = draft.model_copy(update={"end": Ending(k="cut")})
    luma = _frames_luma(render(draft, tmp_path / "cut.mp4").path)
    assert luma[-1] > 0.9 * luma[-30] > 20


def test_an_end_card_shows_its_words_on_the_background(cards: dict[str, Path]) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue")]
    draft = build_slideshow(photos, seconds_per_photo=2.5, music=None, transition="cut")
    draft = with_resolution(draft, 320).model_copy(update={"end": Ending(k="card", text="Ciao")})
    plan = make_plan(draft)
    card = [t for t in plan.texts if t.key[0] == "end"]
    assert [t.text for t in card] == ["Ciao"] and card[0].end_ms == plan.duration_ms
    # Half a second before the final fade: the picture is gone, the words are there.
    n = round((plan.duration_ms - plan.fade_ms - 300) * FPS / 1000)
    frame = plan.frame(n)
    assert frame.backdrop == 0.0 and frame.fade == 1.0
    assert any(t.text == "Ciao" and op == 1.0 for t, op in frame.texts)


def test_an_end_card_renders_light_words_on_black(cards: dict[str, Path], tmp_path: Path) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue")]
    draft = build_slideshow(photos, seconds_per_photo=2.5, music=None, transition="cut")
    draft = with_resolution(draft, 320).model_copy(update={"end": Ending(k="card")})
    with av.open(str(render(draft, tmp_path / "card.mp4").path)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    shown = frames[-40]  # after the picture faded, before the sound and words do
    grey = shown.mean(axis=2)
    assert np.median(grey) < 8  # the background
    assert grey.max() > 200  # the words, white
    assert shown[..., 0].mean() < 20  # the red photo is gone


def test_clip_sound_sits_at_the_level_of_the_music(
    cards: dict[str, Path], loud_clip: Path, tmp_path: Path
) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue", "red", "green")]
    draft = _slideshow(photos, _clip(loud_clip), clip_last=False)
    plan = make_plan(draft)
    clip = next(it for it in plan.items if it.seg.m.kind == "clip")
    out = render(draft, tmp_path / "level.mp4").path
    sound = decode_audio(out, sample_rate=RATE)
    lo, hi = (clip.start_ms + 500) * RATE // 1000, (clip.end_ms - 500) * RATE // 1000
    clip_part = sound[lo:hi]
    photo_part = np.concatenate([sound[RATE // 2 : lo - RATE], sound[hi + RATE : -2 * RATE]])
    jump = _lufs(clip_part) - _lufs(photo_part)
    assert abs(jump) <= 3.0, jump
    # Short-term loudness (3 s windows): the clip's middle against every photo-only window.
    mid = (clip.start_ms + clip.end_ms) // 2 * RATE // 1000
    clip_st = _lufs(sound[mid - 3 * RATE // 2 : mid + 3 * RATE // 2])
    photo_st = [
        _lufs(sound[a : a + 3 * RATE])
        for a in range(RATE // 2, len(sound) - 5 * RATE, RATE)
        if a + 3 * RATE < clip.start_ms * RATE // 1000 - RATE // 4
        or a > clip.end_ms * RATE // 1000 + RATE // 4
    ]
    assert len(photo_st) >= 5
    assert all(abs(clip_st - st) <= 3.0 for st in photo_st), (clip_st, photo_st)
    assert _lufs(sound) == pytest.approx(-14.0, abs=1.0)
    meter_peak = 20 * np.log10(np.max(np.abs(sound)))
    assert meter_peak <= -1.0


def test_a_louder_clip_volume_still_applies_on_top(
    cards: dict[str, Path], loud_clip: Path, tmp_path: Path
) -> None:
    photos = [_photo(cards[c]) for c in ("red", "green", "blue", "red")]
    jumps = []
    for vol in (1.0, 2.0):
        draft = _slideshow(photos, _clip(loud_clip), clip_last=False)
        video = draft.main_video
        assert video is not None
        segs = [
            s.model_copy(update={"m": s.m.model_copy(update={"vol": vol})})
            if s.m.kind == "clip"
            else s
            for s in video.sg
        ]
        draft = draft.model_copy(
            update={"t": [video.model_copy(update={"sg": segs}), *draft.t[1:]]}
        )
        clip = next(it for it in make_plan(draft).items if it.seg.m.kind == "clip")
        sound = decode_audio(render(draft, tmp_path / f"v{vol}.mp4").path, sample_rate=RATE)
        lo, hi = (clip.start_ms + 500) * RATE // 1000, (clip.end_ms - 500) * RATE // 1000
        jumps.append(_lufs(sound[lo:hi]) - _lufs(sound[RATE // 2 : lo - RATE]))
    assert jumps[1] - jumps[0] > 4.0  # twice the volume: about 6 dB louder than the music


def test_the_poster_is_never_the_end_card(cards: dict[str, Path]) -> None:
    from diapo.render.stills import poster_frame_index

    photos = [_photo(cards[c]) for c in ("red", "green", "blue")]
    draft = build_slideshow(photos, seconds_per_photo=2.5, music=None, transition="cut")
    plan = make_plan(draft.model_copy(update={"end": Ending(k="card")}))
    assert poster_frame_index(plan) * 1000 / plan.fps < plan.items[0].end_ms


def test_a_clip_ending_the_video_with_a_song_is_never_frozen(
    cards: dict[str, Path], loud_clip: Path, tmp_path: Path
) -> None:
    from diapo.samples.clips import frame_marker_level, write_tone

    song = write_tone(tmp_path / "song.wav", container="wav", codec="pcm_s16le", seconds=60)
    photos = [_photo(cards[c]) for c in ("red", "green", "blue", "red", "green")]
    music = MediaRef(id=str(song), kind="audio", duration_ms=60_000, name="song.wav")
    # At 60 bpm a four-bar phrase is 16 s: the clip was stretched to 17 s to reach one.
    draft = build_slideshow(
        [*photos, _clip(loud_clip), music], seconds_per_photo=2.5, music_tempo=(60, 0)
    )
    draft = with_resolution(draft, 320)
    plan = make_plan(draft)
    clip = plan.items[-1]
    assert clip.seg.m.kind == "clip" and clip.d <= 4000
    out = render(draft, tmp_path / "song.mp4").path
    with av.open(str(out)) as c:
        frames = [f.to_ndarray(format="gray") for f in c.decode(video=0)]
    # The clip's own frame counter (a grey square in its corner) still runs a moment before
    # the fade starts: its picture moves to its end instead of holding its last frame.
    n = len(frames) - round(plan.fade_ms * FPS / 1000) - 3
    markers = [float(np.mean(f[-12:-4, 4:12])) for f in frames[n - 5 : n]]
    assert all(b - a > 1.5 for a, b in itertools.pairwise(markers)), markers
    assert markers[-1] < frame_marker_level(119) + 3  # never past the clip's last frame
    v_end, a_end = _stream_seconds(out)
    assert abs(v_end - a_end) <= 1 / FPS + 0.025

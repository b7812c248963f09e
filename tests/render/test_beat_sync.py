"""Rendered videos cut on the beat, and every output's sound is at -14 LUFS under -1 dBFS."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import pyloudnorm
import pytest
from numpy.typing import NDArray

from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.render import render
from diapo.render.plan import make_plan


def _photo(path: Path) -> MediaRef:
    return MediaRef(id=str(path), kind="photo", width=640, height=480, name=path.name)


def _cards_draft(cards: dict[str, Path], style: str, *, count: int = 6) -> Draft:
    names = ["red", "blue", "green"]
    photos = [_photo(cards[names[i % 3]]) for i in range(count)]
    draft = build_slideshow(
        photos, seconds_per_photo=1.3, transition="cut", music=style, ken_burns=0
    )
    return with_resolution(draft, 160)


def _decode_audio(path: Path) -> tuple[NDArray[np.float64], int]:
    """The file's sound as (n, 2) float samples, through PyAV's own decoder and resampler."""
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48_000)
    parts = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray())
        for out in resampler.resample(None):
            parts.append(out.to_ndarray())
    return np.concatenate(parts, axis=1).T.astype(np.float64), 48_000


def _frame_jumps(path: Path) -> list[int]:
    """Frames that differ sharply from the one before: the cuts a viewer sees."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24").astype(np.int16) for f in container.decode(video=0)]
    diffs = [float(np.abs(b - a).mean()) for a, b in itertools.pairwise(frames)]
    return [i + 1 for i, d in enumerate(diffs) if d > 40]


@pytest.mark.parametrize("style", ["tarantella", "lounge"])
def test_cut_frames_land_on_the_beat_grid(
    cards: dict[str, Path], tmp_path: Path, style: str
) -> None:
    draft = _cards_draft(cards, style)
    plan = make_plan(draft)
    beats = plan.beat_frames()
    assert beats, "the plan knows the music's beats"
    changes = plan.change_frames()
    assert len(changes) == 5
    for frame in changes:
        assert min(abs(frame - b) for b in beats) <= 1, (frame, beats)
    # The decoded video changes picture exactly on those frames.
    out = render(draft, tmp_path / "beat.mp4")
    assert _frame_jumps(out.path) == changes


def test_an_off_beat_draft_is_rendered_on_the_beat(cards: dict[str, Path], tmp_path: Path) -> None:
    draft = _cards_draft(cards, "festa", count=4)
    video = draft.main_video
    assert video is not None
    # An edit (say, a chat turn) set an off-beat length after the draft was made.
    edited = [seg.model_copy(update={"d": 1234}) for seg in video.sg]
    off_beat = draft.model_copy(
        update={"t": [video.model_copy(update={"sg": edited}), *draft.t[1:]]}
    )
    plan = make_plan(off_beat)
    beats = plan.beat_frames()
    for frame in plan.change_frames():
        assert min(abs(frame - b) for b in beats) <= 1
    out = render(off_beat, tmp_path / "edited.mp4")
    assert _frame_jumps(out.path) == plan.change_frames()


@pytest.mark.parametrize("ext", ["mp4", "webm", "mp3", "wav", "m4a"])
def test_every_output_is_at_minus_14_lufs_under_minus_1_dbfs(
    cards: dict[str, Path], tmp_path: Path, ext: str
) -> None:
    draft = _cards_draft(cards, "tarantella")
    out = render(draft, tmp_path / f"loud.{ext}")
    audio, rate = _decode_audio(out.path)
    lufs = pyloudnorm.Meter(rate).integrated_loudness(audio)
    peak_db = 20 * np.log10(np.abs(audio).max())
    assert lufs == pytest.approx(-14.0, abs=1.0)
    assert peak_db <= -1.0


def test_a_silent_video_stays_silent(cards: dict[str, Path], tmp_path: Path) -> None:
    photos = [_photo(cards["red"]), _photo(cards["blue"])]
    draft = with_resolution(build_slideshow(photos, seconds_per_photo=1, music=None), 160)
    out = render(draft, tmp_path / "quiet.wav")
    audio, _ = _decode_audio(out.path)
    assert not np.abs(audio).any()

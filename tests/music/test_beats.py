"""The offline beat detector finds the tempo and the beats of music whose grid we know exactly."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from numpy.typing import NDArray

from diapo.draft.beats import bar_timeline
from diapo.music import STYLE_INFO
from diapo.music.beats import detect_tempo

RATE = 48_000
FRAME_MS = 1000 / 30


def _clicks(bpm: float, first_s: float, seconds: float = 20.0) -> NDArray[np.float64]:
    x = np.zeros(int(seconds * RATE))
    click = np.sin(2 * np.pi * 1000 * np.arange(2000) / RATE) * np.exp(-np.arange(2000) / 300)
    at = first_s
    while at * RATE + len(click) < len(x):
        i = int(at * RATE)
        x[i : i + len(click)] += click
        at += 60 / bpm
    return x


@pytest.mark.parametrize(("bpm", "first_s"), [(120, 0.25), (90, 0.1), (140, 0.4), (76, 0.0)])
def test_click_track_tempo_and_phase_are_exact(bpm: float, first_s: float) -> None:
    tempo = detect_tempo(_clicks(bpm, first_s), RATE)
    assert tempo is not None
    assert tempo.bpm == pytest.approx(bpm, rel=0.002)
    period = 60_000 / bpm
    off = (tempo.first_beat_ms - 1000 * first_s) % period
    assert min(off, period - off) < FRAME_MS


@pytest.mark.parametrize("style", ["mandolino", "lounge", "lofi"])
def test_synthesised_music_beats_are_found_within_a_frame(
    style: str, piece: Callable[..., NDArray[np.float32]]
) -> None:
    seconds = 30.0
    tempo = STYLE_INFO[style].tempo
    bars = bar_timeline(tempo, seconds)
    # The true beats, before the closing ritardando bars.
    true = np.array(
        [
            1000 * (start + k * length / tempo.beats_per_bar)
            for start, length in bars[:-3]
            for k in range(tempo.beats_per_bar)
        ]
    )
    true_bpm = 60_000 / float(np.median(np.diff(true)))
    found = detect_tempo(piece(style, seconds), RATE)
    assert found is not None
    assert found.bpm == pytest.approx(true_bpm, rel=0.01)
    beats = np.array(found.beats_ms(true[-1]))
    errors = np.array([np.min(np.abs(true - b)) for b in beats])
    assert float(np.median(errors)) < FRAME_MS


def test_silence_and_short_sounds_have_no_tempo() -> None:
    assert detect_tempo(np.zeros(10 * RATE), RATE) is None
    assert detect_tempo(_clicks(120, 0.0, seconds=2.0), RATE) is None


@pytest.mark.parametrize("style", sorted(STYLE_INFO))
def test_the_composer_plays_on_the_grid_the_draft_cuts_on(style: str) -> None:
    from diapo.draft import MediaRef, beat_grid, build_slideshow
    from diapo.music.compose import compose

    photo = MediaRef(id="p", kind="photo", width=640, height=480)
    draft = build_slideshow([photo] * 8, seconds_per_photo=3.0, music=style)
    grid = beat_grid(draft)
    assert grid is not None
    music = draft.audio_tracks[0].sg[0]
    score = compose(style, music.d / 1000, np.random.default_rng(0))
    onsets = np.array(sorted({round(1000 * n.start, 3) for n in score.notes}))
    # Every bar line of the draft's grid has a note starting on it, to the millisecond
    # (but for those inside the final chord, which just rings).
    for line in grid.bars[: -STYLE_INFO[style].tempo.final_bars]:
        assert float(np.min(np.abs(onsets - line))) < 1.0, (style, line)

"""The CLI's music options: beat sync on and off, a song's detected tempo, loudness in probe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.draft import Draft, beat_grid
from diapo.draft.vocabulary import STYLE_TEMPI
from diapo.music import synthesize
from diapo.render.encode import encode_audio_only
from diapo.samples import write_sample_set

runner = CliRunner()
FRAME_MS = 1000 / 30


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    samples = write_sample_set(tmp_path_factory.mktemp("music-cli"), small=True)
    return [samples[name] for name in ("landscape1", "landscape2", "portrait1")]


def _cuts(draft: Draft) -> list[int]:
    video = draft.main_video
    assert video is not None
    cuts, cursor = [], 0
    for i, seg in enumerate(video.sg):
        overlap = seg.m.tr.d if i and seg.m.tr is not None and seg.m.tr.k != "cut" else 0
        cursor -= overlap
        if i:
            cuts.append(cursor)
        cursor += seg.d
    return cuts


def _render(args: list[str], tmp_path: Path) -> Draft:
    draft_out = tmp_path / "draft.json"
    result = runner.invoke(app, [*args, "--draft-out", str(draft_out)])
    assert result.exit_code == 0, result.output
    return Draft.parse(json.loads(draft_out.read_text()))


def test_beat_sync_is_on_by_default_and_can_be_turned_off(
    photos: list[Path], tmp_path: Path
) -> None:
    base = ["render", *map(str, photos), "-o", str(tmp_path / "a.mp3"), "--music", "romantica"]
    synced = _render([*base, "--seconds-per-photo", "3"], tmp_path)
    music = synced.audio_tracks[0].sg[0]
    assert music.m.src == "music:serenata" and music.m.beat_sync
    grid = beat_grid(synced)
    assert grid is not None
    for cut in _cuts(synced):
        assert min(abs(cut - b) for b in grid.beats()) < FRAME_MS
    plain = _render([*base, "--seconds-per-photo", "3", "--no-beat-sync"], tmp_path)
    assert not plain.audio_tracks[0].sg[0].m.beat_sync
    assert plain.duration_ms() == 3 * 3000 - 2 * 500


def test_a_song_given_with_music_is_cut_on_its_own_beat(photos: list[Path], tmp_path: Path) -> None:
    song = tmp_path / "song.wav"
    encode_audio_only(song, "wav", synthesize("lounge", 40.0))
    out = tmp_path / "b.mp3"
    draft = _render(["render", *map(str, photos), "-o", str(out), "--music", str(song)], tmp_path)
    music = draft.audio_tracks[0].sg[0]
    assert music.m.bpm is not None and music.m.beat_at is not None
    # The piece was composed at 132 bpm, stretched a hair to fill 40 s exactly.
    assert music.m.bpm == pytest.approx(STYLE_TEMPI["lounge"].bpm, rel=0.02)
    beat = 60_000 / music.m.bpm
    for cut in _cuts(draft):
        k = (cut - music.m.beat_at) / beat
        assert abs(k - round(k)) * beat < FRAME_MS


def test_probe_shows_the_loudness_of_a_render(photos: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "c.m4a"
    result = runner.invoke(app, ["render", *map(str, photos), "-o", str(out), "--music", "lofi"])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["probe", str(out), "--json"])
    assert shown.exit_code == 0, shown.output
    loudness = json.loads(shown.output)[0]["loudness"]
    assert loudness["lufs"] == pytest.approx(-14.0, abs=1.0)
    assert loudness["sample_peak_db"] <= -1.0
    table = runner.invoke(app, ["probe", str(out)], env={"COLUMNS": "200"})
    assert "LUFS" in table.output and "dBTP" in table.output


def test_probe_of_a_photo_has_no_loudness(photos: list[Path]) -> None:
    shown = runner.invoke(app, ["probe", str(photos[0]), "--json"])
    assert shown.exit_code == 0
    assert "loudness" not in json.loads(shown.output)[0]

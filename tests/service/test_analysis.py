"""The photo analysis and a song's tempo, from upload to state, chat and beat-synced draft.

Real photos go through a real server: a face photo, two ordinary photos, a
blurred copy of one and a byte-identical duplicate of another.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image
from tests.factories.faces import photo_with_face
from tests.service.test_chat import chat, reply

from diapo.draft import Draft
from diapo.draft.beats import sync_to_beats
from diapo.draft.model import AudioTrack
from diapo.render.plan import make_plan

RATE = 48_000


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory, sample_media: dict[str, Path]) -> list[Path]:
    d = tmp_path_factory.mktemp("analysis")
    face = photo_with_face(800, 600, (0.5, 0.4), 0.25).save(d / "ritratto.jpg")
    sharp = np.asarray(Image.open(sample_media["landscape2"]).convert("RGB"))
    # Out of focus: a 4 px Gaussian blur, as a missed autofocus gives.
    Image.fromarray(cv2.GaussianBlur(sharp, (0, 0), 4)).save(d / "mossa.jpg", quality=92)
    copy = shutil.copyfile(sample_media["landscape1"], d / "copia.jpg")
    return [face, sample_media["landscape1"], sample_media["landscape2"], d / "mossa.jpg", copy]


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 s of clicks at 120 bpm, the first beat at 250 ms, as an mp3."""
    from diapo.render.encode import encode_audio_only

    x = np.zeros(20 * RATE)
    click = np.sin(2 * np.pi * 1000 * np.arange(2000) / RATE) * np.exp(-np.arange(2000) / 300)
    at = 0.25
    while at * RATE + len(click) < len(x):
        i = int(at * RATE)
        x[i : i + len(click)] += 0.8 * click
        at += 0.5
    stereo = np.stack([x, x], axis=1).astype(np.float32)
    path = tmp_path_factory.mktemp("song") / "clicks.mp3"
    encode_audio_only(path, "mp3", stereo)
    return path


def _by_name(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in state["media"]}


def test_state_shows_issues_subjects_and_flags(api: Any, photos: list[Path]) -> None:
    session_id = api.session("it")
    r = api.upload(session_id, *photos)
    assert r.status_code == 200, r.text
    state = api.state(session_id).json()["data"]
    items = _by_name(state)
    face = items["ritratto.jpg"]
    assert face["analysed"] and face["flags"] == []
    faces = [s for s in face["subjects"] if s["k"] == "face"]
    assert len(faces) == 1
    # The astronaut's face was pasted centred at (0.5, 0.4) of the photo.
    box = faces[0]
    assert box["x"] < 0.5 < box["x"] + box["w"] and box["y"] < 0.4 < box["y"] + box["h"]
    issues = state["issues"]
    blurred, original, copy = (
        items[n]["media_id"] for n in ("mossa.jpg", "landscape1.jpg", "copia.jpg")
    )
    assert issues["blurred"] == [blurred]
    assert issues["duplicates"] == {copy: original}
    assert [blurred] == [g for group in issues["similar"] for g in group if g == blurred]
    assert "blurred" in items["mossa.jpg"]["flags"]
    assert items["copia.jpg"]["flags"] == ["duplicate"]
    assert items["copia.jpg"]["duplicate_of"] == original


def test_chat_leaves_out_the_blurred_twin_says_how_to_put_it_back_and_removes_it_again(
    api: Any, photos: list[Path]
) -> None:
    session_id = api.session("it")
    assert api.upload(session_id, *photos).status_code == 200
    made = reply(chat(api, session_id, "crea uno slideshow"))
    # Never silent: the blurred twin of a sharp photo and the duplicate are named, and
    # how to put the twin back is said.
    assert "1 scatto quasi uguale a un altro lasciato fuori (mossa.jpg)" in made, made
    assert "1 doppione lasciato fuori (copia.jpg)" in made, made
    assert "«rimetti mossa.jpg»" in made, made
    state = api.state(session_id).json()["data"]
    items = _by_name(state)
    shown = [s["m"]["src"] for s in state["draft"]["t"][0]["sg"]]
    blurred = items["mossa.jpg"]["media_id"]
    assert blurred not in shown and items["copia.jpg"]["media_id"] not in shown
    assert len(shown) == 3
    back = reply(chat(api, session_id, "rimetti mossa.jpg"))
    restored = [s["m"]["src"] for s in api.state(session_id).json()["data"]["draft"]["t"][0]["sg"]]
    assert blurred in restored, back
    answer = reply(chat(api, session_id, "togli le foto mosse"))
    assert "Togli le foto mosse" in answer, answer
    after = api.state(session_id).json()["data"]
    left = [s["m"]["src"] for s in after["draft"]["t"][0]["sg"]]
    assert left == [i for i in restored if i != blurred]


def test_english_and_chinese_replies_name_the_findings(api: Any, photos: list[Path]) -> None:
    for lang, words in (
        ("en", ("1 near-identical shot left out (mossa.jpg)", "1 duplicate left out")),
        ("zh", ("1张几乎相同的连拍", "恢复 mossa.jpg")),
    ):
        session_id = api.session(lang)
        assert api.upload(session_id, *photos).status_code == 200
        text = reply(chat(api, session_id, "make a slideshow" if lang == "en" else "做一个幻灯片"))
        assert all(w in text for w in words), text


def test_an_uploaded_songs_tempo_reaches_the_music_and_the_cuts_land_on_its_beats(
    api: Any, photos: list[Path], song: Path
) -> None:
    session_id = api.session("en")
    r = api.upload(session_id, *photos[:3], song)
    assert r.status_code == 200, r.text
    music = next(m for m in r.json()["data"]["media"] if m["kind"] == "audio")
    assert music["bpm"] == pytest.approx(120, rel=0.005)
    assert abs(music["first_beat_ms"] % 500 - 250) < 34  # within a frame of the true phase
    chat(api, session_id, "make a slideshow")
    draft = Draft.parse(api.state(session_id).json()["data"]["draft"])
    seg = next(t for t in draft.t if isinstance(t, AudioTrack)).sg[0]
    assert seg.m.src == music["media_id"] and seg.m.beat_sync
    assert seg.m.bpm == music["bpm"] and seg.m.beat_at == music["first_beat_ms"]
    # The stored draft is already on the beat: syncing again changes nothing.
    assert sync_to_beats(draft) == draft
    plan = make_plan(draft)
    beats = plan.beat_frames()
    assert len(beats) > 10
    for frame in plan.change_frames():
        assert min(abs(frame - b) for b in beats) <= 1, (frame, beats)
    # Turned off, the cuts keep the times they have; turned on again, still on the beat.
    assert "No beat sync" in reply(chat(api, session_id, "no beat sync"))
    off = Draft.parse(api.state(session_id).json()["data"]["draft"])
    assert not next(t for t in off.t if isinstance(t, AudioTrack)).sg[0].m.beat_sync
    assert "Cut to the beat" in reply(chat(api, session_id, "cut to the beat"))

"""`diapo render --for PLATFORM [--trim]`: the platform's frame and limits, a warning, a trim."""

from __future__ import annotations

import json
import re
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.draft import Draft
from diapo.draft.presets import rendered_ms
from diapo.samples import write_sample_set

runner = CliRunner()


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    samples = write_sample_set(tmp_path_factory.mktemp("for-samples"), small=True)
    folder = tmp_path_factory.mktemp("photos")
    for name in ("landscape1", "landscape2", "landscape3", "portrait1"):
        (folder / samples[name].name).write_bytes(samples[name].read_bytes())
    return folder


def _render(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *args])
    return result.exit_code, result.output


def test_too_long_for_the_platform_warns_and_renders_uncut(photos: Path, tmp_path: Path) -> None:
    draft_out = tmp_path / "d.json"
    code, output = _render(
        str(photos), "-o", str(tmp_path / "poster.jpg"), "--for", "instagram-stories",
        "--seconds-per-photo", "20", "--draft-out", str(draft_out), "--music", "none",
    )  # fmt: skip
    assert code == 0, output
    assert "Warning" in output and "at most 60 s" in output and "--trim" in output
    draft = Draft.parse(draft_out.read_text())
    assert (draft.c.preset, draft.c.ar, draft.c.w, draft.c.h) == (
        "instagram-stories", "9:16", 1080, 1920,
    )  # fmt: skip
    assert rendered_ms(draft) > 60_000  # never silently cut


def test_trim_brings_it_under_the_limit(photos: Path, tmp_path: Path) -> None:
    draft_out = tmp_path / "d.json"
    code, output = _render(
        str(photos), "-o", str(tmp_path / "poster.jpg"), "--for", "instagram-stories",
        "--seconds-per-photo", "20", "--draft-out", str(draft_out), "--trim", "--music", "none",
    )  # fmt: skip
    assert code == 0, output
    assert "Trimmed for Instagram Stories" in output
    draft = Draft.parse(draft_out.read_text())
    assert rendered_ms(draft) <= 60_000
    assert draft.main_video is not None
    assert len(draft.main_video.sg) == 4  # every photo kept, each shorter


def test_for_whatsapp_renders_its_frame_under_its_peak(photos: Path, tmp_path: Path) -> None:
    out = tmp_path / "wa.mp4"
    code, output = _render(
        str(photos), "-o", str(out), "--for", "whatsapp", "--resolution", "360p",
        "--seconds-per-photo", "1",
    )  # fmt: skip
    assert code == 0, output
    assert "Warning" not in output
    with av.open(str(out)) as c:
        v = c.streams.video[0].codec_context
        assert (v.name, v.width, v.height) == ("h264", 360, 640)
        assert c.streams.audio
    settings = re.search(rb"options: ([^\x00]*)", out.read_bytes())
    assert settings is not None and b"vbv_maxrate=4000" in settings.group(1)


def test_trim_without_a_platform_is_refused(photos: Path, tmp_path: Path) -> None:
    code, output = _render(str(photos), "-o", str(tmp_path / "x.jpg"), "--trim")
    assert code == 1
    assert "give --for too" in output


def test_an_unknown_platform_is_refused_with_the_choices(photos: Path, tmp_path: Path) -> None:
    code, output = _render(str(photos), "-o", str(tmp_path / "x.mp4"), "--for", "myspace")
    assert code == 2
    assert "instagram-reels" in output


def test_draft_file_keeps_its_preset_through_render(photos: Path, tmp_path: Path) -> None:
    first = tmp_path / "d.json"
    code, output = _render(
        str(photos), "-o", str(tmp_path / "a.jpg"), "--for", "instagram-feed",
        "--draft-out", str(first), "--seconds-per-photo", "1",
    )  # fmt: skip
    assert code == 0, output
    assert json.loads(first.read_text())["c"]["preset"] == "instagram-feed"
    with av.open(str(tmp_path / "a.jpg")) as c:
        frame = c.streams.video[0].codec_context
        assert (frame.width, frame.height) == (1080, 1350)

"""`diapo render --jobs N`: a video rendered in chunks by N processes is the one-process video."""

from __future__ import annotations

import hashlib
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app

runner = CliRunner()
pytestmark = pytest.mark.timeout(180)  # a guard against a hung worker


def _digests(path: Path) -> list[str]:
    with av.open(str(path)) as c:
        return [hashlib.sha1(f.to_ndarray().tobytes()).hexdigest() for f in c.decode(video=0)]


def test_jobs_render_the_same_video_as_one_process(draft_file: Path, tmp_path: Path) -> None:
    from diapo.draft import Draft
    from diapo.render import render

    out = tmp_path / "j2.mp4"
    result = runner.invoke(app, ["render", "--draft", str(draft_file), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    whole = render(Draft.parse(draft_file.read_text(encoding="utf-8")), tmp_path / "one.mp4")
    assert len(_digests(out)) == 285 and _digests(out) == _digests(whole.path)


def test_zero_jobs_is_refused(draft_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["render", "--draft", str(draft_file), "-o", str(out), "-j", "0"])
    assert result.exit_code != 0 and "--jobs" in result.output
    assert not out.exists()

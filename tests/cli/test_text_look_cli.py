"""`diapo render --title-font/--text-animation`: the titles' look from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from diapo.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("look") / "dark.jpg"
    Image.fromarray(np.full((360, 640, 3), 30, np.uint8)).save(path)
    return path


def _render(photo: Path, out: Path, *flags: str) -> tuple[dict, np.ndarray]:  # type: ignore[type-arg]
    draft_out = out.with_suffix(".json")
    result = runner.invoke(
        app,
        ["render", str(photo), "-o", str(out), "--resolution", "360p", "--music", "none",
         "--title", "Estate", "--draft-out", str(draft_out), *flags],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(draft_out.read_text()), np.asarray(Image.open(out).convert("L"))


def test_title_font_and_animation_flags_reach_the_draft_and_the_pixels(
    photo: Path, tmp_path: Path
) -> None:
    plain, sans = _render(photo, tmp_path / "sans.png")
    title = plain["t"][-1]["sg"][0]["m"]
    assert (title["font"], title["anim"]) == ("sans", "fade")
    styled, serif = _render(
        photo, tmp_path / "serif.png", "--title-font", "serif", "--text-animation", "typewriter"
    )
    title = styled["t"][-1]["sg"][0]["m"]
    assert (title["font"], title["anim"]) == ("serif", "typewriter")
    assert ((sans > 140) ^ (serif > 140)).sum() > 200  # other letters on the poster


def test_an_unknown_animation_is_refused_by_name(photo: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(photo), "-o", str(tmp_path / "x.mp4"), "--text-animation", "spin"]
    )
    assert result.exit_code != 0
    assert "spin" in result.output and "typewriter" in result.output

"""`diapo probe` shows faces and culling flags; `diapo render` culls on request and says so."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
from tests.factories.faces import photo_with_face
from typer.testing import CliRunner

from diapo.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def album(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A face, its exact copy, a blurred shot and a dark one, as JPEG files."""
    d = tmp_path_factory.mktemp("album")
    face = photo_with_face(1200, 1600, (0.5, 0.2), 0.25)
    face.save(d / "a_face.jpg")
    (d / "b_copy.jpg").write_bytes((d / "a_face.jpg").read_bytes())
    other = photo_with_face(1600, 1200, (0.3, 0.4), 0.12)
    blurred = other.rgb.copy()
    blurred[...] = cv2.GaussianBlur(other.rgb, (0, 0), 10)
    type(other)(blurred, other.face).save(d / "c_shaken.jpg")
    type(other)((other.rgb * 0.1).astype("uint8"), other.face).save(d / "d_night.jpg")
    other.save(d / "e_sharp.jpg")
    return d


def test_probe_shows_faces_and_flags(album: Path) -> None:
    files = sorted(str(p) for p in album.iterdir())
    result = runner.invoke(app, ["probe", "--json", *files])
    assert result.exit_code == 0, result.output
    rows = {Path(r["path"]).name: r for r in json.loads(result.stdout)}
    face = rows["a_face.jpg"]["subjects"][0]
    assert face["k"] == "face" and abs(face["y"] + face["h"] / 2 - 0.2) < 0.05
    assert "duplicate of a_face.jpg" in rows["b_copy.jpg"]["flags"]
    assert "blurred" in rows["c_shaken.jpg"]["flags"]
    assert "dark" in rows["d_night.jpg"]["flags"]
    # The shaken shot is the same scene: a near-duplicate, reported, not dropped.
    assert rows["e_sharp.jpg"]["flags"] == ["similar to c_shaken.jpg"]
    table = runner.invoke(app, ["probe", *files])
    assert table.exit_code == 0 and "1 face" in table.stdout and "blurred" in table.stdout


def test_render_leaves_out_duplicates_and_says_so(album: Path, tmp_path: Path) -> None:
    draft_out = tmp_path / "draft.json"
    args = ["render", str(album), "-o", str(tmp_path / "a.jpg"), "--resolution", "360p"]
    result = runner.invoke(app, [*args, "--draft-out", str(draft_out)])
    assert result.exit_code == 0, result.output
    assert "b_copy.jpg (duplicate)" in result.output
    assert "Looks blurred" in result.output and "c_shaken.jpg" in result.output
    srcs = [Path(s["m"]["src"]).name for s in json.loads(draft_out.read_text())["t"][0]["sg"]]
    # The shaken shot has a sharp twin, so it is left out by default, and said (issue 20).
    assert srcs == ["a_face.jpg", "d_night.jpg", "e_sharp.jpg"]
    assert "left out c_shaken.jpg" in " ".join(result.output.split())
    subj = json.loads(draft_out.read_text())["t"][0]["sg"][0]["m"]["subj"]
    assert subj[0]["k"] == "face"

    kept = runner.invoke(app, [*args, "--keep-duplicates", "--drop-blurred", "--best", "2",
                               "--draft-out", str(draft_out)])  # fmt: skip
    assert kept.exit_code == 0, kept.output
    srcs = [Path(s["m"]["src"]).name for s in json.loads(draft_out.read_text())["t"][0]["sg"]]
    assert len(srcs) == 2 and "c_shaken.jpg" not in srcs and "d_night.jpg" not in srcs
    assert "(blurred)" in kept.output and "(best)" in kept.output

"""The `diapo` command line: render, probe, schema and demo, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.samples import write_sample_set

runner = CliRunner()


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample_set(tmp_path_factory.mktemp("cli-samples"), small=True)


@pytest.fixture(scope="module")
def folder(samples: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A holiday folder with photos, a HEIC, a clip, and a file Diapo cannot read."""
    d = tmp_path_factory.mktemp("vacanze")
    for name in ("landscape1", "landscape2", "portrait1", "heic", "clip"):
        src = samples[name]
        (d / src.name).write_bytes(src.read_bytes())
    (d / "notes.pdf").write_bytes(b"%PDF-1.4 not a photo")
    return d


def _probe(path: Path) -> tuple[str, int, int, float, bool]:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        return (
            v.codec_context.name,
            v.codec_context.width,
            v.codec_context.height,
            (c.duration or 0) / 1e6,
            bool(c.streams.audio),
        )


def test_render_a_folder_with_title_and_draft_out(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "reel.mp4"
    draft_out = tmp_path / "draft.json"
    result = runner.invoke(
        app,
        [
            "render", str(folder), "-o", str(out), "--aspect", "9:16", "--resolution", "360p",
            "--seconds-per-photo", "1", "--title", "Estate in Toscana", "--music", "mandolino",
            "--draft-out", str(draft_out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Skipped" in result.output and "notes.pdf" in result.output
    codec, w, h, duration, has_audio = _probe(out)
    assert (codec, w, h, has_audio) == ("h264", 360, 640, True)
    draft = json.loads(draft_out.read_text())
    assert draft["t"][1]["sg"][0]["m"]["src"] == "music:mandolino"
    assert draft["t"][2]["sg"][0]["m"]["text"] == "Estate in Toscana"
    kinds = [s["m"]["kind"] for s in draft["t"][0]["sg"]]
    assert kinds.count("photo") == 4 and kinds.count("clip") == 1
    assert duration == pytest.approx(
        (sum(s["d"] for s in draft["t"][0]["sg"]) - sum(
            s["m"].get("tr", {}).get("d", 0) for s in draft["t"][0]["sg"]
        )) / 1000,
        abs=0.1,
    )  # fmt: skip


def test_render_from_a_draft_file(folder: Path, tmp_path: Path) -> None:
    draft_out = tmp_path / "d.json"
    first = runner.invoke(
        app,
        ["render", str(folder / "landscape1.jpg"), str(folder / "portrait1.jpg"),
         "-o", str(tmp_path / "a.gif"), "--resolution", "360p", "--draft-out", str(draft_out)],
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        app, ["render", "--draft", str(draft_out), "-o", str(tmp_path / "b.webm")]
    )
    assert second.exit_code == 0, second.output
    assert _probe(tmp_path / "b.webm")[0] == "vp9"


@pytest.mark.parametrize(
    "args,message",
    [
        (["render", "-o", "x.mp4"], "Give photos"),
        (["render", "nope.jpg", "-o", "x.mp4"], "does not exist"),
        (["render", "{corrupt}", "-o", "x.mp4"], "damaged"),
        (["render", "{text_as_jpg}", "-o", "x.mp4"], "JPG, PNG, HEIC"),
        (["render", "{landscape1}", "-o", "x.docx"], "cannot write '.docx'"),
        (["render", "{landscape1}", "-o", "x.mp4", "--transition", "spin"], "is not one of"),
        (["render", "{landscape1}", "-o", "x.mp4", "--music", "polka"], "tarantella"),
        (["render", "{landscape1}", "-o", "x.mp4", "--music", "{landscape2}"], "not an audio"),
        (["render", "--draft", "{landscape1}", "-o", "x.mp4"], "draft"),
    ],
)
def test_bad_input_gives_a_clear_error_and_non_zero_exit(
    args: list[str], message: str, samples: dict[str, Path], tmp_path: Path
) -> None:
    filled = [a.format(**{k: str(v) for k, v in samples.items()}) for a in args]
    filled = [str(tmp_path / a) if a == "x.mp4" or a == "x.docx" else a for a in filled]
    result = runner.invoke(app, filled)
    assert result.exit_code != 0
    assert message.lower() in result.output.lower()
    assert not (tmp_path / "x.mp4").exists()


def test_probe_reports_what_diapo_sees(samples: dict[str, Path]) -> None:
    result = runner.invoke(
        app, ["probe", "--json", str(samples["rotated_exif"]), str(samples["clip"])]
    )
    assert result.exit_code == 0, result.output
    photo, clip = json.loads(result.output)
    assert photo["kind"] == "image" and photo["height"] > photo["width"]
    assert (
        clip["kind"] == "video"
        and clip["has_audio"]
        and clip["duration_ms"] == pytest.approx(2000, abs=100)
    )


def test_probe_of_a_bad_file_fails(samples: dict[str, Path]) -> None:
    result = runner.invoke(app, ["probe", str(samples["empty"])])
    assert result.exit_code == 2 and "empty" in result.output.lower()


def test_schema_is_valid_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "Diapo draft" and "t" in schema["properties"]


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "diapo", "render", str(tmp_path / "missing")]
    command += ["-o", str(tmp_path / "o.mp4")]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 1
    assert "does not exist" in done.stderr


def test_demo_renders_the_bundled_photos(tmp_path: Path) -> None:
    from diapo.cli.demo_cmd import demo

    out = tmp_path / "demo.mp4"
    demo(output=out, count=3, aspect="1:1", resolution="360p")
    codec, w, h, duration, has_audio = _probe(out)
    assert (codec, w, h, has_audio) == ("h264", 360, 360, True)
    # Beat sync ends the video on the music's bar line (a tarantella bar is 0.95 s).
    assert duration == pytest.approx(3 * 3.5 - 2 * 0.5, abs=0.5)


def test_a_draft_rendered_with_another_aspect_is_reframed(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    draft_out = tmp_path / "wide.json"
    made = runner.invoke(
        app,
        ["render", str(samples["landscape1"]), str(samples["landscape2"]), "--music", "none",
         "-o", str(tmp_path / "wide.mp4"), "--resolution", "360p", "--seconds-per-photo", "1",
         "--draft-out", str(draft_out)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    out, tall_out = tmp_path / "tall.mp4", tmp_path / "tall.json"
    result = runner.invoke(
        app,
        ["render", "--draft", str(draft_out), "--aspect", "9:16", "-o", str(out),
         "--draft-out", str(tall_out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    _, w, h, _, _ = _probe(out)
    assert (w, h) == (360, 640)  # the shorter side kept, the frame turned upright
    wide, tall = json.loads(draft_out.read_text()), json.loads(tall_out.read_text())
    assert tall["c"]["ar"] == "9:16"
    # Each photo's motion was planned again for the tall frame, not carried over.
    assert [s["m"].get("kb") for s in tall["t"][0]["sg"]] != [
        s["m"].get("kb") for s in wide["t"][0]["sg"]
    ]

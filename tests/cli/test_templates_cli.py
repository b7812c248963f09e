"""`diapo templates` and `diapo render --template ... --set ... [--batch FILE]`."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.samples import write_holiday_set

runner = CliRunner()
FAST = ["--resolution", "360p", "--jobs", "1", "--quality", "preview"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("foto")
    write_holiday_set(path, 2, size=(480, 360))
    return path


def _video(path: Path) -> tuple[int, int, float, bool]:
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        duration = float(c.duration or 0) / 1_000_000
        return (
            stream.codec_context.width,
            stream.codec_context.height,
            duration,
            bool(c.streams.audio),
        )


def test_templates_lists_the_occasions_in_the_asked_language() -> None:
    result = runner.invoke(app, ["templates", "--lang", "en"])
    assert result.exit_code == 0
    for word in ("compleanno", "Birthday", "matrimonio", "Wedding", "mare", "festa"):
        assert word in result.output
    listed = json.loads(runner.invoke(app, ["templates", "--json"]).output)
    assert len(listed) >= 8 and {f["name"] for f in listed[0]["fields"]} >= {"nome", "foto"}


def test_render_a_template_with_set_values(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "auguri.mp4"
    result = runner.invoke(
        app,
        ["render", str(folder), "--template", "compleanno", "--set", "nome=Maria",
         "--set", "data=12 agosto", "--aspect", "9:16", "-o", str(out), *FAST],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Buon compleanno, Maria!" in result.output and "12 agosto" in result.output
    width, height, duration, audio = _video(out)
    assert (width, height) == (360, 640) and audio and 3 < duration < 15


def test_a_batch_of_three_value_sets_makes_three_videos(folder: Path, tmp_path: Path) -> None:
    batch = tmp_path / "invitati.csv"
    batch.write_text("nome,data\nMaria,1 maggio\nLuca,\nGiò Bà,3 giugno\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["render", str(folder), "--template", "compleanno", "--batch", str(batch),
         "-o", str(tmp_path / "auguri-{nome}.mp4"), *FAST],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in tmp_path.glob("auguri-*.mp4"))
    assert made == ["auguri-Giò-Bà.mp4", "auguri-Luca.mp4", "auguri-Maria.mp4"]
    for name in made:
        assert _video(tmp_path / name)[:2] == (640, 360)
    for who in ("Maria", "Luca", "Giò Bà"):
        assert f"Buon compleanno, {who}!" in result.output


def test_a_json_batch_with_its_own_photos_and_numbered_outputs(
    folder: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "viaggi.json"
    sets = [{"luogo": "Amalfi", "foto": str(folder)}, {"luogo": "Roma", "musica": "lofi"}]
    batch.write_text(json.dumps(sets), encoding="utf-8")
    result = runner.invoke(
        app,
        ["render", str(folder), "--template", "viaggio", "--batch", str(batch),
         "-o", str(tmp_path / "diario.mp4"), *FAST],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("diario-*.mp4")) == [
        "diario-001.mp4",
        "diario-002.mp4",
    ]
    assert "Music: lofi" in result.output or "lofi" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "funerale", "--set", "nome=X"], "No template is called 'funerale'"),
        (["--template", "compleanno", "--set", "nome"], "write it as name=value"),
        (["--template", "compleanno"], "nome: a text is needed"),
        (["--template", "compleanno", "--set", "nome=A", "--set", "eta=3"], "eta"),
        (["--set", "nome=Maria"], "name it with --template"),
        (["--template", "compleanno", "--set", "nome=A", "--set", "musica=polka"], "polka"),
    ],
)
def test_a_bad_template_call_says_what_to_fix_and_writes_nothing(
    folder: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "x.mp4"
    result = runner.invoke(app, ["render", str(folder), *args, "-o", str(out), *FAST])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not out.exists()


def test_a_batch_whose_outputs_collide_is_refused_before_any_render(
    folder: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "b.csv"
    batch.write_text("nome,data\nMaria,1\nMaria,2\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["render", str(folder), "--template", "compleanno", "--batch", str(batch),
         "-o", str(tmp_path / "a-{nome}.mp4"), *FAST],
    )  # fmt: skip
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and "would both be written to a-Maria.mp4" in said
    assert not list(tmp_path.glob("a-*.mp4"))

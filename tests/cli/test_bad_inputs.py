"""`diapo render` with several bad files: every one named with its reason, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.samples import write_sample_set

runner = CliRunner()


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_sample_set(tmp_path_factory.mktemp("bad-input-samples"), small=True)


def test_every_bad_file_is_named_with_its_reason(samples: dict[str, Path], tmp_path: Path) -> None:
    bad1 = tmp_path / "bad1.jpg"
    bad1.write_bytes(samples["corrupt"].read_bytes())
    bad2 = tmp_path / "bad2.png"
    bad2.write_bytes(b"%PDF-1.4 not a photo")
    empty = tmp_path / "[red]empty.jpg"  # a name that looks like console markup
    empty.write_bytes(b"")
    out = tmp_path / "x.mp4"
    result = runner.invoke(
        app,
        [
            "render",
            str(samples["landscape1"]),
            str(bad1),
            str(bad2),
            str(tmp_path / "missing.jpg"),
            str(empty),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    text = " ".join(result.output.split())  # the console wraps long lines
    assert "4 of the files named cannot be used" in text
    assert "bad1.jpg is damaged" in text
    assert "bad2.png looks like a PDF document" in text
    # The console may wrap inside a long path (a parallel run's temporary folders are longer).
    assert "missing.jpg'doesnotexist" in "".join(text.split())
    assert "[red]empty.jpg is empty" in text
    assert "landscape1" not in text
    assert not out.exists()


def test_one_bad_file_reads_as_before(samples: dict[str, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(samples["corrupt"]), "-o", str(tmp_path / "x.mp4")])
    assert result.exit_code == 1
    assert "cannot be used" not in result.output and "damaged" in result.output


def test_a_missing_video_named_as_input_gets_the_output_option_as_a_hint(tmp_path: Path) -> None:
    # `diapo render photos/ holiday.mp4` reads holiday.mp4 as an input; the error says how
    # to name the output instead, and a missing photo gets no such hint.
    from diapo.cli.inputs import collect_media
    from diapo.errors import DiapoError

    with pytest.raises(DiapoError) as video:
        collect_media([tmp_path / "holiday.mp4"])
    assert "does not exist" in video.value.message
    assert f"-o {tmp_path / 'holiday.mp4'}" in video.value.message
    with pytest.raises(DiapoError) as photo:
        collect_media([tmp_path / "beach.jpg"])
    assert "does not exist" in photo.value.message and "with -o" not in photo.value.message


def test_a_file_name_is_echoed_without_its_bidi_controls(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    # Shown with the override, "invoice\u202egpj.exe" would read as "invoiceexe.jpg".
    tricky = tmp_path / "invoice\u202egpj\u200f.jpg"
    tricky.write_bytes(b"")
    result = runner.invoke(
        app, ["render", str(samples["landscape1"]), str(tricky), "-o", str(tmp_path / "x.mp4")]
    )
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "invoicegpj.jpg is empty" in text, text
    assert not set(result.output) & {"\u202e", "\u200f"}
    probed = runner.invoke(app, ["probe", str(samples["landscape1"]), str(tricky)])
    assert "invoicegpj.jpg" in " ".join(probed.output.split()), probed.output
    assert "\u202e" not in probed.output

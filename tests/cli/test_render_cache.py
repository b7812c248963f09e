"""`diapo render --cache DIR`: a re-render after a title edit renders only the chunk under it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import av
import pytest
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.draft.ops import AddTitle
from diapo.samples import write_sample_set

runner = CliRunner()
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[MediaRef]:
    samples = write_sample_set(tmp_path_factory.mktemp("cache"), small=True)
    return [
        MediaRef(id=str(samples[k]), kind="photo", width=640, height=480, name=k)
        for k in ("landscape1", "portrait1", "landscape2")
    ]


def _save(draft: Draft, path: Path) -> Path:
    path.write_text(draft.to_json(), encoding="utf-8")
    return path


def _digests(path: Path) -> list[str]:
    with av.open(str(path)) as c:
        return [hashlib.sha1(f.to_ndarray().tobytes()).hexdigest() for f in c.decode(video=0)]


def _render(draft: Path, out: Path, *extra: str) -> str:
    result = runner.invoke(app, ["render", "--draft", str(draft), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_title_edit_re_renders_one_chunk_and_the_video_is_the_same(
    photos: list[MediaRef], tmp_path: Path
) -> None:
    draft = with_resolution(
        build_slideshow(photos, seconds_per_photo=3.5, title="Napoli", beat_sync=False), 320
    )
    cache = tmp_path / "cache"
    first = _save(draft, tmp_path / "first.json")
    out = _render(first, tmp_path / "a.mp4", "--cache", str(cache))
    assert "chunks: 0 reused, 2 rendered" in out
    edited = _save(AddTitle(text="Napoli di notte").apply(draft, photos), tmp_path / "edited.json")
    out = _render(edited, tmp_path / "b.mp4", "--cache", str(cache))
    assert "chunks: 1 reused, 1 rendered" in out
    # What the cache put together is what a render from scratch makes.
    _render(edited, tmp_path / "c.mp4", "--jobs", "1")
    assert _digests(tmp_path / "b.mp4") == _digests(tmp_path / "c.mp4")
    assert len(list(cache.iterdir())) == 4  # three chunks and one soundtrack

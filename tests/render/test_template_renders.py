"""Every built-in template renders from the sample photos: duration, aspect, sound and text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from diapo.cli.inputs import media_ref
from diapo.draft import Draft, MediaRef, with_resolution
from diapo.draft.occasions import BUILTIN_TEMPLATES
from diapo.draft.templates import merge
from diapo.render import path_resolver, render
from diapo.render.compose import Compositor
from diapo.render.plan import make_plan
from diapo.samples import write_holiday_set


@pytest.fixture(scope="module")
def holiday(tmp_path_factory: pytest.TempPathFactory) -> list[MediaRef]:
    folder = tmp_path_factory.mktemp("holiday")
    return [media_ref(p) for p in write_holiday_set(folder, 3, size=(640, 480))]


def _filled(tid: str, media: list[MediaRef], lang: str = "it") -> Draft:
    template = BUILTIN_TEMPLATES[tid]
    subject = template.fields[0].name
    values = {subject: "Maria", "data": "12 agosto", "foto": media}
    return with_resolution(merge(template, values, lang=lang), 320)  # type: ignore[arg-type]


def _frame(draft: Draft, index: int) -> np.ndarray:
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver(None))
    try:
        return comp.frame_rgb(index).astype(np.int16)
    finally:
        comp.close()


@pytest.mark.parametrize("tid", sorted(BUILTIN_TEMPLATES))
def test_a_template_renders_with_its_length_shape_music_and_words(
    tid: str,
    holiday: list[MediaRef],
    tmp_path: Path,
    read_media: Callable[[Path], object],
) -> None:
    draft = _filled(tid, holiday)
    out = render(draft, tmp_path / f"{tid}.mp4", resolve=path_resolver(None))
    got = read_media(out.path)
    assert got.video_codec == "h264" and got.audio_codec == "aac"  # type: ignore[attr-defined]
    assert (got.width, got.height) == (320, 180)  # type: ignore[attr-defined]
    expected = round(draft.duration_ms() * draft.c.fps / 1000)
    assert abs(len(got.frames) - expected) <= 1  # type: ignore[attr-defined]
    audio = got.audio  # type: ignore[attr-defined]
    assert audio is not None and float(np.sqrt(np.mean(audio**2))) > 0.01, "the music plays"

    # The title shows over the opening and the closing card over the end: the frames
    # differ from the same video with no text where the words are.
    bare = draft.model_copy(update={"t": [t for t in draft.t if t not in draft.text_tracks]})
    fps = draft.c.fps
    title, *_, closing = [s for tr in draft.text_tracks for s in tr.sg]
    for seg in (title, closing):
        index = round((seg.m.at + seg.d * 0.8) * fps / 1000)
        index = min(index, len(got.frames) - 1)  # type: ignore[attr-defined]
        diff = np.abs(_frame(draft, index) - _frame(bare, index)).max(axis=2)
        assert (diff > 60).mean() > 0.004, f"{seg.m.text!r} is not on frame {index}"


@pytest.mark.parametrize("tid", sorted(BUILTIN_TEMPLATES))
def test_each_template_ships_its_thumbnail_and_ten_second_sample(
    tid: str, read_media: Callable[[Path], object]
) -> None:
    from importlib.resources import files

    from PIL import Image

    shipped = files("diapo.web").joinpath("static", "templates")
    sample, thumb = shipped.joinpath(f"{tid}.mp4"), shipped.joinpath(f"{tid}.jpg")
    assert sample.is_file() and thumb.is_file(), f"run scripts/template_samples.py for {tid}"
    got = read_media(Path(str(sample)))
    assert (got.width, got.height) == (640, 360)  # type: ignore[attr-defined]
    assert 8.0 <= got.duration_s <= 12.0 and got.audio is not None  # type: ignore[attr-defined]
    with Image.open(Path(str(thumb))) as image:
        assert image.size == (320, 180) and image.format == "JPEG"

"""Chunked render: chunks cut at safe frames, encoded apart and joined, equal a whole render."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from diapo.cli.inputs import media_ref
from diapo.draft import Draft, MediaRef, build_slideshow, with_resolution
from diapo.errors import RenderError, UnsupportedOutputError
from diapo.render import path_resolver, render
from diapo.render.chunks import (
    Chunk,
    join_chunks,
    part_format,
    plan_chunks,
    render_chunk,
    render_soundtrack,
)
from diapo.render.compose import Compositor
from diapo.render.gops import GOP_FRAMES, gop_starts
from diapo.render.plan import make_plan

PHOTOS = ("landscape1", "landscape2", "landscape3", "portrait1", "png_alpha")


def _photo(path: Path) -> MediaRef:
    return MediaRef(id=str(path), kind="photo", width=640, height=480, name=path.name)


def _draft(samples: dict[str, Path], *, music: str | None = "tarantella") -> Draft:
    """About 17 s at 320x180: long enough for three runs of frames, with a clip among photos."""
    media = [_photo(samples[k]) for k in PHOTOS[:3]] + [media_ref(samples["clip"])]
    media += [_photo(samples[k]) for k in PHOTOS[3:]]
    draft = build_slideshow(
        media, seconds_per_photo=3.5, title="Estate in Toscana", music=music, beat_sync=False
    )
    return with_resolution(draft, 320)


@pytest.fixture(scope="module")
def draft(samples: dict[str, Path]) -> Draft:
    return _draft(samples)


@pytest.fixture(scope="module")
def single(draft: Draft, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(draft, tmp_path_factory.mktemp("single") / "whole.mp4").path


@pytest.fixture(scope="module")
def parts(draft: Draft, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("parts")
    chunks = plan_chunks(draft, 3)
    assert len(chunks) == 3
    return [render_chunk(draft, c, path_resolver(), folder / f"{c.index}.mp4") for c in chunks]


def _gray_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="gray").astype(np.float64) for f in c.decode(video=0)]


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a - b) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def _seconds(stamp: int | None, time_base: Fraction | None) -> float:
    assert stamp is not None and time_base is not None
    return float(stamp * time_base)


def _timing(path: Path) -> tuple[list[float], list[float], float, float, int]:
    """Video frame times and packet decode times (s), audio start and end (s), audio samples."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        dts = [_seconds(p.dts, p.time_base) for p in c.demux(v) if p.size and p.dts is not None]
    with av.open(str(path)) as c:
        pts = [_seconds(f.pts, f.time_base) for f in c.decode(video=0)]
    start = end = 0.0
    samples = 0
    with av.open(str(path)) as c:
        if c.streams.audio:
            frames = list(c.decode(audio=0))
            start = _seconds(frames[0].pts, frames[0].time_base)
            samples = sum(f.samples for f in frames)
            end = start + samples / frames[0].sample_rate
    return pts, dts, start, end, samples


# -- where chunks may start ---------------------------------------------------------------


def test_restarts_come_at_most_a_gop_apart_and_never_inside_a_transition(
    draft: Draft, samples: dict[str, Path]
) -> None:
    long_fades = build_slideshow(
        [_photo(samples[k]) for k in PHOTOS] * 4, seconds_per_photo=4, transition_ms=3000
    )
    for d in (draft, with_resolution(long_fades, 320)):
        plan = make_plan(d)
        starts = gop_starts(plan)
        assert starts[0] == 0 and starts == sorted(set(starts))
        assert all(b - a <= GOP_FRAMES for a, b in itertools.pairwise(starts))
        assert plan.frames - starts[-1] <= GOP_FRAMES
        for n in starts[1:]:
            before, at = plan.frame(n - 1), plan.frame(n)
            # Never between two frames that mix the same pair of photos.
            assert not (before.b is not None and at.b is not None and before.b.item is at.b.item)


def test_chunks_cover_every_frame_once_and_start_on_restarts(draft: Draft) -> None:
    plan = make_plan(draft)
    starts = set(gop_starts(plan))
    for count in (1, 2, 3, 5, 50):
        chunks = plan_chunks(draft, count)
        assert 1 <= len(chunks) <= min(count, len(starts))
        assert chunks[0].start_frame == 0 and chunks[-1].end_frame == plan.frames
        for a, b in itertools.pairwise(chunks):
            assert a.end_frame == b.start_frame and b.start_frame in starts
        assert [c.index for c in chunks] == list(range(len(chunks)))
    # Near-equal: three chunks of a 510-frame video are each well over a sixth of it.
    assert min(c.frames for c in plan_chunks(draft, 3)) > plan.frames / 6


def test_a_video_shorter_than_a_run_is_one_chunk(samples: dict[str, Path]) -> None:
    short = with_resolution(build_slideshow([_photo(samples["landscape1"])] * 2), 320)
    assert plan_chunks(short, 4) == [Chunk(0, 0, make_plan(short).frames)]


# -- frame n does not depend on where drawing started ----------------------------------------


def test_a_frame_is_drawn_the_same_from_the_start_or_from_mid_video(draft: Draft) -> None:
    plan = make_plan(draft)
    resolve = path_resolver()
    whole = Compositor(draft, plan, resolve)
    frames = {n: whole.frame(n).copy() for n in range(plan.frames)}
    whole.close()
    # Every restart, including those in the clip and under the title.
    for start in gop_starts(plan)[1:]:
        late = Compositor(draft, plan, resolve)
        for n in range(start, min(plan.frames, start + 45)):
            assert np.array_equal(late.frame(n), frames[n]), f"frame {n} from {start}"
        late.close()


# -- parts joined equal the whole render -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["mp4", "mov", "mkv"])
def test_joined_chunks_equal_the_single_process_render(
    fmt: str, draft: Draft, single: Path, parts: list[Path], tmp_path: Path
) -> None:
    # The video packets are the same in every container: one whole render to compare with.
    sound = render_soundtrack(draft, path_resolver(), tmp_path / f"sound.{fmt}", fmt=fmt)
    assert sound is not None
    joined = tmp_path / f"joined.{fmt}"
    assert join_chunks(parts, sound, joined) == make_plan(draft).frames
    _assert_same_video(single, joined, draft)


def test_webm_chunks_join_into_the_single_process_render(draft: Draft, tmp_path: Path) -> None:
    whole = render(draft, tmp_path / "whole.webm").path
    assert part_format("webm") == "webm"
    chunks = plan_chunks(draft, 2)
    webm_parts = [
        render_chunk(draft, c, path_resolver(), tmp_path / f"{c.index}.webm", fmt="webm")
        for c in chunks
    ]
    sound = render_soundtrack(draft, path_resolver(), tmp_path / "sound.webm", fmt="webm")
    join_chunks(webm_parts, sound, tmp_path / "joined.webm")
    _assert_same_video(whole, tmp_path / "joined.webm", draft)


def _assert_same_video(whole: Path, joined: Path, draft: Draft) -> None:
    plan = make_plan(draft)
    a, b = _gray_frames(whole), _gray_frames(joined)
    assert len(a) == len(b) == plan.frames
    worst = min(_psnr(x, y) for x, y in zip(a, b, strict=True))
    assert worst >= 45.0  # in fact identical: the runs are encoded alike wherever they run
    pts, dts, a_start, a_end, samples = _timing(joined)
    frame = 1 / plan.fps
    # One frame after another, no gap and no repeat where the parts meet.
    assert pts == pytest.approx([n * frame for n in range(plan.frames)], abs=1e-3)
    assert all(y > x for x, y in itertools.pairwise(dts))
    # The sound starts with the picture and lasts as long, within a frame.
    assert abs(a_start - pts[0]) < frame
    assert abs(a_end - plan.frames * frame) < frame
    assert samples == _timing(whole)[4]


def test_a_silent_draft_has_no_soundtrack_and_joins_without_one(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    quiet = with_resolution(
        build_slideshow([_photo(samples[k]) for k in PHOTOS[:4]], music=None), 320
    )
    assert render_soundtrack(quiet, path_resolver(), tmp_path / "s.mp4") is None
    chunks = plan_chunks(quiet, 2)
    assert len(chunks) == 2
    got = [render_chunk(quiet, c, path_resolver(), tmp_path / f"{c.index}.mp4") for c in chunks]
    join_chunks(got, None, tmp_path / "joined.mp4")
    with av.open(str(tmp_path / "joined.mp4")) as c:
        assert not c.streams.audio and c.streams.video[0].frames == make_plan(quiet).frames


# -- refusals ------------------------------------------------------------------------------------


def test_a_chunk_must_start_where_the_encoder_restarts(draft: Draft, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="plan_chunks"):
        render_chunk(draft, Chunk(0, 7, 300), path_resolver(), tmp_path / "x.mp4")
    with pytest.raises(RenderError, match="outside"):
        render_chunk(draft, Chunk(0, 0, 10_000), path_resolver(), tmp_path / "x.mp4")
    assert not list(tmp_path.iterdir())


def test_join_refuses_formats_that_are_not_joined_and_an_empty_list(
    parts: list[Path], tmp_path: Path
) -> None:
    with pytest.raises(UnsupportedOutputError, match="rendered whole"):
        join_chunks(parts, None, tmp_path / "x.gif")
    with pytest.raises(RenderError, match="no chunks"):
        join_chunks([], None, tmp_path / "x.mp4")
    assert not list(tmp_path.iterdir())
